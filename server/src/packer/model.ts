// A Packer file reduced to what cross-file features need: declarations, references and source-name strings, with LSP
// ranges. Models are small and tree-free, so closed files can be indexed without keeping their (wasm-heap) trees.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range } from 'vscode-languageserver-types';
import {
  attributeExpression,
  attributeName,
  attributesOf,
  blockBody,
  blockLabelNodes,
  blockType,
  blocksOf,
  fileBody,
  firstChildOfType,
  quotedSourceText,
  stringLiteralValue,
} from '../parsing/nodes';
import type { SyntaxNode, SyntaxTree } from '../parsing/treeSitter';

export type FileKind = 'packer' | 'packervars';

/** Roots of the traversals Packer gives meaning to. */
export const REFERENCE_ROOTS = ['var', 'local', 'source', 'data', 'build', 'path', 'packer'] as const;
export type ReferenceRoot = (typeof REFERENCE_ROOTS)[number];
const ROOT_SET = new Set<string>(REFERENCE_ROOTS);

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
  /** For tuples and objects: the kinds of their direct elements (undefined when an element is not a literal). */
  elements?: (LiteralKind | undefined)[];
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
}

/** The part of a model one top-level attribute or block contributes, and where that item started. */
interface ItemFragment {
  origin: Position;
  model: PackerFileModel;
}

/** Per model: its top-level items' fragments, by item type and text, so the next version can reuse unchanged ones. */
const itemFragments = new WeakMap<PackerFileModel, Map<string, ItemFragment>>();

const FRAGMENT_LISTS = ['variables', 'locals', 'sources', 'dataSources', 'builds', 'references', 'sourceStrings', 'functionCalls', 'assignments'] as const;

function emptyModel(uri: string, kind: FileKind): PackerFileModel {
  return { uri, kind, variables: [], locals: [], sources: [], dataSources: [], builds: [], references: [], sourceStrings: [], functionCalls: [], assignments: [] };
}

/**
 * Builds the model of one file. Pure: reads only the tree and the document it was parsed from. `previous`, a model of
 * an earlier version of the same document, lets a keystroke rebuild only the top-level items whose text changed:
 * reading every reference out of the tree again was most of the cost of analysing a large template per keystroke.
 */
export function buildFileModel(
  document: TextDocument,
  tree: SyntaxTree,
  kind: FileKind,
  previous?: PackerFileModel,
  /** False for files nobody edits (indexed from disk): no per-item fragments are kept for a next version. */
  reusable = true,
): PackerFileModel {
  const text = document.getText();
  const rangeOf = (node: SyntaxNode): Range => spanRange(document, node.startIndex, node.endIndex);
  const model = emptyModel(document.uri, kind);
  const body = fileBody(tree);
  if (!body) return model;

  if (kind === 'packervars') {
    for (const attribute of attributesOf(body)) {
      const nameNode = firstChildOfType(attribute, 'identifier');
      if (nameNode) model.assignments.push({ name: nameNode.text, nameRange: rangeOf(nameNode), range: rangeOf(attribute) });
    }
    collectExpressions(model, document, body, false);
    return model;
  }

  // Attributes first, then blocks: the order every list of the model has always had.
  const items = [...attributesOf(body), ...blocksOf(body)];
  if (!reusable) {
    for (const item of items) {
      if (item.type === 'attribute') collectExpressions(model, document, item, false);
      else addTopLevelBlock(model, document, item);
    }
    return model;
  }
  const earlier = previous?.uri === document.uri && previous.kind === kind ? itemFragments.get(previous) : undefined;
  const fragments = new Map<string, ItemFragment>();
  itemFragments.set(model, fragments);
  for (const item of items) {
    const key = `${item.type}\u0000${text.slice(item.startIndex, item.endIndex)}`;
    const origin = document.positionAt(item.startIndex);
    let fragment = fragments.get(key) ?? earlier?.get(key);
    if (fragment && (fragment.origin.line !== origin.line || fragment.origin.character !== origin.character)) {
      fragment = { origin, model: movedTo(fragment.model, fragment.origin, origin) };
    }
    if (!fragment) {
      const itemModel = emptyModel(document.uri, kind);
      if (item.type === 'attribute') collectExpressions(itemModel, document, item, false);
      else addTopLevelBlock(itemModel, document, item);
      fragment = { origin, model: itemModel };
    }
    fragments.set(key, fragment);
    for (const list of FRAGMENT_LISTS) (model[list] as unknown[]).push(...fragment.model[list]);
  }
  return model;
}

/** A copy of a fragment's items for the same text starting at `to` instead of `from`. */
function movedTo(fragment: PackerFileModel, from: Position, to: Position): PackerFileModel {
  const lines = to.line - from.line;
  const characters = to.character - from.character;
  // Recursion is bounded by the fixed shape of model items (a few levels), not by the document's nesting.
  const move = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(move);
    if (value === null || typeof value !== 'object') return value;
    const record = value as Record<string, unknown>;
    if (typeof record.line === 'number' && typeof record.character === 'number' && Object.keys(record).length === 2) {
      return { line: record.line + lines, character: record.line === from.line ? record.character + characters : record.character };
    }
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(record)) copy[key] = move(record[key]);
    return copy;
  };
  return move(fragment) as PackerFileModel;
}

function addTopLevelBlock(model: PackerFileModel, document: TextDocument, block: SyntaxNode): void {
  const text = document.getText();
  const rangeOf = (node: SyntaxNode): Range => spanRange(document, node.startIndex, node.endIndex);
  const type = blockType(block);
  const labels = blockLabelNodes(block);
  const inner = blockBody(block);
  switch (type) {
    case 'variable': {
      const label = labels[0];
      if (label && labels.length === 1) model.variables.push(variableFromBlock(document, text, block, label));
      for (const attribute of attributesOf(inner)) {
        const name = attributeName(attribute);
        // `type` holds a type expression (`list(string)`), not values or function calls.
        if (name !== 'type') collectExpressions(model, document, attribute, name === 'default');
      }
      for (const nested of blocksOf(inner)) collectExpressions(model, document, nested, false);
      return;
    }
    case 'variables':
      for (const attribute of attributesOf(inner)) {
        const nameNode = firstChildOfType(attribute, 'identifier');
        if (!nameNode) continue;
        const expression = attributeExpression(attribute);
        model.variables.push({
          name: nameNode.text,
          nameRange: rangeOf(nameNode),
          range: rangeOf(attribute),
          form: 'legacy',
          validations: 0,
          ...(expression ? { defaultText: expression.text, defaultRange: rangeOf(expression) } : {}),
        });
        collectExpressions(model, document, attribute, true);
      }
      for (const nested of blocksOf(inner)) collectExpressions(model, document, nested, false);
      return;
    case 'locals':
      for (const attribute of attributesOf(inner)) {
        const nameNode = firstChildOfType(attribute, 'identifier');
        if (nameNode) model.locals.push({ name: nameNode.text, nameRange: rangeOf(nameNode), range: rangeOf(attribute) });
      }
      break;
    case 'local': {
      const label = labels[0];
      if (label && labels.length === 1) {
        model.locals.push({ name: labelValue(label, text), nameRange: labelContentRange(document, label), range: rangeOf(block) });
      }
      break;
    }
    case 'source':
    case 'data': {
      const [typeLabel, nameLabel] = labels;
      if (typeLabel && nameLabel && labels.length === 2) {
        const declaration = {
          type: labelValue(typeLabel, text),
          name: labelValue(nameLabel, text),
          typeRange: labelContentRange(document, typeLabel),
          nameRange: labelContentRange(document, nameLabel),
          range: rangeOf(block),
        };
        (type === 'source' ? model.sources : model.dataSources).push(declaration);
      }
      break;
    }
    case 'build':
      model.builds.push(buildFromBlock(model, document, text, block));
      break;
    default:
      break;
  }
  collectExpressions(model, document, block, false);
}

function variableFromBlock(document: TextDocument, text: string, block: SyntaxNode, label: SyntaxNode): VariableDeclaration {
  const variable: VariableDeclaration = {
    name: labelValue(label, text),
    nameRange: labelContentRange(document, label),
    range: spanRange(document, block.startIndex, block.endIndex),
    form: 'block',
    validations: 0,
  };
  const inner = blockBody(block);
  for (const attribute of attributesOf(inner)) {
    const expression = attributeExpression(attribute);
    if (!expression) continue;
    const range = spanRange(document, expression.startIndex, expression.endIndex);
    switch (attributeName(attribute)) {
      case 'type':
        variable.typeText = expression.text;
        variable.typeRange = range;
        break;
      case 'default': {
        variable.defaultText = expression.text;
        variable.defaultRange = range;
        const literal = literalSummary(expression, text);
        if (literal) variable.defaultLiteral = literal;
        break;
      }
      case 'description': {
        const literal = literalSummary(expression, text);
        variable.description = literal?.kind === 'string' && literal.value !== undefined ? literal.value : expression.text;
        break;
      }
      case 'sensitive':
        variable.sensitive = expression.text === 'true';
        break;
      default:
        break;
    }
  }
  variable.validations = blocksOf(inner).filter((nested) => blockType(nested) === 'validation').length;
  return variable;
}

function buildFromBlock(model: PackerFileModel, document: TextDocument, text: string, block: SyntaxNode): BuildModel {
  const keyword = firstChildOfType(block, 'identifier') ?? block;
  const build: BuildModel = {
    range: spanRange(document, block.startIndex, block.endIndex),
    keywordRange: spanRange(document, keyword.startIndex, keyword.endIndex),
    steps: [],
  };
  const inner = blockBody(block);
  for (const attribute of attributesOf(inner)) {
    const name = attributeName(attribute);
    if (name === 'name') {
      const literal = attributeExpression(attribute) && literalSummary(attributeExpression(attribute)!, text);
      if (literal?.kind === 'string' && literal.value !== undefined) build.name = literal.value;
    } else if (name === 'sources') {
      collectSourceStrings(model, document, text, attribute, 'sources');
    }
  }
  const stepBlocks: SyntaxNode[] = [];
  for (const nested of blocksOf(inner)) {
    const type = blockType(nested);
    if (type === 'post-processors') stepBlocks.push(...blocksOf(blockBody(nested)));
    else stepBlocks.push(nested);
  }
  for (const nested of stepBlocks) {
    const type = blockType(nested);
    const labels = blockLabelNodes(nested);
    if (type === 'source') {
      const label = labels[0];
      if (label?.type === 'string_lit') {
        const sourceString = sourceStringOf(document, text, label, 'source-block');
        if (sourceString) model.sourceStrings.push(sourceString);
      }
      continue;
    }
    if (type !== 'provisioner' && type !== 'error-cleanup-provisioner' && type !== 'post-processor') continue;
    const label = labels[0];
    if (label) {
      build.steps.push({
        kind: type,
        type: labelValue(label, text),
        typeRange: labelContentRange(document, label),
        range: spanRange(document, nested.startIndex, nested.endIndex),
      });
    }
    for (const attribute of attributesOf(blockBody(nested))) {
      const name = attributeName(attribute);
      if (name === 'only' || name === 'except') collectSourceStrings(model, document, text, attribute, name);
    }
  }
  return build;
}

function collectSourceStrings(model: PackerFileModel, document: TextDocument, text: string, attribute: SyntaxNode, context: SourceStringContext): void {
  const tuple = attributeExpression(attribute)?.namedChildren[0]?.namedChildren[0];
  if (!tuple || tuple.type !== 'tuple') return;
  for (const element of tuple.namedChildren) {
    const stringNode = element?.type === 'expression' ? element.namedChildren[0]?.namedChildren[0] : undefined;
    if (stringNode?.type !== 'string_lit') continue;
    const sourceString = sourceStringOf(document, text, stringNode, context);
    if (sourceString) model.sourceStrings.push(sourceString);
  }
}

function sourceStringOf(document: TextDocument, text: string, node: SyntaxNode, context: SourceStringContext): SourceString | undefined {
  const raw = quotedSourceText(node, text);
  const value = stringLiteralValue(node, text);
  const contentStart = node.child(0)?.endIndex ?? node.startIndex;
  const range = spanRange(document, contentStart, contentStart + raw.length);
  const parts = value.split('.');
  const prefixed = parts.length > 2;
  const sourceString: SourceString = { context, type: '', name: '', range, prefixed, text: value };
  // Packer's sourceRefFromString: `<type>.<name>`, or three parts whose first (normally `source`) it ignores.
  const [type, name] = prefixed ? parts.slice(1) : parts;
  if (!type || !name) return sourceString;
  sourceString.type = type;
  sourceString.name = name;
  if (raw === value) {
    const typeStart = contentStart + (prefixed ? parts[0]!.length + 1 : 0);
    sourceString.typeRange = spanRange(document, typeStart, typeStart + type.length);
    const nameStart = typeStart + type.length + 1;
    sourceString.nameRange = spanRange(document, nameStart, nameStart + name.length);
  }
  return sourceString;
}

const EXPRESSION_NODE_TYPES = ['variable_expr', 'function_call'];

/**
 * Collects references and function calls below `root`, in document order. The search runs inside tree-sitter and
 * hands back only matching nodes: visiting every node from JavaScript was most of the cost of rebuilding a model on
 * each keystroke. A `variable_expr` holds only its identifier, so no match is nested in another reference.
 */
function collectExpressions(model: PackerFileModel, document: TextDocument, root: SyntaxNode, inVariableDefault: boolean): void {
  for (const node of root.descendantsOfType(EXPRESSION_NODE_TYPES)) {
    if (!node) continue;
    if (node.type === 'variable_expr') {
      const reference = referenceAt(document, node, inVariableDefault);
      if (reference) model.references.push(reference);
      continue;
    }
    const nameNode = firstChildOfType(node, 'identifier');
    if (nameNode) {
      model.functionCalls.push({ name: nameNode.text, nameRange: spanRange(document, nameNode.startIndex, nameNode.endIndex), inVariableDefault });
    }
  }
}

function referenceAt(document: TextDocument, node: SyntaxNode, inVariableDefault: boolean): Reference | undefined {
  const text = document.getText();
  const root = text.slice(node.startIndex, node.endIndex);
  if (!ROOT_SET.has(root)) return undefined;
  const parts: string[] = [];
  const partRanges: Range[] = [];
  let end = node.endIndex;
  // The `.name` parts are the reference's following `get_attr` siblings. One cursor reads them by type and offset;
  // asking each node for its next sibling costs a walk from the parent per step.
  const cursor = node.parent?.walk();
  if (cursor) {
    try {
      const atReference = cursor.gotoFirstChildForIndex(node.startIndex) && cursor.startIndex === node.startIndex;
      while (atReference && cursor.gotoNextSibling()) {
        if (!cursor.nodeIsNamed) continue;
        if (cursor.nodeType !== 'get_attr') break;
        const siblingEnd = cursor.endIndex;
        const identifier = firstIdentifierBelow(cursor);
        if (!identifier) break;
        parts.push(text.slice(identifier.start, identifier.end));
        partRanges.push(spanRange(document, identifier.start, identifier.end));
        end = siblingEnd;
      }
    } finally {
      cursor.delete();
    }
  }
  return {
    root: root as ReferenceRoot,
    parts,
    partRanges,
    rootRange: spanRange(document, node.startIndex, node.endIndex),
    range: spanRange(document, node.startIndex, end),
    inVariableDefault,
  };
}

/** The offsets of the first named `identifier` child of the cursor's node; leaves the cursor on that node. */
function firstIdentifierBelow(cursor: ReturnType<SyntaxNode['walk']>): { start: number; end: number } | undefined {
  if (!cursor.gotoFirstChild()) return undefined;
  let found: { start: number; end: number } | undefined;
  do {
    if (cursor.nodeIsNamed && cursor.nodeType === 'identifier') {
      found = { start: cursor.startIndex, end: cursor.endIndex };
      break;
    }
  } while (cursor.gotoNextSibling());
  cursor.gotoParent();
  return found;
}

/** What kind of literal an expression is, looking one level into tuples and objects. */
export function literalSummary(expression: SyntaxNode, text: string): LiteralSummary | undefined {
  const inner = expression.type === 'expression' ? expression.namedChildren[0] : expression;
  if (!inner) return undefined;
  if (inner.type === 'literal_value') {
    const literal = inner.namedChildren[0];
    switch (literal?.type) {
      case 'string_lit':
        return { kind: 'string', value: stringLiteralValue(literal, text) };
      case 'numeric_lit':
        return { kind: 'number', value: literal.text };
      case 'bool_lit':
        return { kind: 'bool', value: literal.text };
      case 'null_lit':
        return { kind: 'null', value: 'null' };
      default:
        return undefined;
    }
  }
  if (inner.type === 'template_expr') {
    return { kind: 'string' };
  }
  if (inner.type === 'collection_value') {
    const collection = inner.namedChildren[0];
    if (collection?.type === 'tuple') {
      const elements = collection.namedChildren
        .filter((child): child is SyntaxNode => child?.type === 'expression')
        .map((child) => shallowKind(child));
      return { kind: 'tuple', value: collection.text, elements };
    }
    if (collection?.type === 'object') {
      const elements = collection.namedChildren
        .filter((child): child is SyntaxNode => child?.type === 'object_elem')
        .map((child) => {
          const value = child.childForFieldName('val');
          return value ? shallowKind(value) : undefined;
        });
      return { kind: 'object', value: collection.text, elements };
    }
  }
  return undefined;
}

function shallowKind(expression: SyntaxNode): LiteralKind | undefined {
  const inner = expression.namedChildren[0];
  if (!inner) return undefined;
  if (inner.type === 'literal_value') {
    const kind = inner.namedChildren[0]?.type;
    if (kind === 'string_lit') return 'string';
    if (kind === 'numeric_lit') return 'number';
    if (kind === 'bool_lit') return 'bool';
    if (kind === 'null_lit') return 'null';
    return undefined;
  }
  if (inner.type === 'template_expr') return 'string';
  if (inner.type === 'collection_value') {
    const collection = inner.namedChildren[0]?.type;
    if (collection === 'tuple') return 'tuple';
    if (collection === 'object') return 'object';
  }
  return undefined;
}

export function labelValue(label: SyntaxNode, text: string): string {
  return label.type === 'string_lit' ? stringLiteralValue(label, text) : label.text;
}

/** The label's text between its quotes (an identifier label is its own content). */
export function labelContentRange(document: TextDocument, label: SyntaxNode): Range {
  if (label.type !== 'string_lit') return spanRange(document, label.startIndex, label.endIndex);
  const start = label.child(0);
  const end = label.child(label.childCount - 1);
  const startIndex = start?.type === 'quoted_template_start' ? start.endIndex : label.startIndex;
  const endIndex = end?.type === 'quoted_template_end' ? end.startIndex : label.endIndex;
  return spanRange(document, startIndex, Math.max(startIndex, endIndex));
}

export function spanRange(document: TextDocument, start: number, end: number): Range {
  return { start: document.positionAt(start), end: document.positionAt(end) };
}

export function rangeContains(range: Range, position: { line: number; character: number }): boolean {
  const afterStart = position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character);
  const beforeEnd = position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character);
  return afterStart && beforeEnd;
}
