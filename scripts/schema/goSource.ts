// Reads just enough of a Go package to follow a plugin's configuration: imports, struct fields, method bodies and the
// generated `Flat*` structs with their HCL2Spec maps. The generated files are machine-written and regular, so a small
// scanner suffices and no Go toolchain is needed. Every failure names the file it came from.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';

export class SchemaInputError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}

export interface GoFile {
  file: string;
  packageName: string;
  /** Local name → import path, for every import of the file. */
  imports: Map<string, string>;
  text: string;
}

export interface GoSpecEntry {
  name: string;
  spec: 'attr' | 'block' | 'blockList';
  /** For attributes: the cty type expression, e.g. `cty.List(cty.String)`. */
  ctyType?: string;
  /** For blocks: the nested Flat type as written, e.g. `common.FlatAssumeRoleConfig` or `FlatTag`. */
  nestedType?: string;
}

export interface GoFlatField {
  hclName: string;
  required: boolean;
  undocumented: boolean;
}

export interface GoFlatStruct {
  name: string;
  file: GoFile;
  fields: Map<string, GoFlatField>;
  spec: GoSpecEntry[];
}

export interface GoFunction {
  receiverType?: string;
  receiverName?: string;
  name: string;
  body: string;
  file: GoFile;
}

export interface GoPackage {
  dir: string;
  name: string;
  files: GoFile[];
  /** Struct name → the text between its braces. */
  structs: Map<string, { body: string; file: GoFile }>;
  functions: GoFunction[];
  flat: Map<string, GoFlatStruct>;
}

const IMPORT_BLOCK = /^import\s*\(([\s\S]*?)^\)/m;
const IMPORT_SINGLE = /^import\s+(?:([\w.]+)\s+)?"([^"]+)"/gm;
const IMPORT_LINE = /^\s*(?:([\w.]+)\s+)?"([^"]+)"/;
const STRUCT_START = /^type\s+(\w+)\s+struct\s*\{/gm;
const FUNC_START = /^func\s+(?:\((\w+)?\s*\*?\s*(\w+)\)\s*)?(\w+)\s*\([^)]*\)[^{\n]*\{/gm;
const SPEC_ENTRY =
  /^\s*"([^"]+)":\s*&hcldec\.(AttrSpec|BlockSpec|BlockListSpec)\{(?:Name|TypeName):\s*"([^"]+)",\s*(?:Type:\s*(cty\.[^,]+?),\s*Required:\s*\w+|Nested:\s*hcldec\.ObjectSpec\(\(\*([\w.]+)\)\(nil\)\.HCL2Spec\(\)\))\},?\s*$/;
const FLAT_SPEC_FUNC = /^func \(\*(Flat\w+)\) HCL2Spec\(\) map\[string\]hcldec\.Spec \{\n([\s\S]*?)^\}/gm;
const TAG = /`([^`]*)`/;

/** The text from an opening brace to its matching closing brace (exclusive), skipping strings, runes and comments. */
export function braceBody(text: string, open: number, file: string): { body: string; end: number } {
  let depth = 0;
  for (let index = open; index < text.length; index++) {
    const char = text[index];
    if (char === '"' || char === '\'' || char === '`') {
      const quote = char;
      for (index++; index < text.length && text[index] !== quote; index++) if (quote !== '`' && text[index] === '\\') index++;
      continue;
    }
    if (char === '/' && text[index + 1] === '/') {
      while (index < text.length && text[index] !== '\n') index++;
      continue;
    }
    if (char === '/' && text[index + 1] === '*') {
      index = text.indexOf('*/', index + 2);
      if (index < 0) break;
      index++;
      continue;
    }
    if (char === '{') depth++;
    if (char === '}' && --depth === 0) return { body: text.slice(open + 1, index), end: index + 1 };
  }
  throw new SchemaInputError(file, `unbalanced braces from offset ${open}`);
}

function parseImports(text: string): Map<string, string> {
  const imports = new Map<string, string>();
  const add = (alias: string | undefined, importPath: string) => imports.set(alias ?? importPath.split('/').pop()!, importPath);
  const block = IMPORT_BLOCK.exec(text);
  if (block) {
    for (const line of block[1]!.split('\n')) {
      const match = IMPORT_LINE.exec(line);
      if (match) add(match[1], match[2]!);
    }
  }
  for (const match of text.matchAll(IMPORT_SINGLE)) add(match[1], match[2]!);
  return imports;
}

function parseTag(tag: string, key: string): string | undefined {
  return new RegExp(`(?:^|\\s)${key}:"([^"]*)"`).exec(tag)?.[1];
}

function parseFlatStructs(file: GoFile, flat: Map<string, GoFlatStruct>): void {
  for (const match of file.text.matchAll(STRUCT_START)) {
    const name = match[1]!;
    if (!name.startsWith('Flat')) continue;
    const { body } = braceBody(file.text, match.index + match[0].length - 1, file.file);
    const fields = new Map<string, GoFlatField>();
    for (const line of body.split('\n')) {
      const tag = TAG.exec(line)?.[1];
      const hclName = tag ? parseTag(tag, 'hcl') : undefined;
      if (!tag || !hclName) continue;
      fields.set(hclName, { hclName, required: parseTag(tag, 'required') === 'true', undocumented: parseTag(tag, 'undocumented') === 'true' });
    }
    flat.set(name, { name, file, fields, spec: [] });
  }
  for (const match of file.text.matchAll(FLAT_SPEC_FUNC)) {
    const struct = flat.get(match[1]!);
    if (!struct) throw new SchemaInputError(file.file, `HCL2Spec of ${match[1]} has no matching struct`);
    for (const line of match[2]!.split('\n')) {
      if (!line.includes('hcldec.')) continue;
      if (/^\s*s := map\[string\]hcldec\.Spec\{\s*$/.test(line)) continue;
      const entry = SPEC_ENTRY.exec(line);
      if (!entry) throw new SchemaInputError(file.file, `unrecognised HCL2Spec entry in ${match[1]}: ${line.trim()}`);
      const [, key, kind, , ctyType, nestedType] = entry;
      struct.spec.push(
        kind === 'AttrSpec'
          ? { name: key!, spec: 'attr', ctyType: ctyType! }
          : { name: key!, spec: kind === 'BlockSpec' ? 'block' : 'blockList', nestedType: nestedType! },
      );
    }
  }
}

export function readGoPackage(dir: string): GoPackage | undefined {
  if (!existsSync(dir)) return undefined;
  const names = readdirSync(dir)
    .filter((name) => name.endsWith('.go') && !name.endsWith('_test.go'))
    .sort();
  if (names.length === 0) return undefined;
  const files: GoFile[] = [];
  const structs = new Map<string, { body: string; file: GoFile }>();
  const functions: GoFunction[] = [];
  const flat = new Map<string, GoFlatStruct>();
  for (const name of names) {
    const filePath = path.join(dir, name);
    const text = readFileSync(filePath, 'utf8').replace(/\r\n/g, '\n');
    const packageName = /^package\s+(\w+)/m.exec(text)?.[1];
    if (!packageName) throw new SchemaInputError(filePath, 'no package clause');
    const file: GoFile = { file: filePath, packageName, imports: parseImports(text), text };
    files.push(file);
    for (const match of text.matchAll(STRUCT_START)) {
      structs.set(match[1]!, { body: braceBody(text, match.index + match[0].length - 1, filePath).body, file });
    }
    for (const match of text.matchAll(FUNC_START)) {
      const { body } = braceBody(text, match.index + match[0].length - 1, filePath);
      functions.push({ receiverName: match[1], receiverType: match[2], name: match[3]!, body, file });
    }
    if (name.endsWith('.hcl2spec.go')) parseFlatStructs(file, flat);
  }
  const packageName = files.find((file) => !file.packageName.endsWith('_test'))!.packageName;
  return { dir, name: packageName, files, structs, functions, flat };
}

/** The type of a named field of a struct body, e.g. `config` → `Config` or `*common.Config`. */
export function fieldType(structBody: string, field: string): string | undefined {
  for (const line of structBody.split('\n')) {
    const match = /^\s*(\w+)\s+([*\w.]+)/.exec(line);
    if (match && match[1] === field) return match[2];
  }
  return undefined;
}
