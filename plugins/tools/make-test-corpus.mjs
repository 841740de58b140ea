// node plugins/tools/make-test-corpus.mjs
// For every tests/HostRuntime.Tests/Components/Corpus/<name>.wit (one world, named like the file), writes
//   <name>.embedded.wasm   a core module carrying the world's component-type custom section
//   <name>.component.wasm  the component wasm-tools builds from it
// The core module is wasm-tools' dummy module for the world, or, when <name>.c exists, that C file compiled with
// clang-19 (wasm32-wasi reactor with bulk memory, which current toolchains enable by default, so memcpy/memset
// become memory.copy/fill; WASI imports get jco's preview1 reactor adapter). The hand-written guests share the glue in
// Corpus/guest_glue.h, which they include (a change to it means rebuilding every guest).
// A .wit whose first line is `// make-test-corpus: string-encodings <encoding>...` (jco's names: utf8, utf16,
// compact-utf16 = latin1+utf16) is instead built once per encoding, as <name>.<encoding>.embedded.wasm and
// <name>.<encoding>.component.wasm, its C file compiled with -DSTRING_ENCODING_<ENCODING> (e.g. _COMPACT_UTF16) so
// that its glue can match the canon options' string-encoding.
// and for every <name>.wat (a hand-written component in the text format, for shapes other toolchains emit)
//   <name>.component.wasm  wasm-tools' encoding of it
// and for every invalid/<name>.wat (a well-formed but invalid component the runtime must reject)
//   invalid/<name>.wasm    wasm-tools' encoding of it, unvalidated
// These are the component decoder's and runtime's test corpus; rerun after editing a .wit or .c file and commit the
// outputs. With --check nothing is written: the run fails if a committed output differs from a fresh build (CI).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { wasmTools } from './jco.mjs';
import { componentize } from './componentize.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const corpus = path.join(root, 'tests', 'HostRuntime.Tests', 'Components', 'Corpus');
const check = process.argv[2] === '--check';
let stale = 0;

function writeOrCheck(output, bytes) {
  const target = path.join(corpus, output);
  if (!check) {
    fs.writeFileSync(target, bytes);
  } else if (!fs.existsSync(target) || !Buffer.from(bytes).equals(fs.readFileSync(target))) {
    console.error(`make-test-corpus --check: ${output} differs from a fresh build; run node plugins/tools/make-test-corpus.mjs and commit it`);
    stale++;
  }
}

const encodingsDirective = /^\/\/ make-test-corpus: string-encodings((?: [a-z0-9-]+)+)\s*$/;

/** The builds of one world: one in the default encoding, or one per encoding its .wit's first line lists. */
function builds(name, witSource) {
  const directive = encodingsDirective.exec(witSource.split('\n', 1)[0]);
  if (!directive) {
    return [{ stem: name, encoding: undefined, defines: [] }];
  }

  return directive[1].trim().split(' ').map((encoding) => ({
    stem: `${name}.${encoding}`,
    encoding,
    defines: [`-DSTRING_ENCODING_${encoding.toUpperCase().replaceAll('-', '_')}`],
  }));
}

for (const file of fs.readdirSync(corpus).filter((f) => f.endsWith('.wit')).sort()) {
  const name = file.slice(0, -'.wit'.length);
  const witPath = path.join(corpus, file);
  const witSource = fs.readFileSync(witPath, 'utf8');
  for (const { stem, encoding, defines } of builds(name, witSource)) {
    let embedded, component;
    if (fs.existsSync(path.join(corpus, `${name}.c`))) {
      const core = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'witsharp-corpus-')), 'core.wasm');
      execFileSync('clang-19', ['--target=wasm32-wasi', '--sysroot=/usr', '-O2', '-mexec-model=reactor', '-mbulk-memory', '-Wl,--strip-debug',
        ...defines, '-o', core, `${name}.c`], { cwd: corpus, stdio: 'inherit' });
      [embedded, component] = await componentize(fs.readFileSync(core), witPath, name, 'reactor', encoding);
      fs.rmSync(path.dirname(core), { recursive: true, force: true });
    } else {
      embedded = await wasmTools.componentEmbed({ dummy: true, witSource, world: name, stringEncoding: encoding });
      component = await wasmTools.componentNew(embedded);
    }

    writeOrCheck(`${stem}.embedded.wasm`, embedded);
    writeOrCheck(`${stem}.component.wasm`, component);
    console.log(`make-test-corpus: ${stem}`);
  }
}

for (const [directory, suffix] of [['', '.component.wasm'], ['invalid', '.wasm']]) {
  for (const file of fs.readdirSync(path.join(corpus, directory)).filter((f) => f.endsWith('.wat')).sort()) {
    const name = path.join(directory, file.slice(0, -'.wat'.length));
    writeOrCheck(`${name}${suffix}`, await wasmTools.parse(fs.readFileSync(path.join(corpus, directory, file), 'utf8')));
    console.log(`make-test-corpus: ${name}`);
  }
}

if (check) {
  if (stale > 0) {
    process.exit(1);
  }

  console.log('make-test-corpus --check: the committed corpus is up to date');
}
