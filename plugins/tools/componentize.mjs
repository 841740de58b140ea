// node componentize.mjs <core.wasm> <world.wit> <world> <out.wasm>
// Embeds the world's component-type metadata into a core module and wraps it as a component.
import fs from 'node:fs';
import path from 'node:path';
import { wasmTools, toolsModules } from './jco.mjs';

const [corePath, witPath, world, outPath] = process.argv.slice(2);
if (!outPath) {
  console.error('usage: node componentize.mjs <core.wasm> <world.wit> <world> <out.wasm>');
  process.exit(2);
}

const core = fs.readFileSync(corePath);
const embedded = await wasmTools.componentEmbed({ binary: core, witPath: path.resolve(witPath), world });
// The preview1 reactor adapter is only needed (and only used) when the module imports wasi_snapshot_preview1.
const adapter = fs.readFileSync(path.join(toolsModules, '@bytecodealliance', 'jco', 'lib', 'wasi_snapshot_preview1.reactor.wasm'));
const adapters = WebAssembly.Module.imports(new WebAssembly.Module(core)).some((i) => i.module === 'wasi_snapshot_preview1')
  ? [['wasi_snapshot_preview1', adapter]]
  : [];
const component = await wasmTools.componentNew(embedded, adapters);
fs.writeFileSync(outPath, component);
