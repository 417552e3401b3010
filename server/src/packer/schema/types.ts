// The shape of Packer's language as data. Everything Bilder knows about blocks, attributes, components and functions
// is a value of these types; rules and features read them and never hard-code a block or attribute name.

/** HCL type expressions as Packer prints them: `string`, `number`, `bool`, `list(string)`, `map(string)`, … */
export type TypeExpression = string;

export interface AttributeSchema {
  name: string;
  type: TypeExpression;
  required?: boolean;
  /** One or two sentences in our own words. */
  description: string;
  /** Allowed literal values, when the plugin restricts them. */
  enum?: readonly string[];
  deprecated?: string;
  /** A default the plugin applies when the attribute is omitted, shown in hover. */
  default?: string;
  /**
   * The plugin tags it undocumented. Accepted and still offered: the SDK tags settings users write every day
   * (`ssh_wait_timeout`, `ssh_private_key_file`) this way because their documentation lives elsewhere.
   */
  undocumented?: boolean;
}

export interface BlockSchema {
  description: string;
  /** Label names in order, e.g. ['type', 'name'] for `source`. Empty for unlabelled blocks. */
  labels: readonly string[];
  attributes: readonly AttributeSchema[];
  blocks: Readonly<Record<string, NestedBlockSchema>>;
  /** Unknown attributes/blocks are not reported (e.g. body of a plugin Bilder has no schema for). */
  open?: boolean;
  /** Packer accepts the block and does nothing with it: not an error, but never offered by completion. */
  reserved?: boolean;
}

export interface NestedBlockSchema extends BlockSchema {
  /** `single` may appear once; `list` any number of times. */
  nesting: 'single' | 'list';
  required?: boolean;
  /** Groups of alternatives: one member of each must be set (see ComponentSchema.requiredOneOf). */
  requiredOneOf?: readonly (readonly string[])[];
}

export type ComponentKind = 'builder' | 'provisioner' | 'post-processor' | 'datasource';

export interface ComponentSchema {
  kind: ComponentKind;
  /** The label users write: `amazon-ebs`, `shell-local`, `amazon-ami`. */
  type: string;
  /** `builtin` or the plugin source address, e.g. `github.com/hashicorp/amazon`. */
  plugin: string;
  /** The plugin release the schema was generated from, e.g. `1.8.2` (Packer's version for `builtin`). */
  version?: string;
  description: string;
  attributes: readonly AttributeSchema[];
  blocks: Readonly<Record<string, NestedBlockSchema>>;
  /** Keys the builder adds to `build.*` (HCL2 generated data, e.g. SourceAMI for amazon-ebs). */
  generatedData?: readonly { name: string; description: string }[];
  /** Attributes a data source exposes to `data.<type>.<name>.<attr>`. */
  outputs?: readonly AttributeSchema[];
  /** Where users read more (the plugin's docs page). */
  docsUrl?: string;
  /**
   * Alternatives of which one must be set, e.g. `source_ami` or `source_ami_filter`. Their members are not `required`
   * on their own; a missing group is reported like a missing required attribute.
   */
  requiredOneOf?: readonly (readonly string[])[];
  /** Attributes an earlier release had, with what replaced them; still written by older templates. */
  removedAttributes?: Readonly<Record<string, string>>;
}

/** What completion shows for a component type label without loading the plugin's whole schema. */
export interface ComponentSummary {
  kind: ComponentKind;
  type: string;
  plugin: string;
  version: string;
  description: string;
  docsUrl: string;
}

export interface FunctionParameter {
  name: string;
  type: TypeExpression;
}

export interface FunctionSchema {
  name: string;
  parameters: readonly FunctionParameter[];
  /** The last, repeatable parameter (`...`), if any. */
  variadic?: FunctionParameter;
  returns: TypeExpression;
  description: string;
  /** Only allowed in some places, e.g. `env` only in variable defaults. */
  restriction?: string;
}
