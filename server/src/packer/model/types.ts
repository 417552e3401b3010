// The shape of a Packer file's model: declarations, references and source-name strings with LSP ranges. Models are
// small and tree-free, so closed files can be indexed without keeping their (wasm-heap) trees.
import type { Range } from 'vscode-languageserver-types';

export type FileKind = 'packer' | 'packervars';

/** Roots of the traversals Packer gives meaning to. */
export const REFERENCE_ROOTS = ['var', 'local', 'source', 'data', 'build', 'path', 'packer'] as const;
export type ReferenceRoot = (typeof REFERENCE_ROOTS)[number];

export interface Declaration {
  name: string;
  /** The name as written (the label's text between its quotes, or the attribute identifier). */
  nameRange: Range;
  /** The whole declaring block or attribute. */
  range: Range;
}

export type LiteralKind = 'string' | 'number' | 'bool' | 'null' | 'tuple' | 'object';

export interface LiteralSummary {
  kind: LiteralKind;
  /** Source text of the literal (strings: their unescaped value); undefined for templates with interpolations. */
  value?: string;
  /**
   * For tuples and objects: the kinds of their direct elements (undefined when an element is not a literal; null in
   * models of closed files, which are kept as JSON.parse builds them).
   */
  elements?: (LiteralKind | undefined | null)[];
}

export interface VariableDeclaration extends Declaration {
  form: 'block' | 'legacy';
  typeText?: string;
  typeRange?: Range;
  defaultText?: string;
  defaultRange?: Range;
  defaultLiteral?: LiteralSummary;
  description?: string;
  sensitive?: boolean;
  validations: number;
  /** The values a `validation { condition = contains([...], var.<name>) }` allows. */
  allowedValues?: string[];
}

export interface ComponentDeclaration {
  type: string;
  name: string;
  typeRange: Range;
  nameRange: Range;
  range: Range;
}

export type StepKind = 'provisioner' | 'error-cleanup-provisioner' | 'post-processor';

export interface BuildStep {
  kind: StepKind;
  type: string;
  typeRange: Range;
  range: Range;
}

export interface BuildModel {
  name?: string;
  range: Range;
  /** The `build` keyword, for symbols. */
  keywordRange: Range;
  steps: BuildStep[];
}

export type SourceStringContext = 'sources' | 'source-block' | 'only' | 'except';

/** A string naming a source: `"source.amazon-ebs.x"` in `sources`, `"amazon-ebs.x"` in only/except or a build `source` label. */
export interface SourceString {
  context: SourceStringContext;
  type: string;
  name: string;
  /** Everything between the quotes. */
  range: Range;
  /** The `<type>` and `<name>` parts, when the raw text has no escapes (otherwise rename cannot edit them in place). */
  typeRange?: Range;
  nameRange?: Range;
  /** Whether the string has a leading part before `<type>.<name>` (normally `source.`). */
  prefixed: boolean;
  /** The raw text, for strings that do not have the `type.name` shape. */
  text: string;
}

export interface Reference {
  root: ReferenceRoot;
  /** The attribute names after the root: `var.a.b` → ['a', 'b']. */
  parts: string[];
  partRanges: Range[];
  rootRange: Range;
  /** Root and all parts. */
  range: Range;
  /** Inside a variable `default` (or a legacy `variables` value), where only `env()` is in scope. */
  inVariableDefault: boolean;
}

export interface FunctionCall {
  name: string;
  nameRange: Range;
  inVariableDefault: boolean;
}

export interface PackerFileModel {
  uri: string;
  kind: FileKind;
  variables: VariableDeclaration[];
  locals: Declaration[];
  sources: ComponentDeclaration[];
  dataSources: ComponentDeclaration[];
  builds: BuildModel[];
  references: Reference[];
  sourceStrings: SourceString[];
  functionCalls: FunctionCall[];
  /** `.pkrvars.hcl` assignments. */
  assignments: Declaration[];
  /** `required_plugins` blocks inside `packer` blocks. */
  requiredPlugins: RequiredPluginsBlock[];
}

export interface RequiredPluginsBlock {
  /** The whole `required_plugins { … }` block. */
  range: Range;
  plugins: { name: string; source: string; version?: string }[];
}
