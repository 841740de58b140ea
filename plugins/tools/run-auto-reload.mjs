// node plugins/tools/run-auto-reload.mjs [component.wasm]
// Runs plugins/dist/auto_reload.wasm under jco's reference host with a fake host and change events for the files in
// samples/waveforms: checks that changes are batched by count and by delay (in ticks), de-duplicated, kept when a
// publication is refused, flushed at shutdown, and that bad config is reported. Exits non-zero at the first mismatch.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hostError, instantiateWithJco } from './jco-host.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const componentPath = process.argv[2] ?? path.join(here, '..', 'dist', 'auto_reload.wasm');
const component = fs.readFileSync(componentPath);
const samples = path.join(here, '..', '..', 'samples', 'waveforms');
const [alu, aluFst, uart, uartFst] = ['cpu/alu.vcd', 'cpu/alu.fst', 'io/uart.vcd', 'io/uart.fst'].map((p) => path.join(samples, p));
for (const file of [alu, aluFst, uart, uartFst]) assert.ok(fs.existsSync(file), `missing sample ${file}`);

function fakeHost() {
  const host = { logged: [], published: [], subscriptions: [], refuse: false };
  host.imports = {
    log: { default: (level, message) => host.logged.push(`${level}: ${message.replaceAll(samples, '<samples>')}`) },
    'watch-subscribe': {
      default: (directories, debounceMs) => {
        host.subscriptions.push({ directories, debounceMs });
        return { id: 42n };
      },
    },
    'relay-publish': {
      default: (channel, event) => {
        if (host.refuse) throw hostError('io', 'relay is full');
        assert.equal(event.tag, 'refresh-timeline');
        host.published.push({ channel, paths: event.val });
      },
    },
  };
  return host;
}
const change = (...paths) => ({ tag: 'filesystem-change', val: { subscriptionId: 42n, paths } });
const tick = { tag: 'tick' };

const host = fakeHost();
const reload = await instantiateWithJco(component, host.imports);
assert.deepEqual(reload.init([
  { key: 'batch-size', value: '3' },
  { key: 'max-delay-ms', value: '250' },
  { key: 'tick-interval-ms', value: '100' },
]), {
  version: '0.1.0',
  description: 'Batches filesystem changes into refresh-timeline events.',
  capabilities: ['log', 'watch-subscribe', 'relay-publish'],
});
assert.deepEqual(host.subscriptions, [], 'no directories configured: the host delivers the changes');

// Ticks with nothing pending do nothing; two events then three ticks (300 ms >= 250 ms) publish once, de-duplicated.
reload.handleEvent(tick);
reload.handleEvent(change(alu, aluFst));
reload.handleEvent(change(aluFst, uart, alu));
reload.handleEvent(tick);
reload.handleEvent(tick);
assert.deepEqual(host.published, []);
reload.handleEvent(tick);
assert.deepEqual(host.published, [{ channel: 'timeline', paths: [alu, aluFst, uart] }]);
reload.handleEvent(tick);
reload.handleEvent(tick);
assert.equal(host.published.length, 1);

// The third event fills the batch without waiting for ticks.
reload.handleEvent(change(uartFst));
reload.handleEvent(change(uartFst));
reload.handleEvent(change(alu));
assert.deepEqual(host.published.at(-1), { channel: 'timeline', paths: [uartFst, alu] });

// A refused publication keeps the batch; the next one carries it.
host.refuse = true;
reload.handleEvent(change(uart));
reload.handleEvent(change(uart));
assert.throws(() => reload.handleEvent(change(aluFst)), (e) => e.tag === 'io' && e.val === 'relay is full');
host.refuse = false;
reload.handleEvent(change(alu));
assert.deepEqual(host.published.at(-1), { channel: 'timeline', paths: [uart, aluFst, alu] });

// New settings: one event per batch, another channel, and a directory the plugin watches itself.
reload.handleEvent({ tag: 'config-updated', val: [
  { key: 'batch-size', value: '1' },
  { key: 'channel', value: 'viewer' },
  { key: 'directories', value: `${samples}/cpu, ${samples}/io` },
  { key: 'debounce-ms', value: '20' },
] });
assert.deepEqual(host.subscriptions, [{ directories: [`${samples}/cpu`, `${samples}/io`], debounceMs: 20 }]);
reload.handleEvent(change(uart));
assert.deepEqual(host.published.at(-1), { channel: 'viewer', paths: [uart] });
assert.throws(() => reload.handleEvent({ tag: 'config-updated', val: [{ key: 'batch-size', value: '0' }] }),
  (e) => e.tag === 'invalid-config' && e.val === "config key 'batch-size' must be at least 1");

// Shutdown publishes what is still pending under the settings that stayed in force.
reload.handleEvent({ tag: 'config-updated', val: [{ key: 'batch-size', value: '5' }, { key: 'channel', value: 'viewer' }] });
reload.handleEvent(change(aluFst));
reload.shutdown();
assert.deepEqual(host.published.at(-1), { channel: 'viewer', paths: [aluFst] });
assert.equal(host.published.length, 5);

assert.deepEqual(host.logged, [
  'info: batching up to 3 change events or 250 ms; publishing on channel timeline',
  'info: refresh-timeline: 3 paths from 2 change events (max delay reached)',
  'info: refresh-timeline: 2 paths from 3 change events (batch full)',
  'error: cannot publish on channel timeline: relay is full',
  'info: refresh-timeline: 3 paths from 4 change events (batch full)',
  'info: batching up to 1 change events or 500 ms; publishing on channel viewer',
  'info: watching 2 directories as subscription 42',
  'info: refresh-timeline: 1 paths from 1 change events (batch full)',
  'info: batching up to 5 change events or 500 ms; publishing on channel viewer',
  'info: refresh-timeline: 1 paths from 1 change events (shutdown)',
]);

// Malformed numbers fail init with a message naming the key.
const broken = await instantiateWithJco(component, fakeHost().imports);
assert.throws(() => broken.init([{ key: 'max-delay-ms', value: '5s' }]),
  (e) => e.tag === 'invalid-config' && e.val === "config key 'max-delay-ms' must be an unsigned 32-bit integer, got '5s'");
assert.throws(() => broken.init([{ key: 'batch-size', value: '4294967296' }]),
  (e) => e.tag === 'invalid-config' && e.val === "config key 'batch-size' must be an unsigned 32-bit integer, got '4294967296'");

console.log(`run-auto-reload: ok (${host.published.length} refresh-timeline events, ${host.logged.length} log messages through jco)`);
