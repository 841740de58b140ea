/*
 * auto_reload: batches filesystem-change events and asks the viewer to reload the changed files. It publishes one
 * `refresh-timeline` relay event with the de-duplicated changed paths once `batch-size` change events have arrived,
 * or once the oldest pending change has waited `max-delay-ms` (measured in host `tick` events, each
 * `tick-interval-ms` long, so the plugin needs no clock).
 *
 * Config keys (see plugins/README.md): batch-size (default 8), max-delay-ms (default 500), tick-interval-ms
 * (default 100), channel (default "timeline"), directories (optional list: watched by the plugin itself),
 * debounce-ms (default 100, for those directories).
 */
#include "../common/plugin_abi.h"
#include "../common/plugin_util.h"

#include <string.h>

typedef struct {
    uint32_t batch_size;
    uint32_t max_delay_ms;
    uint32_t tick_interval_ms;
    uint32_t debounce_ms;
    plugin_string_t channel;
    plugin_string_list_t directories;
} reload_settings_t;

static reload_settings_t settings;
/* Changed paths not yet published, in arrival order, without duplicates. */
static plugin_string_list_t pending;
static uint32_t pending_events;
static uint32_t ticks_waited;
static plugin_text_t line;

static void settings_free(reload_settings_t *s) {
    plugin_string_free(&s->channel);
    plugin_string_list_free(&s->directories);
}

/* Frees the settings and whatever is pending: the state before the first init and after shutdown. */
static void reset(void) {
    settings_free(&settings);
    plugin_string_list_free(&pending);
    pending_events = 0;
    ticks_waited = 0;
}

static bool settings_read(const plugin_config_data_t *config, reload_settings_t *out, plugin_error_t *error) {
    reload_settings_t s;
    memset(&s, 0, sizeof s);
    if (!plugin_config_u32(config, "batch-size", 8, &s.batch_size, error) ||
        !plugin_config_u32(config, "max-delay-ms", 500, &s.max_delay_ms, error) ||
        !plugin_config_u32(config, "tick-interval-ms", 100, &s.tick_interval_ms, error) ||
        !plugin_config_u32(config, "debounce-ms", 100, &s.debounce_ms, error)) {
        return false;
    }
    if (s.batch_size == 0 || s.tick_interval_ms == 0) {
        *error = plugin_error_make(PLUGIN_ERROR_INVALID_CONFIG,
                                   s.batch_size == 0 ? "config key 'batch-size' must be at least 1"
                                                     : "config key 'tick-interval-ms' must be at least 1");
        return false;
    }
    s.channel = plugin_config_string(config, "channel", "timeline");
    plugin_config_list(config, "directories", &s.directories);
    *out = s;
    return true;
}

/* Publishes the pending paths and starts a new batch; a failed publication keeps them pending for the next try. */
static bool flush(const char *reason, plugin_error_t *error) {
    if (pending.len == 0) {
        pending_events = 0;
        ticks_waited = 0;
        return true;
    }
    plugin_event_t event;
    event.tag = PLUGIN_EVENT_REFRESH_TIMELINE;
    event.val.refresh_timeline = pending;
    if (!plugin_publish(settings.channel, &event, error)) {
        return false;
    }
    plugin_text_append_cstr(&line, "refresh-timeline: ");
    plugin_text_append_u64(&line, pending.len);
    plugin_text_append_cstr(&line, " paths from ");
    plugin_text_append_u64(&line, pending_events);
    plugin_text_append_cstr(&line, " change events (");
    plugin_text_append_cstr(&line, reason);
    plugin_text_append_cstr(&line, ")");
    plugin_text_log(&line, PLUGIN_LOG_INFO);
    plugin_string_list_free(&pending);
    pending_events = 0;
    ticks_waited = 0;
    return true;
}

static bool subscribe(plugin_error_t *error) {
    return settings.directories.len == 0 || plugin_watch_directories(&settings.directories, settings.debounce_ms, error);
}

static void log_settings(void) {
    plugin_text_append_cstr(&line, "batching up to ");
    plugin_text_append_u64(&line, settings.batch_size);
    plugin_text_append_cstr(&line, " change events or ");
    plugin_text_append_u64(&line, settings.max_delay_ms);
    plugin_text_append_cstr(&line, " ms; publishing on channel ");
    plugin_text_append_string(&line, settings.channel);
    plugin_text_log(&line, PLUGIN_LOG_INFO);
}

bool plugin_init(const plugin_config_data_t *config, plugin_metadata_t *metadata, plugin_error_t *error) {
    /* A host may retry init on the same instance after a failure: start from nothing. */
    reset();
    if (!settings_read(config, &settings, error)) {
        return false;
    }
    log_settings();
    if (!subscribe(error)) {
        return false;
    }
    static const char *const capabilities[] = {"log", "watch-subscribe", "relay-publish"};
    plugin_metadata_fill(metadata, "0.1.0", "Batches filesystem changes into refresh-timeline events.", capabilities,
                         sizeof capabilities / sizeof capabilities[0]);
    return true;
}

bool plugin_handle_event(const host_event_t *event, plugin_error_t *error) {
    switch (event->tag) {
    case HOST_EVENT_FILESYSTEM_CHANGE: {
        const plugin_string_list_t *paths = &event->val.filesystem_change.paths;
        for (size_t i = 0; i < paths->len; i++) {
            if (!plugin_string_list_contains(&pending, paths->ptr[i].ptr, paths->ptr[i].len)) {
                plugin_string_list_push(&pending, (const char *)paths->ptr[i].ptr, paths->ptr[i].len);
            }
        }
        pending_events++;
        return pending_events < settings.batch_size || flush("batch full", error);
    }
    case HOST_EVENT_TICK:
        if (pending_events == 0) {
            return true;
        }
        ticks_waited++;
        return (uint64_t)ticks_waited * settings.tick_interval_ms < settings.max_delay_ms || flush("max delay reached", error);
    default: {
        reload_settings_t updated;
        if (!settings_read(&event->val.config_updated, &updated, error)) {
            return false;
        }
        bool resubscribe = !plugin_string_list_equal(&updated.directories, &settings.directories) ||
                           updated.debounce_ms != settings.debounce_ms;
        settings_free(&settings);
        settings = updated;
        log_settings();
        /* A smaller batch size may already be reached by what is pending. */
        return (pending_events < settings.batch_size || flush("batch full", error)) && (!resubscribe || subscribe(error));
    }
    }
}

void plugin_shutdown(void) {
    plugin_error_t error = {0};
    if (!flush("shutdown", &error)) {
        plugin_error_free(&error);
    }
    reset();
    plugin_text_free(&line);
}
