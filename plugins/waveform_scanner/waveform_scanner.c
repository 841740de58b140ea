/*
 * waveform_scanner: finds waveform files (by extension) under its configured directories, publishes them as a
 * `discovery` relay event, watches the directories and rescans when the host reports a change.
 *
 * Config keys (see plugins/README.md): directories (required list), extensions (list, default ".vcd,.fst"),
 * channel (default "discovery"), plugin-id (default "waveform_scanner"), watch (default true),
 * debounce-ms (default 200), max-depth (default 16).
 */
#include "../common/plugin_abi.h"
#include "../common/plugin_util.h"

#include <string.h>

typedef struct {
    plugin_string_list_t directories;
    plugin_string_list_t extensions; /* lower-case, each starting with '.' */
    plugin_string_t channel;
    plugin_string_t plugin_id;
    bool watch;
    uint32_t debounce_ms;
    uint32_t max_depth;
} scanner_settings_t;

static scanner_settings_t settings;
/* What was last published, so that a rescan that finds the same files publishes nothing. */
static plugin_string_list_t published;
static bool has_published;
static plugin_text_t line;

static void settings_free(scanner_settings_t *s) {
    plugin_string_list_free(&s->directories);
    plugin_string_list_free(&s->extensions);
    plugin_string_free(&s->channel);
    plugin_string_free(&s->plugin_id);
}

static uint8_t lower(uint8_t c) {
    return c >= 'A' && c <= 'Z' ? (uint8_t)(c + ('a' - 'A')) : c;
}

/* Reads every setting into *out; on failure nothing is allocated in *out and *error says which key is wrong. */
static bool settings_read(const plugin_config_data_t *config, scanner_settings_t *out, plugin_error_t *error) {
    scanner_settings_t s;
    memset(&s, 0, sizeof s);
    if (!plugin_config_bool(config, "watch", true, &s.watch, error) ||
        !plugin_config_u32(config, "debounce-ms", 200, &s.debounce_ms, error) ||
        !plugin_config_u32(config, "max-depth", 16, &s.max_depth, error)) {
        return false;
    }
    plugin_config_list(config, "directories", &s.directories);
    if (s.directories.len == 0) {
        *error = plugin_error_make(PLUGIN_ERROR_INVALID_CONFIG, "config key 'directories' must name at least one directory");
        return false;
    }
    plugin_string_list_t extensions = {0};
    if (!plugin_config_list(config, "extensions", &extensions)) {
        plugin_string_list_push(&extensions, ".vcd", 4);
        plugin_string_list_push(&extensions, ".fst", 4);
    }
    for (size_t i = 0; i < extensions.len; i++) {
        plugin_string_t item = extensions.ptr[i];
        if (item.len == 0) {
            continue;
        }
        plugin_text_t normalised = {0};
        if (item.ptr[0] != '.') {
            plugin_text_append(&normalised, ".", 1);
        }
        for (size_t j = 0; j < item.len; j++) {
            uint8_t c = lower(item.ptr[j]);
            plugin_text_append(&normalised, (const char *)&c, 1);
        }
        if (!plugin_string_list_contains(&s.extensions, (const uint8_t *)normalised.ptr, normalised.len)) {
            plugin_string_list_push(&s.extensions, normalised.ptr, normalised.len);
        }
        plugin_text_free(&normalised);
    }
    plugin_string_list_free(&extensions);
    if (s.extensions.len == 0) {
        plugin_string_list_free(&s.directories);
        *error = plugin_error_make(PLUGIN_ERROR_INVALID_CONFIG, "config key 'extensions' must name at least one extension");
        return false;
    }
    s.channel = plugin_config_string(config, "channel", "discovery");
    s.plugin_id = plugin_config_string(config, "plugin-id", "waveform_scanner");
    *out = s;
    return true;
}

static bool has_wanted_extension(plugin_string_t path) {
    for (size_t i = 0; i < settings.extensions.len; i++) {
        plugin_string_t extension = settings.extensions.ptr[i];
        if (extension.len > path.len) {
            continue;
        }
        const uint8_t *tail = path.ptr + path.len - extension.len;
        size_t j = 0;
        while (j < extension.len && lower(tail[j]) == extension.ptr[j]) {
            j++;
        }
        if (j == extension.len) {
            return true;
        }
    }
    return false;
}

/* A listed path containing '/' is used as is; a bare name is joined to the directory it was listed from. */
static void entry_path(plugin_string_t directory, plugin_string_t listed, plugin_text_t *out) {
    out->len = 0;
    if (memchr(listed.ptr, '/', listed.len) == NULL) {
        plugin_text_append_string(out, directory);
        if (directory.len == 0 || directory.ptr[directory.len - 1] != '/') {
            plugin_text_append(out, "/", 1);
        }
    }
    plugin_text_append_string(out, listed);
}

static void scan_directory(plugin_string_t directory, uint32_t depth, plugin_string_list_t *found, size_t *listed) {
    plugin_list_dir_result_t result;
    plugin_filesystem_list_dir((const char *)directory.ptr, directory.len, &result);
    if (result.is_err) {
        /* One unreadable directory must not hide what the others contain. */
        plugin_text_append_cstr(&line, "cannot list ");
        plugin_text_append_string(&line, directory);
        plugin_text_append_cstr(&line, ": ");
        plugin_text_append_string(&line, result.val.err.message);
        plugin_text_log(&line, PLUGIN_LOG_WARN);
        plugin_list_dir_result_free(&result);
        return;
    }
    (*listed)++;
    plugin_text_t path = {0};
    for (size_t i = 0; i < result.val.ok.len; i++) {
        const plugin_directory_entry_t *entry = &result.val.ok.ptr[i];
        entry_path(directory, entry->path, &path);
        plugin_string_t joined = {(uint8_t *)path.ptr, path.len};
        if (entry->is_dir) {
            if (depth < settings.max_depth) {
                plugin_string_t nested = plugin_string_dup(path.ptr, path.len);
                scan_directory(nested, depth + 1, found, listed);
                plugin_string_free(&nested);
            } else {
                plugin_text_append_cstr(&line, "not descending into ");
                plugin_text_append_string(&line, joined);
                plugin_text_append_cstr(&line, ": max-depth reached");
                plugin_text_log(&line, PLUGIN_LOG_DEBUG);
            }
        } else if (has_wanted_extension(joined) && !plugin_string_list_contains(found, joined.ptr, joined.len)) {
            plugin_string_list_push(found, path.ptr, path.len);
        }
    }
    plugin_text_free(&path);
    plugin_list_dir_result_free(&result);
}

/* Scans every directory and publishes the sorted result when it differs from the last publication. */
static bool scan_and_publish(const char *reason, plugin_error_t *error) {
    plugin_string_list_t found = {0};
    size_t listed = 0;
    for (size_t i = 0; i < settings.directories.len; i++) {
        scan_directory(settings.directories.ptr[i], 0, &found, &listed);
    }
    plugin_string_list_sort(&found);
    plugin_text_append_cstr(&line, reason);
    plugin_text_append_cstr(&line, ": found ");
    plugin_text_append_u64(&line, found.len);
    plugin_text_append_cstr(&line, " waveform files in ");
    plugin_text_append_u64(&line, listed);
    plugin_text_append_cstr(&line, " directories");
    plugin_text_log(&line, PLUGIN_LOG_INFO);

    if (has_published && plugin_string_list_equal(&found, &published)) {
        plugin_string_list_free(&found);
        plugin_text_append_cstr(&line, "no change since the last discovery; nothing published");
        plugin_text_log(&line, PLUGIN_LOG_DEBUG);
        return true;
    }
    plugin_event_t event;
    event.tag = PLUGIN_EVENT_DISCOVERY;
    event.val.discovery.plugin_id = settings.plugin_id;
    event.val.discovery.discovered = found;
    if (!plugin_publish(settings.channel, &event, error)) {
        plugin_string_list_free(&found);
        return false;
    }
    plugin_text_append_cstr(&line, "published ");
    plugin_text_append_u64(&line, found.len);
    plugin_text_append_cstr(&line, " discoveries on channel ");
    plugin_text_append_string(&line, settings.channel);
    plugin_text_log(&line, PLUGIN_LOG_INFO);
    plugin_string_list_free(&published);
    published = found;
    has_published = true;
    return true;
}

static bool subscribe(plugin_error_t *error) {
    if (!settings.watch) {
        return true;
    }
    if (!plugin_watch_directories(&settings.directories, settings.debounce_ms, error)) {
        plugin_text_append_cstr(&line, "cannot watch the directories: ");
        plugin_text_append_string(&line, error->message);
        plugin_text_log(&line, PLUGIN_LOG_ERROR);
        return false;
    }
    return true;
}

bool plugin_init(const plugin_config_data_t *config, plugin_metadata_t *metadata, plugin_error_t *error) {
    /* A host may retry init on the same instance after a failure: start from nothing. */
    settings_free(&settings);
    plugin_string_list_free(&published);
    has_published = false;
    if (!settings_read(config, &settings, error)) {
        return false;
    }
    for (size_t i = 0; i < settings.directories.len; i++) {
        plugin_text_append_cstr(&line, "scanning ");
        plugin_text_append_string(&line, settings.directories.ptr[i]);
        plugin_text_log(&line, PLUGIN_LOG_INFO);
    }
    if (!scan_and_publish("initial scan", error) || !subscribe(error)) {
        return false;
    }
    static const char *const capabilities[] = {"log", "filesystem-list-dir", "watch-subscribe", "relay-publish"};
    plugin_metadata_fill(metadata, "0.1.0", "Finds waveform files in its directories and publishes them as discoveries.",
                         capabilities, sizeof capabilities / sizeof capabilities[0]);
    return true;
}

bool plugin_handle_event(const host_event_t *event, plugin_error_t *error) {
    switch (event->tag) {
    case HOST_EVENT_FILESYSTEM_CHANGE:
        plugin_text_append_u64(&line, event->val.filesystem_change.paths.len);
        plugin_text_append_cstr(&line, " paths changed under subscription ");
        plugin_text_append_u64(&line, event->val.filesystem_change.subscription_id);
        plugin_text_append_cstr(&line, "; rescanning");
        plugin_text_log(&line, PLUGIN_LOG_INFO);
        return scan_and_publish("rescan", error);
    case HOST_EVENT_CONFIG_UPDATED: {
        scanner_settings_t updated;
        if (!settings_read(&event->val.config_updated, &updated, error)) {
            return false;
        }
        bool directories_changed = !plugin_string_list_equal(&updated.directories, &settings.directories) ||
                                   updated.debounce_ms != settings.debounce_ms || (updated.watch && !settings.watch);
        settings_free(&settings);
        settings = updated;
        plugin_text_append_cstr(&line, "configuration updated; rescanning");
        plugin_text_log(&line, PLUGIN_LOG_INFO);
        /* A different plugin id or extension set changes what a discovery means: publish afresh. */
        has_published = false;
        return scan_and_publish("rescan", error) && (!directories_changed || subscribe(error));
    }
    default:
        return true;
    }
}

void plugin_shutdown(void) {
    plugin_text_append_cstr(&line, "shutting down after publishing ");
    plugin_text_append_u64(&line, published.len);
    plugin_text_append_cstr(&line, " discoveries");
    plugin_text_log(&line, PLUGIN_LOG_INFO);
    settings_free(&settings);
    plugin_string_list_free(&published);
    has_published = false;
    plugin_text_free(&line);
}
