/* The hostile guest: hand-written Canonical ABI glue that lies on request (see hostile.wit). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define GUEST_OWN_CABI_REALLOC
#include "guest_glue.h"

static _Alignas(8) uint8_t RET[16];
static uint32_t realloc_mode;
static const char TEXT[] = "fine";
static const uint8_t INVALID_UTF8[] = { 'o', 'k', 0xC3, 0x28 };

__attribute__((import_module("$root"), import_name("log"))) void host_log(const char *ptr, uint32_t len);
__attribute__((import_module("$root"), import_name("take-strings"))) void host_take_strings(const uint32_t *list, uint32_t count);

EXPORT("cabi_realloc")
void *cabi_realloc(void *ptr, size_t old_size, size_t align, size_t new_size) {
    (void)old_size;
    if (realloc_mode == 1) {
        return (void *)0xFFFFFFF0u;
    }
    if (realloc_mode == 2) {
        return (uint8_t *)malloc(new_size + align) + 1;
    }
    if (realloc_mode == 3) {
        host_log(TEXT, 4);
    }
    return canonical_realloc(ptr, align, new_size);
}

static uint8_t *pair(uint32_t first, uint32_t second) {
    uint32_t values[2] = { first, second };
    memcpy(RET, values, sizeof values);
    return RET;
}

EXPORT("bad-string") uint8_t *bad_string(uint32_t mode) {
    switch (mode) {
    case 0: return pair((uint32_t)(uintptr_t)TEXT, 4);
    case 1: return pair(0xFFFFFF00u, 4);
    case 2: return pair((uint32_t)(uintptr_t)TEXT, 0x7FFFFFFFu);
    default: return pair((uint32_t)(uintptr_t)INVALID_UTF8, sizeof INVALID_UTF8);
    }
}

EXPORT("bad-option") uint8_t *bad_option(void) {
    memset(RET, 0, sizeof RET);
    RET[0] = 2;
    return RET;
}

EXPORT("bad-bool") int32_t bad_bool(void) { return 2; }

EXPORT("bad-char") int32_t bad_char(void) { return 0xD800; }

static _Alignas(8) uint64_t LIST[4] = { 1, 2, 3, 4 };
EXPORT("bad-list") uint8_t *bad_list(void) { return pair((uint32_t)(uintptr_t)LIST + 4, 2); }

EXPORT("log-bad") void log_bad(uint32_t mode) {
    switch (mode) {
    case 0: host_log(TEXT, 4); break;
    case 1: host_log((const char *)0xFFFFFF00u, 16); break;
    default: host_log((const char *)INVALID_UTF8, sizeof INVALID_UTF8); break;
    }
}

EXPORT("set-realloc-mode") void set_realloc_mode(uint32_t mode) { realloc_mode = mode; }

EXPORT("sum") uint32_t sum(const uint32_t *values, uint32_t len) {
    uint32_t total = 0;
    for (uint32_t i = 0; i < len; i++) {
        total += values[i];
    }
    return total;
}

EXPORT("crash") void crash(void) { __builtin_trap(); }

EXPORT("log-in-post-return") uint8_t *log_in_post_return(void) { return pair((uint32_t)(uintptr_t)"done", 4); }

EXPORT("cabi_post_log-in-post-return") void log_in_post_return_post(uint8_t *result) {
    (void)result;
    host_log(TEXT, 4);
}

/* `count` (ptr, len) pairs all naming one block of `length` 'a' bytes; the caller frees neither (the instance is short-lived). */
static uint32_t *aliased(uint32_t count, uint32_t length) {
    char *block = malloc(length);
    memset(block, 'a', length);
    uint32_t *list = malloc(8 * (size_t)count);
    for (uint32_t i = 0; i < count; i++) {
        list[2 * i] = (uint32_t)(uintptr_t)block;
        list[2 * i + 1] = length;
    }
    return list;
}

EXPORT("aliased-strings") uint8_t *aliased_strings(uint32_t count, uint32_t length) {
    return pair((uint32_t)(uintptr_t)aliased(count, length), count);
}

EXPORT("send-aliased-strings") uint8_t *send_aliased_strings(uint32_t count, uint32_t length) {
    uint32_t *list = aliased(count, length);
    host_take_strings(list, count);
    return pair((uint32_t)(uintptr_t)list, count);
}
