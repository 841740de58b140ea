#!/usr/bin/env bash
# Installs the guest toolchains the tests and plugin builds use: clang-19 for C -> wasm32,
# wabt (wat2wasm, wast2json) for spec tests, and jco (wasm-tools + a reference component host) under .tools/.
# Idempotent: does nothing for what is already there.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

need_apt=()
command -v clang-19 >/dev/null || need_apt+=(clang-19)
command -v wasm-ld-19 >/dev/null || need_apt+=(lld-19)
[ -f /usr/include/wasm32-wasi/stdio.h ] || need_apt+=(wasi-libc)
[ -f /usr/lib/llvm-19/lib/clang/19/lib/wasi/libclang_rt.builtins-wasm32.a ] || need_apt+=(libclang-rt-19-dev-wasm32)
command -v wast2json >/dev/null || need_apt+=(wabt)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "install-toolchains: apt-get install ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

jco_version=1.35.0
if [ ! -f "$root/.tools/node_modules/@bytecodealliance/jco/package.json" ] || \
   ! grep -q "\"version\": \"$jco_version\"" "$root/.tools/node_modules/@bytecodealliance/jco/package.json"; then
  echo "install-toolchains: npm install @bytecodealliance/jco@$jco_version into .tools/"
  mkdir -p "$root/.tools"
  (cd "$root/.tools" && [ -f package.json ] || echo '{"name":"witsharp-tools","private":true}' > package.json)
  (cd "$root/.tools" && npm install --no-audit --no-fund --silent "@bytecodealliance/jco@$jco_version" >/dev/null)
fi
