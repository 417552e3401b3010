// The generated plugin schema as ComponentSchemas. The index (component type → plugin) is read on first use and each
// plugin's data only when one of its components is first looked up, so a template using two plugins never parses the
// other nineteen. The data ships beside the bundle (dist/schema/, copied by esbuild.mjs) and beside this file in the
// source tree (generated/); nothing is read from outside the installation.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { GeneratedBody, GeneratedComponent, GeneratedIndex, GeneratedPlugin } from './generatedFormat';
import { GENERATED_FORMAT } from './generatedFormat';
import { componentDescriptions, pluginOverrides, sdkOneOf, sdkOverrides } from './overrides';
import type { AttributeOverride, ComponentOverride, PluginOverrides } from './overrides';
import type { AttributeSchema, ComponentKind, ComponentSchema, ComponentSummary, NestedBlockSchema } from './types';

const INDEX_FILE = 'index.json';
const REQUIRED_FLAG = 'r';
const UNDOCUMENTED_FLAG = 'u';
const KIND_WORDS: Record<ComponentKind, string> = { builder: 'builder', provisioner: 'provisioner', 'post-processor': 'post-processor', datasource: 'data source' };

export interface PluginRelease {
  /** Short name, e.g. `amazon`; `packer` for Packer's own components. */
  name: string;
  /** required_plugins source address, or `builtin`. */
  source: string;
  version: string;
}

/** Where the data is: beside the bundle (dist/schema) or, running from source, beside this file. */
export function defaultSchemaDirectories(): string[] {
  return [path.join(__dirname, 'schema'), path.join(__dirname, 'generated')];
}

interface LoadedPlugin {
  data: GeneratedPlugin;
  overrides: PluginOverrides | undefined;
  components: Map<string, ComponentSchema>;
}

export class PluginSchemas {
  private index: GeneratedIndex | undefined;
  private directory: string | undefined;
  private problem: string | undefined;
  private readonly plugins = new Map<string, LoadedPlugin | undefined>();
  private readonly overridesByPlugin: ReadonlyMap<string, PluginOverrides>;

  constructor(
    private readonly directories: readonly string[] = defaultSchemaDirectories(),
    overrides: readonly PluginOverrides[] = pluginOverrides,
  ) {
    this.overridesByPlugin = new Map(overrides.map((entry) => [entry.plugin, entry]));
  }

  /** Why the data could not be read, if it could not: every plugin then stays unchecked. */
  loadProblem(): string | undefined {
    this.readIndex();
    return this.problem;
  }

  releases(): readonly PluginRelease[] {
    return (this.readIndex()?.plugins ?? []).map(({ name, source, version }) => ({ name, source, version }));
  }

  releaseOf(kind: ComponentKind, type: string): PluginRelease | undefined {
    const name = this.readIndex()?.components[kind]?.[type]?.plugin;
    return name ? this.releases().find((release) => release.name === name) : undefined;
  }

  /** Every component type of a kind, from the index alone (completion of type labels). */
  summaries(kind: ComponentKind): ComponentSummary[] {
    const index = this.readIndex();
    if (!index) return [];
    return Object.entries(index.components[kind] ?? {}).map(([type, { plugin: pluginName, docs }]) => {
      const release = index.plugins.find((plugin) => plugin.name === pluginName)!;
      const described = this.overridesByPlugin.get(pluginName)?.components?.[`${kind} ${type}`]?.description;
      return {
        kind,
        type,
        plugin: release.source,
        version: release.version,
        description: described ?? componentDescriptions[`${kind} ${type}`] ?? genericDescription(kind, type, release),
        docsUrl: docs,
      };
    });
  }

  findComponent(kind: ComponentKind, type: string): ComponentSchema | undefined {
    const pluginName = this.readIndex()?.components[kind]?.[type]?.plugin;
    if (!pluginName) return undefined;
    const plugin = this.loadPlugin(pluginName);
    if (!plugin) return undefined;
    const key = `${kind} ${type}`;
    const cached = plugin.components.get(key);
    if (cached) return cached;
    const generated = plugin.data.components.find((component) => component.kind === kind && component.type === type);
    if (!generated) return undefined;
    const schema = toComponentSchema(plugin.data, generated, plugin.overrides?.components?.[key], plugin.overrides);
    plugin.components.set(key, schema);
    return schema;
  }

  /** The raw generated data of one plugin (tests and the bench). */
  pluginData(name: string): GeneratedPlugin | undefined {
    return this.loadPlugin(name)?.data;
  }

  private readIndex(): GeneratedIndex | undefined {
    if (this.index || this.problem) return this.index;
    for (const directory of this.directories) {
      const file = path.join(directory, INDEX_FILE);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      try {
        const index = JSON.parse(text) as GeneratedIndex;
        if (index.format !== GENERATED_FORMAT) throw new Error(`format ${String(index.format)}, expected ${GENERATED_FORMAT}`);
        this.index = index;
        this.directory = directory;
      } catch (error) {
        this.problem = `${file}: ${(error as Error).message}`;
      }
      return this.index;
    }
    this.problem = `no plugin schema (${INDEX_FILE}) in ${this.directories.join(' or ')}`;
    return undefined;
  }

  private loadPlugin(name: string): LoadedPlugin | undefined {
    if (this.plugins.has(name)) return this.plugins.get(name);
    const entry = this.readIndex()?.plugins.find((plugin) => plugin.name === name);
    let loaded: LoadedPlugin | undefined;
    if (entry && this.directory) {
      const file = path.join(this.directory, entry.file);
      try {
        const data = JSON.parse(readFileSync(file, 'utf8')) as GeneratedPlugin;
        if (data.format !== GENERATED_FORMAT) throw new Error(`format ${String(data.format)}, expected ${GENERATED_FORMAT}`);
        loaded = { data, overrides: this.overridesByPlugin.get(name), components: new Map() };
      } catch (error) {
        this.problem = `${file}: ${(error as Error).message}`;
      }
    }
    this.plugins.set(name, loaded);
    return loaded;
  }
}

function genericDescription(kind: ComponentKind, type: string, release: PluginRelease): string {
  return release.source === 'builtin'
    ? `The \`${type}\` ${KIND_WORDS[kind]} built into Packer.`
    : `The \`${type}\` ${KIND_WORDS[kind]} of ${release.source} v${release.version}.`;
}

interface BodyContext {
  plugin: GeneratedPlugin;
  component: ComponentOverride | undefined;
  shared: Readonly<Record<string, AttributeOverride>>;
  /** Members of one-of groups: not required on their own. */
  alternatives: ReadonlySet<string>;
}

function toComponentSchema(plugin: GeneratedPlugin, generated: GeneratedComponent, override: ComponentOverride | undefined, overrides: PluginOverrides | undefined): ComponentSchema {
  const release = { name: plugin.name, source: plugin.source, version: plugin.version };
  const topLevel = new Set([...(plugin.bodies[generated.body]?.attributes ?? []).map(([name]) => name), ...(plugin.bodies[generated.body]?.blocks ?? []).map(([name]) => name)]);
  const oneOf = [...(override?.oneOf ?? []), ...[...sdkOneOf, ...(overrides?.oneOf ?? [])].filter((group) => group.every((name) => topLevel.has(name)))];
  const context: BodyContext = {
    plugin,
    component: override,
    shared: overrides?.shared ?? {},
    alternatives: new Set(oneOf.flat()),
  };
  const body = convertBody(context, generated.body, '', new Set());
  const schema: ComponentSchema = {
    kind: generated.kind,
    type: generated.type,
    plugin: plugin.source,
    version: plugin.version,
    description: override?.description ?? componentDescriptions[`${generated.kind} ${generated.type}`] ?? genericDescription(generated.kind, generated.type, release),
    attributes: body.attributes,
    blocks: body.blocks,
    docsUrl: generated.docs,
    ...(oneOf.length > 0 ? { requiredOneOf: oneOf } : {}),
    ...(override?.removed ? { removedAttributes: override.removed } : {}),
  };
  if (generated.generatedData) {
    schema.generatedData = generated.generatedData.map((name) => ({
      name,
      description: override?.generatedData?.[name] ?? `Set by the \`${generated.type}\` builder while it runs.`,
    }));
  }
  if (generated.outputs) {
    const outputContext: BodyContext = { plugin, component: { attributes: override?.outputs }, shared: {}, alternatives: new Set() };
    schema.outputs = convertBody(outputContext, generated.outputs, '', new Set()).attributes;
  }
  return schema;
}

function attributeOverride(context: BodyContext, pathPrefix: string, name: string): AttributeOverride {
  const top = pathPrefix === '';
  return {
    ...(top ? sdkOverrides[name] : undefined),
    ...(top ? context.shared[name] : undefined),
    ...context.component?.attributes?.[`${pathPrefix}${name}`],
  };
}

function convertBody(context: BodyContext, key: string, pathPrefix: string, seen: ReadonlySet<string>): { attributes: AttributeSchema[]; blocks: Record<string, NestedBlockSchema> } {
  const body: GeneratedBody | undefined = context.plugin.bodies[key];
  if (!body || seen.has(key)) return { attributes: [], blocks: {} };
  const inside = new Set(seen).add(key);
  const top = pathPrefix === '';
  const attributes = body.attributes.map(([name, type, flags = '']): AttributeSchema => {
    const override = attributeOverride(context, pathPrefix, name);
    const required = flags.includes(REQUIRED_FLAG) && !override.optional && !(top && context.alternatives.has(name));
    const attribute: AttributeSchema = { name, type, description: override.description ?? '' };
    if (required) attribute.required = true;
    if (flags.includes(UNDOCUMENTED_FLAG)) attribute.undocumented = true;
    if (override.enum) attribute.enum = override.enum;
    if (override.deprecated) attribute.deprecated = override.deprecated;
    if (override.default) attribute.default = override.default;
    return attribute;
  });
  const blocks: Record<string, NestedBlockSchema> = {};
  for (const [name, nesting, nestedKey, flags = ''] of body.blocks ?? []) {
    const blockPath = `${pathPrefix}${name}`;
    const override = context.component?.blocks?.[blockPath];
    const nested = convertBody(context, nestedKey, `${blockPath}.`, inside);
    const block: NestedBlockSchema = { description: override?.description ?? '', labels: [], nesting, attributes: nested.attributes, blocks: nested.blocks };
    if (flags.includes(REQUIRED_FLAG) && !override?.optional && !(top && context.alternatives.has(name))) block.required = true;
    blocks[name] = block;
  }
  return { attributes, blocks };
}
