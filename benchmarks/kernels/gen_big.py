"""Writes C source with many distinct arithmetic/loop functions; compiled -O1 by clang it gives a ~1 MiB wasm module."""
import sys

count = int(sys.argv[1]) if len(sys.argv) > 1 else 2500
print("#include <stdint.h>")
for i in range(count):
    print(f"""__attribute__((noinline)) static uint32_t f{i}(uint32_t x, uint32_t n) {{
  uint32_t acc = {i}u;
  for (uint32_t k = 0; k < n; k++) {{
    acc = acc * {2 * i + 3}u + (x ^ (k << {i % 13}));
    if (acc & {1 << (i % 31)}u) acc ^= x >> {i % 7 + 1}; else acc += {i * 7 + 1}u;
    switch ((acc + k) & 3) {{ case 0: acc -= {i + 11}u; break; case 1: acc ^= {i * 5}u; break; case 2: acc = (acc << 3) | (acc >> 29); break; default: acc += x; }}
  }}
  return acc{f" + f{i - 1}(x, n >> 1)" if i % 4 else ""};
}}""")
print("__attribute__((export_name(\"run_all\"))) uint32_t run_all(uint32_t x, uint32_t n) {\n  uint32_t s = 0;")
for i in range(count):
    print(f"  s += f{i}(x, n);")
print("  return s;\n}")
