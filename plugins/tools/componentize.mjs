// node componentize.mjs <core.wasm> <world.wit> <world> <out.wasm>
// Embeds the world's component-type metadata into a core module and wraps it as a component.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { wasmTools, toolsModules } from './jco.mjs';

const adapterPath = (kind) => path.join(toolsModules, '@bytecodealliance', 'jco', 'lib', `wasi_snapshot_preview1.${kind}.wasm`);

/**
 * Returns [embedded core module, component] for a core module and the world it implements. `adapter` names jco's
 * preview1 adapter for modules importing wasi_snapshot_preview1: 'reactor' (exports called by the host) or
 * 'command' (a main() run through wasi:cli/run). `stringEncoding` ('utf8', 'utf16' or 'compact-utf16', which is the
 * Canonical ABI's latin1+utf16) is recorded at embedding and becomes every canon lift/lower's string-encoding option;
 * left out, wit-component's default (utf8) applies.
 */
export async function componentize(core, witPath, world, adapter = 'reactor', stringEncoding = undefined) {
  const embedded = await wasmTools.componentEmbed({ binary: core, witPath: path.resolve(witPath), world, stringEncoding });
  // The preview1 reactor adapter is only needed (and only used) when the module imports wasi_snapshot_preview1.
  const usesWasi = WebAssembly.Module.imports(new WebAssembly.Module(core)).some((i) => i.module === 'wasi_snapshot_preview1');
  const adapters = usesWasi ? [['wasi_snapshot_preview1', fs.readFileSync(adapterPath(adapter))]] : [];
  return [embedded, await wasmTools.componentNew(embedded, adapters)];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [corePath, witPath, world, outPath] = process.argv.slice(2);
  if (!outPath) {
    console.error('usage: node componentize.mjs <core.wasm> <world.wit> <world> <out.wasm>');
    process.exit(2);
  }

  const [, component] = await componentize(fs.readFileSync(corePath), witPath, world);
  fs.writeFileSync(outPath, component);
}
