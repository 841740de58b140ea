// Asks jco's wasm-tools whether each WIT case is accepted: embed the case's world into a dummy core module, then
// build a component from it (which validates every type). Prints "ACCEPT|REJECT<TAB>case<TAB>message" per case.
// Usage: node wasm-tools-check.mjs <jco-transpile package dir> <case path>[::<world>]...
import { pathToFileURL } from 'node:url';

const [transpileDir, ...cases] = process.argv.slice(2);
const shim = await import(pathToFileURL(`${transpileDir}/node_modules/@bytecodealliance/preview2-shim/dist/nodejs/filesystem.js`));
shim._setPreopens({ '/': '/' });

// A Rust panic inside wasm-tools poisons its component instance, so a fresh instance is loaded after each trap.
let generation = 0;
async function loadTools() {
  const vendor = await import(pathToFileURL(`${transpileDir}/vendor/wasm-tools.js`).href + `?instance=${generation++}`);
  await vendor.$init;
  return vendor.tools;
}

let tools = await loadTools();
for (const item of cases) {
  const [witPath, world] = item.split('::');
  try {
    const embedded = tools.componentEmbed({ dummy: true, witPath, world });
    tools.componentNew(embedded, undefined);
    console.log(`ACCEPT\t${witPath}\t`);
  } catch (e) {
    const message = String(e?.payload ?? e?.message ?? e).replace(/\s+/g, ' ');
    console.log(`REJECT\t${witPath}\t${message}`);
    if (message.includes('wasm trap') || message.includes('unreachable')) {
      tools = await loadTools();
    }
  }
}
