// Instantiates a component under jco's reference host: `jco transpile` (JS API) with explicit instantiation, so
// the imports are passed in. jco keys each import by its name; a world-level function is that module's `default`.
// For a function returning result<T, E>, the host returns T or throws an object whose `payload` is E.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { transpiler } from './jco.mjs';

export async function instantiateWithJco(bytes, imports) {
  const { files } = await transpiler.transpileBytes(bytes, { name: 'guest', instantiation: 'async', noComponentErrorWrapping: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'witsharp-jco-'));
  try {
    for (const [name, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), content);
    }
    const module = await import(pathToFileURL(path.join(dir, 'guest.js')).href);
    const compile = async (name) => WebAssembly.compile(fs.readFileSync(path.join(dir, name)));
    return await module.instantiate(compile, imports);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Rejects a result-returning import with the given error variant. */
export function hostError(tag, val) {
  return { payload: { tag, val } };
}
