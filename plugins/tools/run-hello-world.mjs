// node plugins/tools/run-hello-world.mjs [component.wasm]
// Runs plugins/dist/hello_world.wasm under jco's reference host (jco transpile, instantiated in Node with the
// imports below) and checks init -> handle-event -> shutdown, proving the hand-written Canonical ABI glue.
// Exits non-zero with the first mismatch. Also the seed of the differential tests against jco.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transpiler } from './jco.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const componentPath = process.argv[2] ?? path.join(here, '..', 'dist', 'hello_world.wasm');

// Transpiles a component with explicit instantiation, so imports are passed in rather than resolved as modules.
export async function instantiateWithJco(bytes, imports) {
  const { files } = await transpiler.transpileBytes(bytes, { name: 'guest', instantiation: 'async', noComponentErrorWrapping: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'witsharp-jco-'));
  try {
    for (const [name, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), content);
    }
    const module = await import(pathToFileURL(path.join(dir, 'guest.js')).href);
    const compile = async (name) => WebAssembly.compile(fs.readFileSync(path.join(dir, name)));
    return await module.instantiate(compile, imports);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const logged = [];
const host = {
  log: (level, message) => logged.push(`${level}: ${message}`),
};
// jco keys each import by its name and takes a world-level function from that module's `default`.
const instance = await instantiateWithJco(fs.readFileSync(componentPath), {
  log: { default: host.log },
});

const metadata = instance.init([
  { key: 'greeting', value: 'grüß dich' },
  { key: 'nested.depth', value: '2' },
]);
assert.deepEqual(metadata, {
  version: '0.1.0',
  description: 'Logs a greeting and every event it receives.',
  capabilities: ['log'],
});
instance.handleEvent({ tag: 'tick' });
instance.handleEvent({ tag: 'filesystem-change', val: { subscriptionId: 7n, paths: ['/a.vcd', '/b.fst'] } });
instance.handleEvent({ tag: 'config-updated', val: [{ key: 'k', value: 'v' }] });
instance.shutdown();

assert.deepEqual(logged, [
  'info: hello from hello_world',
  'info: config greeting = grüß dich',
  'info: config nested.depth = 2',
  'info: event: tick',
  'info: event: filesystem-change',
  'info: event: config-updated',
  'info: goodbye from hello_world',
]);
console.log(`run-hello-world: ok (${logged.length} log messages through jco)`);
