// Prints wit-parser's verdict on every .wit file of a folder (each a single-file package), one line per file:
// <file>\tok or <file>\terr\t<message>. wit-parser runs inside jco's wasm-tools (componentEmbed of a dummy module), the
// reference WIT front end the generator tests compare ours with (tests/WitGenerator.Tests/MutatedWitTests.cs).
import fs from 'node:fs';
import path from 'node:path';
import { wasmTools } from './jco.mjs';

const directory = process.argv[2];
const lines = [];
for (const file of fs.readdirSync(directory).filter((f) => f.endsWith('.wit')).sort()) {
  const witSource = fs.readFileSync(path.join(directory, file), 'utf8');
  try {
    await wasmTools.componentEmbed({ dummy: true, witSource });
    lines.push(`${file}\tok`);
  } catch (error) {
    lines.push(`${file}\terr\t${String(error?.message ?? error).replace(/\s+/g, ' ')}`);
  }
}
process.stdout.write(lines.join('\n') + '\n');
