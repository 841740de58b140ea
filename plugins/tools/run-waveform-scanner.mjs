// node plugins/tools/run-waveform-scanner.mjs [component.wasm]
// Runs plugins/dist/waveform_scanner.wasm under jco's reference host with a fake host whose filesystem is a copy of
// samples/waveforms: checks the discoveries it publishes, its watch subscription, rescans on filesystem-change,
// config updates, and how it reports bad config, unreadable directories and refused channels.
// Exits non-zero with the first mismatch.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hostError, instantiateWithJco } from './jco-host.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const componentPath = process.argv[2] ?? path.join(here, '..', 'dist', 'waveform_scanner.wasm');
const component = fs.readFileSync(componentPath);
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'witsharp-scanner-'));
fs.cpSync(path.join(here, '..', '..', 'samples', 'waveforms'), root, { recursive: true });

/** A host granting only `root`; `bareNames` lists entries by name instead of by path. */
function fakeHost({ bareNames = false } = {}) {
  const host = { logged: [], published: [], subscriptions: [] };
  const hide = (text) => text.replaceAll(root, '<root>');
  host.imports = {
    log: { default: (level, message) => host.logged.push(`${level}: ${hide(message)}`) },
    'filesystem-list-dir': {
      default: (directory) => {
        const resolved = path.resolve(directory);
        if (resolved !== root && !resolved.startsWith(root + path.sep)) throw hostError('io', `not granted: ${directory}`);
        return fs.readdirSync(resolved, { withFileTypes: true })
          .map((entry) => ({ path: bareNames ? entry.name : path.join(directory, entry.name), isDir: entry.isDirectory() }));
      },
    },
    'watch-subscribe': {
      default: (directories, debounceMs) => {
        host.subscriptions.push({ directories: directories.map(hide), debounceMs });
        return { id: BigInt(host.subscriptions.length) };
      },
    },
    'relay-publish': {
      default: (channel, event) => {
        if (channel === 'denied') throw hostError('invalid-config', `channel ${channel} is not granted`);
        assert.equal(event.tag, 'discovery');
        host.published.push({ channel, pluginId: event.val.pluginId, discovered: event.val.discovered.map(hide) });
      },
    },
  };
  return host;
}

try {
  // Directories in the indexed encoding, extensions comma-separated with odd spacing and case.
  const host = fakeHost();
  const scanner = await instantiateWithJco(component, host.imports);
  const metadata = scanner.init([
    { key: 'directories.0', value: root },
    { key: 'directories.1', value: '/outside' },
    { key: 'extensions', value: ' .VCD, fst ,' },
  ]);
  assert.deepEqual(metadata, {
    version: '0.1.0',
    description: 'Finds waveform files in its directories and publishes them as discoveries.',
    capabilities: ['log', 'filesystem-list-dir', 'watch-subscribe', 'relay-publish'],
  });
  const samples = ['<root>/cpu/alu.fst', '<root>/cpu/alu.vcd', '<root>/io/uart.fst', '<root>/io/uart.vcd'];
  assert.deepEqual(host.published, [{ channel: 'discovery', pluginId: 'waveform_scanner', discovered: samples }]);
  assert.deepEqual(host.subscriptions, [{ directories: ['<root>', '/outside'], debounceMs: 200 }]);

  // A change that adds nothing publishes nothing; a new file in a new subdirectory is found on rescan.
  scanner.handleEvent({ tag: 'filesystem-change', val: { subscriptionId: 1n, paths: [path.join(root, 'io', 'notes.txt')] } });
  assert.equal(host.published.length, 1);
  fs.mkdirSync(path.join(root, 'io', 'spi'));
  fs.writeFileSync(path.join(root, 'io', 'spi', 'bus.Vcd'), '$timescale 1ns $end\n');
  scanner.handleEvent({ tag: 'filesystem-change', val: { subscriptionId: 1n, paths: [path.join(root, 'io', 'spi')] } });
  scanner.handleEvent({ tag: 'tick' });
  assert.deepEqual(host.published.at(-1).discovered, [...samples, '<root>/io/spi/bus.Vcd'].sort());
  assert.equal(host.published.length, 2);

  // New config: other directory, extension, channel and plugin id; the new directory list is watched.
  scanner.handleEvent({ tag: 'config-updated', val: [
    { key: 'directories', value: path.join(root, 'io') },
    { key: 'extensions', value: 'txt' },
    { key: 'channel', value: 'notes' },
    { key: 'plugin-id', value: 'scanner-2' },
    { key: 'debounce-ms', value: '50' },
  ] });
  assert.deepEqual(host.published.at(-1), { channel: 'notes', pluginId: 'scanner-2', discovered: ['<root>/io/notes.txt'] });
  assert.deepEqual(host.subscriptions.at(-1), { directories: ['<root>/io'], debounceMs: 50 });
  // A bad update is refused and the previous settings stay.
  assert.throws(() => scanner.handleEvent({ tag: 'config-updated', val: [{ key: 'directories', value: root }, { key: 'watch', value: 'yes' }] }),
    (e) => e.tag === 'invalid-config' && e.val === "config key 'watch' must be true or false, got 'yes'");
  scanner.shutdown();

  assert.deepEqual(host.logged, [
    'info: scanning <root>',
    'info: scanning /outside',
    'warn: cannot list /outside: not granted: /outside',
    'info: initial scan: found 4 waveform files in 3 directories',
    'info: published 4 discoveries on channel discovery',
    'info: watching 2 directories as subscription 1',
    'info: 1 paths changed under subscription 1; rescanning',
    'warn: cannot list /outside: not granted: /outside',
    'info: rescan: found 4 waveform files in 3 directories',
    'debug: no change since the last discovery; nothing published',
    'info: 1 paths changed under subscription 1; rescanning',
    'warn: cannot list /outside: not granted: /outside',
    'info: rescan: found 5 waveform files in 4 directories',
    'info: published 5 discoveries on channel discovery',
    'info: configuration updated; rescanning',
    'info: rescan: found 1 waveform files in 2 directories',
    'info: published 1 discoveries on channel notes',
    'info: watching 1 directories as subscription 2',
    'info: shutting down after publishing 1 discoveries',
  ]);

  // Bare names from the host are joined to their directory; max-depth stops the descent; watch can be off.
  const bare = fakeHost({ bareNames: true });
  const shallow = await instantiateWithJco(component, bare.imports);
  shallow.init([{ key: 'directories', value: root }, { key: 'max-depth', value: '0' }, { key: 'watch', value: 'false' },
    { key: 'extensions', value: '.txt' }]);
  assert.deepEqual(bare.published, [{ channel: 'discovery', pluginId: 'waveform_scanner', discovered: [] }]);
  assert.deepEqual(bare.subscriptions, []);
  assert.ok(bare.logged.includes('debug: not descending into <root>/io: max-depth reached'));

  // Config errors and a refused channel fail init with the plugin-error the host can show.
  const failing = fakeHost();
  const broken = await instantiateWithJco(component, failing.imports);
  assert.throws(() => broken.init([]),
    (e) => e.tag === 'invalid-config' && e.val === "config key 'directories' must name at least one directory");
  assert.throws(() => broken.init([{ key: 'directories', value: root }, { key: 'max-depth', value: '-1' }]),
    (e) => e.tag === 'invalid-config' && e.val === "config key 'max-depth' must be an unsigned 32-bit integer, got '-1'");
  assert.throws(() => broken.init([{ key: 'directories', value: root }, { key: 'channel', value: 'denied' }]),
    (e) => e.tag === 'invalid-config' && e.val === 'channel denied is not granted');
  assert.ok(failing.logged.includes('error: cannot publish on channel denied: channel denied is not granted'));

  console.log(`run-waveform-scanner: ok (${host.published.length} discoveries, ${host.logged.length} log messages through jco)`);
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
