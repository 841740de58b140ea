/* The Canonical ABI glue the hand-written corpus guests share. Each guest is a single translation unit that includes
 * this header once (make-test-corpus.mjs compiles <name>.c alone), so the definitions below live in the guest. */
#ifndef WITSHARP_CORPUS_GUEST_GLUE_H
#define WITSHARP_CORPUS_GUEST_GLUE_H

#include <stddef.h>
#include <stdlib.h>

#define EXPORT(name) __attribute__((export_name(name)))

/* cabi_realloc over the C heap: malloc's 16-byte alignment covers every canonical alignment, a zero-sized request
 * gets the alignment itself as its (never dereferenced) address, and running out of memory traps. */
static void *canonical_realloc(void *ptr, size_t align, size_t new_size) {
    if (new_size == 0) {
        return (void *)align;
    }
    void *result = realloc(ptr, new_size);
    if (result == NULL) {
        abort();
    }
    return result;
}

/* A guest whose cabi_realloc misbehaves on purpose (hostile.c) defines GUEST_OWN_CABI_REALLOC before including this
 * header and ends its own export with canonical_realloc. */
#ifndef GUEST_OWN_CABI_REALLOC
EXPORT("cabi_realloc")
void *cabi_realloc(void *ptr, size_t old_size, size_t align, size_t new_size) {
    (void)old_size;
    return canonical_realloc(ptr, align, new_size);
}
#endif

#endif
