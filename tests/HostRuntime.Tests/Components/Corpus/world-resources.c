/* The world-resources guest: hand-written Canonical ABI glue for world-resources.wit. Its `tally` resource is declared
 * in the world, so the constructor, methods, static function and drop are all imported from `$root`. */
#include <stdint.h>
#include <stdlib.h>

#include "guest_glue.h"

#define IMPORT(name) __attribute__((import_module("$root"), import_name(name)))

IMPORT("[constructor]tally") int32_t tally_new(uint32_t start);
IMPORT("[method]tally.add") uint32_t tally_add(int32_t self, uint32_t by);
IMPORT("[static]tally.merge") int32_t tally_merge(int32_t a, int32_t b);
IMPORT("[resource-drop]tally") void tally_drop(int32_t handle);
IMPORT("peek") uint32_t host_peek(int32_t tally);
IMPORT("retire") uint32_t host_retire(int32_t tally);

EXPORT("count") uint32_t count(int32_t tally) {
    uint32_t value = host_peek(tally);
    tally_drop(tally);
    return value;
}

EXPORT("spawn") int32_t spawn(uint32_t start, uint32_t extra) {
    int32_t first = tally_new(start);
    tally_add(first, extra);
    int32_t merged = tally_merge(first, first);
    tally_drop(first);
    return merged; /* ownership moves to the caller */
}

EXPORT("consume") uint32_t consume(int32_t tally) { return host_retire(tally); }

EXPORT("discard") void discard(int32_t tally) { tally_drop(tally); }

EXPORT("count-all") uint32_t count_all(int32_t *tallies, uint32_t len, int32_t has_extra, int32_t extra) {
    uint32_t sum = 0;
    for (uint32_t i = 0; i < len; i++) {
        sum += host_peek(tallies[i]);
        tally_drop(tallies[i]);
    }
    free(tallies);
    if (has_extra) {
        sum += host_peek(extra);
        tally_drop(extra);
    }
    return sum;
}

/* Hostile: returns without dropping the borrows. */
EXPORT("keep-all") void keep_all(int32_t *tallies, uint32_t len) {
    (void)len;
    free(tallies);
}
