/*
 * Helpers shared by the reference plugins on top of plugin_abi.h: a growable text buffer for log lines (no printf,
 * so no WASI import is pulled in), configuration lookup, publishing, watching, metadata, and string-list utilities.
 *
 * List-valued configuration keys are accepted in both encodings a host may flatten a TOML array of strings to:
 * one entry `key` = "a,b,c" (items trimmed, empty items dropped), or indexed entries `key.0`, `key.1`, ...
 */
#ifndef NOVYWAVE_PLUGIN_UTIL_H
#define NOVYWAVE_PLUGIN_UTIL_H

#include "plugin_abi.h"

/* A malloc-backed byte buffer; zero-initialise before use. */
typedef struct {
    char *ptr;
    size_t len;
    size_t cap;
} plugin_text_t;

void plugin_text_append(plugin_text_t *text, const char *bytes, size_t len);
void plugin_text_append_cstr(plugin_text_t *text, const char *bytes);
void plugin_text_append_string(plugin_text_t *text, plugin_string_t string);
void plugin_text_append_u64(plugin_text_t *text, uint64_t value);
/* Logs the buffer's contents and empties it. */
void plugin_text_log(plugin_text_t *text, plugin_log_level_t level);
void plugin_text_free(plugin_text_t *text);

bool plugin_string_equals_cstr(plugin_string_t string, const char *text);
/* The value of `key`, or NULL when the configuration has no such entry. */
const plugin_string_t *plugin_config_find(const plugin_config_data_t *config, const char *key);
/* Appends the items of the list-valued `key` to `out`; returns false when the key is absent in both encodings. */
bool plugin_config_list(const plugin_config_data_t *config, const char *key, plugin_string_list_t *out);
/* Reads a decimal u32; `fallback` when absent. Returns false and fills *error for a malformed value. */
bool plugin_config_u32(const plugin_config_data_t *config, const char *key, uint32_t fallback, uint32_t *out,
                       plugin_error_t *error);
/* Reads `true`/`false`; `fallback` when absent. Returns false and fills *error for any other value. */
bool plugin_config_bool(const plugin_config_data_t *config, const char *key, bool fallback, bool *out,
                        plugin_error_t *error);
/* A copy of the value of `key`, or of `fallback` when absent. */
plugin_string_t plugin_config_string(const plugin_config_data_t *config, const char *key, const char *fallback);

/* Publishes `event` on `channel`. On failure logs "cannot publish on channel <channel>: <message>" as an error and
 * moves the host's error into *error. */
bool plugin_publish(plugin_string_t channel, const plugin_event_t *event, plugin_error_t *error);
/* Subscribes to changes under `directories` and logs the subscription. On failure fills *error and logs nothing, so
 * that the caller decides how loudly a failed watch is reported. */
bool plugin_watch_directories(const plugin_string_list_t *directories, uint32_t debounce_ms, plugin_error_t *error);
/* Fills *metadata with copies of `version`, `description` and the `count` names in `capabilities`. */
void plugin_metadata_fill(plugin_metadata_t *metadata, const char *version, const char *description,
                          const char *const *capabilities, size_t count);

bool plugin_string_list_contains(const plugin_string_list_t *list, const uint8_t *bytes, size_t len);
bool plugin_string_list_equal(const plugin_string_list_t *left, const plugin_string_list_t *right);
/* Sorts bytewise, so that what a plugin publishes does not depend on the host's listing order. */
void plugin_string_list_sort(plugin_string_list_t *list);

#endif
