// Hover and signature help: variable facts, function signatures, attribute and block docs, contextual references.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { MarkupKind } from 'vscode-languageserver-types';
import type { Hover, Position, SignatureHelp } from 'vscode-languageserver-types';
import { firstChildOfType } from '../parsing/nodes';
import type { SyntaxNode, SyntaxTree } from '../parsing/treeSitter';
import { signatureLabel } from './completion';
import type { PackerConfiguration } from './configuration';
import type { PackerFileModel } from './model';
import { rangeContains, spanRange } from './model';
import { symbolAt } from './navigation';
import { bodySchemaAt, enclosingBlocks } from './schemaContext';
import { buildVariables, findComponent, functions, packerVariables, pathVariables, sourceVariables } from './schema';
import type { AttributeSchema } from './schema';

export interface HoverInput {
  document: TextDocument;
  tree: SyntaxTree;
  model: PackerFileModel;
  position: Position;
  configuration: PackerConfiguration;
}

const CONTEXTUAL: Record<string, readonly AttributeSchema[]> = {
  build: buildVariables,
  path: pathVariables,
  packer: packerVariables,
  source: sourceVariables,
};

export function packerHover({ document, tree, model, position, configuration }: HoverInput): Hover | undefined {
  const markdown = (value: string, range = undefined as Hover['range']): Hover => ({ contents: { kind: MarkupKind.Markdown, value }, ...(range ? { range } : {}) });
  const symbol = symbolAt(model, position);
  if (symbol) {
    const key = symbol.key;
    if (key.kind === 'variable') {
      const declaration = configuration.variables.get(key.name)?.[0]?.item;
      if (!declaration) return markdown(`**var.${key.name}**\n\nNot declared in this configuration directory.`, symbol.range);
      const lines = [`**var.${key.name}**${declaration.typeText ? ` \`${declaration.typeText}\`` : ''}${declaration.sensitive ? ' (sensitive)' : ''}`];
      if (declaration.description) lines.push(declaration.description);
      lines.push(declaration.defaultText !== undefined ? `Default: \`${declaration.defaultText}\`` : 'Required: no default.');
      return markdown(lines.join('\n\n'), symbol.range);
    }
    if (key.kind === 'local') return markdown(`**local.${key.name}**`, symbol.range);
    const kind = key.kind === 'source' ? 'builder' : 'datasource';
    const component = findComponent(kind, key.type);
    return markdown(`**${key.kind} "${key.type}" "${key.name}"**${component ? `\n\n${component.description}` : ''}`, symbol.range);
  }
  for (const reference of model.references) {
    if (!rangeContains(reference.range, position)) continue;
    const first = reference.parts[0];
    if (reference.root === 'data' && reference.parts.length >= 3 && rangeContains(reference.partRanges[2]!, position)) {
      const output = findComponent('datasource', first!)?.outputs?.find((candidate) => candidate.name === reference.parts[2]);
      if (output) return markdown(`**${output.name}** \`${output.type}\`\n\n${output.description}`, reference.partRanges[2]);
    }
    const table = CONTEXTUAL[reference.root];
    if (table && first !== undefined) {
      const entry = table.find((candidate) => candidate.name === first);
      if (entry) return markdown(`**${reference.root}.${entry.name}** \`${entry.type}\`\n\n${entry.description}`, reference.range);
      if (reference.root === 'build') {
        const generated = [...configuration.sourceTypes()].flatMap((type) => findComponent('builder', type)?.generatedData ?? []).find((item) => item.name === first);
        if (generated) return markdown(`**build.${generated.name}**\n\n${generated.description}`, reference.range);
      }
    }
    return undefined;
  }
  for (const call of model.functionCalls) {
    if (!rangeContains(call.nameRange, position)) continue;
    const fn = functions[call.name];
    if (!fn) return undefined;
    return markdown(`\`\`\`\n${signatureLabel(fn.name)}\n\`\`\`\n${fn.description}${fn.restriction ? `\n\n${fn.restriction}` : ''}`, call.nameRange);
  }
  const text = document.getText();
  const offset = document.offsetAt(position);
  const node = tree.rootNode.descendantForIndex(offset);
  if (!node || node.type !== 'identifier') return undefined;
  const parent = node.parent;
  const range = spanRange(document, node.startIndex, node.endIndex);
  if (parent?.type === 'attribute' && parent.namedChildren[0]?.id === node.id) {
    const attribute = bodySchemaAt(tree, text, offset)?.attributes.find((candidate) => candidate.name === node.text);
    if (attribute) return markdown(attributeDoc(attribute), range);
  }
  if (parent?.type === 'block' && parent.namedChildren[0]?.id === node.id) {
    const outer = enclosingBlocks(tree, parent.startIndex);
    const schema = bodySchemaAt(tree, text, outer.length > 0 ? firstChildOfType(outer[outer.length - 1]!, 'block_start')!.endIndex : 0);
    const block = schema?.blocks[node.text];
    if (block) return markdown(`**${node.text}** block\n\n${block.description}`, range);
  }
  return undefined;
}

function attributeDoc(attribute: AttributeSchema): string {
  const lines = [`**${attribute.name}** \`${attribute.type}\`${attribute.required ? ' (required)' : ''}`, attribute.description];
  if (attribute.default) lines.push(`Default: \`${attribute.default}\``);
  if (attribute.enum) lines.push(`One of: ${attribute.enum.map((value) => `\`${value}\``).join(', ')}`);
  if (attribute.deprecated) lines.push(`Deprecated: ${attribute.deprecated}`);
  return lines.join('\n\n');
}

export function packerSignatureHelp(document: TextDocument, tree: SyntaxTree, position: Position): SignatureHelp | undefined {
  const offset = document.offsetAt(position);
  let call: SyntaxNode | undefined;
  for (let node: SyntaxNode | null = tree.rootNode.descendantForIndex(Math.max(0, offset - 1), offset); node; node = node.parent) {
    if (node.type !== 'function_call') continue;
    const open = node.children.find((child) => child?.type === '(');
    const close = node.children.find((child) => child?.type === ')');
    if (open && offset >= open.endIndex && (!close || close.isMissing || offset <= close.startIndex)) {
      call = node;
      break;
    }
  }
  if (!call) return undefined;
  const name = firstChildOfType(call, 'identifier')?.text ?? '';
  const fn = functions[name];
  if (!fn) return undefined;
  const argumentsNode = firstChildOfType(call, 'function_arguments');
  let active = 0;
  for (const child of argumentsNode?.children ?? []) if (child?.type === ',' && child.endIndex <= offset) active++;
  const parameters = fn.parameters.map((parameter) => ({ label: `${parameter.name} ${parameter.type}` }));
  if (fn.variadic) parameters.push({ label: `${fn.variadic.name}... ${fn.variadic.type}` });
  const activeParameter = Math.min(active, Math.max(0, parameters.length - 1));
  return {
    signatures: [{ label: signatureLabel(name), documentation: fn.description, parameters, activeParameter }],
    activeSignature: 0,
    activeParameter,
  };
}
