/* A guest that uses wasi-libc's stdio and environment, so its component carries the preview1 adapter and the
 * WASI interfaces it imports (resources, nested instances, more core modules): a realistic decoder input. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

__attribute__((export_name("run")))
int32_t run(int32_t n) {
    printf("run %d\n", (int)n);
    FILE *file = fopen("/data/input.txt", "r");
    if (file != NULL) {
        fclose(file);
    }
    return getenv("HOME") != NULL ? n + 1 : n;
}
