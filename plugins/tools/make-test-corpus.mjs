// node plugins/tools/make-test-corpus.mjs
// For every tests/HostRuntime.Tests/Components/Corpus/<name>.wit (one world each, named like the file), writes
//   <name>.component.wasm  a component built by wasm-tools around a dummy core module (componentEmbed dummy + componentNew)
//   <name>.embedded.wasm   the dummy core module carrying only the component-type custom section
// These are the component decoder's test corpus; rerun after editing a .wit file and commit the outputs.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { wasmTools } from './jco.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const corpus = path.join(root, 'tests', 'HostRuntime.Tests', 'Components', 'Corpus');
for (const file of fs.readdirSync(corpus).filter((f) => f.endsWith('.wit')).sort()) {
  const name = file.slice(0, -'.wit'.length);
  const embedded = await wasmTools.componentEmbed({ dummy: true, witSource: fs.readFileSync(path.join(corpus, file), 'utf8'), world: name });
  fs.writeFileSync(path.join(corpus, `${name}.embedded.wasm`), embedded);
  fs.writeFileSync(path.join(corpus, `${name}.component.wasm`), await wasmTools.componentNew(embedded));
  console.log(`make-test-corpus: ${name}`);
}
