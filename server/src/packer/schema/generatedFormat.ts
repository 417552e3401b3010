// The shape of the generated plugin schema (scripts/schema/generate.ts writes it, plugins.ts reads it). Compact on
// purpose: bodies are shared by reference (many components embed the same nested blocks), attributes are tuples.
import type { ComponentKind } from './types';

export const GENERATED_FORMAT = 1;

/** `r`: the plugin tags it required; `u`: the plugin marks it undocumented. */
export type GeneratedFlags = string;

/** [HCL name, type expression, flags?] */
export type GeneratedAttribute = readonly [string, string, GeneratedFlags?];

/** [HCL block type, nesting, body key, flags?] */
export type GeneratedBlock = readonly [string, 'single' | 'list', string, GeneratedFlags?];

export interface GeneratedBody {
  attributes: readonly GeneratedAttribute[];
  blocks?: readonly GeneratedBlock[];
}

export interface GeneratedComponent {
  kind: ComponentKind;
  type: string;
  docs: string;
  /** Key of the configuration body in `bodies`. */
  body: string;
  /** Data sources: key of the output body. */
  outputs?: string;
  /** Builders: the `build.*` keys the builder publishes. */
  generatedData?: readonly string[];
}

export interface GeneratedPlugin {
  format: typeof GENERATED_FORMAT;
  /** Short name, as in the plugin's repository (`amazon`); `packer` for the components built into Packer. */
  name: string;
  /** The required_plugins source address, or `builtin` for Packer's own components. */
  source: string;
  version: string;
  components: readonly GeneratedComponent[];
  bodies: Readonly<Record<string, GeneratedBody>>;
}

export interface GeneratedPluginEntry {
  name: string;
  source: string;
  version: string;
  /** File name of the plugin's data beside the index. */
  file: string;
}

export interface GeneratedIndex {
  format: typeof GENERATED_FORMAT;
  plugins: readonly GeneratedPluginEntry[];
  /** kind → component type → where it comes from. */
  components: Readonly<Record<ComponentKind, Readonly<Record<string, GeneratedIndexEntry>>>>;
}

export interface GeneratedIndexEntry {
  plugin: string;
  docs: string;
}
