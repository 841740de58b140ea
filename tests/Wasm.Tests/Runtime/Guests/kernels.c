// Test guest: small kernels exercising loops, memory, calls and 64-bit math.
// Built by ClangGuestTests with: clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -nostdlib -Wl,--no-entry -Wl,--export-all -o kernels.wasm kernels.c
static unsigned int table[256];

unsigned int fib(unsigned int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

unsigned int checksum(unsigned int count) {
    unsigned int h = 2166136261u;
    for (unsigned int i = 0; i < count; i++) {
        table[i & 255] = i * 2654435761u;
        h = (h ^ table[i & 255]) * 16777619u;
    }
    return h;
}

long long mix(int n) {
    long long s = 1;
    for (int i = 1; i <= n; i++) s = s * 6364136223846793005LL + (long long)table[i & 255];
    return s;
}

double harmonic(int n) {
    double s = 0;
    for (int i = 1; i <= n; i++) s += 1.0 / i;
    return s;
}
