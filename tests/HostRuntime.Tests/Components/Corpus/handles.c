/* The handles guest: hand-written Canonical ABI glue for handles.wit. It defines the `counter` resource and uses the
 * host's `blob` resource through owned and borrowed handles, plus a few deliberate handle-table violations. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "guest_glue.h"

#define BLOBS "witsharp:handles/blobs@1.0.0"
#define COUNTERS "witsharp:handles/counters@1.0.0"
#define IMPORT(module, name) __attribute__((import_module(module), import_name(name)))

typedef struct { int64_t value; } counter_t;

static uint32_t live_counters;

IMPORT(BLOBS, "[constructor]blob") int32_t blob_new(const uint8_t *data, uint32_t len);
IMPORT(BLOBS, "[method]blob.size") uint32_t blob_size(int32_t self);
IMPORT(BLOBS, "[resource-drop]blob") void blob_drop(int32_t handle);
IMPORT(BLOBS, "reclaim") uint32_t blob_reclaim(int32_t blob);
IMPORT(BLOBS, "merge") uint32_t blob_merge(int32_t target, int32_t source);
IMPORT("[export]" COUNTERS, "[resource-new]counter") int32_t counter_new_handle(counter_t *rep);
IMPORT("[export]" COUNTERS, "[resource-rep]counter") counter_t *counter_rep(int32_t handle);
IMPORT("[export]" COUNTERS, "[resource-drop]counter") void counter_drop(int32_t handle);

EXPORT(COUNTERS "#[constructor]counter") int32_t counter_constructor(int64_t start) {
    counter_t *counter = malloc(sizeof *counter);
    counter->value = start;
    live_counters++;
    return counter_new_handle(counter);
}

EXPORT(COUNTERS "#[dtor]counter") void counter_destructor(counter_t *counter) {
    live_counters--;
    free(counter);
}

/* Methods of a resource the guest defines receive the representation, not a handle. */
EXPORT(COUNTERS "#[method]counter.increment") void counter_increment(counter_t *self, int64_t by) { self->value += by; }
EXPORT(COUNTERS "#[method]counter.value") int64_t counter_value(counter_t *self) { return self->value; }

/* A borrowed host handle must be dropped before returning. */
EXPORT(COUNTERS "#[method]counter.absorb") void counter_absorb(counter_t *self, int32_t blob) {
    self->value += blob_size(blob);
    blob_drop(blob);
}

EXPORT(COUNTERS "#live-counters") uint32_t counters_live(void) { return live_counters; }

EXPORT(COUNTERS "#total") int64_t counters_total(counter_t *a, counter_t *b) { return a->value + b->value; }

EXPORT(COUNTERS "#make-blob") int32_t counters_make_blob(uint32_t size) {
    uint8_t *data = calloc(size == 0 ? 1 : size, 1);
    int32_t handle = blob_new(data, size);
    free(data);
    return handle; /* ownership moves to the caller */
}

EXPORT(COUNTERS "#blob-size") uint32_t counters_blob_size(int32_t blob) {
    uint32_t size = blob_size(blob);
    blob_drop(blob);
    return size;
}

EXPORT(COUNTERS "#drop-blob") void counters_drop_blob(int32_t blob) { blob_drop(blob); }

/* Owned handles the guest takes over: dropping them runs the destructors (the host's for a blob). */
EXPORT(COUNTERS "#adopt") uint32_t counters_adopt(int32_t counter, int32_t blob, uint8_t *label, uint32_t length) {
    blob_drop(blob);
    counter_drop(counter);
    free(label);
    return length;
}

EXPORT(COUNTERS "#adopt-all") uint32_t counters_adopt_all(int32_t *blobs, uint32_t count) {
    for (uint32_t i = 0; i < count; i++) {
        blob_drop(blobs[i]);
    }
    free(blobs);
    return count;
}

/* Hostile: returns without dropping the borrow it received. */
EXPORT(COUNTERS "#keep-borrow") void counters_keep_borrow(int32_t blob) { (void)blob; }

/* Hostile: handle indexes the guest never received, or handles of another resource type (counter and blob handles
 * share the instance's one table). */
EXPORT(COUNTERS "#forge-drop") void counters_forge_drop(uint32_t handle) { blob_drop((int32_t)handle); }
EXPORT(COUNTERS "#forge-size") uint32_t counters_forge_size(uint32_t handle) { return blob_size((int32_t)handle); }
EXPORT(COUNTERS "#forge-rep") uint32_t counters_forge_rep(uint32_t handle) {
    return (uint32_t)(uintptr_t)counter_rep((int32_t)handle);
}
EXPORT(COUNTERS "#forge-reclaim") uint32_t counters_forge_reclaim(uint32_t handle) { return blob_reclaim((int32_t)handle); }
/* One handle as both the borrow and the own of a call: lift_borrow lends it, so lift_own must trap. */
EXPORT(COUNTERS "#forge-merge") uint32_t counters_forge_merge(uint32_t handle) { return blob_merge((int32_t)handle, (int32_t)handle); }
