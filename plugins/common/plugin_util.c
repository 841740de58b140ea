#include "plugin_util.h"

#include <stdlib.h>
#include <string.h>

void plugin_text_append(plugin_text_t *text, const char *bytes, size_t len) {
    if (text->len + len > text->cap) {
        size_t cap = text->cap == 0 ? 64 : text->cap;
        while (cap < text->len + len) {
            cap *= 2;
        }
        text->ptr = realloc(text->ptr, cap);
        if (text->ptr == NULL) {
            __builtin_trap();
        }
        text->cap = cap;
    }
    if (len != 0) {
        memcpy(text->ptr + text->len, bytes, len);
        text->len += len;
    }
}

void plugin_text_append_cstr(plugin_text_t *text, const char *bytes) {
    plugin_text_append(text, bytes, strlen(bytes));
}

void plugin_text_append_string(plugin_text_t *text, plugin_string_t string) {
    plugin_text_append(text, (const char *)string.ptr, string.len);
}

void plugin_text_append_u64(plugin_text_t *text, uint64_t value) {
    char digits[20];
    size_t count = 0;
    do {
        digits[count++] = (char)('0' + value % 10);
        value /= 10;
    } while (value != 0);
    while (count > 0) {
        plugin_text_append(text, &digits[--count], 1);
    }
}

void plugin_text_log(plugin_text_t *text, plugin_log_level_t level) {
    plugin_log(level, text->ptr, text->len);
    text->len = 0;
}

void plugin_text_free(plugin_text_t *text) {
    free(text->ptr);
    text->ptr = NULL;
    text->len = 0;
    text->cap = 0;
}

bool plugin_string_equals_cstr(plugin_string_t string, const char *text) {
    size_t len = strlen(text);
    return string.len == len && (len == 0 || memcmp(string.ptr, text, len) == 0);
}

const plugin_string_t *plugin_config_find(const plugin_config_data_t *config, const char *key) {
    for (size_t i = 0; i < config->len; i++) {
        if (plugin_string_equals_cstr(config->ptr[i].key, key)) {
            return &config->ptr[i].value;
        }
    }
    return NULL;
}

static bool is_space(uint8_t c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Appends `value` split at commas, each item trimmed; empty items are dropped. */
static void push_comma_separated(plugin_string_list_t *out, plugin_string_t value) {
    size_t start = 0;
    while (start <= value.len) {
        size_t end = start;
        while (end < value.len && value.ptr[end] != ',') {
            end++;
        }
        size_t first = start;
        size_t last = end;
        while (first < last && is_space(value.ptr[first])) {
            first++;
        }
        while (last > first && is_space(value.ptr[last - 1])) {
            last--;
        }
        if (last > first) {
            plugin_string_list_push(out, (const char *)value.ptr + first, last - first);
        }
        start = end + 1;
    }
}

bool plugin_config_list(const plugin_config_data_t *config, const char *key, plugin_string_list_t *out) {
    const plugin_string_t *whole = plugin_config_find(config, key);
    if (whole != NULL) {
        push_comma_separated(out, *whole);
        return true;
    }
    /* Indexed entries `key.0`, `key.1`, ... are read in index order until the first gap. */
    plugin_text_t indexed = {0};
    bool found = false;
    for (uint64_t index = 0;; index++) {
        indexed.len = 0;
        plugin_text_append_cstr(&indexed, key);
        plugin_text_append(&indexed, ".", 1);
        plugin_text_append_u64(&indexed, index);
        plugin_text_append(&indexed, "", 1);
        const plugin_string_t *item = plugin_config_find(config, indexed.ptr);
        if (item == NULL) {
            break;
        }
        found = true;
        plugin_string_list_push(out, (const char *)item->ptr, item->len);
    }
    plugin_text_free(&indexed);
    return found;
}

static plugin_error_t invalid_value(const char *key, plugin_string_t value, const char *expected) {
    plugin_text_t message = {0};
    plugin_text_append_cstr(&message, "config key '");
    plugin_text_append_cstr(&message, key);
    plugin_text_append_cstr(&message, "' must be ");
    plugin_text_append_cstr(&message, expected);
    plugin_text_append_cstr(&message, ", got '");
    plugin_text_append_string(&message, value);
    plugin_text_append_cstr(&message, "'");
    plugin_error_t error = {PLUGIN_ERROR_INVALID_CONFIG, plugin_string_dup(message.ptr, message.len)};
    plugin_text_free(&message);
    return error;
}

bool plugin_config_u32(const plugin_config_data_t *config, const char *key, uint32_t fallback, uint32_t *out,
                       plugin_error_t *error) {
    const plugin_string_t *value = plugin_config_find(config, key);
    if (value == NULL) {
        *out = fallback;
        return true;
    }
    uint64_t parsed = 0;
    for (size_t i = 0; i < value->len; i++) {
        uint8_t c = value->ptr[i];
        if (c < '0' || c > '9' || (parsed = parsed * 10 + (uint64_t)(c - '0')) > UINT32_MAX) {
            *error = invalid_value(key, *value, "an unsigned 32-bit integer");
            return false;
        }
    }
    if (value->len == 0) {
        *error = invalid_value(key, *value, "an unsigned 32-bit integer");
        return false;
    }
    *out = (uint32_t)parsed;
    return true;
}

bool plugin_config_bool(const plugin_config_data_t *config, const char *key, bool fallback, bool *out,
                        plugin_error_t *error) {
    const plugin_string_t *value = plugin_config_find(config, key);
    if (value == NULL) {
        *out = fallback;
    } else if (plugin_string_equals_cstr(*value, "true")) {
        *out = true;
    } else if (plugin_string_equals_cstr(*value, "false")) {
        *out = false;
    } else {
        *error = invalid_value(key, *value, "true or false");
        return false;
    }
    return true;
}

plugin_string_t plugin_config_string(const plugin_config_data_t *config, const char *key, const char *fallback) {
    const plugin_string_t *value = plugin_config_find(config, key);
    return value == NULL ? plugin_string_from_cstr(fallback) : plugin_string_dup((const char *)value->ptr, value->len);
}

bool plugin_publish(plugin_string_t channel, const plugin_event_t *event, plugin_error_t *error) {
    plugin_unit_result_t result;
    plugin_relay_publish((const char *)channel.ptr, channel.len, event, &result);
    if (result.is_err) {
        plugin_text_t message = {0};
        plugin_text_append_cstr(&message, "cannot publish on channel ");
        plugin_text_append_string(&message, channel);
        plugin_text_append_cstr(&message, ": ");
        plugin_text_append_string(&message, result.err.message);
        plugin_text_log(&message, PLUGIN_LOG_ERROR);
        plugin_text_free(&message);
        *error = result.err;
        return false;
    }
    return true;
}

bool plugin_watch_directories(const plugin_string_list_t *directories, uint32_t debounce_ms, plugin_error_t *error) {
    plugin_subscribe_result_t result;
    plugin_watch_subscribe(directories, debounce_ms, &result);
    if (result.is_err) {
        *error = result.val.err;
        return false;
    }
    plugin_text_t message = {0};
    plugin_text_append_cstr(&message, "watching ");
    plugin_text_append_u64(&message, directories->len);
    plugin_text_append_cstr(&message, " directories as subscription ");
    plugin_text_append_u64(&message, result.val.ok.id);
    plugin_text_log(&message, PLUGIN_LOG_INFO);
    plugin_text_free(&message);
    return true;
}

void plugin_metadata_fill(plugin_metadata_t *metadata, const char *version, const char *description,
                          const char *const *capabilities, size_t count) {
    metadata->version = plugin_string_from_cstr(version);
    metadata->description = plugin_string_from_cstr(description);
    metadata->capabilities.ptr = NULL;
    metadata->capabilities.len = 0;
    for (size_t i = 0; i < count; i++) {
        plugin_string_list_push(&metadata->capabilities, capabilities[i], strlen(capabilities[i]));
    }
}

bool plugin_string_list_contains(const plugin_string_list_t *list, const uint8_t *bytes, size_t len) {
    for (size_t i = 0; i < list->len; i++) {
        if (list->ptr[i].len == len && (len == 0 || memcmp(list->ptr[i].ptr, bytes, len) == 0)) {
            return true;
        }
    }
    return false;
}

bool plugin_string_list_equal(const plugin_string_list_t *left, const plugin_string_list_t *right) {
    if (left->len != right->len) {
        return false;
    }
    for (size_t i = 0; i < left->len; i++) {
        plugin_string_t a = left->ptr[i];
        plugin_string_t b = right->ptr[i];
        if (a.len != b.len || (a.len != 0 && memcmp(a.ptr, b.ptr, a.len) != 0)) {
            return false;
        }
    }
    return true;
}

static int compare_strings(const void *left, const void *right) {
    const plugin_string_t *a = left;
    const plugin_string_t *b = right;
    size_t common = a->len < b->len ? a->len : b->len;
    int order = common == 0 ? 0 : memcmp(a->ptr, b->ptr, common);
    if (order != 0) {
        return order;
    }
    return a->len < b->len ? -1 : a->len > b->len ? 1 : 0;
}

void plugin_string_list_sort(plugin_string_list_t *list) {
    if (list->len > 1) {
        qsort(list->ptr, list->len, sizeof(plugin_string_t), compare_strings);
    }
}
