/* hello_world: the smallest plugin of the `plugin` world. It logs what it is asked to do and nothing more. */
#include "../common/plugin_abi.h"

#include <string.h>

bool plugin_init(const plugin_config_data_t *config, plugin_metadata_t *metadata, plugin_error_t *error) {
    (void)error;
    plugin_log_cstr(PLUGIN_LOG_INFO, "hello from hello_world");
    for (size_t i = 0; i < config->len; i++) {
        const plugin_config_entry_t *entry = &config->ptr[i];
        /* "config <key> = <value>", built without printf so no WASI import is pulled in. */
        size_t len = 7 + entry->key.len + 3 + entry->value.len;
        plugin_string_t line = plugin_string_alloc(len);
        memcpy(line.ptr, "config ", 7);
        memcpy(line.ptr + 7, entry->key.ptr, entry->key.len);
        memcpy(line.ptr + 7 + entry->key.len, " = ", 3);
        memcpy(line.ptr + 10 + entry->key.len, entry->value.ptr, entry->value.len);
        plugin_log(PLUGIN_LOG_INFO, (const char *)line.ptr, line.len);
        plugin_string_free(&line);
    }
    metadata->version = plugin_string_from_cstr("0.1.0");
    metadata->description = plugin_string_from_cstr("Logs a greeting and every event it receives.");
    metadata->capabilities.ptr = NULL;
    metadata->capabilities.len = 0;
    plugin_string_list_push(&metadata->capabilities, "log", 3);
    return true;
}

bool plugin_handle_event(const host_event_t *event, plugin_error_t *error) {
    (void)error;
    switch (event->tag) {
    case HOST_EVENT_TICK:
        plugin_log_cstr(PLUGIN_LOG_INFO, "event: tick");
        break;
    case HOST_EVENT_FILESYSTEM_CHANGE:
        plugin_log_cstr(PLUGIN_LOG_INFO, "event: filesystem-change");
        break;
    default:
        plugin_log_cstr(PLUGIN_LOG_INFO, "event: config-updated");
        break;
    }
    return true;
}

void plugin_shutdown(void) {
    plugin_log_cstr(PLUGIN_LOG_INFO, "goodbye from hello_world");
}
