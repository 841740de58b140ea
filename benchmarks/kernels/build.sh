#!/usr/bin/env bash
# Builds the benchmark kernels: kernels.wasm (clang-19, freestanding wasm32, no imports) and libkernels.so (gcc -O2).
# Usage: build.sh [output-dir]   (default: ./out next to this script)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/out}"
mkdir -p "$out"
clang-19 --target=wasm32 -O2 -mbulk-memory -nostdlib -Wl,--no-entry -Wl,--export-dynamic -Wl,-z,stack-size=65536 \
  -o "$out/kernels.wasm" "$here/kernels.c"
gcc -O2 -shared -fPIC -o "$out/libkernels.so" "$here/kernels.c"
wat2wasm -o "$out/calls.wasm" "$here/calls.wat"
# The compile-time benchmark's module: many generated functions, about 1 MiB of wasm.
python3 "$here/gen_big.py" 5000 > "$out/big.c"
clang-19 --target=wasm32 -O1 -nostdlib -Wl,--no-entry -o "$out/big.wasm" "$out/big.c"
