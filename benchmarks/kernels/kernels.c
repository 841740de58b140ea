/* Compute kernels shared by the wasm32 (clang-19, freestanding, no imports) and native (gcc -O2 .so) builds.
   Each kernel: <name>_init() prepares input deterministically, <name>_run() computes and returns a checksum. */
#include <stdint.h>

#define EXPORT(name) __attribute__((visibility("default"), export_name(#name))) 
#ifndef __wasm__
#undef EXPORT
#define EXPORT(name) __attribute__((visibility("default")))
#endif

static uint32_t lcg_state;
static uint32_t lcg_next(void) { lcg_state = lcg_state * 1664525u + 1013904223u; return lcg_state; }

/* ---- SHA-256 over 1 MiB ---- */
#define SHA_INPUT_BYTES (1u << 20)
static uint8_t sha_input[SHA_INPUT_BYTES];
static const uint32_t sha_k[64] = {
 0x428a2f98,0x71374491,0xb5c0fbcf,0xe9b5dba5,0x3956c25b,0x59f111f1,0x923f82a4,0xab1c5ed5,
 0xd807aa98,0x12835b01,0x243185be,0x550c7dc3,0x72be5d74,0x80deb1fe,0x9bdc06a7,0xc19bf174,
 0xe49b69c1,0xefbe4786,0x0fc19dc6,0x240ca1cc,0x2de92c6f,0x4a7484aa,0x5cb0a9dc,0x76f988da,
 0x983e5152,0xa831c66d,0xb00327c8,0xbf597fc7,0xc6e00bf3,0xd5a79147,0x06ca6351,0x14292967,
 0x27b70a85,0x2e1b2138,0x4d2c6dfc,0x53380d13,0x650a7354,0x766a0abb,0x81c2c92e,0x92722c85,
 0xa2bfe8a1,0xa81a664b,0xc24b8b70,0xc76c51a3,0xd192e819,0xd6990624,0xf40e3585,0x106aa070,
 0x19a4c116,0x1e376c08,0x2748774c,0x34b0bcb5,0x391c0cb3,0x4ed8aa4a,0x5b9cca4f,0x682e6ff3,
 0x748f82ee,0x78a5636f,0x84c87814,0x8cc70208,0x90befffa,0xa4506ceb,0xbef9a3f7,0xc67178f2};
#define ROTR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha_block(uint32_t h[8], const uint8_t *p) {
  uint32_t w[64];
  for (int i = 0; i < 16; i++) w[i] = (uint32_t)p[4*i] << 24 | (uint32_t)p[4*i+1] << 16 | (uint32_t)p[4*i+2] << 8 | p[4*i+3];
  for (int i = 16; i < 64; i++) {
    uint32_t s0 = ROTR(w[i-15], 7) ^ ROTR(w[i-15], 18) ^ (w[i-15] >> 3);
    uint32_t s1 = ROTR(w[i-2], 17) ^ ROTR(w[i-2], 19) ^ (w[i-2] >> 10);
    w[i] = w[i-16] + s0 + w[i-7] + s1;
  }
  uint32_t a=h[0],b=h[1],c=h[2],d=h[3],e=h[4],f=h[5],g=h[6],hh=h[7];
  for (int i = 0; i < 64; i++) {
    uint32_t t1 = hh + (ROTR(e,6) ^ ROTR(e,11) ^ ROTR(e,25)) + ((e & f) ^ (~e & g)) + sha_k[i] + w[i];
    uint32_t t2 = (ROTR(a,2) ^ ROTR(a,13) ^ ROTR(a,22)) + ((a & b) ^ (a & c) ^ (b & c));
    hh=g; g=f; f=e; e=d+t1; d=c; c=b; b=a; a=t1+t2;
  }
  h[0]+=a; h[1]+=b; h[2]+=c; h[3]+=d; h[4]+=e; h[5]+=f; h[6]+=g; h[7]+=hh;
}

EXPORT(sha256_init) void sha256_init(void) {
  lcg_state = 1;
  for (uint32_t i = 0; i < SHA_INPUT_BYTES; i++) sha_input[i] = (uint8_t)(lcg_next() >> 24);
}

/* Input is a whole number of blocks; the padding block is hashed separately. Returns the XOR of the digest words. */
EXPORT(sha256_run) uint32_t sha256_run(void) {
  uint32_t h[8] = {0x6a09e667,0xbb67ae85,0x3c6ef372,0xa54ff53a,0x510e527f,0x9b05688c,0x1f83d9ab,0x5be0cd19};
  for (uint32_t off = 0; off < SHA_INPUT_BYTES; off += 64) sha_block(h, sha_input + off);
  uint8_t pad[64] = {0x80};
  uint64_t bits = (uint64_t)SHA_INPUT_BYTES * 8;
  for (int i = 0; i < 8; i++) pad[63 - i] = (uint8_t)(bits >> (8 * i));
  sha_block(h, pad);
  uint32_t x = 0;
  for (int i = 0; i < 8; i++) x ^= h[i] * (uint32_t)(i + 1);
  return x;
}

/* ---- 128x128 double matrix multiply ---- */
#define MAT_N 128
static double mat_a[MAT_N * MAT_N], mat_b[MAT_N * MAT_N], mat_c[MAT_N * MAT_N];

EXPORT(matmul_init) void matmul_init(void) {
  lcg_state = 2;
  for (int i = 0; i < MAT_N * MAT_N; i++) {
    mat_a[i] = (double)(lcg_next() >> 16) / 65536.0;
    mat_b[i] = (double)(lcg_next() >> 16) / 65536.0;
  }
}

EXPORT(matmul_run) uint32_t matmul_run(void) {
  for (int i = 0; i < MAT_N; i++)
    for (int j = 0; j < MAT_N; j++) {
      double sum = 0;
      for (int k = 0; k < MAT_N; k++) sum += mat_a[i*MAT_N + k] * mat_b[k*MAT_N + j];
      mat_c[i*MAT_N + j] = sum;
    }
  uint32_t x = 0;
  for (int i = 0; i < MAT_N * MAT_N; i++) x = x * 31u + (uint32_t)(int64_t)(mat_c[i] * 1024.0);
  return x;
}

/* ---- bottom-up merge sort of 1M ints ---- */
#define SORT_N (1u << 20)
static int32_t sort_data[SORT_N], sort_tmp[SORT_N];

EXPORT(sort_init) void sort_init(void) { }

EXPORT(sort_run) uint32_t sort_run(void) {
  lcg_state = 3;
  for (uint32_t i = 0; i < SORT_N; i++) sort_data[i] = (int32_t)lcg_next();
  int32_t *src = sort_data, *dst = sort_tmp;
  for (uint32_t width = 1; width < SORT_N; width *= 2) {
    for (uint32_t lo = 0; lo < SORT_N; lo += 2 * width) {
      uint32_t mid = lo + width < SORT_N ? lo + width : SORT_N;
      uint32_t hi = lo + 2 * width < SORT_N ? lo + 2 * width : SORT_N;
      uint32_t i = lo, j = mid, k = lo;
      while (i < mid && j < hi) dst[k++] = src[i] <= src[j] ? src[i++] : src[j++];
      while (i < mid) dst[k++] = src[i++];
      while (j < hi) dst[k++] = src[j++];
    }
    int32_t *t = src; src = dst; dst = t;
  }
  uint32_t x = 0;
  for (uint32_t i = 0; i < SORT_N; i += 4096) x = x * 31u + (uint32_t)src[i];
  for (uint32_t i = 1; i < SORT_N; i++) if (src[i-1] > src[i]) return 0; /* unsorted: checksum 0 flags a bug */
  return x;
}

/* ---- call-overhead probes ---- */
EXPORT(nop) void nop(void) { }
