/* Reactor guest for the WASI host tests: wasi-libc's printf, getenv, clock_gettime, nanosleep, opendir/readdir,
 * fopen and exit, packaged with jco's preview1 reactor adapter (see plugins/tools/make-wasi-guests.mjs). */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

__attribute__((export_name("cabi_realloc")))
void *cabi_realloc(void *ptr, size_t old_size, size_t align, size_t new_size) {
    (void)old_size;
    (void)align;
    return realloc(ptr, new_size == 0 ? 1 : new_size);
}

static char *copy(const char *ptr, size_t len) {
    char *text = malloc(len + 1);
    memcpy(text, ptr, len);
    text[len] = 0;
    return text;
}

__attribute__((export_name("greet")))
int64_t greet(void) {
    printf("hello from wasi-libc\n");
    const char *greeting = getenv("GREETING");
    printf("GREETING=%s\n", greeting != NULL ? greeting : "(unset)");
    fprintf(stderr, "a warning on stderr\n");
    printf("unterminated");
    fflush(stdout);
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    return (int64_t)now.tv_sec;
}

__attribute__((export_name("sleep-ms")))
uint32_t sleep_ms(void) {
    struct timespec before, after, pause = {0, 20 * 1000 * 1000};
    clock_gettime(CLOCK_MONOTONIC, &before);
    nanosleep(&pause, NULL);
    clock_gettime(CLOCK_MONOTONIC, &after);
    return (uint32_t)((after.tv_sec - before.tv_sec) * 1000 + (after.tv_nsec - before.tv_nsec) / 1000000);
}

__attribute__((export_name("list-dir")))
int32_t list_dir(char *path_ptr, size_t path_len, char *file_ptr, size_t file_len) {
    char *path = copy(path_ptr, path_len);
    char *file = copy(file_ptr, file_len);
    free(path_ptr);
    free(file_ptr);
    int32_t count = -1;
    DIR *dir = opendir(path);
    if (dir == NULL) {
        printf("opendir %s failed\n", path);
    } else {
        count = 0;
        struct dirent *entry;
        while ((entry = readdir(dir)) != NULL) {
            if (strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0) {
                count++;
            }
        }
        closedir(dir);
        printf("%s has %d entries\n", path, (int)count);
    }
    char full[512];
    snprintf(full, sizeof full, "%s/%s", path, file);
    FILE *input = fopen(full, "r");
    if (input == NULL) {
        printf("fopen %s failed\n", full);
    } else {
        char line[128] = {0};
        fgets(line, sizeof line, input);
        line[strcspn(line, "\n")] = 0;
        printf("%s: %s\n", full, line);
        fclose(input);
    }
    free(path);
    free(file);
    /* A reactor never exits, so nothing flushes stdio's buffers but the guest itself. */
    fflush(stdout);
    return count;
}

__attribute__((export_name("quit")))
void quit(int32_t code) {
    printf("quitting with %d\n", (int)code);
    exit(code);
}
