/*
 * Hand-written Canonical ABI glue for the novywave:plugins@0.1.0 `plugin` world (wit/plugins.wit),
 * for C guests compiled with clang-19 --target=wasm32-wasi.
 *
 * The C structs below are laid out exactly as the Canonical ABI lays the WIT types out in linear memory
 * (wasm32: pointers and size_t are 4 bytes, uint64_t is 8-aligned); the _Static_asserts pin every offset.
 *
 * Ownership follows the Canonical ABI:
 *  - export parameters (config-data, host-event) were allocated by the host through cabi_realloc and belong
 *    to the guest; plugin_abi.c frees them after the plugin_* callback returns;
 *  - export results are owned by the guest until the host calls cabi_post_<name>, which frees them, so the
 *    callbacks must fill results with memory from malloc (plugin_string_dup / plugin_string_list_*);
 *  - import results were allocated by the host through cabi_realloc and belong to the caller, who releases
 *    them with the matching *_free function.
 */
#ifndef NOVYWAVE_PLUGIN_ABI_H
#define NOVYWAVE_PLUGIN_ABI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* string: (ptr, len) of UTF-8 bytes, align 4, size 8. */
typedef struct {
    uint8_t *ptr;
    size_t len;
} plugin_string_t;

/* list<string>: (ptr, len), align 4, size 8. */
typedef struct {
    plugin_string_t *ptr;
    size_t len;
} plugin_string_list_t;

/* enum log-level: u8 discriminant. */
typedef enum {
    PLUGIN_LOG_TRACE = 0,
    PLUGIN_LOG_DEBUG = 1,
    PLUGIN_LOG_INFO = 2,
    PLUGIN_LOG_WARN = 3,
    PLUGIN_LOG_ERROR = 4,
} plugin_log_level_t;

/* record directory-entry { path: string, is-dir: bool }: size 12, align 4. */
typedef struct {
    plugin_string_t path;
    bool is_dir;
} plugin_directory_entry_t;

typedef struct {
    plugin_directory_entry_t *ptr;
    size_t len;
} plugin_directory_entry_list_t;

/* record file-metadata { path: string, size: u64, modified-unix-nanos: u64 }: size 24, align 8. */
typedef struct {
    plugin_string_t path;
    uint64_t size;
    uint64_t modified_unix_nanos;
} plugin_file_metadata_t;

/* record subscription { id: u64 }: size 8, align 8. */
typedef struct {
    uint64_t id;
} plugin_subscription_t;

/* record config-entry { key: string, value: string }: size 16, align 4. */
typedef struct {
    plugin_string_t key;
    plugin_string_t value;
} plugin_config_entry_t;

/* type config-data = list<config-entry>. */
typedef struct {
    plugin_config_entry_t *ptr;
    size_t len;
} plugin_config_data_t;

/* record plugin-metadata { version: string, description: string, capabilities: list<string> }: size 24. */
typedef struct {
    plugin_string_t version;
    plugin_string_t description;
    plugin_string_list_t capabilities;
} plugin_metadata_t;

/* record discovery-payload { plugin-id: string, discovered: list<string> }: size 16. */
typedef struct {
    plugin_string_t plugin_id;
    plugin_string_list_t discovered;
} plugin_discovery_payload_t;

/* record change-notification { subscription-id: u64, paths: list<string> }: size 16, align 8. */
typedef struct {
    uint64_t subscription_id;
    plugin_string_list_t paths;
} plugin_change_notification_t;

/* variant plugin-event: u8 discriminant, payload at offset 4, size 20. */
typedef enum {
    PLUGIN_EVENT_DISCOVERY = 0,
    PLUGIN_EVENT_LOG = 1,
    PLUGIN_EVENT_REFRESH_TIMELINE = 2,
} plugin_event_kind_t;

typedef struct {
    uint8_t tag;
    union {
        plugin_discovery_payload_t discovery;
        plugin_string_t log;
        plugin_string_list_t refresh_timeline;
    } val;
} plugin_event_t;

/* variant host-event: u8 discriminant, payload at offset 8, size 24, align 8. */
typedef enum {
    HOST_EVENT_TICK = 0,
    HOST_EVENT_FILESYSTEM_CHANGE = 1,
    HOST_EVENT_CONFIG_UPDATED = 2,
} host_event_kind_t;

typedef struct {
    uint8_t tag;
    union {
        plugin_change_notification_t filesystem_change;
        plugin_config_data_t config_updated;
    } val;
} host_event_t;

/* variant plugin-error: u8 discriminant, string payload at offset 4, size 12. */
typedef enum {
    PLUGIN_ERROR_INVALID_CONFIG = 0,
    PLUGIN_ERROR_IO = 1,
    PLUGIN_ERROR_PANIC = 2,
} plugin_error_kind_t;

typedef struct {
    uint8_t tag;
    plugin_string_t message;
} plugin_error_t;

/* result<list<directory-entry>, plugin-error>: discriminant at 0, payload at 4, size 16. */
typedef struct {
    uint8_t is_err;
    union {
        plugin_directory_entry_list_t ok;
        plugin_error_t err;
    } val;
} plugin_list_dir_result_t;

/* option<file-metadata>: discriminant at 0, payload at 8, size 32. */
typedef struct {
    uint8_t is_some;
    plugin_file_metadata_t val;
} plugin_option_file_metadata_t;

/* result<subscription, plugin-error>: discriminant at 0, payload at 8, size 24. */
typedef struct {
    uint8_t is_err;
    union {
        plugin_subscription_t ok;
        plugin_error_t err;
    } val;
} plugin_subscribe_result_t;

/* result<_, plugin-error>: discriminant at 0, payload at 4, size 16. */
typedef struct {
    uint8_t is_err;
    plugin_error_t err;
} plugin_unit_result_t;

/* result<plugin-metadata, plugin-error>: discriminant at 0, payload at 4, size 28. */
typedef struct {
    uint8_t is_err;
    union {
        plugin_metadata_t ok;
        plugin_error_t err;
    } val;
} plugin_init_result_t;

/* ---- helpers (malloc-backed; every result handed to the host must come from these) ---- */

/* A fresh, uninitialised allocation of `len` bytes. */
plugin_string_t plugin_string_alloc(size_t len);
/* Copies `len` bytes of `text` into a fresh allocation. */
plugin_string_t plugin_string_dup(const char *text, size_t len);
/* Copies a NUL-terminated C string. */
plugin_string_t plugin_string_from_cstr(const char *text);
void plugin_string_free(plugin_string_t *text);
/* Appends a copy of `text` to `list` (which must be malloc-backed or empty). */
void plugin_string_list_push(plugin_string_list_t *list, const char *text, size_t len);
void plugin_string_list_free(plugin_string_list_t *list);
void plugin_config_data_free(plugin_config_data_t *config);
void plugin_error_free(plugin_error_t *error);
/* Builds an error with a copied message. */
plugin_error_t plugin_error_make(plugin_error_kind_t kind, const char *message);

/* ---- imports (what the plugin may ask of the host) ---- */

void plugin_log(plugin_log_level_t level, const char *message, size_t len);
void plugin_log_cstr(plugin_log_level_t level, const char *message);
/* Fills *out; release it with plugin_list_dir_result_free. */
void plugin_filesystem_list_dir(const char *directory, size_t len, plugin_list_dir_result_t *out);
void plugin_list_dir_result_free(plugin_list_dir_result_t *result);
/* Fills *out; release it with plugin_option_file_metadata_free. */
void plugin_filesystem_read_metadata(const char *path, size_t len, plugin_option_file_metadata_t *out);
void plugin_option_file_metadata_free(plugin_option_file_metadata_t *metadata);
/* Fills *out; release it with plugin_subscribe_result_free. */
void plugin_watch_subscribe(const plugin_string_list_t *directories, uint32_t debounce_ms, plugin_subscribe_result_t *out);
void plugin_subscribe_result_free(plugin_subscribe_result_t *result);
/* Fills *out; release it with plugin_unit_result_free. */
void plugin_relay_publish(const char *channel, size_t len, const plugin_event_t *event, plugin_unit_result_t *out);
void plugin_unit_result_free(plugin_unit_result_t *result);
/* Fills *out; release it with plugin_config_data_free. */
void plugin_config_get(plugin_config_data_t *out);

/* ---- exports: each plugin implements these three callbacks ---- */

/* Returns true and fills *metadata, or returns false and fills *error. `config` is borrowed for the call. */
bool plugin_init(const plugin_config_data_t *config, plugin_metadata_t *metadata, plugin_error_t *error);
/* Returns true on success, or false and fills *error. `event` is borrowed for the call. */
bool plugin_handle_event(const host_event_t *event, plugin_error_t *error);
void plugin_shutdown(void);

#endif
