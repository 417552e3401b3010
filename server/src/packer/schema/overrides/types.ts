// Bilder's hand-kept layer over the generated plugin schema: our own short descriptions, value sets, deprecations and
// the alternatives that make a plugin's advisory `required` tags true or false. Every name here must exist in the
// generated data (test/unit/packer/schema/overrides.test.ts), so a plugin release that renames something fails a test
// instead of leaving a stale override behind.

export interface AttributeOverride {
  description?: string;
  enum?: readonly string[];
  deprecated?: string;
  default?: string;
  /** The plugin tags it required, but Packer accepts it absent (a default, the environment, another attribute). */
  optional?: boolean;
}

export interface BlockOverride {
  description?: string;
  optional?: boolean;
}

export interface ComponentOverride {
  description?: string;
  /** By dotted path through nested blocks: `launch_block_device_mappings.volume_type`. */
  attributes?: Readonly<Record<string, AttributeOverride>>;
  /** Nested blocks by dotted path. */
  blocks?: Readonly<Record<string, BlockOverride>>;
  /** Top-level alternatives of which one must be set; their members are no longer required on their own. */
  oneOf?: readonly (readonly string[])[];
  /** Descriptions of the `build.*` keys a builder publishes. */
  generatedData?: Readonly<Record<string, string>>;
  /** Data source outputs by name. */
  outputs?: Readonly<Record<string, AttributeOverride>>;
  /**
   * Top-level attributes an earlier release had and this one removed, with what to do instead: reported as
   * information, never as unknown, since the template may target that earlier release.
   */
  removed?: Readonly<Record<string, string>>;
}

export interface PluginOverrides {
  /** The generated plugin's short name (`amazon`, `packer` for Packer's own components). */
  plugin: string;
  /** Attributes by name wherever they appear in this plugin's bodies (structs its components share). */
  shared?: Readonly<Record<string, AttributeOverride>>;
  /** Alternatives applied to every component of the plugin whose top level has all their members. */
  oneOf?: readonly (readonly string[])[];
  /** By `<kind> <type>`, e.g. `builder amazon-ebs`. */
  components?: Readonly<Record<string, ComponentOverride>>;
}
