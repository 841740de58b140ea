/* The values guest: Canonical ABI glue written by hand (no bindings generator) for values.wit. Every export
 * receives ownership of its arguments' allocations and frees them; results live in RET until post-return frees them.
 * Exports returning only scalars allocate nothing and, like wit-bindgen's, have no post-return function. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "guest_glue.h"

#define IMPORT(name) __attribute__((import_module("$root"), import_name(name)))

typedef struct { char *ptr; uint32_t len; } string_t;
typedef struct { int32_t x; int32_t y; string_t label; } point_t;

static _Alignas(8) uint8_t RET[32];

/* A tiny text builder: vsnprintf would pull in wasi-libc's stdio and with it WASI imports. Only `len` needs
   initialising (BUILDER); copies go through memcpy, as a real guest's string code would. */
typedef struct { char text[512]; uint32_t len; } builder_t;
#define BUILDER(name) builder_t name; name.len = 0

static void put(builder_t *b, const char *s, uint32_t len) {
    uint32_t room = (uint32_t)sizeof b->text - b->len;
    if (len > room) {
        len = room;
    }
    memcpy(b->text + b->len, s, len);
    b->len += len;
}
static void put_cstr(builder_t *b, const char *s) { put(b, s, (uint32_t)strlen(s)); }
static void put_u64(builder_t *b, uint64_t v) {
    char digits[20];
    int n = 0;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    while (n > 0) {
        put(b, &digits[--n], 1);
    }
}
static void put_i64(builder_t *b, int64_t v) {
    if (v < 0) {
        put_cstr(b, "-");
        put_u64(b, 0 - (uint64_t)v);
    } else {
        put_u64(b, (uint64_t)v);
    }
}
/* Fixed-point with `decimals` digits, rounded half away from zero (inputs in the tests are small). */
static void put_fixed(builder_t *b, double v, int decimals) {
    if (v < 0) {
        put_cstr(b, "-");
        v = -v;
    }
    uint64_t scale = 1;
    for (int i = 0; i < decimals; i++) {
        scale *= 10;
    }
    uint64_t scaled = (uint64_t)(v * (double)scale + 0.5);
    put_u64(b, scaled / scale);
    put_cstr(b, ".");
    uint64_t fraction = scaled % scale;
    for (uint64_t digit = scale / 10; digit > 0; digit /= 10) {
        char c = (char)('0' + (fraction / digit) % 10);
        put(b, &c, 1);
    }
}
static void put_hex4(builder_t *b, uint32_t v) {
    static const char hex[] = "0123456789ABCDEF";
    int digits = 4;
    while (digits < 8 && (v >> (4 * digits)) != 0) {
        digits++;
    }
    for (int i = digits - 1; i >= 0; i--) {
        put(b, &hex[(v >> (4 * i)) & 15], 1);
    }
}
static string_t finish(builder_t *b) {
    string_t s = { malloc(b->len + 1), b->len };
    memcpy(s.ptr, b->text, b->len);
    return s;
}

/* Empty strings and lists own no allocation: their pointer may be anything (jco passes 0 or the alignment). */
static void release(void *ptr, uint32_t len) {
    if (len != 0) {
        free(ptr);
    }
}

static uint8_t *return_string(string_t s) {
    memcpy(RET, &s, sizeof s);
    return RET;
}

static void free_returned_string(uint8_t *ret) { release(((string_t *)ret)->ptr, ((string_t *)ret)->len); }

IMPORT("host-echo") void host_echo(char *ptr, uint32_t len, string_t *ret);
IMPORT("host-points") void host_points(uint32_t n, uint32_t *ret);
IMPORT("host-classify") void host_classify(int32_t outer, int32_t inner, uint32_t value, int32_t shape, int64_t payload,
                                           int32_t p1, int32_t p2, int32_t p3, uint8_t *ret);

EXPORT("add") uint32_t add(uint32_t a, uint32_t b) { return a + b; }

EXPORT("echo") uint8_t *echo(char *ptr, uint32_t len) { return return_string((string_t){ ptr, len }); }
EXPORT("cabi_post_echo") void post_echo(uint8_t *ret) { free_returned_string(ret); }

EXPORT("reverse") uint8_t *reverse(uint32_t *values, uint32_t len) {
    for (uint32_t i = 0; i < len / 2; i++) {
        uint32_t t = values[i];
        values[i] = values[len - 1 - i];
        values[len - 1 - i] = t;
    }
    uint32_t out[2] = { (uint32_t)(uintptr_t)values, len };
    memcpy(RET, out, sizeof out);
    return RET;
}
EXPORT("cabi_post_reverse") void post_reverse(uint8_t *ret) { release((void *)(uintptr_t)((uint32_t *)ret)[0], ((uint32_t *)ret)[1]); }

/* Scales each point and appends "*" to its label in a fresh allocation. */
EXPORT("scale") uint8_t *scale(point_t *points, uint32_t len, int32_t factor) {
    for (uint32_t i = 0; i < len; i++) {
        points[i].x *= factor;
        points[i].y *= factor;
        string_t old = points[i].label;
        string_t label = { malloc(old.len + 1), old.len + 1 };
        memcpy(label.ptr, old.ptr, old.len);
        label.ptr[old.len] = '*';
        release(old.ptr, old.len);
        points[i].label = label;
    }
    uint32_t out[2] = { (uint32_t)(uintptr_t)points, len };
    memcpy(RET, out, sizeof out);
    return RET;
}
EXPORT("cabi_post_scale") void post_scale(uint8_t *ret) {
    point_t *points = (point_t *)(uintptr_t)((uint32_t *)ret)[0];
    uint32_t len = ((uint32_t *)ret)[1];
    for (uint32_t i = 0; i < len; i++) {
        release(points[i].label.ptr, points[i].label.len);
    }
    release(points, len);
}

/* shape flattens to (discriminant, i64 joining circle's f64 and rect's x, y, label ptr, label len). */
static string_t describe_shape(int32_t tag, int64_t payload, int32_t y, char *label, uint32_t label_len) {
    BUILDER(b);
    double radius;
    switch (tag) {
    case 0:
        memcpy(&radius, &payload, sizeof radius);
        put_cstr(&b, "circle(");
        put_fixed(&b, radius, 3);
        put_cstr(&b, ")");
        break;
    case 1:
        put_cstr(&b, "rect(");
        put_i64(&b, (int32_t)payload);
        put_cstr(&b, ", ");
        put_i64(&b, y);
        put_cstr(&b, ", ");
        put(&b, label, label_len);
        put_cstr(&b, ")");
        break;
    default:
        put_cstr(&b, "nothing");
        break;
    }
    return finish(&b);
}

EXPORT("describe") uint8_t *describe(int32_t tag, int64_t payload, int32_t y, char *label, uint32_t label_len) {
    string_t s = describe_shape(tag, payload, y, label, label_len);
    if (tag == 1) {
        release(label, label_len);
    }
    return return_string(s);
}
EXPORT("cabi_post_describe") void post_describe(uint8_t *ret) { free_returned_string(ret); }

EXPORT("next-color") int32_t next_color(int32_t color) { return (color + 1) % 3; }

EXPORT("invert") int32_t invert(int32_t flags) { return ~flags; }

/* none -> ok(none); some(none) -> err(7); some(some(v)) -> ok(some("v=<v>")). */
EXPORT("classify") uint8_t *classify(int32_t outer, int32_t inner, uint32_t value) {
    memset(RET, 0, sizeof RET);
    if (outer == 1 && inner == 0) {
        RET[0] = 1;
        RET[4] = 7;
    } else if (outer == 1) {
        RET[4] = 1;
        BUILDER(b);
        put_cstr(&b, "v=");
        put_u64(&b, value);
        string_t s = finish(&b);
        memcpy(RET + 8, &s, sizeof s);
    }
    return RET;
}
EXPORT("cabi_post_classify") void post_classify(uint8_t *ret) {
    if (ret[0] == 0 && ret[4] == 1) {
        free_returned_string(ret + 8);
    }
}

/* 16 flat parameters plus a string do not fit MAX_FLAT_PARAMS, so they arrive as one tuple in memory. */
typedef struct {
    uint8_t a; int8_t b; uint16_t c; int16_t d; uint32_t e; int32_t f; uint64_t g; int64_t h; float i; double j;
    uint32_t k; uint8_t l; string_t m; uint32_t n; uint32_t o; uint32_t p;
} spill_t;
_Static_assert(sizeof(spill_t) == 80 && _Alignof(spill_t) == 8, "canonical layout of the spilled parameters");

EXPORT("spill") uint8_t *spill(spill_t *args) {
    BUILDER(b);
    const int64_t integers[] = { args->a, args->b, args->c, args->d, args->e, args->f };
    for (int i = 0; i < 6; i++) {
        put_i64(&b, integers[i]);
        put_cstr(&b, " ");
    }
    put_u64(&b, args->g);
    put_cstr(&b, " ");
    put_i64(&b, args->h);
    put_cstr(&b, " ");
    put_fixed(&b, args->i, 2);
    put_cstr(&b, " ");
    put_fixed(&b, args->j, 3);
    put_cstr(&b, " U+");
    put_hex4(&b, args->k);
    put_cstr(&b, args->l ? " true " : " false ");
    put(&b, args->m.ptr, args->m.len);
    const uint32_t tail[] = { args->n, args->o, args->p };
    for (int i = 0; i < 3; i++) {
        put_cstr(&b, " ");
        put_u64(&b, tail[i]);
    }
    string_t s = finish(&b);
    release(args->m.ptr, args->m.len);
    free(args);
    return return_string(s);
}
EXPORT("cabi_post_spill") void post_spill(uint8_t *ret) { free_returned_string(ret); }

EXPORT("relay-echo") uint8_t *relay_echo(char *ptr, uint32_t len) {
    string_t echoed;
    host_echo(ptr, len, &echoed);
    BUILDER(b);
    put_cstr(&b, "relay:");
    put(&b, echoed.ptr, echoed.len);
    string_t s = finish(&b);
    release(echoed.ptr, echoed.len);
    release(ptr, len);
    return return_string(s);
}
EXPORT("cabi_post_relay-echo") void post_relay_echo(uint8_t *ret) { free_returned_string(ret); }

/* Sums x + y + label length over the points the host returns, freeing what the host allocated. */
EXPORT("sum-host-points") int64_t sum_host_points(uint32_t n) {
    uint32_t list[2];
    host_points(n, list);
    point_t *points = (point_t *)(uintptr_t)list[0];
    int64_t sum = 0;
    for (uint32_t i = 0; i < list[1]; i++) {
        sum += (int64_t)points[i].x + points[i].y + points[i].label.len;
        release(points[i].label.ptr, points[i].label.len);
    }
    release(points, list[1]);
    return sum;
}

EXPORT("relay-classify") uint8_t *relay_classify(int32_t outer, int32_t inner, uint32_t value, int32_t tag, int64_t payload,
                                                 int32_t y, char *label, uint32_t label_len) {
    _Alignas(4) uint8_t result[16];
    host_classify(outer, inner, value, tag, payload, y, (int32_t)(uintptr_t)label, (int32_t)label_len, result);
    if (tag == 1) {
        release(label, label_len);
    }
    BUILDER(b);
    if (result[0] == 1) {
        put_cstr(&b, "err:");
        put_u64(&b, result[4]);
    } else if (result[4] == 0) {
        put_cstr(&b, "ok:none");
    } else {
        string_t *text = (string_t *)(result + 8);
        put_cstr(&b, "ok:");
        put(&b, text->ptr, text->len);
        release(text->ptr, text->len);
    }
    return return_string(finish(&b));
}
EXPORT("cabi_post_relay-classify") void post_relay_classify(uint8_t *ret) { free_returned_string(ret); }
