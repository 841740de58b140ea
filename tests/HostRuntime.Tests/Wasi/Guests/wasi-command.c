/* Command guest for the WASI host tests: main() prints its arguments and environment, and exits with 3.
 * Packaged with jco's preview1 command adapter (see plugins/tools/make-wasi-guests.mjs). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

extern char **environ;

int main(int argc, char **argv) {
    printf("argc=%d\n", argc);
    for (int i = 0; i < argc; i++) {
        printf("argv[%d]=%s\n", i, argv[i]);
    }
    for (char **variable = environ; *variable != NULL; variable++) {
        printf("env %s\n", *variable);
    }
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    printf("time ok: %s\n", now.tv_sec > 1700000000 ? "yes" : "no");
    fprintf(stderr, "exiting with 3\n");
    return 3;
}
