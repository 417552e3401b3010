// The hand-kept layer may only name what the generated data has: a plugin release that renames or drops an attribute
// must fail here, not leave a description, value set or alternative pointing at nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PluginSchemas } from '../../../../server/src/packer/schema/plugins';
import { componentDescriptions, pluginOverrides, sdkOneOf, sdkOverrides } from '../../../../server/src/packer/schema/overrides';
import type { GeneratedBody, GeneratedPlugin } from '../../../../server/src/packer/schema/generatedFormat';

const schemas = new PluginSchemas();

function pluginNamed(name: string): GeneratedPlugin {
  const data = schemas.pluginData(name);
  assert.ok(data, `override for plugin "${name}", which the generated data does not have`);
  return data;
}

/** Every dotted attribute path and block path of a body. */
function pathsOf(plugin: GeneratedPlugin, key: string, prefix = '', seen = new Set<string>()): { attributes: Set<string>; blocks: Set<string> } {
  const attributes = new Set<string>();
  const blocks = new Set<string>();
  const body: GeneratedBody | undefined = plugin.bodies[key];
  if (!body || seen.has(key)) return { attributes, blocks };
  const inside = new Set(seen).add(key);
  for (const [name] of body.attributes) attributes.add(`${prefix}${name}`);
  for (const [name, , nested] of body.blocks ?? []) {
    blocks.add(`${prefix}${name}`);
    const deeper = pathsOf(plugin, nested, `${prefix}${name}.`, inside);
    deeper.attributes.forEach((path) => attributes.add(path));
    deeper.blocks.forEach((path) => blocks.add(path));
  }
  return { attributes, blocks };
}

function topLevelNames(plugin: GeneratedPlugin, body: string): Set<string> {
  const { attributes, blocks } = pathsOf(plugin, body);
  return new Set([...attributes, ...blocks].filter((path) => !path.includes('.')));
}

describe('schema overrides', () => {
  it('name only plugins, components, attributes, blocks and outputs the generated data has', () => {
    const problems: string[] = [];
    for (const overrides of pluginOverrides) {
      const plugin = pluginNamed(overrides.plugin);
      const everyTopLevel = new Set(plugin.components.flatMap((component) => [...topLevelNames(plugin, component.body)]));
      for (const name of Object.keys(overrides.shared ?? {})) {
        if (!everyTopLevel.has(name)) problems.push(`${overrides.plugin} shared: no component has "${name}"`);
      }
      for (const group of overrides.oneOf ?? []) {
        if (!plugin.components.some((component) => group.every((name) => topLevelNames(plugin, component.body).has(name)))) {
          problems.push(`${overrides.plugin} oneOf ${group.join('|')}: no component has all of them`);
        }
      }
      for (const [key, override] of Object.entries(overrides.components ?? {})) {
        const [kind, type] = key.split(' ');
        const component = plugin.components.find((candidate) => candidate.kind === kind && candidate.type === type);
        if (!component) {
          problems.push(`${overrides.plugin}: no component "${key}"`);
          continue;
        }
        const { attributes, blocks } = pathsOf(plugin, component.body);
        for (const path of Object.keys(override.attributes ?? {})) if (!attributes.has(path)) problems.push(`${key}: no attribute "${path}"`);
        for (const path of Object.keys(override.blocks ?? {})) if (!blocks.has(path)) problems.push(`${key}: no block "${path}"`);
        for (const name of (override.oneOf ?? []).flat()) if (!topLevelNames(plugin, component.body).has(name)) problems.push(`${key}: oneOf names "${name}"`);
        for (const name of Object.keys(override.removed ?? {})) if (attributes.has(name)) problems.push(`${key}: "${name}" is removed but still generated`);
        const outputs = component.outputs ? pathsOf(plugin, component.outputs).attributes : new Set<string>();
        for (const name of Object.keys(override.outputs ?? {})) if (!outputs.has(name)) problems.push(`${key}: no output "${name}"`);
        for (const name of Object.keys(override.generatedData ?? {})) if (!component.generatedData?.includes(name)) problems.push(`${key}: no build.${name}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('describe SDK settings some plugin really has', () => {
    const everywhere = new Set<string>();
    for (const { name } of schemas.releases()) {
      const plugin = pluginNamed(name);
      for (const component of plugin.components) topLevelNames(plugin, component.body).forEach((entry) => everywhere.add(entry));
    }
    const stale = [...Object.keys(sdkOverrides), ...sdkOneOf.flat()].filter((name) => !everywhere.has(name));
    assert.deepEqual(stale, []);
  });

  it('describe only components that exist, and every component has words of ours', () => {
    const known = new Set<string>();
    for (const { name } of schemas.releases()) for (const component of pluginNamed(name).components) known.add(`${component.kind} ${component.type}`);
    assert.deepEqual(Object.keys(componentDescriptions).filter((key) => !known.has(key)), []);
    const described = new Set([...Object.keys(componentDescriptions), ...pluginOverrides.flatMap((overrides) => Object.entries(overrides.components ?? {}).filter(([, override]) => override.description).map(([key]) => key))]);
    assert.deepEqual([...known].filter((key) => !described.has(key)).sort(), []);
  });

  it('write descriptions in full sentences of our own, never empty', () => {
    for (const overrides of pluginOverrides) {
      for (const [key, override] of Object.entries(overrides.components ?? {})) {
        if (override.description !== undefined) assert.match(override.description, /^\S.*[.)`]$/, key);
        for (const [path, attribute] of Object.entries(override.attributes ?? {})) {
          if (attribute.description !== undefined) assert.ok(attribute.description.trim().length > 0, `${key} ${path}`);
        }
      }
    }
  });
});
