// Loads jco's wasm-tools JS API from .tools/ (scripts/install-toolchains.sh), with the filesystem shim opened at
// "/" so that paths given to it resolve: jco 1.35's preview2 shim starts with no preopened directory.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const toolsModules = path.join(root, '.tools', 'node_modules');
const transpileDir = path.join(toolsModules, '@bytecodealliance', 'jco-transpile');

async function load(relative) {
  return import(pathToFileURL(path.join(transpileDir, relative)).href);
}

const filesystem = await load('node_modules/@bytecodealliance/preview2-shim/dist/nodejs/filesystem.js');
filesystem._setPreopens({ '/': '/' });

export const wasmTools = await load('dist/wasm-tools.js');
export const transpiler = await load('dist/index.js');
export const require = createRequire(path.join(toolsModules, 'noop.js'));
