// Prints the core signature of every function in the dummy core module that wasm-tools generates for a world, to
// compare with WitSharp's canonical-ABI flattening. Output: "SIG<TAB>case<TAB>import|export<TAB>module<TAB>name<TAB>params<TAB>results".
// Usage: node wasm-tools-signatures.mjs <jco-transpile package dir> <case path>[::<world>]...
import { pathToFileURL } from 'node:url';

const [transpileDir, ...cases] = process.argv.slice(2);
const shim = await import(pathToFileURL(`${transpileDir}/node_modules/@bytecodealliance/preview2-shim/dist/nodejs/filesystem.js`));
shim._setPreopens({ '/': '/' });
const vendor = await import(pathToFileURL(`${transpileDir}/vendor/wasm-tools.js`).href);
await vendor.$init;

const signature = text => {
  const params = [...text.matchAll(/\(param ([^)]*)\)/g)].flatMap(m => m[1].trim().split(/\s+/));
  const results = [...text.matchAll(/\(result ([^)]*)\)/g)].flatMap(m => m[1].trim().split(/\s+/));
  return [params.join(','), results.join(',')];
};

for (const item of cases) {
  const [witPath, world] = item.split('::');
  const wat = vendor.tools.print(vendor.tools.componentEmbed({ dummy: true, witPath, world }));
  const types = new Map();
  const functionTypes = new Map();
  let importedFunctions = 0;
  for (const line of wat.split('\n')) {
    let m = line.match(/^\s*\(type \(;(\d+);\) \(func(.*)\)\)\s*$/);
    if (m) { types.set(m[1], signature(m[2])); continue; }
    m = line.match(/^\s*\(import "([^"]*)" "([^"]*)" \(func \(;(\d+);\) \(type (\d+)\)\)\)/);
    if (m) {
      importedFunctions++;
      functionTypes.set(m[3], m[4]);
      console.log(['SIG', witPath, 'import', m[1], m[2], ...types.get(m[4])].join('\t'));
      continue;
    }
    m = line.match(/^\s*\(func \(;(\d+);\) \(type (\d+)\)/);
    if (m) { functionTypes.set(m[1], m[2]); }
  }
  for (const line of wat.split('\n')) {
    const m = line.match(/^\s*\(export "([^"]*)" \(func (\d+)\)\)/);
    if (m) {
      const type = functionTypes.get(m[2]);
      console.log(['SIG', witPath, 'export', m[1], '', ...types.get(type)].join('\t'));
    }
  }
}
