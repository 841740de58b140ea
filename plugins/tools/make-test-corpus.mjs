// node plugins/tools/make-test-corpus.mjs
// For every tests/HostRuntime.Tests/Components/Corpus/<name>.wit (one world, named like the file), writes
//   <name>.embedded.wasm   a core module carrying the world's component-type custom section
//   <name>.component.wasm  the component wasm-tools builds from it
// The core module is wasm-tools' dummy module for the world, or, when <name>.c exists, that C file compiled with
// clang-19 (wasm32-wasi reactor; WASI imports get jco's preview1 reactor adapter).
// These are the component decoder's test corpus; rerun after editing a .wit or .c file and commit the outputs.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { wasmTools } from './jco.mjs';
import { componentize } from './componentize.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const corpus = path.join(root, 'tests', 'HostRuntime.Tests', 'Components', 'Corpus');
for (const file of fs.readdirSync(corpus).filter((f) => f.endsWith('.wit')).sort()) {
  const name = file.slice(0, -'.wit'.length);
  const witPath = path.join(corpus, file);
  let embedded, component;
  if (fs.existsSync(path.join(corpus, `${name}.c`))) {
    const core = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'witsharp-corpus-')), 'core.wasm');
    execFileSync('clang-19', ['--target=wasm32-wasi', '--sysroot=/usr', '-O2', '-mexec-model=reactor', '-Wl,--strip-debug',
      '-o', core, `${name}.c`], { cwd: corpus, stdio: 'inherit' });
    [embedded, component] = await componentize(fs.readFileSync(core), witPath, name);
    fs.rmSync(path.dirname(core), { recursive: true, force: true });
  } else {
    embedded = await wasmTools.componentEmbed({ dummy: true, witSource: fs.readFileSync(witPath, 'utf8'), world: name });
    component = await wasmTools.componentNew(embedded);
  }

  fs.writeFileSync(path.join(corpus, `${name}.embedded.wasm`), embedded);
  fs.writeFileSync(path.join(corpus, `${name}.component.wasm`), component);
  console.log(`make-test-corpus: ${name}`);
}
