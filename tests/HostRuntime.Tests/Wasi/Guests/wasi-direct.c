/* A guest that calls WASI 0.2.0 directly through the Canonical ABI (no wasi-libc stdio, no preview1 adapter), the
 * way components from Rust's wasm32-wasip2 target do. Its core imports follow the flattening rules of
 * CanonicalABI.md for the functions in wasi-direct.wit. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

__attribute__((import_module("wasi:cli/stdout@0.2.0"), import_name("get-stdout")))
extern int32_t wasi_get_stdout(void);
__attribute__((import_module("wasi:io/streams@0.2.0"), import_name("[method]output-stream.blocking-write-and-flush")))
extern void wasi_blocking_write_and_flush(int32_t self, int32_t ptr, int32_t len, int32_t retptr);
__attribute__((import_module("wasi:io/streams@0.2.0"), import_name("[method]output-stream.check-write")))
extern void wasi_check_write(int32_t self, int32_t retptr);
__attribute__((import_module("wasi:io/streams@0.2.0"), import_name("[resource-drop]output-stream")))
extern void wasi_drop_output_stream(int32_t self);
__attribute__((import_module("wasi:cli/environment@0.2.0"), import_name("get-environment")))
extern void wasi_get_environment(int32_t retptr);
__attribute__((import_module("wasi:cli/exit@0.2.0"), import_name("exit")))
extern void wasi_exit(int32_t status);
__attribute__((import_module("wasi:clocks/wall-clock@0.2.0"), import_name("now")))
extern void wasi_wall_clock_now(int32_t retptr);
__attribute__((import_module("wasi:random/random@0.2.0"), import_name("get-random-bytes")))
extern void wasi_get_random_bytes(int64_t len, int32_t retptr);

__attribute__((export_name("cabi_realloc")))
void *cabi_realloc(void *ptr, size_t old_size, size_t align, size_t new_size) {
    (void)old_size;
    (void)align;
    return realloc(ptr, new_size == 0 ? 1 : new_size);
}

typedef struct {
    char *ptr;
    size_t len;
} string_t;

/* Return areas: result<_, stream-error> (size 12), result<u64, stream-error> (16, align 8), lists (8), datetime (16). */
static _Alignas(8) uint8_t ret[16];

static int32_t out;

static void write_text(const char *text, size_t len) {
    wasi_blocking_write_and_flush(out, (int32_t)(uintptr_t)text, (int32_t)len, (int32_t)(uintptr_t)ret);
    if (ret[0] != 0) {
        __builtin_trap();
    }
}

static void write_cstr(const char *text) { write_text(text, strlen(text)); }

__attribute__((export_name("run")))
int64_t run(void) {
    out = wasi_get_stdout();
    wasi_check_write(out, (int32_t)(uintptr_t)ret);
    if (ret[0] != 0 || *(uint64_t *)(ret + 8) == 0) {
        __builtin_trap();
    }
    write_cstr("direct WASI 0.2.0\n");

    wasi_get_environment((int32_t)(uintptr_t)ret);
    string_t *pairs = *(string_t **)ret;
    size_t count = *(size_t *)(ret + 4);
    for (size_t i = 0; i < count; i++) {
        write_cstr("env ");
        write_text(pairs[2 * i].ptr, pairs[2 * i].len);
        write_cstr("=");
        write_text(pairs[2 * i + 1].ptr, pairs[2 * i + 1].len);
        write_cstr("\n");
        free(pairs[2 * i].ptr);
        free(pairs[2 * i + 1].ptr);
    }
    free(pairs);

    wasi_get_random_bytes(32, (int32_t)(uintptr_t)ret);
    uint8_t *bytes = *(uint8_t **)ret;
    size_t length = *(size_t *)(ret + 4);
    int nonzero = 0;
    for (size_t i = 0; i < length; i++) {
        nonzero |= bytes[i];
    }
    free(bytes);
    write_cstr(length == 32 && nonzero ? "random ok\n" : "random broken\n");

    wasi_wall_clock_now((int32_t)(uintptr_t)ret);
    int64_t seconds = *(int64_t *)ret;
    wasi_drop_output_stream(out);
    return seconds;
}

__attribute__((export_name("quit")))
void quit(int32_t failed) {
    wasi_exit(failed ? 1 : 0);
}
