/* The strings guest: hand-written Canonical ABI glue for strings.wit in the two UTF-16 based string encodings.
 * make-test-corpus.mjs builds it twice:
 *   -DSTRING_ENCODING_UTF16          string-encoding=utf16: a string is (ptr, code units) of 2-aligned UTF-16LE.
 *   -DSTRING_ENCODING_COMPACT_UTF16  string-encoding=latin1+utf16: (ptr, tagged length), 2-aligned; bit 31 set means
 *                                    UTF-16 with the code units in the other bits, clear means that many Latin-1
 *                                    bytes. The strings this guest makes are Latin-1 whenever every character fits.
 * Inside, a string is an array of UTF-16 code units (text_t). Arguments are converted and their allocations freed;
 * everything a result points to is recorded and freed by the export's post-return function. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "guest_glue.h"

#if defined(STRING_ENCODING_COMPACT_UTF16)
#define COMPACT 1
#elif defined(STRING_ENCODING_UTF16)
#define COMPACT 0
#else
#error "build with -DSTRING_ENCODING_UTF16 or -DSTRING_ENCODING_COMPACT_UTF16 (make-test-corpus.mjs does)"
#endif

#define IMPORT(name) __attribute__((import_module("$root"), import_name(name)))
#define POST_RETURN(function, name) \
    EXPORT("cabi_post_" name) void post_##function(uint8_t *ret) { (void)ret; release_results(); }

#define UTF16_TAG 0x80000000u

typedef struct { uint16_t *units; uint32_t len; } text_t;     /* owns units; NULL when empty */
typedef struct { uint32_t ptr; uint32_t len; } abi_string_t;  /* the Canonical ABI's (ptr, [tagged] length) */

static _Alignas(8) uint8_t RET[24];

static void *allocate(size_t size) {
    if (size == 0) {
        return NULL;
    }
    void *result = malloc(size);
    if (result == NULL) {
        abort();
    }
    return result;
}

/* The allocations the current export's result points to, freed together after the host has lifted it. */
static void **results;
static uint32_t result_count, result_capacity;

static void *keep(void *allocation) {
    if (allocation == NULL) {
        return NULL;
    }
    if (result_count == result_capacity) {
        result_capacity = result_capacity == 0 ? 16 : 2 * result_capacity;
        results = realloc(results, result_capacity * sizeof *results);
        if (results == NULL) {
            abort();
        }
    }
    results[result_count++] = allocation;
    return allocation;
}

static void release_results(void) {
    for (uint32_t i = 0; i < result_count; i++) {
        free(results[i]);
    }
    result_count = 0;
}

static uint32_t address(const void *pointer) { return (uint32_t)(uintptr_t)pointer; }

static uint32_t code_units(uint32_t length) { return COMPACT ? length & ~UTF16_TAG : length; }

static bool arrived_as_utf16(uint32_t length) { return !COMPACT || (length & UTF16_TAG) != 0; }

/* Takes ownership of a string the host lowered (or a list element it lowered) and converts it to text_t. */
static text_t take(uint32_t ptr, uint32_t length) {
    uint32_t len = code_units(length);
    if (len == 0) {
        return (text_t){ NULL, 0 };
    }
    if (!arrived_as_utf16(length)) {
        text_t text = { allocate(2 * (size_t)len), len };
        const uint8_t *latin1 = (const uint8_t *)(uintptr_t)ptr;
        for (uint32_t i = 0; i < len; i++) {
            text.units[i] = latin1[i];
        }
        free((void *)(uintptr_t)ptr);
        return text;
    }
    return (text_t){ (uint16_t *)(uintptr_t)ptr, len };
}

/* Gives the text up as a result string: UTF-16, or under latin1+utf16 Latin-1 when every code unit fits a byte. */
static abi_string_t give(text_t text) {
    if (COMPACT) {
        bool latin1 = true;
        for (uint32_t i = 0; i < text.len && latin1; i++) {
            latin1 = text.units[i] <= 0xFF;
        }
        if (latin1) {
            uint8_t *bytes = keep(allocate(text.len));
            for (uint32_t i = 0; i < text.len; i++) {
                bytes[i] = (uint8_t)text.units[i];
            }
            free(text.units);
            return (abi_string_t){ address(bytes), text.len };
        }
    }
    return (abi_string_t){ address(keep(text.units)), COMPACT ? text.len | UTF16_TAG : text.len };
}

/* The code units of a list<u16> as a string, unchecked; the list becomes part of the result. */
static abi_string_t raw(uint32_t units_ptr, uint32_t count, bool utf16) {
    uint16_t *units = count == 0 ? NULL : keep((void *)(uintptr_t)units_ptr);
    if (COMPACT && !utf16) {
        uint8_t *bytes = keep(allocate(count));
        for (uint32_t i = 0; i < count; i++) {
            bytes[i] = (uint8_t)units[i];
        }
        return (abi_string_t){ address(bytes), count };
    }
    return (abi_string_t){ address(units), COMPACT ? count | UTF16_TAG : count };
}

static text_t concat(const text_t *pieces, uint32_t count) {
    size_t len = 0;
    for (uint32_t i = 0; i < count; i++) {
        len += pieces[i].len;
    }
    text_t text = { allocate(2 * len), (uint32_t)len };
    size_t at = 0;
    for (uint32_t i = 0; i < count; i++) {
        if (pieces[i].len != 0) {
            memcpy(text.units + at, pieces[i].units, 2 * (size_t)pieces[i].len);
        }
        at += pieces[i].len;
    }
    return text;
}

static text_t copy(text_t text) { return concat(&text, 1); }

static void store_u32(uint8_t *at, uint32_t value) { memcpy(at, &value, sizeof value); }
static void store_string(uint8_t *at, abi_string_t s) { memcpy(at, &s, sizeof s); }
static void store_list(uint8_t *at, const void *elements, uint32_t count) {
    store_u32(at, address(elements));
    store_u32(at + 4, count);
}

/* layout { utf16: bool, units: list<u16> } of a string as it arrived; the units become part of the result. */
static uint8_t *return_layout(uint32_t ptr, uint32_t length) {
    text_t text = take(ptr, length);
    memset(RET, 0, sizeof RET);
    RET[0] = arrived_as_utf16(length);
    store_list(RET + 4, keep(text.units), text.len);
    return RET;
}

static uint8_t *return_string(abi_string_t s) {
    store_string(RET, s);
    return RET;
}

IMPORT("host-decorate") void host_decorate(uint32_t ptr, uint32_t len, abi_string_t *ret);
IMPORT("host-words") void host_words(uint32_t ptr, uint32_t len, uint32_t *ret);

EXPORT("echo") uint8_t *echo(uint32_t ptr, uint32_t len) { return return_string(give(take(ptr, len))); }
POST_RETURN(echo, "echo")

EXPORT("inspect") uint8_t *inspect(uint32_t ptr, uint32_t len) { return return_layout(ptr, len); }
POST_RETURN(inspect, "inspect")

EXPORT("make") uint8_t *make(uint32_t units, uint32_t count, uint32_t utf16) { return return_string(raw(units, count, utf16 != 0)); }
POST_RETURN(make, "make")

EXPORT("join") uint8_t *join(uint32_t parts_ptr, uint32_t count, uint32_t separator_ptr, uint32_t separator_len) {
    text_t separator = take(separator_ptr, separator_len);
    const abi_string_t *parts = (const abi_string_t *)(uintptr_t)parts_ptr;
    text_t joined = { NULL, 0 };
    for (uint32_t i = 0; i < count; i++) {
        text_t pieces[3] = { joined, separator, take(parts[i].ptr, parts[i].len) };
        text_t next = i == 0 ? copy(pieces[2]) : concat(pieces, 3);
        free(joined.units);
        free(pieces[2].units);
        joined = next;
    }
    free(separator.units);
    if (count != 0) {
        free((void *)(uintptr_t)parts_ptr);
    }
    return return_string(give(joined));
}
POST_RETURN(join, "join")

EXPORT("split") uint8_t *split(uint32_t ptr, uint32_t len, uint32_t separator) {
    text_t text = take(ptr, len);
    uint32_t count = 1;
    for (uint32_t i = 0; i < text.len; i++) {
        count += text.units[i] == separator;
    }
    abi_string_t *list = keep(allocate(count * sizeof(abi_string_t)));
    uint32_t start = 0, n = 0;
    for (uint32_t i = 0; i <= text.len; i++) {
        if (i == text.len || text.units[i] == separator) {
            list[n++] = give(copy((text_t){ text.units + start, i - start }));
            start = i + 1;
        }
    }
    free(text.units);
    store_list(RET, list, count);
    return RET;
}
POST_RETURN(split, "split")

/* entry { key: string, value: string, weight: u32 }: key at 0, value at 8, weight at 16. */
static void store_entry(uint8_t *at, text_t key, text_t value, uint32_t weight) {
    store_string(at, give(key));
    store_string(at + 8, give(value));
    store_u32(at + 16, weight);
}

EXPORT("swap") uint8_t *swap(uint32_t key_ptr, uint32_t key_len, uint32_t value_ptr, uint32_t value_len, uint32_t weight) {
    text_t key = take(key_ptr, key_len);
    store_entry(RET, take(value_ptr, value_len), key, weight + 1);
    return RET;
}
POST_RETURN(swap, "swap")

/* token: case byte at 0, payload at 4 (word: string; number: u32; pair: entry). */
enum { WORD, NUMBER, PAIR, END };
static const uint16_t EQUALS[] = { '=' };

EXPORT("transform") uint8_t *transform(uint32_t tag, uint32_t a, uint32_t b, uint32_t c, uint32_t d, uint32_t e) {
    (void)e; /* pair's weight does not appear in its word */
    memset(RET, 0, sizeof RET);
    switch (tag) {
    case WORD: {
        text_t word = take(a, b);
        RET[0] = PAIR;
        store_entry(RET + 4, copy(word), word, word.len);
        break;
    }
    case NUMBER:
        RET[0] = NUMBER;
        store_u32(RET + 4, a + 1);
        break;
    case PAIR: {
        text_t pieces[3] = { take(a, b), { (uint16_t *)EQUALS, 1 }, take(c, d) };
        RET[0] = WORD;
        store_string(RET + 4, give(concat(pieces, 3)));
        free(pieces[0].units);
        free(pieces[2].units);
        break;
    }
    default:
        RET[0] = END;
        break;
    }
    return RET;
}
POST_RETURN(transform, "transform")

EXPORT("relay") uint8_t *relay(uint32_t units, uint32_t count, uint32_t utf16) {
    abi_string_t argument = raw(units, count, utf16 != 0);
    abi_string_t answer;
    host_decorate(argument.ptr, argument.len, &answer);
    return return_layout(answer.ptr, answer.len);
}
POST_RETURN(relay, "relay")

EXPORT("relay-words") uint8_t *relay_words(uint32_t ptr, uint32_t len) {
    abi_string_t argument = give(take(ptr, len));
    uint32_t answer[2];
    host_words(argument.ptr, argument.len, answer);
    const abi_string_t *words = (const abi_string_t *)(uintptr_t)answer[0];
    abi_string_t *list = keep(allocate(answer[1] * sizeof(abi_string_t)));
    for (uint32_t i = 0; i < answer[1]; i++) {
        list[i] = give(take(words[i].ptr, words[i].len));
    }
    if (answer[1] != 0) {
        free((void *)(uintptr_t)answer[0]);
    }
    store_list(RET, list, answer[1]);
    return RET;
}
POST_RETURN(relay_words, "relay-words")

static const uint16_t OK[] = { 'o', 'k' };

/* The tagged length of `units` UTF-16 code units in this build's encoding. */
static uint32_t utf16_length(uint32_t units) { return COMPACT ? units | UTF16_TAG : units; }

static abi_string_t bad(uint32_t mode) {
    switch (mode) {
    case 0: return (abi_string_t){ address(OK), utf16_length(2) };
    case 1: return (abi_string_t){ address(OK) + 1, 1 }; /* under latin1+utf16 one Latin-1 byte, which must be 2-aligned too */
    case 2: return (abi_string_t){ address(OK), COMPACT ? 0xFFFFFFFFu : 0x80000001u };
    default: return (abi_string_t){ address(OK), utf16_length((uint32_t)__builtin_wasm_memory_size(0) * 65536 / 2) };
    }
}

EXPORT("bad-string") uint8_t *bad_string(uint32_t mode) { return return_string(bad(mode)); }
POST_RETURN(bad_string, "bad-string")

EXPORT("relay-bad") void relay_bad(uint32_t mode) {
    abi_string_t argument = bad(mode);
    abi_string_t answer;
    host_decorate(argument.ptr, argument.len, &answer);
    free(take(answer.ptr, answer.len).units);
}
