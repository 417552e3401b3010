// Hover and signature help: variable facts, function signatures, attribute and block docs, contextual references.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { MarkupKind } from 'vscode-languageserver-types';
import type { Hover, Position, SignatureHelp } from 'vscode-languageserver-types';
import type { SyntaxTree } from '../parsing/treeSitter';
import { buildSourceType, schemaOfBlockPath } from './blockPathSchema';
import { signatureLabel } from './completion';
import type { PackerConfiguration } from './configuration';
import type { PackerFileModel } from './model';
import { rangeContains, spanRange } from './model';
import { symbolAt } from './navigation';
import { cursorContext } from './cursorContext';
import type { ExpressionFrame } from './cursorContext';
import { buildVariables, componentKindOfBlock, componentProvenance, findComponent, functions, packerVariables, pathVariables, sourceVariables } from './schema';
import type { AttributeSchema, ComponentSchema } from './schema';

export interface HoverInput {
  document: TextDocument;
  tree: SyntaxTree;
  model: PackerFileModel;
  position: Position;
  configuration: PackerConfiguration;
  /** Newest installed binary of each plugin, by name: hover says which release is installed. */
  installedPlugins?: ReadonlyMap<string, { version: string }>;
}

const CONTEXTUAL: Record<string, readonly AttributeSchema[]> = {
  build: buildVariables,
  path: pathVariables,
  packer: packerVariables,
  source: sourceVariables,
};

export function packerHover({ document, tree, model, position, configuration, installedPlugins }: HoverInput): Hover | undefined {
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
  return nameHover(document, tree, position, markdown, installedPlugins);
}

/**
 * An attribute, nested block or component type label under the cursor, placed by the text's own structure so hover
 * works in a block that is still being typed.
 */
function nameHover(
  document: TextDocument,
  tree: SyntaxTree,
  position: Position,
  markdown: (value: string, range?: Hover['range']) => Hover,
  installed?: ReadonlyMap<string, { version: string }>,
): Hover | undefined {
  const text = document.getText();
  const offset = document.offsetAt(position);
  const word = wordAt(text, offset);
  if (!word) return undefined;
  const context = cursorContext(text, word.end, tree);
  const range = spanRange(document, word.start, word.end);
  if (context.kind === 'name' && context.prefixStart === word.start) {
    const schema = schemaOfBlockPath(context.blocks);
    const attribute = schema.attributes.find((candidate) => candidate.name === word.text);
    const after = text.slice(word.end, text.indexOf('\n', word.end) === -1 ? text.length : text.indexOf('\n', word.end));
    if (attribute && /^\s*=(?!=)/.test(after)) return markdown(attributeDoc(attribute, schema.component, installed), range);
    const block = schema.blocks[word.text];
    if (block) return markdown([`**${word.text}** block`, block.description, ...(schema.component ? [componentProvenance(schema.component, installed)] : [])].filter(Boolean).join('\n\n'), range);
    if (attribute) return markdown(attributeDoc(attribute, schema.component, installed), range);
    return undefined;
  }
  if (context.kind === 'label' && context.labelIndex === 0 && context.quoted && context.item) {
    const parent = schemaOfBlockPath(context.blocks);
    const kind = parent.component ? undefined : componentKindOfBlock[context.item.name];
    const type = kind === 'builder' && parent.path.length === 1 && parent.path[0] === 'build' ? buildSourceType(word.text) : word.text;
    const component = kind && type ? findComponent(kind, type) : undefined;
    if (component) return markdown(`**${context.item.name} "${component.type}"**\n\n${component.description}\n\n${componentProvenance(component, installed)}`, range);
  }
  return undefined;
}

/** The word around `offset`: letters, digits, `_`, `-` and `.`, which a label like `source.amazon-ebs.x` holds. */
function wordAt(text: string, offset: number): { start: number; end: number; text: string } | undefined {
  let start = offset;
  let end = offset;
  while (start > 0 && /[\w.-]/.test(text[start - 1]!)) start--;
  while (end < text.length && /[\w.-]/.test(text[end]!)) end++;
  return end > start ? { start, end, text: text.slice(start, end) } : undefined;
}

function attributeDoc(attribute: AttributeSchema, component?: ComponentSchema, installed?: ReadonlyMap<string, { version: string }>): string {
  const lines = [`**${attribute.name}** \`${attribute.type}\`${attribute.required ? ' (required)' : ''}`];
  if (attribute.description) lines.push(attribute.description);
  if (attribute.default) lines.push(`Default: \`${attribute.default}\``);
  if (attribute.enum) lines.push(`One of: ${attribute.enum.map((value) => `\`${value}\``).join(', ')}`);
  if (attribute.deprecated) lines.push(`Deprecated: ${attribute.deprecated}`);
  // Plugin attributes without our own words still say where they come from and link to the plugin's documentation.
  if (component) lines.push(componentProvenance(component, installed));
  return lines.join('\n\n');
}

export function packerSignatureHelp(document: TextDocument, tree: SyntaxTree | undefined, position: Position): SignatureHelp | undefined {
  const context = cursorContext(document.getText(), document.offsetAt(position), tree);
  if (context.kind === 'none') return undefined;
  // The innermost call around the cursor, also while a string, list or object argument is being typed.
  let call: (ExpressionFrame & { kind: 'call' }) | undefined;
  for (const frame of context.expressions) if (frame.kind === 'call') call = frame;
  const fn = call && functions[call.name];
  if (!call || !fn) return undefined;
  const parameters = fn.parameters.map((parameter) => ({ label: `${parameter.name} ${parameter.type}` }));
  if (fn.variadic) parameters.push({ label: `${fn.variadic.name}... ${fn.variadic.type}` });
  const activeParameter = Math.min(call.argument, Math.max(0, parameters.length - 1));
  return {
    signatures: [{ label: signatureLabel(fn.name), documentation: fn.description, parameters, activeParameter }],
    activeSignature: 0,
    activeParameter,
  };
}
