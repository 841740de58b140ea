// node plugins/tools/make-wasi-guests.mjs
// Builds the WASI host's test guests in tests/HostRuntime.Tests/Wasi/Guests: each <name>.c (wasi-libc, clang-19)
// with its <name>.wit world into <name>.component.wasm, using jco's preview1 adapter: the reactor adapter for
// wasi-reactor, the command adapter (main() behind wasi:cli/run) for wasi-command, none for wasi-direct (it imports
// WASI 0.2.0 itself, as Rust's wasm32-wasip2 std does, so componentize adds no adapter); wasi-newer has no C source and
// is wasm-tools' dummy module for its world (a component importing a WASI version newer than the host's);
// wasi-plugin implements wit/plugins.wit's `plugin` world with plugins/common's glue and printf (reactor adapter).
// Rerun after editing a guest and commit the outputs; with --check it only verifies that the committed outputs
// rebuild byte-identically (CI runs that).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { componentize } from './componentize.mjs';
import { wasmTools } from './jco.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const guests = path.join(root, 'tests', 'HostRuntime.Tests', 'Wasi', 'Guests');
const check = process.argv[2] === '--check';
let stale = 0;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'witsharp-wasi-guests-'));
try {
  const pluginCommon = path.join(root, 'plugins', 'common');
  const pluginSources = fs.readdirSync(pluginCommon).filter(f => f.endsWith('.c')).sort().map(f => path.join(pluginCommon, f));
  for (const [name, adapter] of [['wasi-reactor', 'reactor'], ['wasi-command', 'command'], ['wasi-direct', 'reactor'], ['wasi-newer', 'none'], ['wasi-plugin', 'reactor']]) {
    const isPlugin = name === 'wasi-plugin';
    const witPath = isPlugin ? path.join(root, 'wit', 'plugins.wit') : path.join(guests, `${name}.wit`);
    const world = isPlugin ? 'plugin' : name;
    let component;
    if (adapter === 'none') {
      const witSource = fs.readFileSync(path.join(guests, `${name}.wit`), 'utf8');
      component = await wasmTools.componentNew(await wasmTools.componentEmbed({ dummy: true, witSource, world: name }));
    } else {
      const core = path.join(work, `${name}.core.wasm`);
      execFileSync('clang-19', ['--target=wasm32-wasi', '--sysroot=/usr', '-O2', `-mexec-model=${adapter}`, '-Wall', '-Wextra', '-Werror',
        '-ffile-prefix-map=' + root + '=.', '-Wl,--strip-debug', '-o', core, `${name}.c`, ...(isPlugin ? pluginSources : [])],
        { cwd: guests, stdio: 'inherit' });
      [, component] = await componentize(fs.readFileSync(core), witPath, world, adapter);
    }
    const output = path.join(guests, `${name}.component.wasm`);
    if (!check) {
      fs.writeFileSync(output, component);
      console.log(`make-wasi-guests: ${name} (${component.length} bytes)`);
    } else if (!fs.existsSync(output) || Buffer.compare(fs.readFileSync(output), Buffer.from(component)) !== 0) {
      console.error(`make-wasi-guests --check: ${path.relative(root, output)} differs from a fresh build; run node plugins/tools/make-wasi-guests.mjs and commit it`);
      stale++;
    }
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
if (check) {
  if (stale > 0) process.exit(1);
  console.log('make-wasi-guests --check: the WASI test guests are up to date');
}
