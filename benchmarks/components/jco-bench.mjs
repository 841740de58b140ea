// jco reference for ComponentCallBenchmarks: runs the values test guest through `jco transpile` on Node with the same
// host imports and times each call in its own loop.
// Usage: node jco-bench.mjs <values.component.wasm> [iterations]
// Output, one line per call: "<name> ns_per_call=<float>"
import fs from 'node:fs';
import { instantiateWithJco } from '../../plugins/tools/jco-host.mjs';

const [componentPath, iterationArg] = process.argv.slice(2);
if (!componentPath) {
  console.error('usage: node jco-bench.mjs <values.component.wasm> [iterations]');
  process.exit(2);
}

const iterations = Number(iterationArg ?? 20000);
const guest = await instantiateWithJco(fs.readFileSync(componentPath), {
  'host-echo': { default: (s) => `host:${s}` },
  'host-points': { default: (n) => Array.from({ length: n }, (_, i) => ({ x: i, y: 2 * i, label: 'x'.repeat(i % 5) })) },
  'host-classify': { default: () => { throw new Error('not benchmarked'); } },
});

// The same two texts as ComponentCallBenchmarks: mixed scripts (every UTF-8 width) and plain ASCII (paths, log lines).
const text = 'Grüße, 世界! 🐴 '.repeat(4);
const asciiText = 'waveforms/cpu/alu.vcd: 4096 signals, 12 MiB, 3 scopes, ok';
const points = Array.from({ length: 10000 }, (_, i) => ({ x: i, y: -i, label: `p${i % 100}` }));
const shape = { tag: 'rect', val: { x: 3, y: -4, label: 'box' } };
const calls = {
  add: [() => guest.add(7, 8), iterations],
  echo: [() => guest.echo(text), iterations],
  'relay-echo': [() => guest.relayEcho(text), iterations],
  'echo-ascii': [() => guest.echo(asciiText), iterations],
  'relay-echo-ascii': [() => guest.relayEcho(asciiText), iterations],
  'scale-10k': [() => guest.scale(points, 2), Math.max(5, iterations / 2000)],
  'sum-host-points-10k': [() => guest.sumHostPoints(10000), Math.max(5, iterations / 2000)],
  describe: [() => guest.describe(shape), iterations],
};

for (const [name, [call, count]] of Object.entries(calls)) {
  for (let i = 0; i < Math.min(count, 1000); i++) call(); // warm-up so V8's optimizing tier is in
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) call();
  const elapsed = Number(process.hrtime.bigint() - start);
  console.log(`${name} ns_per_call=${(elapsed / count).toFixed(1)}`);
}
