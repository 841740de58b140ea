/* Exercises every import and export of plugins/common/plugin_abi.c under a reference host
 * (plugins/tools/run-glue-check.mjs): it calls each import, logs what came back, and returns errors on purpose. */
#include "../../common/plugin_abi.h"
#include "../../common/plugin_util.h"

#include <string.h>

static plugin_text_t line;

static void put_error(const plugin_error_t *error) {
    plugin_text_append_cstr(&line, " err ");
    plugin_text_append_u64(&line, error->tag);
    plugin_text_append_cstr(&line, " ");
    plugin_text_append_string(&line, error->message);
}

static void check_list_dir(const char *directory) {
    plugin_list_dir_result_t result;
    plugin_filesystem_list_dir(directory, strlen(directory), &result);
    plugin_text_append_cstr(&line, "list-dir ");
    plugin_text_append_cstr(&line, directory);
    if (result.is_err) {
        put_error(&result.val.err);
    } else {
        for (size_t i = 0; i < result.val.ok.len; i++) {
            plugin_text_append_cstr(&line, " ");
            plugin_text_append_string(&line, result.val.ok.ptr[i].path);
            plugin_text_append_cstr(&line, result.val.ok.ptr[i].is_dir ? "/" : "");
        }
    }
    plugin_text_log(&line, PLUGIN_LOG_DEBUG);
    plugin_list_dir_result_free(&result);
}

static void check_read_metadata(const char *path) {
    plugin_option_file_metadata_t metadata;
    plugin_filesystem_read_metadata(path, strlen(path), &metadata);
    plugin_text_append_cstr(&line, "metadata ");
    plugin_text_append_cstr(&line, path);
    if (metadata.is_some) {
        plugin_text_append_cstr(&line, " ");
        plugin_text_append_string(&line, metadata.val.path);
        plugin_text_append_cstr(&line, " ");
        plugin_text_append_u64(&line, metadata.val.size);
        plugin_text_append_cstr(&line, " ");
        plugin_text_append_u64(&line, metadata.val.modified_unix_nanos);
    } else {
        plugin_text_append_cstr(&line, " none");
    }
    plugin_text_log(&line, PLUGIN_LOG_DEBUG);
    plugin_option_file_metadata_free(&metadata);
}

static void check_publish(const char *channel, const plugin_event_t *event) {
    plugin_unit_result_t result;
    plugin_relay_publish(channel, strlen(channel), event, &result);
    plugin_text_append_cstr(&line, "publish ");
    plugin_text_append_cstr(&line, channel);
    if (result.is_err) {
        put_error(&result.err);
    } else {
        plugin_text_append_cstr(&line, " ok");
    }
    plugin_text_log(&line, PLUGIN_LOG_DEBUG);
    plugin_unit_result_free(&result);
}

bool plugin_init(const plugin_config_data_t *config, plugin_metadata_t *metadata, plugin_error_t *error) {
    if (config->len == 0) {
        *error = plugin_error_make(PLUGIN_ERROR_INVALID_CONFIG, "empty config");
        return false;
    }

    plugin_config_data_t current;
    plugin_config_get(&current);
    plugin_text_append_cstr(&line, "config-get");
    for (size_t i = 0; i < current.len; i++) {
        plugin_text_append_cstr(&line, " ");
        plugin_text_append_string(&line, current.ptr[i].key);
        plugin_text_append_cstr(&line, "=");
        plugin_text_append_string(&line, current.ptr[i].value);
    }
    plugin_text_log(&line, PLUGIN_LOG_DEBUG);
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
    plugin_text_append_cstr(&line, "subscribe");
    if (subscription.is_err) {
        put_error(&subscription.val.err);
    } else {
        plugin_text_append_cstr(&line, " ");
        plugin_text_append_u64(&line, subscription.val.ok.id);
    }
    plugin_text_log(&line, PLUGIN_LOG_DEBUG);
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
        plugin_text_append_cstr(&line, "filesystem-change ");
        plugin_text_append_u64(&line, event->val.filesystem_change.subscription_id);
        for (size_t i = 0; i < event->val.filesystem_change.paths.len; i++) {
            plugin_text_append_cstr(&line, " ");
            plugin_text_append_string(&line, event->val.filesystem_change.paths.ptr[i]);
        }
        break;
    default:
        plugin_text_append_cstr(&line, "config-updated");
        for (size_t i = 0; i < event->val.config_updated.len; i++) {
            plugin_text_append_cstr(&line, " ");
            plugin_text_append_string(&line, event->val.config_updated.ptr[i].key);
            plugin_text_append_cstr(&line, "=");
            plugin_text_append_string(&line, event->val.config_updated.ptr[i].value);
        }
        break;
    }
    plugin_text_log(&line, PLUGIN_LOG_DEBUG);
    return true;
}

void plugin_shutdown(void) {
    plugin_log_cstr(PLUGIN_LOG_WARN, "shutdown");
}
