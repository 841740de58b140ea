/* The unused-import guest: exports `meters` with a meter of its own and never calls the imported `meters`, so the
 * built component has no such import although its world declares one. */
#include <stdint.h>
#include <stdlib.h>

#include "guest_glue.h"

#define METERS "witsharp:values/meters@1.0.0"
#define IMPORT(module, name) __attribute__((import_module(module), import_name(name)))

typedef struct { uint32_t value; } meter_t;

IMPORT("[export]" METERS, "[resource-new]meter") int32_t meter_new_handle(meter_t *rep);

EXPORT(METERS "#[constructor]meter") int32_t meter_constructor(uint32_t start) {
    meter_t *meter = malloc(sizeof *meter);
    meter->value = start;
    return meter_new_handle(meter);
}

EXPORT(METERS "#[dtor]meter") void meter_destructor(meter_t *meter) { free(meter); }

EXPORT(METERS "#[method]meter.reading") uint32_t meter_reading(meter_t *self) { return self->value; }

EXPORT(METERS "#total") uint32_t meters_total(meter_t *a, meter_t *b) { return a->value + b->value; }
