// Turns plugin source trees laid out as in shared/packer-plugins (MANIFEST.tsv, one folder per plugin at its release
// tag, Packer core and the SDK included) into Bilder's schema data. The rules are the mechanical ones the plugins
// themselves follow: components from main.go registrations (core: command/execute.go), ConfigSpec() → the generated
// Flat struct, HCL2Spec() entries → attributes and nested blocks (resolved across modules through imports),
// required/undocumented tags, OutputSpec() for data sources, packer_* fields dropped.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { GENERATED_FORMAT } from '../../server/src/packer/schema/generatedFormat';
import type { GeneratedAttribute, GeneratedBlock, GeneratedBody, GeneratedComponent, GeneratedIndex, GeneratedIndexEntry, GeneratedPlugin } from '../../server/src/packer/schema/generatedFormat';
import type { ComponentKind } from '../../server/src/packer/schema/types';
import { SchemaInputError, fieldType, readGoPackage } from './goSource';
import type { GoFile, GoFlatStruct, GoPackage } from './goSource';

interface ManifestRow {
  plugin: string;
  repository: string;
  tag: string;
  module: string;
}

const CORE = 'packer';
const SDK = 'sdk';
const CORE_SOURCE = 'builtin';
const CORE_DOCS = 'https://developer.hashicorp.com/packer/docs';
const INTEGRATION_DOCS = 'https://developer.hashicorp.com/packer/integrations';
/** Fields Packer core sets on every component; users never write them. */
const PACKER_INTERNAL = /^packer_/;
/** Nested blocks deeper than this are cut: it only guards against a self-referencing type. */
const MAX_DEPTH = 12;

const REGISTER = /\.Register(Builder|Provisioner|PostProcessor|Datasource)\(\s*(plugin\.DEFAULT_NAME|"([^"]+)")\s*,\s*(?:new\((\w+)\.(\w+)\)|&(\w+)\.(\w+)\{\})\s*\)/g;
const CORE_MAP = /^var (Builders|Provisioners|PostProcessors|Datasources) = map\[string\]packersdk\.\w+\{\n([\s\S]*?)^\}/gm;
const CORE_ENTRY = /^\s*"([^"]+)":\s*new\((\w+)\.(\w+)\),?\s*$/;
/**
 * Packages the input leaves out because they hold no generated spec of their own: they decode straight into an SDK
 * struct (Packer's post-processor/shell-local and provisioner/shell-local both keep an `sl.Config`).
 */
const CONFIG_OF_ABSENT_PACKAGE: Readonly<Record<string, string>> = {
  'github.com/hashicorp/packer/provisioner/shell-local': 'github.com/hashicorp/packer-plugin-sdk/shell-local',
  'github.com/hashicorp/packer/post-processor/shell-local': 'github.com/hashicorp/packer-plugin-sdk/shell-local',
};
const KIND_OF_REGISTRATION: Record<string, ComponentKind> = { Builder: 'builder', Provisioner: 'provisioner', PostProcessor: 'post-processor', Datasource: 'datasource' };
const KIND_OF_CORE_MAP: Record<string, ComponentKind> = { Builders: 'builder', Provisioners: 'provisioner', PostProcessors: 'post-processor', Datasources: 'datasource' };
const DOCS_KIND: Record<ComponentKind, string> = { builder: 'builder', provisioner: 'provisioner', 'post-processor': 'post-processor', datasource: 'data-source' };
const CORE_DOCS_KIND: Record<ComponentKind, string> = { builder: 'builders', provisioner: 'provisioners', 'post-processor': 'post-processors', datasource: 'datasources' };
const CTY_PRIMITIVES: Record<string, string> = { 'cty.String': 'string', 'cty.Number': 'number', 'cty.Bool': 'bool', 'cty.DynamicPseudoType': 'any' };

/** Locale-independent order, so the output is the same bytes on every machine. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface ExtractedSchema {
  index: GeneratedIndex;
  plugins: GeneratedPlugin[];
}

function readManifest(root: string): ManifestRow[] {
  const file = path.join(root, 'MANIFEST.tsv');
  if (!existsSync(file)) throw new SchemaInputError(file, 'missing: the input folder must hold MANIFEST.tsv and one folder per plugin');
  const lines = readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== '');
  const header = lines[0]?.split('\t') ?? [];
  const column = (name: string) => {
    const index = header.indexOf(name);
    if (index < 0) throw new SchemaInputError(file, `no "${name}" column in the header`);
    return index;
  };
  const [plugin, repository, tag, module] = ['plugin', 'repository', 'tag', 'module'].map(column) as [number, number, number, number];
  return lines.slice(1).map((line, lineIndex) => {
    const cells = line.split('\t');
    const row = { plugin: cells[plugin]!, repository: cells[repository]!, tag: cells[tag]!, module: cells[module]! };
    if (!row.plugin || !row.repository || !/^v\d/.test(row.tag ?? '') || !row.module) {
      throw new SchemaInputError(file, `line ${lineIndex + 2} is malformed: ${JSON.stringify(line)}`);
    }
    return row;
  });
}

/** `cty.List(cty.String)` → `list(string)`. */
export function ctyToType(expression: string, file: string): string {
  const primitive = CTY_PRIMITIVES[expression];
  if (primitive) return primitive;
  const match = /^cty\.(List|Map|Set)\((.*)\)$/.exec(expression);
  if (!match) throw new SchemaInputError(file, `unsupported cty type ${expression}`);
  return `${match[1]!.toLowerCase()}(${ctyToType(match[2]!, file)})`;
}

/** Source address users write in required_plugins: github.com/<owner>/<name without packer-plugin->. */
function sourceAddress(row: ManifestRow): string {
  const [owner, repo] = row.repository.split('/');
  return `github.com/${owner}/${repo!.replace(/^packer-plugin-/, '')}`;
}

class SourceTree {
  private readonly packages = new Map<string, GoPackage | undefined>();
  constructor(
    readonly root: string,
    private readonly rows: readonly ManifestRow[],
  ) {}

  /** The folder holding an import path, when the path belongs to one of the modules we have. */
  directoryOf(importPath: string): string | undefined {
    const row = [...this.rows].sort((a, b) => b.module.length - a.module.length).find((candidate) => importPath === candidate.module || importPath.startsWith(`${candidate.module}/`));
    if (!row) return undefined;
    return path.join(this.root, row.plugin, importPath.slice(row.module.length));
  }

  packageAt(dir: string): GoPackage | undefined {
    if (!this.packages.has(dir)) this.packages.set(dir, readGoPackage(dir));
    return this.packages.get(dir);
  }

  packageOf(importPath: string): GoPackage | undefined {
    const dir = this.directoryOf(importPath);
    return dir ? this.packageAt(dir) : undefined;
  }

  /** The package a qualified name (`common.FlatX`) refers to, seen from `file`. */
  resolve(qualified: string, file: GoFile, home: GoPackage): { pkg: GoPackage; name: string } {
    const dot = qualified.lastIndexOf('.');
    if (dot < 0) return { pkg: home, name: qualified };
    const alias = qualified.slice(0, dot);
    const name = qualified.slice(dot + 1);
    const importPath = this.importPath(file, alias);
    const pkg = importPath ? this.packageOf(importPath) : undefined;
    if (!pkg) throw new SchemaInputError(file.file, `cannot find the package of ${qualified} (import ${importPath ?? alias}) in the input tree`);
    return { pkg, name };
  }

  /** The import path behind a local package name, also for imports without alias whose package name differs from the last path element. */
  private importPath(file: GoFile, alias: string): string | undefined {
    const direct = file.imports.get(alias);
    if (direct) return direct;
    for (const importPath of file.imports.values()) if (this.packageOf(importPath)?.name === alias) return importPath;
    return undefined;
  }
}

class BodyCollector {
  readonly bodies = new Map<string, GeneratedBody>();
  constructor(
    private readonly tree: SourceTree,
    private readonly pluginDir: string,
  ) {}

  /** Adds the Flat struct's body (and every nested one) and returns its key. */
  add(pkg: GoPackage, flatName: string, origin: string, depth = 0, keepInternal = false): string {
    const struct = pkg.flat.get(flatName);
    if (!struct) throw new SchemaInputError(origin, `no generated ${flatName} in ${pkg.dir}`);
    const key = this.keyOf(pkg, flatName);
    if (this.bodies.has(key) || depth > MAX_DEPTH) return key;
    this.bodies.set(key, { attributes: [] });
    this.bodies.set(key, this.convert(struct, pkg, depth, keepInternal));
    return key;
  }

  private keyOf(pkg: GoPackage, flatName: string): string {
    const relative = path.relative(this.pluginDir, pkg.dir).split(path.sep).join('/');
    return `${relative.startsWith('..') ? relative.replace(/^(\.\.\/)+/, '') : relative || '.'}.${flatName.replace(/^Flat/, '')}`;
  }

  /** `keepInternal`: data source outputs are read, not written, so a `packer_run_uuid` output stays. */
  private convert(struct: GoFlatStruct, pkg: GoPackage, depth: number, keepInternal: boolean): GeneratedBody {
    const attributes: GeneratedAttribute[] = [];
    const blocks: GeneratedBlock[] = [];
    for (const entry of struct.spec) {
      if (!keepInternal && PACKER_INTERNAL.test(entry.name)) continue;
      const field = struct.fields.get(entry.name);
      const flags = `${field?.required ? 'r' : ''}${field?.undocumented ? 'u' : ''}`;
      if (entry.spec === 'attr') {
        const type = ctyToType(entry.ctyType!, struct.file.file);
        attributes.push(flags ? [entry.name, type, flags] : [entry.name, type]);
        continue;
      }
      const target = this.tree.resolve(entry.nestedType!, struct.file, pkg);
      const body = this.add(target.pkg, target.name, struct.file.file, depth + 1, keepInternal);
      const nesting = entry.spec === 'block' ? 'single' : 'list';
      blocks.push(flags ? [entry.name, nesting, body, flags] : [entry.name, nesting, body]);
    }
    return blocks.length > 0 ? { attributes, blocks } : { attributes };
  }
}

interface Registration {
  kind: ComponentKind;
  type: string;
  /** Name the component has in its plugin's docs (`ebs`, or the plugin name for DEFAULT_NAME). */
  docsName: string;
  file: GoFile;
  alias: string;
  typeName: string;
}

function registrations(tree: SourceTree, row: ManifestRow): Registration[] {
  const dir = path.join(tree.root, row.plugin);
  if (row.plugin === CORE) {
    const pkg = tree.packageAt(path.join(dir, 'command'));
    const file = pkg?.files.find((candidate) => candidate.file.endsWith('execute.go'));
    if (!file) throw new SchemaInputError(path.join(dir, 'command', 'execute.go'), 'missing: Packer core lists its components there');
    const found: Registration[] = [];
    for (const map of file.text.matchAll(CORE_MAP)) {
      for (const line of map[2]!.split('\n')) {
        if (line.trim() === '') continue;
        const entry = CORE_ENTRY.exec(line);
        if (!entry) throw new SchemaInputError(file.file, `unrecognised component entry: ${line.trim()}`);
        found.push({ kind: KIND_OF_CORE_MAP[map[1]!]!, type: entry[1]!, docsName: entry[1]!, file, alias: entry[2]!, typeName: entry[3]! });
      }
    }
    if (found.length === 0) throw new SchemaInputError(file.file, 'no Builders/Provisioners/PostProcessors/Datasources maps found');
    return found;
  }
  const mainPath = path.join(dir, 'main.go');
  const main = tree.packageAt(dir)?.files.find((file) => file.file === mainPath);
  if (!main) throw new SchemaInputError(mainPath, 'missing: a plugin registers its components in main.go');
  const found = [...main.text.matchAll(REGISTER)].map((match): Registration => {
    const docsName = match[3] ?? row.plugin;
    const type = match[3] ? `${row.plugin}-${match[3]}` : row.plugin;
    return { kind: KIND_OF_REGISTRATION[match[1]!]!, type, docsName, file: main, alias: match[4] ?? match[6]!, typeName: match[5] ?? match[7]! };
  });
  if (found.length === 0) throw new SchemaInputError(mainPath, 'no RegisterBuilder/RegisterProvisioner/RegisterPostProcessor/RegisterDatasource call found');
  return found;
}

/** The Flat struct a `ConfigSpec()`/`OutputSpec()` body returns, followed through `x.field.FlatMapstructure()`. */
function specTarget(tree: SourceTree, pkg: GoPackage, typeName: string, method: string, origin: string): { pkg: GoPackage; flat: string } | undefined {
  const fn = pkg.functions.find((candidate) => candidate.receiverType === typeName && candidate.name === method);
  if (!fn) return undefined;
  const literal = /\(&(\w+(?:\.\w+)?)\{\}\)\.FlatMapstructure\(\)/.exec(fn.body);
  if (literal) {
    const target = tree.resolve(literal[1]!, fn.file, pkg);
    return { pkg: target.pkg, flat: `Flat${target.name}` };
  }
  const chain = /return\s+(\w+)((?:\.\w+)*)\.FlatMapstructure\(\)\.HCL2Spec\(\)/.exec(fn.body);
  if (!chain) {
    const delegated = /return\s+\w+\.(\w+)\.ConfigSpec\(\)/.exec(fn.body);
    if (delegated) {
      const embedded = fieldType(pkg.structs.get(typeName)?.body ?? '', delegated[1]!);
      if (embedded) {
        const target = tree.resolve(embedded.replace(/^\*/, ''), fn.file, pkg);
        return specTarget(tree, target.pkg, target.name, method, origin);
      }
    }
    throw new SchemaInputError(fn.file.file, `${typeName}.${method}() does not return <value>.FlatMapstructure().HCL2Spec()`);
  }
  let currentPkg = pkg;
  let currentType = typeName;
  for (const field of chain[2]!.split('.').filter(Boolean)) {
    const struct = currentPkg.structs.get(currentType);
    const declared = struct ? fieldType(struct.body, field) : undefined;
    if (!declared || !struct) throw new SchemaInputError(fn.file.file, `cannot find field ${field} of ${currentType} (from ${origin})`);
    const target = tree.resolve(declared.replace(/^\*/, ''), struct.file, currentPkg);
    currentPkg = target.pkg;
    currentType = target.name;
  }
  return { pkg: currentPkg, flat: `Flat${currentType}` };
}

/** The `build.*` keys a builder's Prepare returns, when it lists them as string literals (directly or via a helper). */
function generatedDataKeys(tree: SourceTree, pkg: GoPackage, typeName: string): string[] | undefined {
  const prepare = pkg.functions.find((candidate) => candidate.receiverType === typeName && candidate.name === 'Prepare');
  if (!prepare) return undefined;
  const returned = /return\s+(\[\]string\{[^}]*\}|\w+),\s*\w+,\s*nil\s*$/m.exec(prepare.body)?.[1];
  if (!returned || returned === 'nil') return undefined;
  const strings = (text: string) => [...text.matchAll(/"([^"]+)"/g)].map((match) => match[1]!);
  if (returned.startsWith('[]string')) return strings(returned);
  const keys: string[] = [];
  const assignment = new RegExp(`${returned}\\s*:?=\\s*(\\[\\]string\\{[^}]*\\}|(\\w+)\\.(\\w+)\\(\\))`).exec(prepare.body);
  if (!assignment) return undefined;
  if (assignment[2]) {
    const target = tree.resolve(`${assignment[2]}.${assignment[3]}`, prepare.file, pkg);
    const helper = target.pkg.functions.find((candidate) => !candidate.receiverType && candidate.name === target.name);
    const list = helper ? /return\s+(\[\]string\{[^}]*\})/.exec(helper.body)?.[1] : undefined;
    if (!list) return undefined;
    keys.push(...strings(list));
  } else {
    keys.push(...strings(assignment[1]!));
  }
  for (const appended of prepare.body.matchAll(new RegExp(`${returned}\\s*=\\s*append\\(${returned},([^)]*)\\)`, 'g'))) keys.push(...strings(appended[1]!));
  return keys;
}

function docsUrl(row: ManifestRow, registration: Registration): string {
  if (row.plugin === CORE) {
    const hcp = registration.type.startsWith('hcp-packer-') ? 'hcp/' : '';
    return `${CORE_DOCS}/${CORE_DOCS_KIND[registration.kind]}/${hcp}${registration.type}`;
  }
  const [owner] = row.repository.split('/');
  return `${INTEGRATION_DOCS}/${owner!.toLowerCase()}/${row.plugin}/latest/components/${DOCS_KIND[registration.kind]}/${registration.docsName}`;
}

function extractPlugin(tree: SourceTree, root: string, row: ManifestRow): GeneratedPlugin {
  const pluginDir = path.join(root, row.plugin);
  const collector = new BodyCollector(tree, pluginDir);
  const components: GeneratedComponent[] = [];
  for (const registration of registrations(tree, row)) {
    const importPath = registration.file.imports.get(registration.alias);
    const pkg = importPath ? tree.packageOf(importPath) : undefined;
    const substitute = importPath && !pkg ? CONFIG_OF_ABSENT_PACKAGE[importPath] : undefined;
    const substitutePkg = substitute ? tree.packageOf(substitute) : undefined;
    if (!pkg && !substitutePkg) throw new SchemaInputError(registration.file.file, `cannot find the package ${registration.alias} (${importPath ?? 'not imported'}) of ${registration.type}`);
    const origin = `${registration.kind} ${registration.type}`;
    const config = pkg ? specTarget(tree, pkg, registration.typeName, 'ConfigSpec', origin) : { pkg: substitutePkg!, flat: 'FlatConfig' };
    if (!config) throw new SchemaInputError(pkg!.dir, `${registration.typeName} of ${origin} has no ConfigSpec()`);
    const component: GeneratedComponent = {
      kind: registration.kind,
      type: registration.type,
      docs: docsUrl(row, registration),
      body: collector.add(config.pkg, config.flat, config.pkg.dir),
    };
    if (pkg && registration.kind === 'datasource') {
      const output = specTarget(tree, pkg, registration.typeName, 'OutputSpec', origin);
      if (output) Object.assign(component, { outputs: collector.add(output.pkg, output.flat, pkg.dir, 0, true) });
    }
    if (pkg && registration.kind === 'builder') {
      const keys = generatedDataKeys(tree, pkg, registration.typeName);
      if (keys && keys.length > 0) Object.assign(component, { generatedData: [...new Set(keys)] });
    }
    components.push(component);
  }
  components.sort((a, b) => (a.kind === b.kind ? byCodeUnits(a.type, b.type) : byCodeUnits(a.kind, b.kind)));
  const bodies = Object.fromEntries([...collector.bodies.entries()].sort(([a], [b]) => byCodeUnits(a, b)));
  return {
    format: GENERATED_FORMAT,
    name: row.plugin,
    source: row.plugin === CORE ? CORE_SOURCE : sourceAddress(row),
    version: row.tag.replace(/^v/, ''),
    components,
    bodies,
  };
}

export function extractSchema(root: string): ExtractedSchema {
  const rows = readManifest(root);
  if (!rows.some((row) => row.plugin === CORE)) throw new SchemaInputError(path.join(root, 'MANIFEST.tsv'), `no "${CORE}" row: Packer core's built-in components are required`);
  for (const row of rows) {
    if (!existsSync(path.join(root, row.plugin))) throw new SchemaInputError(path.join(root, row.plugin), 'listed in MANIFEST.tsv but missing');
  }
  // go.mod is what the imports follow; the manifest's module column is only a fallback.
  for (const row of rows) {
    const goMod = path.join(root, row.plugin, 'go.mod');
    const declared = existsSync(goMod) ? /^module\s+(\S+)/m.exec(readFileSync(goMod, 'utf8'))?.[1] : undefined;
    if (declared) row.module = declared;
  }
  const tree = new SourceTree(root, rows);
  const plugins = rows.filter((row) => row.plugin !== SDK).map((row) => extractPlugin(tree, root, row));
  plugins.sort((a, b) => (a.name === CORE ? -1 : b.name === CORE ? 1 : byCodeUnits(a.name, b.name)));
  const components: Record<ComponentKind, Record<string, GeneratedIndexEntry>> = { builder: {}, provisioner: {}, 'post-processor': {}, datasource: {} };
  for (const plugin of plugins) {
    for (const component of plugin.components) {
      const existing = components[component.kind][component.type];
      if (existing) throw new SchemaInputError(path.join(root, plugin.name, 'main.go'), `${component.kind} ${component.type} is registered by both ${existing.plugin} and ${plugin.name}`);
      components[component.kind][component.type] = { plugin: plugin.name, docs: component.docs };
    }
  }
  for (const kind of Object.keys(components) as ComponentKind[]) {
    components[kind] = Object.fromEntries(Object.entries(components[kind]).sort(([a], [b]) => byCodeUnits(a, b)));
  }
  return {
    index: {
      format: GENERATED_FORMAT,
      plugins: plugins.map((plugin) => ({ name: plugin.name, source: plugin.source, version: plugin.version, file: `${plugin.name}.json` })),
      components,
    },
    plugins,
  };
}
