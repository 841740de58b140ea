// Test guest: SIMD kernels, written with wasm_simd128.h intrinsics and as plain loops clang auto-vectorizes.
// Built by ClangGuestTests with: clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -msimd128 -nostdlib -Wl,--no-entry
//   -Wl,--export-all -o simd_kernels.wasm simd_kernels.c
#include <wasm_simd128.h>

static unsigned char bytes[1024];
static float xs[256], ys[256];
static int words[256];

// Fills the buffers from a linear congruential sequence, so the host can compute the same inputs.
void fill(unsigned int seed) {
    for (int i = 0; i < 1024; i++) { seed = seed * 1103515245u + 12345u; bytes[i] = (unsigned char)(seed >> 16); }
    for (int i = 0; i < 256; i++) {
        seed = seed * 1103515245u + 12345u;
        xs[i] = (float)(int)(seed >> 20) / 64.0f - 16.0f;
        seed = seed * 1103515245u + 12345u;
        ys[i] = (float)(int)(seed >> 20) / 128.0f;
        words[i] = (int)seed;
    }
}

// Saturating byte sums per lane, then a lane total: u8x16.add_sat, extend and extadd_pairwise.
unsigned int saturating_lanes(void) {
    v128_t acc = wasm_u8x16_splat(0);
    for (int i = 0; i < 1024; i += 16) acc = wasm_u8x16_add_sat(acc, wasm_v128_load(&bytes[i]));
    v128_t wide = wasm_u32x4_extadd_pairwise_u16x8(wasm_u16x8_extadd_pairwise_u8x16(acc));
    return wasm_u32x4_extract_lane(wide, 0) + wasm_u32x4_extract_lane(wide, 1) + wasm_u32x4_extract_lane(wide, 2) + wasm_u32x4_extract_lane(wide, 3);
}

// Four running float sums (lane i holds the products of elements i, i+4, ...), combined in lane order.
float dot(void) {
    v128_t acc = wasm_f32x4_splat(0.0f);
    for (int i = 0; i < 256; i += 4) acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_v128_load(&xs[i]), wasm_v128_load(&ys[i])));
    return ((wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1)) + wasm_f32x4_extract_lane(acc, 2)) + wasm_f32x4_extract_lane(acc, 3);
}

// Reverses the byte buffer in 16-byte blocks with a shuffle, in place; returns a checksum of the result.
unsigned int reverse_blocks(void) {
    unsigned int h = 2166136261u;
    for (int i = 0; i < 1024; i += 16) {
        v128_t v = wasm_v128_load(&bytes[i]);
        wasm_v128_store(&bytes[i], wasm_i8x16_shuffle(v, v, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0));
    }
    for (int i = 0; i < 1024; i++) h = (h ^ bytes[i]) * 16777619u;
    return h;
}

// A plain loop over ints that -O2 -msimd128 vectorizes (i32x4 compares, selects, adds).
long long clamp_sum(int low, int high) {
    long long s = 0;
    for (int i = 0; i < 256; i++) {
        int w = words[i] >> 8;
        s += w < low ? low : w > high ? high : w;
    }
    return s;
}

// Number of lanes where x < y, via f32x4.lt and i32x4.bitmask.
int count_less(void) {
    int n = 0;
    for (int i = 0; i < 256; i += 4) n += __builtin_popcount(wasm_i32x4_bitmask(wasm_f32x4_lt(wasm_v128_load(&xs[i]), wasm_v128_load(&ys[i]))));
    return n;
}
