/* wasi-plugin: a `plugin`-world component that writes with printf/fprintf, so wasi-libc's preview1 adapter makes
   it import WASI 0.2 (cli, io, clocks, filesystem) as plugins built by standard toolchains do. The plugin host must
   link those imports and route stdout/stderr to the plugin's logger. */
#include "../../../../plugins/common/plugin_abi.h"

#include <stdio.h>

bool plugin_init(const plugin_config_data_t *config, plugin_metadata_t *metadata, plugin_error_t *error) {
    (void)error;
    printf("wasi-plugin init with %zu config entries\n", config->len);
    fflush(stdout);
    metadata->version = plugin_string_from_cstr("0.1.0");
    metadata->description = plugin_string_from_cstr("Writes to stdout and stderr through WASI.");
    metadata->capabilities.ptr = NULL;
    metadata->capabilities.len = 0;
    return true;
}

bool plugin_handle_event(const host_event_t *event, plugin_error_t *error) {
    (void)error;
    printf("wasi-plugin event %d\n", (int)event->tag);
    fflush(stdout);
    return true;
}

void plugin_shutdown(void) {
    fprintf(stderr, "wasi-plugin shutting down\n");
    fflush(stderr);
}
