// Converts a component-model .wast script into a JSON command list and .wasm files, the way wabt's wast2json does for
// core scripts (wabt cannot read component text). Component and module texts become binaries through jco's bundled
// wasm-tools `parse`; commands this tool cannot express are kept with a `skipped` reason, so a runner can count them.
//
//   node plugins/tools/cm-wast2json.mjs <script.wast | directory> <output-directory>
//
// Writes <output-directory>/<script>.json and <script>.<n>.wasm (for a directory: every .wast under it, in the same
// relative folders). The JSON holds { source_filename, features (proposals the script's RUN line enables), commands }, each
// command with `type` and `line`:
//   component      a top-level component (or core module: kind "module") that must be valid; `filename`, `name`,
//                  `instantiate` (false for `(component definition ...)`, whose instantiation is a separate command)
//   instance       `(component instance $i $def)`: instantiate the definition named `definition`
//   assert_invalid / assert_malformed / assert_unlinkable   `filename` (or `skipped`), `text` (expected message)
//   assert_return  `action` { type: "invoke", instance?, field, args }, `expected` values
//   assert_trap    `action` or a module `filename` whose instantiation traps, `text`
//   action         a bare `(invoke ...)`
// A value is { type, value }: for bool/s8..u64/f32/f64/char/string the value is a string (numbers keep their text, e.g.
// "0x40", "nan:canonical"); list/tuple: an array of values; record: an array of { name, value }; variant: `case` and
// value (null without payload); enum: the case name; flags: an array of names; option: the payload or null for none;
// result: `ok` (true/false) and value (null without payload).
import fs from 'node:fs';
import path from 'node:path';
import { wasmTools } from './jco.mjs';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Reads the s-expressions of `source`: lists { list, start, end }, atoms { atom, start, end }, strings { bytes, start, end }. */
function parseSexprs(source) {
  let i = 0;
  const skipSpaceAndComments = () => {
    for (;;) {
      while (i < source.length && /\s/.test(source[i])) i++;
      if (source.startsWith(';;', i)) {
        while (i < source.length && source[i] !== '\n') i++;
      } else if (source.startsWith('(;', i)) {
        let depth = 0;
        do {
          if (source.startsWith('(;', i)) { depth++; i += 2; }
          else if (source.startsWith(';)', i)) { depth--; i += 2; }
          else if (i >= source.length) throw new Error('unterminated block comment');
          else i++;
        } while (depth > 0);
      } else {
        return;
      }
    }
  };
  const readString = () => {
    const start = i++;
    const bytes = [];
    while (source[i] !== '"') {
      if (i >= source.length) throw new Error(`unterminated string at offset ${start}`);
      if (source[i] !== '\\') {
        const codePoint = source.codePointAt(i);
        const char = String.fromCodePoint(codePoint);
        bytes.push(...encoder.encode(char));
        i += char.length;
        continue;
      }
      const escape = source[i + 1];
      i += 2;
      const simple = { n: 10, t: 9, r: 13, '\\': 92, "'": 39, '"': 34 }[escape];
      if (simple !== undefined) {
        bytes.push(simple);
      } else if (escape === 'u') {
        const close = source.indexOf('}', i);
        bytes.push(...encoder.encode(String.fromCodePoint(parseInt(source.slice(i + 1, close).replaceAll('_', ''), 16))));
        i = close + 1;
      } else {
        bytes.push(parseInt(escape + source[i], 16));
        i++;
      }
    }
    i++;
    return { bytes: Uint8Array.from(bytes), start, end: i };
  };
  const readItem = () => {
    skipSpaceAndComments();
    const start = i;
    if (source[i] === '"') return readString();
    if (source[i] === '(') {
      i++;
      const list = [];
      for (;;) {
        skipSpaceAndComments();
        if (i >= source.length) throw new Error(`unclosed list at offset ${start}`);
        if (source[i] === ')') { i++; return { list, start, end: i }; }
        list.push(readItem());
      }
    }
    while (i < source.length && !/[\s()";]/.test(source[i])) i++;
    if (i === start) throw new Error(`unexpected '${source[i]}' at offset ${i}`);
    return { atom: source.slice(start, i), start, end: i };
  };
  const items = [];
  for (skipSpaceAndComments(); i < source.length; skipSpaceAndComments()) items.push(readItem());
  return items;
}

const isName = (item) => item?.atom?.startsWith('$');
const text = (item) => decoder.decode(item.bytes);

class Converter {
  constructor(source, base, outputDirectory) {
    this.source = source;
    this.base = base;
    this.outputDirectory = outputDirectory;
    this.count = 0;
  }

  line(item) {
    let line = 1;
    for (let k = 0; k < item.start; k++) if (this.source[k] === '\n') line++;
    return line;
  }

  /** Turns a `(component ...)`/`(module ...)` form into a binary; returns { filename, kind, name, definition,
   *  module_type } or { skipped }. */
  async binary(form) {
    const [head, ...rest] = form.list;
    const kind = head.atom === 'module' ? 'module' : 'component';
    let k = 0;
    const definition = rest[k]?.atom === 'definition';
    if (definition) k++;
    const nameItem = isName(rest[k]) ? rest[k++] : undefined;
    const name = nameItem?.atom;
    let bytes;
    let moduleType = 'text';
    if (rest[k]?.atom === 'binary') {
      moduleType = 'binary';
      const parts = rest.slice(k + 1).map((s) => s.bytes);
      bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      parts.reduce((offset, p) => (bytes.set(p, offset), offset + p.length), 0);
    } else {
      let wat;
      if (rest[k]?.atom === 'quote') {
        moduleType = 'quote';
        try {
          wat = `(${kind} ${rest.slice(k + 1).map(text).join(' ')})`;
        } catch {
          return { skipped: 'quoted text is not UTF-8' };
        }
      } else {
        // The name stays: inner `alias outer $name` refers to it.
        wat = `(${kind} ${this.source.slice((nameItem ?? rest[k])?.start ?? form.end - 1, form.end)}`;
      }
      try {
        bytes = await wasmTools.parse(wat);
      } catch (error) {
        const message = String(error?.message ?? error).replace(/\s+/g, ' ');
        const kindMatch = /kind: Custom\("((?:[^"\\]|\\.)*)"\)/.exec(message);
        return { skipped: `wasm-tools parse rejects the text: ${kindMatch ? kindMatch[1] : message.slice(0, 200)}`, module_type: moduleType };
      }
    }
    const filename = `${this.base}.${this.count++}.wasm`;
    fs.writeFileSync(path.join(this.outputDirectory, filename), bytes);
    return { filename, kind, ...(name ? { name } : {}), definition, module_type: moduleType };
  }

  /** A component value `(u32.const 1)`, `(str.const "x")`, `(list.const ...)`, `(record.const (field "a" u32.const 1))`,
   *  `(variant.const "c" v?)`, `(enum.const "e")`, `(option.none)`, `(option.some v)`, `(result.ok v?)`, `(result.err v?)`,
   *  `(flags.const "a" ...)`, `(tuple.const ...)`; undefined for anything else (which skips the command). */
  value(item) {
    const [head, ...args] = item.list ?? [];
    const form = head?.atom;
    const values = (items) => {
      const converted = items.map((a) => this.value(a));
      return converted.includes(undefined) ? undefined : converted;
    };
    const optional = (items) => (items.length === 0 ? null : items.length === 1 ? this.value(items[0]) : undefined);
    switch (form) {
      case 'str.const':
      case 'char.const':
        return args.length === 1 && args[0].bytes ? { type: form === 'str.const' ? 'string' : 'char', value: text(args[0]) } : undefined;
      case 'list.const':
      case 'tuple.const': {
        const elements = values(args);
        return elements && { type: form.replace('.const', ''), value: elements };
      }
      case 'record.const': {
        const fields = args.map((field) => {
          const [keyword, name, ...rest] = field.list ?? [];
          if (keyword?.atom !== 'field' || !name?.bytes) return undefined;
          // The suites write a field's value with or without its parentheses: (field "a" u32.const 1).
          const value = rest.length === 1 && rest[0].list ? this.value(rest[0]) : this.value({ list: rest });
          return value && { name: text(name), value };
        });
        return fields.includes(undefined) ? undefined : { type: 'record', value: fields };
      }
      case 'variant.const': {
        if (!args[0]?.bytes) return undefined;
        const payload = optional(args.slice(1));
        return payload === undefined ? undefined : { type: 'variant', case: text(args[0]), value: payload };
      }
      case 'enum.const':
        return args.length === 1 && args[0].bytes ? { type: 'enum', value: text(args[0]) } : undefined;
      case 'flags.const':
        return args.every((a) => a.bytes) ? { type: 'flags', value: args.map(text) } : undefined;
      case 'option.none':
        return args.length === 0 ? { type: 'option', value: null } : undefined;
      case 'option.some': {
        const payload = args.length === 1 ? this.value(args[0]) : undefined;
        return payload && { type: 'option', value: payload };
      }
      case 'result.ok':
      case 'result.err': {
        const payload = optional(args);
        return payload === undefined ? undefined : { type: 'result', ok: form === 'result.ok', value: payload };
      }
      default: {
        const type = form?.replace(/\.const$/, '');
        if (form?.endsWith('.const') && args.length === 1 && args[0].atom && /^(bool|[su](8|16|32|64)|f32|f64)$/.test(type)) {
          return { type, value: args[0].atom };
        }
        return undefined;
      }
    }
  }

  action(item) {
    if (item.list?.[0]?.atom !== 'invoke') return { skipped: `action ${item.list?.[0]?.atom ?? '?'} is not supported` };
    let [, instance, field, ...args] = item.list;
    if (!isName(instance)) { args = [field, ...args].filter(Boolean); field = instance; instance = undefined; }
    const values = args.map((a) => this.value(a));
    if (values.includes(undefined)) return { skipped: 'an argument is not a component value this tool can express' };
    return { action: { type: 'invoke', ...(instance ? { instance: instance.atom } : {}), field: text(field), args: values } };
  }

  async command(form) {
    const head = form.list?.[0]?.atom;
    const line = this.line(form);
    const [, first, ...rest] = form.list ?? [];
    const message = (item) => (item?.bytes ? text(item) : undefined);
    switch (head) {
      case 'component':
      case 'module': {
        if (first?.atom === 'instance') {
          return { type: 'instance', line, name: rest[0].atom, definition: rest[1].atom };
        }
        const converted = await this.binary(form);
        return { type: 'component', line, ...converted, instantiate: !converted.definition };
      }
      case 'assert_invalid':
      case 'assert_malformed':
      case 'assert_unlinkable':
        return { type: head, line, ...(await this.binary(first)), text: message(rest[0]) };
      case 'assert_return': {
        const converted = this.action(first);
        const expected = rest.map((v) => this.value(v));
        if (!converted.skipped && expected.includes(undefined)) converted.skipped = 'an expected result is not a component value this tool can express';
        return { type: head, line, ...converted, expected };
      }
      case 'assert_trap':
        if (first.list?.[0]?.atom === 'component' || first.list?.[0]?.atom === 'module') {
          return { type: head, line, ...(await this.binary(first)), text: message(rest[0]) };
        }
        return { type: head, line, ...this.action(first), text: message(rest[0]) };
      case 'invoke':
        return { type: 'action', line, ...this.action(form) };
      default:
        return { type: head ?? 'unknown', line, skipped: `command ${head ?? '?'} is not supported` };
    }
  }
}

/** The proposals a wasm-tools test script enables on its `;; RUN:` line (`-f a,b` or `--features=a,b`); a script
 *  valid only with them tests more than the component model's default feature set. */
function runFeatures(source) {
  const features = [];
  for (const [, list] of source.matchAll(/^;; RUN[^:\n]*:.*?(?:-f |--features=)(\S+)/gm)) {
    features.push(...list.split(',').filter((f) => !f.startsWith('-')));
  }
  return features;
}

async function convert(wastPath, outputDirectory) {
  const source = fs.readFileSync(wastPath, 'utf8');
  const base = path.basename(wastPath, '.wast');
  const converter = new Converter(source, base, outputDirectory);
  const commands = [];
  for (const form of parseSexprs(source)) commands.push(await converter.command(form));
  const json = path.join(outputDirectory, `${base}.json`);
  fs.writeFileSync(json, JSON.stringify({ source_filename: path.basename(wastPath), features: runFeatures(source), commands }, null, 1));
  return json;
}

const [input, outputDirectory] = process.argv.slice(2);
if (!input || !outputDirectory) {
  console.error('usage: node plugins/tools/cm-wast2json.mjs <script.wast | directory of scripts> <output-directory>');
  process.exit(2);
}
// A directory converts every script under it in one process (loading wasm-tools once), mirroring its layout.
const scripts = fs.statSync(input).isDirectory()
  ? fs.readdirSync(input, { recursive: true }).filter((f) => f.endsWith('.wast')).sort().map((f) => [path.join(input, f), path.join(outputDirectory, path.dirname(f))])
  : [[input, outputDirectory]];
for (const [script, directory] of scripts) {
  fs.mkdirSync(directory, { recursive: true });
  console.log(await convert(script, directory));
}
