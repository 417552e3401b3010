// The lookup entry point for component schemas: one catalog over the generated plugin data and Bilder's overrides,
// loaded lazily (see plugins.ts). Components of a plugin Bilder has no data for are `undefined`: unknown plugins stay
// unchecked.
import { PluginSchemas } from './plugins';
import { pluginNameOfSource } from './pluginVersions';
import type { PluginRelease } from './plugins';
import type { ComponentKind, ComponentSchema, ComponentSummary } from './types';

/** Immutable data read on first use; one per process, like the rest of the schema tables. */
const catalog = new PluginSchemas();

export function findComponent(kind: ComponentKind, type: string): ComponentSchema | undefined {
  return catalog.findComponent(kind, type);
}

/** Every known component type of a kind, without loading the plugins' bodies. */
export function componentSummaries(kind: ComponentKind): ComponentSummary[] {
  return catalog.summaries(kind);
}

/** The plugin release Bilder's schema of this component comes from. */
export function componentRelease(kind: ComponentKind, type: string): PluginRelease | undefined {
  return catalog.releaseOf(kind, type);
}

/** Every plugin release the schema covers. */
export function schemaReleases(): readonly PluginRelease[] {
  return catalog.releases();
}

export function schemaLoadProblem(): string | undefined {
  return catalog.loadProblem();
}

/**
 * One line saying where a component's schema comes from, for hover: plugin, release, the release installed on this
 * machine when one was found, and the documentation link.
 */
export function componentProvenance(component: ComponentSchema, installed?: ReadonlyMap<string, { version: string }>): string {
  const origin = component.plugin === 'builtin' ? `built into Packer${component.version ? ` ${component.version}` : ''}` : `${component.plugin}${component.version ? ` v${component.version}` : ''}`;
  const here = component.plugin === 'builtin' ? undefined : installed?.get(pluginNameOfSource(component.plugin))?.version;
  const docs = component.docsUrl ? ` · [Documentation](${component.docsUrl})` : '';
  return `\`${component.type}\` ${component.kind} · ${origin}${here ? ` · installed: v${here}` : ''}${docs}`;
}
