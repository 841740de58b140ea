/* Exercises every import and export of plugins/common/plugin_abi.c under a reference host
 * (plugins/tools/run-glue-check.mjs): it calls each import, logs what came back, and returns errors on purpose. */
#include "../../common/plugin_abi.h"

#include <string.h>

static char line[512];
static size_t line_len;

static void put(const char *text, size_t len) {
    if (line_len + len < sizeof line) {
        memcpy(line + line_len, text, len);
        line_len += len;
    }
}

static void put_cstr(const char *text) { put(text, strlen(text)); }

static void put_string(plugin_string_t text) { put((const char *)text.ptr, text.len); }

static void put_u64(uint64_t value) {
    char digits[20];
    size_t count = 0;
    do {
        digits[count++] = (char)('0' + value % 10);
        value /= 10;
    } while (value != 0);
    while (count > 0) {
        put(&digits[--count], 1);
    }
}

static void flush(void) {
    plugin_log(PLUGIN_LOG_DEBUG, line, line_len);
    line_len = 0;
}

static void put_error(const plugin_error_t *error) {
    put_cstr(" err ");
    put_u64(error->tag);
    put_cstr(" ");
    put_string(error->message);
}

static void check_list_dir(const char *directory) {
    plugin_list_dir_result_t result;
    plugin_filesystem_list_dir(directory, strlen(directory), &result);
    put_cstr("list-dir ");
    put_cstr(directory);
    if (result.is_err) {
        put_error(&result.val.err);
    } else {
        for (size_t i = 0; i < result.val.ok.len; i++) {
            put_cstr(" ");
            put_string(result.val.ok.ptr[i].path);
            put_cstr(result.val.ok.ptr[i].is_dir ? "/" : "");
        }
    }
    flush();
    plugin_list_dir_result_free(&result);
}

static void check_read_metadata(const char *path) {
    plugin_option_file_metadata_t metadata;
    plugin_filesystem_read_metadata(path, strlen(path), &metadata);
    put_cstr("metadata ");
    put_cstr(path);
    if (metadata.is_some) {
        put_cstr(" ");
        put_string(metadata.val.path);
        put_cstr(" ");
        put_u64(metadata.val.size);
        put_cstr(" ");
        put_u64(metadata.val.modified_unix_nanos);
    } else {
        put_cstr(" none");
    }
    flush();
    plugin_option_file_metadata_free(&metadata);
}

static void check_publish(const char *channel, const plugin_event_t *event) {
    plugin_unit_result_t result;
    plugin_relay_publish(channel, strlen(channel), event, &result);
    put_cstr("publish ");
    put_cstr(channel);
    if (result.is_err) {
        put_error(&result.err);
    } else {
        put_cstr(" ok");
    }
    flush();
    plugin_unit_result_free(&result);
}

bool plugin_init(const plugin_config_data_t *config, plugin_metadata_t *metadata, plugin_error_t *error) {
    if (config->len == 0) {
        *error = plugin_error_make(PLUGIN_ERROR_INVALID_CONFIG, "empty config");
        return false;
    }

    plugin_config_data_t current;
    plugin_config_get(&current);
    put_cstr("config-get");
    for (size_t i = 0; i < current.len; i++) {
        put_cstr(" ");
        put_string(current.ptr[i].key);
        put_cstr("=");
        put_string(current.ptr[i].value);
    }
    flush();
    plugin_config_data_free(&current);

    check_list_dir("/data");
    check_list_dir("/forbidden");
    check_read_metadata("/data/a.vcd");
    check_read_metadata("/missing");

    plugin_string_list_t directories = {NULL, 0};
    plugin_string_list_push(&directories, "/data", 5);
    plugin_string_list_push(&directories, "/other", 6);
    plugin_subscribe_result_t subscription;
    plugin_watch_subscribe(&directories, 250, &subscription);
    put_cstr("subscribe");
    if (subscription.is_err) {
        put_error(&subscription.val.err);
    } else {
        put_cstr(" ");
        put_u64(subscription.val.ok.id);
    }
    flush();
    plugin_subscribe_result_free(&subscription);

    plugin_event_t discovery = {.tag = PLUGIN_EVENT_DISCOVERY};
    discovery.val.discovery.plugin_id = plugin_string_from_cstr("glue_check");
    discovery.val.discovery.discovered = directories;
    check_publish("discoveries", &discovery);
    plugin_string_free(&discovery.val.discovery.plugin_id);

    plugin_event_t log = {.tag = PLUGIN_EVENT_LOG};
    log.val.log = plugin_string_from_cstr("grüße");
    check_publish("denied", &log);
    plugin_string_free(&log.val.log);

    plugin_event_t refresh = {.tag = PLUGIN_EVENT_REFRESH_TIMELINE};
    refresh.val.refresh_timeline = directories;
    check_publish("timeline", &refresh);
    plugin_string_list_free(&directories);

    metadata->version = plugin_string_from_cstr("9.9.9");
    metadata->description = plugin_string_from_cstr("");
    metadata->capabilities.ptr = NULL;
    metadata->capabilities.len = 0;
    plugin_string_list_push(&metadata->capabilities, "filesystem", 10);
    plugin_string_list_push(&metadata->capabilities, "relay", 5);
    return true;
}

bool plugin_handle_event(const host_event_t *event, plugin_error_t *error) {
    switch (event->tag) {
    case HOST_EVENT_TICK:
        *error = plugin_error_make(PLUGIN_ERROR_PANIC, "tick refused");
        return false;
    case HOST_EVENT_FILESYSTEM_CHANGE:
        put_cstr("filesystem-change ");
        put_u64(event->val.filesystem_change.subscription_id);
        for (size_t i = 0; i < event->val.filesystem_change.paths.len; i++) {
            put_cstr(" ");
            put_string(event->val.filesystem_change.paths.ptr[i]);
        }
        break;
    default:
        put_cstr("config-updated");
        for (size_t i = 0; i < event->val.config_updated.len; i++) {
            put_cstr(" ");
            put_string(event->val.config_updated.ptr[i].key);
            put_cstr("=");
            put_string(event->val.config_updated.ptr[i].value);
        }
        break;
    }
    flush();
    return true;
}

void plugin_shutdown(void) {
    plugin_log_cstr(PLUGIN_LOG_WARN, "shutdown");
}
