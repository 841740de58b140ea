// node plugins/tools/strings-jco.mjs <strings.utf16.component.wasm> <cases.json>
// Runs the strings test guest (Corpus/strings.wit, string-encoding=utf16 build) under jco's reference host for a list
// of calls and prints one JSON array with each call's result normalized to a string; the C# differential test makes
// the same calls through the WitSharp runtime and expects identical strings. A case is { "fn": "<export>", "args":
// [...] }: entries as { key, value, weight }, tokens as { tag, val }, code units as arrays of numbers. Values inside
// one result are joined with U+0001. The latin1+utf16 build is not run: jco 1.35's transpile rejects that encoding.
import fs from 'node:fs';
import { instantiateWithJco } from './jco-host.mjs';

const [componentPath, casesPath] = process.argv.slice(2);
if (!casesPath) {
  console.error('usage: node strings-jco.mjs <strings.utf16.component.wasm> <cases.json>');
  process.exit(2);
}

// The same host behaviour as StringEncodingRuntimeTests.Host.
const guest = await instantiateWithJco(fs.readFileSync(componentPath), {
  'host-decorate': { default: (s) => `«${s}»` },
  'host-words': { default: (text) => text.split(' ') },
});

const join = (...values) => values.join('\u0001');
const layout = ({ utf16, units }) => join(utf16, ...Array.from(units));
const entry = ({ key, value, weight }) => join(key, value, weight);
const token = ({ tag, val }) => (tag === 'pair' ? join(tag, entry(val)) : tag === 'end' ? tag : join(tag, val));

const calls = {
  echo: ([s]) => guest.echo(s),
  inspect: ([s]) => layout(guest.inspect(s)),
  join: ([parts, separator]) => guest.join(parts, separator),
  split: ([s, separator]) => join(...guest.split(s, separator)),
  swap: ([e]) => entry(guest.swap(e)),
  transform: ([t]) => token(guest.transform(t)),
  relay: ([units]) => layout(guest.relay(units, true)),
  'relay-words': ([s]) => join(...guest.relayWords(s)),
};

const cases = JSON.parse(fs.readFileSync(casesPath, 'utf8'));
console.log(JSON.stringify(cases.map(({ fn, args }) => calls[fn](args))));
