// Extraction: what each top-level block declares (variables, locals, sources, data sources, builds and their steps)
// and the source-name strings of builds, with the children of a block reused from the previous version when unchanged.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  attributeExpression,
  attributeName,
  attributesOf,
  blockBody,
  blockLabelNodes,
  blockType,
  blocksOf,
  firstChildOfType,
  quotedSourceText,
  stringLiteralValue,
} from '../../parsing/nodes';
import type { SyntaxNode } from '../../parsing/treeSitter';
import { emptyModel, reusedFragment } from './fragments';
import type { BuildContext, ChildReuse, ItemFragment } from './fragments';
import { literalSummary } from './literals';
import { labelContentRange, labelValue, rangeOf, spanRange } from './ranges';
import { collectExpressions } from './references';
import { requiredPluginsIn } from '../schema/pluginVersions';
import { allowedValues } from './validations';
import type { BuildModel, PackerFileModel, SourceString, SourceStringContext, VariableDeclaration } from './types';

export function addTopLevelBlock(model: PackerFileModel, context: BuildContext, block: SyntaxNode, reuse?: ChildReuse): void {
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
    case 'packer':
      for (const required of nested.filter((candidate) => blockType(candidate) === 'required_plugins')) {
        model.requiredPlugins.push({ range: rangeOf(document, required), plugins: requiredPluginsIn(text.slice(required.startIndex, required.endIndex)) });
      }
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
  const validations = blocksOf(inner).filter((nested) => blockType(nested) === 'validation');
  variable.validations = validations.length;
  const allowed = validations.length > 0 ? allowedValues(validations, variable.name, text) : undefined;
  if (allowed) variable.allowedValues = allowed;
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
