// Node/V8 reference: loads kernels.wasm, checks each kernel, times its own loop.
// Usage: node node-bench.mjs <kernels.wasm> [iterations]
// Output, one line per kernel: "<kernel> checksum=<u32> ns_per_iter=<float>"
import { readFileSync } from 'node:fs';

const [wasmPath, iterArg] = process.argv.slice(2);
if (!wasmPath) { console.error('usage: node node-bench.mjs <kernels.wasm> [iterations]'); process.exit(2); }
const iterations = Number(iterArg ?? 10);
const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), {});
const exports = instance.exports;

for (const kernel of ['sha256', 'matmul', 'sort']) {
  exports[`${kernel}_init`]();
  const checksum = exports[`${kernel}_run`]() >>> 0;
  for (let i = 0; i < 3; i++) exports[`${kernel}_run`](); // warm-up so V8's optimizing tier is in
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) exports[`${kernel}_run`]();
  const elapsed = Number(process.hrtime.bigint() - start);
  console.log(`${kernel} checksum=${checksum} ns_per_iter=${(elapsed / iterations).toFixed(0)}`);
}
