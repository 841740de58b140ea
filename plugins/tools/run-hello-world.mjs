// node plugins/tools/run-hello-world.mjs [component.wasm]
// Runs plugins/dist/hello_world.wasm under jco's reference host (jco transpile, instantiated in Node with the
// imports below) and checks init -> handle-event -> shutdown, proving the hand-written Canonical ABI glue.
// Exits non-zero with the first mismatch.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { instantiateWithJco } from './jco-host.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const componentPath = process.argv[2] ?? path.join(here, '..', 'dist', 'hello_world.wasm');

const logged = [];
const host = {
  log: (level, message) => logged.push(`${level}: ${message}`),
};
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
