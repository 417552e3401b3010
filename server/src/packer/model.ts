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

/**
 * The part of a model one item contributes, and where that item started. Top-level blocks also keep their body's
 * direct children's parts, so a keystroke inside a large block rebuilds only the attribute or nested block it changed.
 */
interface ItemFragment {
  origin: Position;
  model: PackerFileModel;
  children?: Map<string, ItemFragment>;
}

/** Per model: its top-level items' fragments, by item type and text, so the next version can reuse unchanged ones. */
const itemFragments = new WeakMap<PackerFileModel, Map<string, ItemFragment>>();

const FRAGMENT_LISTS = ['variables', 'locals', 'sources', 'dataSources', 'builds', 'references', 'sourceStrings', 'functionCalls', 'assignments'] as const;

function emptyModel(uri: string, kind: FileKind): PackerFileModel {
  return { uri, kind, variables: [], locals: [], sources: [], dataSources: [], builds: [], references: [], sourceStrings: [], functionCalls: [], assignments: [] };
}

interface BuildContext {
  document: TextDocument;
  text: string;
}

/** Reuse of the body children of a top-level block rebuilt for a keystroke: the previous version's, and this block's. */
interface ChildReuse {
  earlier(key: string): ItemFragment | undefined;
  children: Map<string, ItemFragment>;
}

/**
 * Builds the model of one file. Pure: reads only the tree and the document it was parsed from. `previous`, a model of
 * an earlier version of the same document, lets a keystroke rebuild only the items whose text changed: reading every
 * reference out of the tree again was most of the cost of analysing a large template per keystroke.
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
  const context: BuildContext = { document, text };
  const model = emptyModel(document.uri, kind);
  const body = fileBody(tree);
  if (!body) return model;

  if (kind === 'packervars') {
    for (const attribute of attributesOf(body)) {
      const nameNode = firstChildOfType(attribute, 'identifier');
      if (nameNode) model.assignments.push({ name: nameNode.text, nameRange: rangeOf(document, nameNode), range: rangeOf(document, attribute) });
    }
    collectExpressions(model, context, body, false);
    return model;
  }

  // Attributes first, then blocks: the order every list of the model has always had.
  const items = [...attributesOf(body), ...blocksOf(body)];
  if (!reusable) {
    for (const item of items) {
      if (item.type === 'attribute') collectExpressions(model, context, item, false);
      else addTopLevelBlock(model, context, item);
    }
    return model;
  }
  const earlier = previous?.uri === document.uri && previous.kind === kind ? itemFragments.get(previous) : undefined;
  let earlierChildren: Map<string, ItemFragment> | undefined;
  const earlierChild = (key: string): ItemFragment | undefined => {
    if (!earlierChildren) {
      earlierChildren = new Map();
      for (const fragment of earlier?.values() ?? []) for (const [childKey, child] of fragment.children ?? []) earlierChildren.set(childKey, child);
    }
    return earlierChildren.get(key);
  };
  // Templates repeat whole attributes from block to block (four near-identical sources are common). A child is looked
  // up among the children of the item that started at the same place, or it would be taken from another block and
  // moved, which copies it.
  let earlierByOrigin: Map<string, ItemFragment> | undefined;
  const earlierAt = (origin: Position): ItemFragment | undefined => {
    if (!earlierByOrigin) {
      earlierByOrigin = new Map();
      for (const fragment of earlier?.values() ?? []) earlierByOrigin.set(`${fragment.origin.line}:${fragment.origin.character}`, fragment);
    }
    return earlierByOrigin.get(`${origin.line}:${origin.character}`);
  };
  const fragments = new Map<string, ItemFragment>();
  itemFragments.set(model, fragments);
  for (const item of items) {
    const origin = document.positionAt(item.startIndex);
    // Error recovery can read the same text differently beside other errors, so only error-free items are reused.
    const key = item.hasError ? undefined : `${item.type}\u0000${text.slice(item.startIndex, item.endIndex)}`;
    let fragment = key === undefined ? undefined : reusedFragment(fragments.get(key) ?? earlier?.get(key), origin);
    if (!fragment) {
      const itemModel = emptyModel(document.uri, kind);
      if (item.type === 'attribute') {
        collectExpressions(itemModel, context, item, false);
        fragment = { origin, model: itemModel };
      } else {
        const children = new Map<string, ItemFragment>();
        // Only an item that moved looks through every block's children: that index costs a map of hundreds of entries.
        const sameStart = earlierAt(origin)?.children;
        addTopLevelBlock(itemModel, context, item, { earlier: sameStart ? (childKey) => sameStart.get(childKey) : earlierChild, children });
        fragment = { origin, model: itemModel, children };
      }
    }
    if (key !== undefined) fragments.set(key, fragment);
    for (const list of FRAGMENT_LISTS) (model[list] as unknown[]).push(...fragment.model[list]);
  }
  return model;
}

/** The fragment, moved to `origin` when the same text now starts elsewhere. Its children keep their own origins. */
function reusedFragment(fragment: ItemFragment | undefined, origin: Position): ItemFragment | undefined {
  if (!fragment || (fragment.origin.line === origin.line && fragment.origin.character === origin.character)) return fragment;
  return { origin, model: movedTo(fragment.model, fragment.origin, origin), ...(fragment.children ? { children: fragment.children } : {}) };
}

/** A copy of a fragment's items for the same text starting at `to` instead of `from`. */
function movedTo(fragment: PackerFileModel, from: Position, to: Position): PackerFileModel {
  // Recursion is bounded by the fixed shape of model items (a few levels), not by the document's nesting.
  const move = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(move);
    if (value === null || typeof value !== 'object') return value;
    const record = value as Record<string, unknown>;
    if (typeof record.line === 'number' && typeof record.character === 'number' && Object.keys(record).length === 2) {
      return movedPosition(record as unknown as Position, from, to);
    }
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(record)) copy[key] = move(record[key]);
    return copy;
  };
  return move(fragment) as PackerFileModel;
}

/**
 * Where `position`, inside text that started at `from`, is once the same text starts at `to`: lines shift with the
 * start, and so do columns on the start's own line.
 */
export function movedPosition(position: Position, from: Position, to: Position): Position {
  return {
    line: position.line + to.line - from.line,
    character: position.line === from.line ? position.character + to.character - from.character : position.character,
  };
}

function rangeOf(document: TextDocument, node: SyntaxNode): Range {
  return spanRange(document, node.startIndex, node.endIndex);
}

function addTopLevelBlock(model: PackerFileModel, context: BuildContext, block: SyntaxNode, reuse?: ChildReuse): void {
  const { document, text } = context;
  const type = blockType(block);
  const labels = blockLabelNodes(block);
  const inner = blockBody(block);
  const attributes = attributesOf(inner);
  const nested = blocksOf(inner);
  switch (type) {
    case 'variable': {
      const label = labels[0];
      if (label && labels.length === 1) model.variables.push(variableFromBlock(document, text, block, label));
      break;
    }
    case 'variables':
      for (const attribute of attributes) {
        const nameNode = firstChildOfType(attribute, 'identifier');
        if (!nameNode) continue;
        const expression = attributeExpression(attribute);
        model.variables.push({
          name: nameNode.text,
          nameRange: rangeOf(document, nameNode),
          range: rangeOf(document, attribute),
          form: 'legacy',
          validations: 0,
          ...(expression ? { defaultText: expression.text, defaultRange: rangeOf(document, expression) } : {}),
        });
      }
      break;
    case 'locals':
      for (const attribute of attributes) {
        const nameNode = firstChildOfType(attribute, 'identifier');
        if (nameNode) model.locals.push({ name: nameNode.text, nameRange: rangeOf(document, nameNode), range: rangeOf(document, attribute) });
      }
      break;
    case 'local': {
      const label = labels[0];
      if (label && labels.length === 1) {
        model.locals.push({ name: labelValue(label, text), nameRange: labelContentRange(document, label), range: rangeOf(document, block) });
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
          range: rangeOf(document, block),
        };
        (type === 'source' ? model.sources : model.dataSources).push(declaration);
      }
      break;
    }
    case 'build':
      model.builds.push(buildFromBlock(document, text, block, attributes, nested));
      break;
    default:
      break;
  }

  // Variable blocks read their attributes' expressions, then their nested blocks'; every other block all of its own, in
  // document order. A `type` attribute holds a type expression (`list(string)`), not values or function calls.
  const byChild = type === 'variable' || type === 'variables';
  if (!byChild && !(reuse && onlyItemsInside(block, inner))) {
    // Source strings of a build come from its sources attribute and steps, whatever else the block holds.
    if (type === 'build') for (const child of [...attributes, ...nested]) addChildContribution(model, context, type, child, false);
    collectExpressions(model, context, block, false);
    return;
  }
  if (!reuse) {
    for (const child of [...attributes, ...nested]) addChildContribution(model, context, type, child, true);
    return;
  }
  const fragmentOf = (child: SyntaxNode): ItemFragment => {
    const origin = document.positionAt(child.startIndex);
    // Error recovery can read the same text differently beside other errors, so only error-free children are reused.
    const key = child.hasError ? undefined : `${type}\u0000${child.type}\u0000${text.slice(child.startIndex, child.endIndex)}`;
    let fragment = key === undefined ? undefined : reusedFragment(reuse.children.get(key) ?? reuse.earlier(key), origin);
    if (!fragment) {
      const childModel = emptyModel(model.uri, model.kind);
      addChildContribution(childModel, context, type, child, true);
      fragment = { origin, model: childModel };
    }
    if (key !== undefined) reuse.children.set(key, fragment);
    return fragment;
  };
  // Source strings in attribute-then-block order (as a build reads them); references in the order chosen above.
  const attributeFragments = attributes.map(fragmentOf);
  const blockFragments = nested.map(fragmentOf);
  const inOrder = byChild ? [...attributeFragments, ...blockFragments] : inDocumentOrder(attributes, attributeFragments, nested, blockFragments);
  for (const fragment of inOrder) {
    model.references.push(...fragment.model.references);
    model.functionCalls.push(...fragment.model.functionCalls);
  }
  for (const fragment of [...attributeFragments, ...blockFragments]) model.sourceStrings.push(...fragment.model.sourceStrings);
}

/** Merges two document-ordered lists of sibling nodes' fragments into one list in document order. */
function inDocumentOrder(first: SyntaxNode[], firstFragments: ItemFragment[], second: SyntaxNode[], secondFragments: ItemFragment[]): ItemFragment[] {
  const merged: ItemFragment[] = [];
  let i = 0;
  let j = 0;
  while (i < first.length || j < second.length) {
    if (j >= second.length || (i < first.length && first[i]!.startIndex < second[j]!.startIndex)) merged.push(firstFragments[i++]!);
    else merged.push(secondFragments[j++]!);
  }
  return merged;
}

const HEADER_NODE_TYPES = new Set(['identifier', 'string_lit', 'block_start', 'block_end', 'body', 'comment']);
const BODY_ITEM_TYPES = new Set(['attribute', 'block', 'comment']);

/**
 * Whether every reference of the block lies in an attribute or nested block of its body, so the block's references are
 * theirs put together. Error recovery can leave expressions elsewhere (an ERROR in the body or among the labels).
 */
function onlyItemsInside(block: SyntaxNode, inner: SyntaxNode | undefined): boolean {
  for (const child of block.namedChildren) if (!child || !HEADER_NODE_TYPES.has(child.type)) return false;
  for (const child of inner?.namedChildren ?? []) if (!child || !BODY_ITEM_TYPES.has(child.type)) return false;
  return true;
}

/** The references, function calls and source strings one attribute or nested block of a top-level block contributes. */
function addChildContribution(model: PackerFileModel, context: BuildContext, topType: string, child: SyntaxNode, withExpressions: boolean): void {
  if (child.type === 'attribute') {
    const name = firstChildOfType(child, 'identifier')?.text;
    if (topType === 'build' && name === 'sources') collectSourceStrings(model, context, child, 'sources');
    if (!withExpressions || (topType === 'variable' && name === 'type') || (topType === 'variables' && name === undefined)) return;
    collectExpressions(model, context, child, topType === 'variables' || (topType === 'variable' && name === 'default'));
    return;
  }
  if (topType === 'build') {
    if (blockType(child) === 'post-processors') for (const step of blocksOf(blockBody(child))) addStepSourceStrings(model, context, step);
    else addStepSourceStrings(model, context, child);
  }
  if (withExpressions) collectExpressions(model, context, child, false);
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

/** The build's declaration and steps; its source strings are its attributes' and nested blocks' contributions. */
function buildFromBlock(document: TextDocument, text: string, block: SyntaxNode, attributes: SyntaxNode[], nested: SyntaxNode[]): BuildModel {
  const keyword = firstChildOfType(block, 'identifier') ?? block;
  const build: BuildModel = {
    range: spanRange(document, block.startIndex, block.endIndex),
    keywordRange: spanRange(document, keyword.startIndex, keyword.endIndex),
    steps: [],
  };
  for (const attribute of attributes) {
    if (attributeName(attribute) !== 'name') continue;
    const expression = attributeExpression(attribute);
    const literal = expression && literalSummary(expression, text);
    if (literal?.kind === 'string' && literal.value !== undefined) build.name = literal.value;
  }
  for (const child of nested) {
    for (const step of blockType(child) === 'post-processors' ? blocksOf(blockBody(child)) : [child]) {
      const type = blockType(step);
      if (type !== 'provisioner' && type !== 'error-cleanup-provisioner' && type !== 'post-processor') continue;
      const label = blockLabelNodes(step)[0];
      if (!label) continue;
      build.steps.push({
        kind: type,
        type: labelValue(label, text),
        typeRange: labelContentRange(document, label),
        range: spanRange(document, step.startIndex, step.endIndex),
      });
    }
  }
  return build;
}

/** A build's `source` block names a source by its label; its steps' `only` and `except` name some. */
function addStepSourceStrings(model: PackerFileModel, context: BuildContext, step: SyntaxNode): void {
  const type = blockType(step);
  if (type === 'source') {
    const label = blockLabelNodes(step)[0];
    if (label?.type === 'string_lit') {
      const sourceString = sourceStringOf(context, label, 'source-block');
      if (sourceString) model.sourceStrings.push(sourceString);
    }
    return;
  }
  if (type !== 'provisioner' && type !== 'error-cleanup-provisioner' && type !== 'post-processor') return;
  for (const attribute of attributesOf(blockBody(step))) {
    const name = attributeName(attribute);
    if (name === 'only' || name === 'except') collectSourceStrings(model, context, attribute, name);
  }
}

function collectSourceStrings(model: PackerFileModel, context: BuildContext, attribute: SyntaxNode, sourceContext: SourceStringContext): void {
  const tuple = attributeExpression(attribute)?.namedChildren[0]?.namedChildren[0];
  if (!tuple || tuple.type !== 'tuple') return;
  for (const element of tuple.namedChildren) {
    const stringNode = element?.type === 'expression' ? element.namedChildren[0]?.namedChildren[0] : undefined;
    if (stringNode?.type !== 'string_lit') continue;
    const sourceString = sourceStringOf(context, stringNode, sourceContext);
    if (sourceString) model.sourceStrings.push(sourceString);
  }
}

function sourceStringOf({ document, text }: BuildContext, node: SyntaxNode, context: SourceStringContext): SourceString | undefined {
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
 * Collects references and function calls below `root`, each list in document order. The search runs inside
 * tree-sitter and hands back only matching nodes: visiting every node from JavaScript was most of the cost of
 * rebuilding a model on each keystroke. A `variable_expr` holds only its identifier, so no match is nested in another
 * reference. Where the tree has no errors, names and `.name` parts are read from the text: each question asked of a
 * node crosses into wasm, and those crossings were most of what building a model cost.
 */
function collectExpressions(model: PackerFileModel, context: BuildContext, root: SyntaxNode, inVariableDefault: boolean): void {
  const { document, text } = context;
  const errorFree = !root.hasError;
  // One search for both: each search walks the whole subtree inside tree-sitter, the largest part of its cost.
  const variables: SyntaxNode[] = [];
  const calls: SyntaxNode[] = [];
  for (const node of root.descendantsOfType(EXPRESSION_NODE_TYPES)) if (node) (node.type === 'variable_expr' ? variables : calls).push(node);
  for (const node of variables) {
    const fromText = errorFree ? referenceFromText(document, text, node.startIndex, inVariableDefault) : undefined;
    const reference = fromText === undefined ? referenceAt(document, text, node, inVariableDefault) : fromText;
    if (reference) model.references.push(reference);
  }
  for (const node of calls) {
    const nameEnd = errorFree ? identifierEnd(text, node.startIndex) : undefined;
    if (nameEnd !== undefined) {
      model.functionCalls.push({ name: text.slice(node.startIndex, nameEnd), nameRange: spanRange(document, node.startIndex, nameEnd), inVariableDefault });
      continue;
    }
    const nameNode = firstChildOfType(node, 'identifier');
    if (nameNode) model.functionCalls.push({ name: nameNode.text, nameRange: rangeOf(document, nameNode), inVariableDefault });
  }
}

/**
 * The reference starting at `start` of an error-free tree, read from the text: null when its root is not one Packer
 * gives meaning to, undefined when only the tree can tell (a part after a blank, a comment, a splat or non-ASCII text).
 */
function referenceFromText(document: TextDocument, text: string, start: number, inVariableDefault: boolean): Reference | null | undefined {
  const rootEnd = identifierEnd(text, start);
  if (rootEnd === undefined) return undefined;
  const root = text.slice(start, rootEnd);
  if (!ROOT_SET.has(root)) return null;
  const parts: string[] = [];
  const partRanges: Range[] = [];
  let end = rootEnd;
  while (text.charCodeAt(end) === DOT) {
    const partEnd = identifierEnd(text, end + 1);
    if (partEnd === undefined) return undefined;
    parts.push(text.slice(end + 1, partEnd));
    partRanges.push(spanRange(document, end + 1, partEnd));
    end = partEnd;
  }
  let next = end;
  while (isAsciiBlank(text.charCodeAt(next))) next++;
  const following = text.charCodeAt(next);
  const comment = following === HASH || (following === SLASH && (text.charCodeAt(next + 1) === SLASH || text.charCodeAt(next + 1) === STAR));
  if (following === DOT || comment || following >= 0x80) return undefined;
  return { root: root as ReferenceRoot, parts, partRanges, rootRange: spanRange(document, start, rootEnd), range: spanRange(document, start, end), inVariableDefault };
}

const DOT = 0x2e;
const HASH = 0x23;
const SLASH = 0x2f;
const STAR = 0x2a;

/** What tree-sitter-hcl skips between tokens: form feed and vertical tab too, which hclsyntax itself rejects. */
function isAsciiBlank(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0x0b || code === 0x0c;
}

/**
 * The end of the HCL identifier starting at `start` (a letter or `_`, then letters, digits, `_`, `-` and `::`), or
 * undefined when no ASCII identifier starts there or one continues with non-ASCII text, which only the tree can judge.
 */
function identifierEnd(text: string, start: number): number | undefined {
  const first = text.charCodeAt(start);
  if (!(isAsciiLetter(first) || first === 0x5f)) return undefined;
  let index = start + 1;
  for (;;) {
    const code = text.charCodeAt(index);
    if (isAsciiLetter(code) || (code >= 0x30 && code <= 0x39) || code === 0x5f || code === 0x2d) index++;
    else if (code === 0x3a && text.charCodeAt(index + 1) === 0x3a) index += 2;
    else if (code >= 0x80) return undefined;
    else return index;
  }
}

function isAsciiLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

function referenceAt(document: TextDocument, text: string, node: SyntaxNode, inVariableDefault: boolean): Reference | undefined {
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
