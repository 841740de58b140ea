/* The dual-resources guest: hand-written Canonical ABI glue for dual-resources.wit, which imports and exports the same
 * interface. Its exported `tally` (a resource it defines) wraps an owned handle of the imported `tally` (the host's):
 * two resource types of the same name, their handles numbered together in the instance's one table. */
#include <stdint.h>
#include <stdlib.h>

#include "guest_glue.h"

#define TALLIES "witsharp:values/tallies@1.0.0"
#define IMPORT(module, name) __attribute__((import_module(module), import_name(name)))

typedef struct { int32_t host; } tally_t;

IMPORT(TALLIES, "[constructor]tally") int32_t host_tally_new(uint32_t start);
IMPORT(TALLIES, "[method]tally.value") uint32_t host_tally_value(int32_t self);
IMPORT(TALLIES, "[resource-drop]tally") void host_tally_drop(int32_t handle);
IMPORT(TALLIES, "total") uint32_t host_total(int32_t a, int32_t b);
IMPORT("[export]" TALLIES, "[resource-new]tally") int32_t tally_new_handle(tally_t *rep);

EXPORT(TALLIES "#[constructor]tally") int32_t tally_constructor(uint32_t start) {
    tally_t *tally = malloc(sizeof *tally);
    tally->host = host_tally_new(start);
    return tally_new_handle(tally);
}

EXPORT(TALLIES "#[dtor]tally") void tally_destructor(tally_t *tally) {
    host_tally_drop(tally->host);
    free(tally);
}

EXPORT(TALLIES "#[method]tally.value") uint32_t tally_value(tally_t *self) { return host_tally_value(self->host) + 1; }

/* Borrows of its own resource arrive as representations; the host's total sees the wrapped host handles. */
EXPORT(TALLIES "#total") uint32_t tallies_total(tally_t *a, tally_t *b) { return host_total(a->host, b->host) + 2; }
