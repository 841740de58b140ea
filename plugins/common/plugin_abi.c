/*
 * Canonical ABI glue for the `plugin` world: the core-wasm signatures wit-component expects (flattened per
 * CanonicalABI.md, MAX_FLAT_PARAMS 16, MAX_FLAT_RESULTS 1), cabi_realloc, and the cabi_post_* functions.
 */
#include "plugin_abi.h"

#include <stdlib.h>
#include <string.h>

/* The C layouts must be the Canonical ABI layouts: the host reads and writes these bytes directly. */
_Static_assert(sizeof(plugin_string_t) == 8 && _Alignof(plugin_string_t) == 4, "string layout");
_Static_assert(sizeof(plugin_directory_entry_t) == 12 && offsetof(plugin_directory_entry_t, is_dir) == 8, "directory-entry layout");
_Static_assert(sizeof(plugin_file_metadata_t) == 24 && offsetof(plugin_file_metadata_t, size) == 8 &&
               offsetof(plugin_file_metadata_t, modified_unix_nanos) == 16 && _Alignof(plugin_file_metadata_t) == 8, "file-metadata layout");
_Static_assert(sizeof(plugin_config_entry_t) == 16 && offsetof(plugin_config_entry_t, value) == 8, "config-entry layout");
_Static_assert(sizeof(plugin_metadata_t) == 24 && offsetof(plugin_metadata_t, description) == 8 &&
               offsetof(plugin_metadata_t, capabilities) == 16, "plugin-metadata layout");
_Static_assert(sizeof(plugin_change_notification_t) == 16 && offsetof(plugin_change_notification_t, paths) == 8, "change-notification layout");
_Static_assert(sizeof(plugin_event_t) == 20 && offsetof(plugin_event_t, val) == 4, "plugin-event layout");
_Static_assert(sizeof(host_event_t) == 24 && offsetof(host_event_t, val) == 8, "host-event layout");
_Static_assert(sizeof(plugin_error_t) == 12 && offsetof(plugin_error_t, message) == 4, "plugin-error layout");
_Static_assert(sizeof(plugin_list_dir_result_t) == 16 && offsetof(plugin_list_dir_result_t, val) == 4, "list-dir result layout");
_Static_assert(sizeof(plugin_option_file_metadata_t) == 32 && offsetof(plugin_option_file_metadata_t, val) == 8, "option<file-metadata> layout");
_Static_assert(sizeof(plugin_subscribe_result_t) == 24 && offsetof(plugin_subscribe_result_t, val) == 8, "subscribe result layout");
_Static_assert(sizeof(plugin_unit_result_t) == 16 && offsetof(plugin_unit_result_t, err) == 4, "result<_, plugin-error> layout");
_Static_assert(sizeof(plugin_init_result_t) == 28 && offsetof(plugin_init_result_t, val) == 4, "init result layout");

/* ---- cabi_realloc: the host allocates guest memory for lowered arguments and results through it ---- */

__attribute__((export_name("cabi_realloc")))
void *cabi_realloc(void *old_ptr, size_t old_size, size_t align, size_t new_size) {
    (void)old_size;
    if (new_size == 0) {
        /* Any non-null, suitably aligned address is a valid empty allocation; nothing is read or written. */
        return (void *)align;
    }
    void *ptr = old_ptr == NULL ? aligned_alloc(align < sizeof(void *) ? sizeof(void *) : align, new_size)
                                : realloc(old_ptr, new_size);
    if (ptr == NULL) {
        __builtin_trap();
    }
    return ptr;
}

/* free() must ignore the non-heap addresses cabi_realloc hands out for empty allocations. */
static void release(void *ptr, size_t len) {
    if (len != 0) {
        free(ptr);
    }
}

/* ---- helpers ---- */

plugin_string_t plugin_string_alloc(size_t len) {
    plugin_string_t result = {(uint8_t *)cabi_realloc(NULL, 0, 1, len), len};
    return result;
}

plugin_string_t plugin_string_dup(const char *text, size_t len) {
    plugin_string_t result = plugin_string_alloc(len);
    if (len != 0) {
        memcpy(result.ptr, text, len);
    }
    return result;
}

plugin_string_t plugin_string_from_cstr(const char *text) {
    return plugin_string_dup(text, strlen(text));
}

void plugin_string_free(plugin_string_t *text) {
    release(text->ptr, text->len);
    text->ptr = NULL;
    text->len = 0;
}

void plugin_string_list_push(plugin_string_list_t *list, const char *text, size_t len) {
    plugin_string_t *grown = list->len == 0 ? NULL : list->ptr;
    grown = cabi_realloc(grown, list->len * sizeof(plugin_string_t), _Alignof(plugin_string_t),
                         (list->len + 1) * sizeof(plugin_string_t));
    grown[list->len] = plugin_string_dup(text, len);
    list->ptr = grown;
    list->len++;
}

void plugin_string_list_free(plugin_string_list_t *list) {
    for (size_t i = 0; i < list->len; i++) {
        plugin_string_free(&list->ptr[i]);
    }
    release(list->ptr, list->len);
    list->ptr = NULL;
    list->len = 0;
}

void plugin_config_data_free(plugin_config_data_t *config) {
    for (size_t i = 0; i < config->len; i++) {
        plugin_string_free(&config->ptr[i].key);
        plugin_string_free(&config->ptr[i].value);
    }
    release(config->ptr, config->len);
    config->ptr = NULL;
    config->len = 0;
}

void plugin_error_free(plugin_error_t *error) {
    plugin_string_free(&error->message);
}

plugin_error_t plugin_error_make(plugin_error_kind_t kind, const char *message) {
    plugin_error_t error = {(uint8_t)kind, plugin_string_from_cstr(message)};
    return error;
}

/* ---- imports: flattened core signatures; results wider than one flat value come back through a retptr ---- */

__attribute__((import_module("$root"), import_name("log")))
extern void import_log(int32_t level, int32_t message_ptr, int32_t message_len);

__attribute__((import_module("$root"), import_name("filesystem-list-dir")))
extern void import_filesystem_list_dir(int32_t directory_ptr, int32_t directory_len, int32_t retptr);

__attribute__((import_module("$root"), import_name("filesystem-read-metadata")))
extern void import_filesystem_read_metadata(int32_t path_ptr, int32_t path_len, int32_t retptr);

__attribute__((import_module("$root"), import_name("watch-subscribe")))
extern void import_watch_subscribe(int32_t directories_ptr, int32_t directories_len, int32_t debounce_ms, int32_t retptr);

/* plugin-event flattens to a discriminant plus the join of its cases' flat types: four i32. */
__attribute__((import_module("$root"), import_name("relay-publish")))
extern void import_relay_publish(int32_t channel_ptr, int32_t channel_len, int32_t event_tag, int32_t event_0,
                                 int32_t event_1, int32_t event_2, int32_t event_3, int32_t retptr);

__attribute__((import_module("$root"), import_name("config-get")))
extern void import_config_get(int32_t retptr);

void plugin_log(plugin_log_level_t level, const char *message, size_t len) {
    import_log((int32_t)level, (int32_t)(uintptr_t)message, (int32_t)len);
}

void plugin_log_cstr(plugin_log_level_t level, const char *message) {
    plugin_log(level, message, strlen(message));
}

void plugin_filesystem_list_dir(const char *directory, size_t len, plugin_list_dir_result_t *out) {
    import_filesystem_list_dir((int32_t)(uintptr_t)directory, (int32_t)len, (int32_t)(uintptr_t)out);
}

void plugin_list_dir_result_free(plugin_list_dir_result_t *result) {
    if (result->is_err) {
        plugin_error_free(&result->val.err);
        return;
    }
    for (size_t i = 0; i < result->val.ok.len; i++) {
        plugin_string_free(&result->val.ok.ptr[i].path);
    }
    release(result->val.ok.ptr, result->val.ok.len);
    result->val.ok.len = 0;
}

void plugin_filesystem_read_metadata(const char *path, size_t len, plugin_option_file_metadata_t *out) {
    import_filesystem_read_metadata((int32_t)(uintptr_t)path, (int32_t)len, (int32_t)(uintptr_t)out);
}

void plugin_option_file_metadata_free(plugin_option_file_metadata_t *metadata) {
    if (metadata->is_some) {
        plugin_string_free(&metadata->val.path);
    }
}

void plugin_watch_subscribe(const plugin_string_list_t *directories, uint32_t debounce_ms, plugin_subscribe_result_t *out) {
    import_watch_subscribe((int32_t)(uintptr_t)directories->ptr, (int32_t)directories->len, (int32_t)debounce_ms,
                           (int32_t)(uintptr_t)out);
}

void plugin_subscribe_result_free(plugin_subscribe_result_t *result) {
    if (result->is_err) {
        plugin_error_free(&result->val.err);
    }
}

void plugin_relay_publish(const char *channel, size_t len, const plugin_event_t *event, plugin_unit_result_t *out) {
    int32_t flat[4] = {0, 0, 0, 0};
    switch (event->tag) {
    case PLUGIN_EVENT_DISCOVERY:
        flat[0] = (int32_t)(uintptr_t)event->val.discovery.plugin_id.ptr;
        flat[1] = (int32_t)event->val.discovery.plugin_id.len;
        flat[2] = (int32_t)(uintptr_t)event->val.discovery.discovered.ptr;
        flat[3] = (int32_t)event->val.discovery.discovered.len;
        break;
    case PLUGIN_EVENT_LOG:
        flat[0] = (int32_t)(uintptr_t)event->val.log.ptr;
        flat[1] = (int32_t)event->val.log.len;
        break;
    default:
        flat[0] = (int32_t)(uintptr_t)event->val.refresh_timeline.ptr;
        flat[1] = (int32_t)event->val.refresh_timeline.len;
        break;
    }
    import_relay_publish((int32_t)(uintptr_t)channel, (int32_t)len, (int32_t)event->tag, flat[0], flat[1], flat[2],
                         flat[3], (int32_t)(uintptr_t)out);
}

void plugin_unit_result_free(plugin_unit_result_t *result) {
    if (result->is_err) {
        plugin_error_free(&result->err);
    }
}

void plugin_config_get(plugin_config_data_t *out) {
    import_config_get((int32_t)(uintptr_t)out);
}

/* ---- exports ---- */

/* Results wider than one flat value are returned as a pointer to this area; the host reads it before post-return. */
static plugin_init_result_t init_return_area;
static plugin_unit_result_t handle_event_return_area;

__attribute__((export_name("init")))
int32_t export_init(int32_t config_ptr, int32_t config_len) {
    plugin_config_data_t config = {(plugin_config_entry_t *)(uintptr_t)config_ptr, (size_t)config_len};
    plugin_init_result_t *result = &init_return_area;
    memset(result, 0, sizeof *result);
    if (plugin_init(&config, &result->val.ok, &result->val.err)) {
        result->is_err = 0;
    } else {
        result->is_err = 1;
    }
    plugin_config_data_free(&config);
    return (int32_t)(uintptr_t)result;
}

__attribute__((export_name("cabi_post_init")))
void export_post_init(int32_t retptr) {
    plugin_init_result_t *result = (plugin_init_result_t *)(uintptr_t)retptr;
    if (result->is_err) {
        plugin_error_free(&result->val.err);
    } else {
        plugin_string_free(&result->val.ok.version);
        plugin_string_free(&result->val.ok.description);
        plugin_string_list_free(&result->val.ok.capabilities);
    }
}

/* host-event flattens to (discriminant, join(i64 | i32), i32, i32): the u64 subscription id and the
 * config-updated list pointer share the i64 slot. */
__attribute__((export_name("handle-event")))
int32_t export_handle_event(int32_t tag, int64_t slot_0, int32_t slot_1, int32_t slot_2) {
    host_event_t event;
    memset(&event, 0, sizeof event);
    event.tag = (uint8_t)tag;
    switch (tag) {
    case HOST_EVENT_TICK:
        break;
    case HOST_EVENT_FILESYSTEM_CHANGE:
        event.val.filesystem_change.subscription_id = (uint64_t)slot_0;
        event.val.filesystem_change.paths.ptr = (plugin_string_t *)(uintptr_t)slot_1;
        event.val.filesystem_change.paths.len = (size_t)slot_2;
        break;
    case HOST_EVENT_CONFIG_UPDATED:
        event.val.config_updated.ptr = (plugin_config_entry_t *)(uintptr_t)(uint32_t)slot_0;
        event.val.config_updated.len = (size_t)slot_1;
        break;
    default:
        /* The host lifts only valid discriminants; anything else is a broken host. */
        __builtin_trap();
    }
    plugin_unit_result_t *result = &handle_event_return_area;
    memset(result, 0, sizeof *result);
    result->is_err = plugin_handle_event(&event, &result->err) ? 0 : 1;
    if (tag == HOST_EVENT_FILESYSTEM_CHANGE) {
        plugin_string_list_free(&event.val.filesystem_change.paths);
    } else if (tag == HOST_EVENT_CONFIG_UPDATED) {
        plugin_config_data_free(&event.val.config_updated);
    }
    return (int32_t)(uintptr_t)result;
}

__attribute__((export_name("cabi_post_handle-event")))
void export_post_handle_event(int32_t retptr) {
    plugin_unit_result_free((plugin_unit_result_t *)(uintptr_t)retptr);
}

__attribute__((export_name("shutdown")))
void export_shutdown(void) {
    plugin_shutdown();
}
