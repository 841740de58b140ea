// node plugins/tools/run-glue-check.mjs
// Builds plugins/tools/glue_check (a guest calling every import of the `plugin` world through the shared glue in
// plugins/common) and runs it under jco's reference host, checking every value that crosses the boundary in both
// directions: strings, lists, records, options, results with both cases, all three variants, u64, errors from
// exports and post-return. Exits non-zero at the first mismatch. Nothing is written to the repository.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { componentize } from './componentize.mjs';
import { hostError, instantiateWithJco } from './jco-host.mjs';

const plugins = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'witsharp-glue-'));
let component;
try {
  const core = path.join(work, 'glue_check.core.wasm');
  execFileSync('clang-19', ['--target=wasm32-wasi', '--sysroot=/usr', '-O2', '-mexec-model=reactor', '-Wall', '-Wextra', '-Werror',
    '-Wl,--strip-debug', '-o', core, 'tools/glue_check/glue_check.c', 'common/plugin_abi.c', 'common/plugin_util.c'], { cwd: plugins, stdio: 'inherit' });
  [, component] = await componentize(fs.readFileSync(core), path.join(plugins, '..', 'wit', 'plugins.wit'), 'plugin');
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

const logged = [];
const published = [];
const subscriptions = [];
const imports = {
  log: { default: (level, message) => logged.push(`${level}: ${message}`) },
  'config-get': { default: () => [{ key: 'a', value: '1' }, { key: 'nested.b', value: 'zwei' }] },
  'filesystem-list-dir': {
    default: (directory) => {
      if (directory !== '/data') throw hostError('io', `not granted: ${directory}`);
      return [{ path: '/data/a.vcd', isDir: false }, { path: '/data/sub', isDir: true }];
    },
  },
  'filesystem-read-metadata': {
    default: (file) => (file === '/data/a.vcd' ? { path: file, size: 12345678901n, modifiedUnixNanos: 18446744073709551615n } : undefined),
  },
  'watch-subscribe': {
    default: (directories, debounceMs) => {
      subscriptions.push({ directories, debounceMs });
      return { id: 4294967296n };
    },
  },
  'relay-publish': {
    default: (channel, event) => {
      if (channel === 'denied') throw hostError('invalid-config', `channel ${channel} not granted: ${event.val}`);
      published.push({ channel, event });
    },
  },
};

const instance = await instantiateWithJco(component, imports);

assert.throws(() => instance.init([]), (e) => e.tag === 'invalid-config' && e.val === 'empty config');
assert.deepEqual(instance.init([{ key: 'k', value: 'v' }]), {
  version: '9.9.9',
  description: '',
  capabilities: ['filesystem', 'relay'],
});
assert.deepEqual(subscriptions, [{ directories: ['/data', '/other'], debounceMs: 250 }]);
assert.deepEqual(published, [
  { channel: 'discoveries', event: { tag: 'discovery', val: { pluginId: 'glue_check', discovered: ['/data', '/other'] } } },
  { channel: 'timeline', event: { tag: 'refresh-timeline', val: ['/data', '/other'] } },
]);
assert.throws(() => instance.handleEvent({ tag: 'tick' }), (e) => e.tag === 'panic' && e.val === 'tick refused');
instance.handleEvent({ tag: 'filesystem-change', val: { subscriptionId: 18446744073709551615n, paths: ['/data/ä.vcd', ''] } });
instance.handleEvent({ tag: 'config-updated', val: [{ key: 'x', value: '' }] });
instance.shutdown();

assert.deepEqual(logged, [
  'debug: config-get a=1 nested.b=zwei',
  'debug: list-dir /data /data/a.vcd /data/sub/',
  'debug: list-dir /forbidden err 1 not granted: /forbidden',
  'debug: metadata /data/a.vcd /data/a.vcd 12345678901 18446744073709551615',
  'debug: metadata /missing none',
  'debug: subscribe 4294967296',
  'debug: publish discoveries ok',
  'debug: publish denied err 0 channel denied not granted: grüße',
  'debug: publish timeline ok',
  'debug: filesystem-change 18446744073709551615 /data/ä.vcd ',
  'debug: config-updated x=',
  'warn: shutdown',
]);
console.log(`run-glue-check: ok (${logged.length} log messages, ${published.length} publications through jco)`);
