#!/usr/bin/env bash
# Builds every plugin under plugins/<name>/<name>.c into the component plugins/dist/<name>.wasm.
#   plugins/build.sh           rebuild the artifacts in plugins/dist
#   plugins/build.sh --check   rebuild into a temporary directory and fail if plugins/dist differs
# Needs clang-19 (wasm32-wasi) and jco under .tools/ (scripts/install-toolchains.sh installs both).
set -euo pipefail
plugins=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$plugins")

mode=build
case "${1:-}" in
  "") ;;
  --check) mode=check ;;
  *) echo "usage: plugins/build.sh [--check]" >&2; exit 2 ;;
esac

if [ ! -d "$root/.tools/node_modules/@bytecodealliance/jco-transpile" ]; then
  echo "plugins/build.sh: jco is missing; run scripts/install-toolchains.sh first" >&2
  exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out="$plugins/dist"
[ "$mode" = check ] && out="$work/dist"
mkdir -p "$out"

for source_dir in "$plugins"/*/; do
  name=$(basename "$source_dir")
  [ -f "$source_dir/$name.c" ] || continue
  # Relative inputs and a fixed prefix map keep build paths out of the binary; debug info is stripped
  # because wasi-libc's carries its own build paths.
  (cd "$plugins" && clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -mexec-model=reactor \
      -Wall -Wextra -Werror -ffile-prefix-map="$plugins"=. -Wl,--strip-debug \
      -o "$work/$name.core.wasm" "$name/$name.c" common/*.c)
  node "$plugins/tools/componentize.mjs" "$work/$name.core.wasm" "$root/wit/plugins.wit" plugin "$out/$name.wasm"
done

if [ "$mode" = check ]; then
  status=0
  for built in "$out"/*.wasm; do
    name=$(basename "$built")
    if [ ! -f "$plugins/dist/$name" ]; then
      echo "plugins/build.sh --check: plugins/dist/$name is missing; run plugins/build.sh and commit it" >&2
      status=1
    elif ! cmp -s "$built" "$plugins/dist/$name"; then
      echo "plugins/build.sh --check: plugins/dist/$name differs from a fresh build; run plugins/build.sh and commit it" >&2
      status=1
    fi
  done
  for committed in "$plugins"/dist/*.wasm; do
    [ -f "$committed" ] || continue
    name=$(basename "$committed")
    if [ ! -f "$out/$name" ]; then
      echo "plugins/build.sh --check: plugins/dist/$name has no source plugins/${name%.wasm}/${name%.wasm}.c" >&2
      status=1
    fi
  done
  [ $status -eq 0 ] && echo "plugins/build.sh --check: all artifacts in plugins/dist are up to date"
  exit $status
fi
