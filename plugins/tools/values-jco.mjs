// node plugins/tools/values-jco.mjs <values.component.wasm> <cases.json>
// Runs the component runtime's values test guest under jco's reference host for a list of calls and prints one JSON
// array with each call's result normalized to a string. The C# differential test makes the same calls through the
// WitSharp runtime and expects identical strings. A case is { "fn": "<export>", "args": [...] }, with 64-bit
// integers given as decimal strings, chars as strings, flags as a u32 and variants as { "tag", "val" }.
import fs from 'node:fs';
import { instantiateWithJco } from './jco-host.mjs';

const [componentPath, casesPath] = process.argv.slice(2);
if (!casesPath) {
  console.error('usage: node values-jco.mjs <values.component.wasm> <cases.json>');
  process.exit(2);
}

// The same host behaviour as ValuesRuntimeTests.Host.
const guest = await instantiateWithJco(fs.readFileSync(componentPath), {
  'host-echo': { default: (s) => `host:${s}` },
  'host-points': { default: (n) => Array.from({ length: n }, (_, i) => ({ x: i, y: 2 * i, label: 'x'.repeat(i % 5) })) },
  'host-classify': { default: () => { throw new Error('host-classify is not part of the differential corpus'); } },
});

const flagNames = Array.from({ length: 32 }, (_, i) => `bit${i}`);
const toFlags = (bits) => Object.fromEntries(flagNames.map((name, i) => [name, ((bits >>> i) & 1) === 1]));
const fromFlags = (flags) => flagNames.reduce((bits, name, i) => (flags[name] ? (bits | (1 << i)) >>> 0 : bits), 0);
const points = (list) => list.map((p) => `${p.x},${p.y},${p.label}`).join(';');

const calls = {
  add: ([a, b]) => String(guest.add(a, b)),
  echo: ([s]) => guest.echo(s),
  'relay-echo': ([s]) => guest.relayEcho(s),
  reverse: ([values]) => Array.from(guest.reverse(values)).join(','),
  scale: ([list, factor]) => points(guest.scale(list, factor)),
  describe: ([shape]) => guest.describe(shape),
  'next-color': ([color]) => guest.nextColor(color),
  invert: ([bits]) => String(fromFlags(guest.invert(toFlags(bits)))),
  spill: (args) => guest.spill(...args.map((value, i) => (i === 6 || i === 7 ? BigInt(value) : value))),
  'sum-host-points': ([n]) => String(guest.sumHostPoints(n)),
};

const cases = JSON.parse(fs.readFileSync(casesPath, 'utf8'));
console.log(JSON.stringify(cases.map(({ fn, args }) => calls[fn](args))));
