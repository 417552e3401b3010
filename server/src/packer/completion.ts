// Completion for Packer templates and variable files. Where the cursor is comes from cursorContext.ts (the text's own
// structure, so it holds while a line is half typed); what fits there comes from the schema and the directory's
// configuration. Items carry text edits over the word being typed (names hold `-`, which editors do not count as part
// of a word) and sort text that puts the likely choice first.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CompletionItemKind, InsertTextFormat, MarkupKind } from 'vscode-languageserver-types';
import type { Command, CompletionItem, Position, Range } from 'vscode-languageserver-types';
import type { SyntaxTree } from '../parsing/treeSitter';
import { blocksWithDynamic, schemaOfBlockPath } from './blockPathSchema';
import type { PathSchema } from './blockPathSchema';
import { PackerConfiguration } from './configuration';
import { cursorContext } from './cursorContext';
import type { CursorContext } from './cursorContext';
import type { FileKind } from './model';
import { buildVariables, componentKindOfBlock, componentSummaries, functions, packerVariables, pathVariables, sourceVariables, findComponent } from './schema';
import type { AttributeSchema, BlockSchema, ComponentSchema, ComponentSummary } from './schema';

export interface CompletionInput {
  document: TextDocument;
  /** Lets the cursor context start reading at the top-level block around the cursor. */
  tree?: SyntaxTree;
  kind: FileKind;
  position: Position;
  configuration: PackerConfiguration;
  /** The cursor context, when the caller has already read it (see completionNeedsDirectory). */
  cursor?: CursorContext;
}

const REFERENCE_PATTERN = /(?:^|[^\w.-])(var|local|data|source|build|path|packer)\.((?:[\w-]+\.)*)([\w-]*)$/;
const REFERENCE_ROOTS = ['var', 'local', 'data', 'path', 'build', 'source', 'packer'] as const;
const SUGGEST_AGAIN: Command = { title: 'Suggest', command: 'editor.action.triggerSuggest' };
const PATH_ROOT_PREFIX = '${path.root}/';
/** More entries than this in one folder are not worth a list; the user types on to narrow it down. */
const MAX_PATH_ENTRIES = 500;

/**
 * Attributes whose strings name files on the machine running Packer, by provisioner type. Data, not a heuristic on
 * names: `destination` of `file` is on the remote machine and `source` only reads locally on upload.
 */
const LOCAL_PATH_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  file: ['source', 'sources'],
  shell: ['script', 'scripts'],
  'shell-local': ['script', 'scripts'],
  powershell: ['script', 'scripts'],
  'windows-shell': ['script', 'scripts'],
  ansible: ['playbook_file', 'galaxy_file', 'inventory_file'],
  'ansible-local': ['playbook_file', 'playbook_dir', 'galaxy_file', 'inventory_file'],
};

/** Sort groups: lower comes first. */
const RANK = { likely: '0', compatible: '1', related: '2', other: '5', roots: '7', last: '9' } as const;

export function packerCompletion(input: CompletionInput): CompletionItem[] | Promise<CompletionItem[]> {
  const { document, tree, kind, position } = input;
  const text = document.getText();
  const offset = document.offsetAt(position);
  const context = input.cursor ?? cursorContext(text, offset, tree);
  const edits = new EditRanges(document, text, offset, context);
  if (kind === 'packervars') return variableFileItems(input, context, edits);

  switch (context.kind) {
    case 'name':
      return nameItems(context, edits, text, offset);
    case 'label':
      return labelItems(input, context, edits, text, offset);
    case 'string':
      return stringItems(input, context, edits, text, offset);
    case 'value':
    case 'argument':
    case 'list-element':
    case 'object-value':
    case 'template':
      return expressionPositionItems(input, context, edits, text, offset);
    default:
      return [];
  }
}

/**
 * Whether the answer lists what the configuration directory declares (variables, locals, sources), so it should wait
 * until the directory's other files are read. Names, type labels, enumerations and files come from the schema and
 * the disk: they are answered at once, also in the first moments after the server starts.
 */
export function completionNeedsDirectory(context: CursorContext, kind: FileKind): boolean {
  if (kind === 'packervars') return true;
  switch (context.kind) {
    case 'name':
    case 'object-key':
    case 'none':
      return false;
    case 'label':
      return context.item?.name === 'source' && context.blocks.length === 1 && context.blocks[0]!.type === 'build';
    case 'string':
      return ['sources', 'only', 'except'].includes(context.item?.name ?? '');
    default:
      return true;
  }
}

/**
 * Runs completion once over each kind of position of a small template, so the first request a person makes does not
 * pay for compiling these paths. Meant for idle time after the first analysis.
 */
export function warmPackerCompletion(): void {
  const marked = 'source "null" "w" {\n  communicator = "|"\n  c|\n  ssh_timeout = |\n}\nbuild {\n  sources = ["|"]\n  provisioner "|" {\n    inline = [upper(|)]\n  }\n}\n';
  const [first, ...rest] = marked.split('|');
  let text = first!;
  const offsets: number[] = [];
  for (const part of rest) {
    offsets.push(text.length);
    text += part;
  }
  const document = TextDocument.create('untitled:warm-up.pkr.hcl', 'packer', 0, text);
  const configuration = new PackerConfiguration('untitled:', [], true);
  try {
    for (const offset of offsets) void packerCompletion({ document, kind: 'packer', position: document.positionAt(offset), configuration });
  } catch {
    // Runs outside any request: a bug here must not take the server down. The same bug shows on a real request,
    // which the handler guard logs.
  }
}

/** The ranges edits replace: the word (or string content) typed so far, plus the rest of it after the cursor. */
class EditRanges {
  constructor(
    private readonly document: TextDocument,
    private readonly text: string,
    private readonly offset: number,
    private readonly context: CursorContext,
  ) {}

  /** From the start of what is being typed (never before the line's start) to `end`. */
  range(end = this.offset, start = this.context.prefixStart): Range {
    const lineStart = this.text.lastIndexOf('\n', this.offset - 1) + 1;
    return { start: this.document.positionAt(Math.max(start, lineStart)), end: this.document.positionAt(end) };
  }

  /** The prefix's range extended over the identifier characters right after the cursor. */
  wordRange(): Range {
    let end = this.offset;
    while (end < this.text.length && /[\w-]/.test(this.text[end]!)) end++;
    return this.range(end);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Attribute and block names

function nameItems(context: CursorContext, edits: EditRanges, text: string, offset: number): CompletionItem[] {
  const schema = schemaOfBlockPath(context.blocks);
  if (schema.open && !schema.blockSchema) return [];
  const present = new Set(context.siblingNames);
  const range = edits.wordRange();
  // Retyping the name of an existing line (`inl| = [...]`, `source_ami_fil| {`) replaces only the name.
  const nameOnly = /\S/.test(restOfLine(text, offset));
  const attributes = schema.attributes.filter((attribute) => !present.has(attribute.name));
  const blocks = Object.entries(blocksWithDynamic(schema)).filter(([name, block]) => !block.reserved && !(isSingle(block) && present.has(name)));
  return [
    ...attributes.map((attribute) => attributeItem(attribute, schema, range, nameOnly)),
    ...blocks.map(([name, block]) => blockItem(name, block, range, nameOnly, schema.component !== undefined)),
  ];
}

function isSingle(block: BlockSchema): boolean {
  return 'nesting' in block && (block as { nesting?: string }).nesting === 'single';
}

/** The line after the word at the cursor. */
function restOfLine(text: string, offset: number): string {
  let end = offset;
  while (end < text.length && /[\w-]/.test(text[end]!)) end++;
  const newline = text.indexOf('\n', end);
  return text.slice(end, newline === -1 ? text.length : newline);
}

function attributeItem(attribute: AttributeSchema, schema: PathSchema, range: Range, nameOnly: boolean): CompletionItem {
  const followUp = wantsValueSuggestions(attribute, schema);
  // With a list to open, the server's (ranked, documented, with references) replaces a snippet's choice list.
  const value = valueSnippet(attribute, 1, !followUp);
  return {
    label: attribute.name,
    kind: CompletionItemKind.Property,
    detail: `${attribute.type}${attribute.required ? ' (required)' : ''}`,
    documentation: { kind: MarkupKind.Markdown, value: attributeDocumentation(attribute) },
    sortText: `${attribute.deprecated ? RANK.last : attribute.required ? RANK.likely : RANK.compatible}_${attribute.name}`,
    filterText: attribute.name,
    textEdit: { range, newText: nameOnly ? attribute.name : `${attribute.name} = ${value}` },
    insertTextFormat: InsertTextFormat.Snippet,
    ...(followUp && !nameOnly ? { command: SUGGEST_AGAIN } : {}),
    ...(attribute.deprecated ? { tags: [1] } : {}),
  };
}

/** Whether the value has a list worth opening right away: booleans, enumerations, files and source names. */
function wantsValueSuggestions(attribute: AttributeSchema, schema: PathSchema): boolean {
  if (attribute.type === 'bool' || attribute.enum) return true;
  if (attribute.name === 'sources' && isBuildBody(schema)) return true;
  return localPathAttribute(schema.component, attribute.name);
}

export function attributeDocumentation(attribute: AttributeSchema): string {
  const lines = [attribute.description];
  if (attribute.default) lines.push(`Default: \`${attribute.default}\``);
  if (attribute.enum) lines.push(`One of: ${attribute.enum.map((value) => `\`${value}\``).join(', ')}`);
  if (attribute.deprecated) lines.push(`Deprecated: ${attribute.deprecated}`);
  return lines.join('\n\n');
}

function blockItem(name: string, block: BlockSchema, range: Range, nameOnly: boolean, inPluginBody: boolean): CompletionItem {
  const labels = block.labels.map((label, index) => ` "\${${index + 1}:${label}}"`).join('');
  const required = requiredAttributeLines(block.attributes, block.labels.length + 1);
  // A component block stops in its type's quotes with the types listed; picking one writes the rest of the header
  // and the component's required attributes (see labelItems).
  const componentBlock = !inPluginBody && componentKindOfBlock[name] !== undefined && block.labels.length > 0;
  if (componentBlock && !nameOnly) {
    return {
      label: name,
      kind: CompletionItemKind.Module,
      detail: `block ${block.labels.map((label) => `"${label}"`).join(' ')}`,
      documentation: { kind: MarkupKind.Markdown, value: block.description },
      sortText: `${RANK.related}_${name}`,
      filterText: name,
      textEdit: { range, newText: `${name} "$1"` },
      insertTextFormat: InsertTextFormat.Snippet,
      command: SUGGEST_AGAIN,
    };
  }
  return {
    label: name,
    kind: CompletionItemKind.Module,
    detail: block.labels.length > 0 ? `block ${block.labels.map((label) => `"${label}"`).join(' ')}` : 'block',
    documentation: { kind: MarkupKind.Markdown, value: block.description },
    sortText: `${RANK.related}_${name}`,
    filterText: name,
    textEdit: { range, newText: nameOnly ? name : `${name}${labels} {\n${required}\n}` },
    insertTextFormat: InsertTextFormat.Snippet,
  };
}

/** Required attributes as tab stops from `firstStop` on, then the final cursor; one string of body lines. */
function requiredAttributeLines(attributes: readonly AttributeSchema[], firstStop: number): string {
  let stop = firstStop;
  const lines = attributes.filter((attribute) => attribute.required).map((attribute) => `\t${attribute.name} = ${valueSnippet(attribute, stop++)}`);
  return [...lines, '\t$0'].join('\n');
}

/** The value part of `name = value` as a snippet; `choices` offers booleans and enumerations as a snippet choice. */
function valueSnippet(attribute: AttributeSchema, stop: number, choices = true): string {
  const type = attribute.type;
  if (choices && attribute.enum && attribute.enum.length > 0 && type === 'string') return `"\${${stop}|${attribute.enum.map(escapeChoice).join(',')}|}"`;
  if (choices && type === 'bool') return `\${${stop}|true,false|}`;
  if (type === 'string') return `"\${${stop}}"`;
  if (/^(list|set|tuple)\b/.test(type)) return `[\${${stop}}]`;
  if (/^(map|object)\b/.test(type)) return `{\n\t\t\${${stop}}\n\t}`;
  return `\${${stop}}`;
}

function escapeChoice(value: string): string {
  return value.replace(/[$}\\,|]/g, (character) => `\\${character}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Block labels

function labelItems(input: CompletionInput, context: CursorContext, edits: EditRanges, text: string, offset: number): CompletionItem[] {
  const blockType = context.item?.name;
  if (!blockType || context.labelIndex !== 0) return [];
  const parent = schemaOfBlockPath(context.blocks);
  if (parent.component || parent.open) return [];
  const block = parent.blocks[blockType];
  const kind = componentKindOfBlock[blockType];
  if (!block || !kind) return [];

  // The label's extent: what is typed, the rest of it (up to its closing quote, or the bare word's end), and whether
  // the line goes on after it. A new block's header is completed with its body; an existing one gets only the type.
  let end = offset;
  if (context.quoted) while (end < text.length && text[end] !== '"' && text[end] !== '\n' && text[end] !== '{') end++;
  else while (end < text.length && /[\w.-]/.test(text[end]!)) end++;
  const closedHere = context.quoted && text[end] === '"';
  const lineEnd = text.indexOf('\n', end);
  const afterLabel = text.slice(closedHere ? end + 1 : end, lineEnd === -1 ? text.length : lineEnd);
  const newBlock = !/\S/.test(afterLabel);
  const range = edits.range(closedHere && newBlock ? end + 1 : end);
  const quote = (value: string) => (context.quoted ? value : `"${value}`);
  const closing = closedHere ? '' : '"';

  if (kind === 'builder' && isBuildBody(parent)) {
    return [...input.configuration.sources.values()].map(([first]) => {
      const source = first!.item;
      const label = `source.${source.type}.${source.name}`;
      return {
        label,
        kind: CompletionItemKind.Reference,
        detail: `source "${source.type}" "${source.name}"`,
        filterText: label,
        textEdit: { range, newText: newBlock ? `${quote(label)}" {\n\t$0\n}` : `${quote(label)}${closing}` },
        insertTextFormat: InsertTextFormat.Snippet,
      };
    });
  }
  return componentSummaries(kind).map((component) => {
    const secondLabel = block.labels.length > 1 ? ` "\${1:${block.labels[1]}}"` : '';
    // Only a new block gets a body, so only then is the component's full schema read.
    const body = newBlock ? requiredAttributeLines(findComponent(kind, component.type)?.attributes ?? [], block.labels.length > 1 ? 2 : 1) : '';
    return {
      label: component.type,
      kind: CompletionItemKind.Class,
      detail: componentDetail(component),
      documentation: { kind: MarkupKind.Markdown, value: componentDocumentation(component) },
      filterText: component.type,
      textEdit: { range, newText: newBlock ? `${quote(component.type)}"${secondLabel} {\n${body}\n}` : `${quote(component.type)}${closing}` },
      insertTextFormat: InsertTextFormat.Snippet,
    };
  });
}

/** Which plugin release offers the type, short enough to leave the label whole: `hashicorp/amazon v1.8.2`. */
function componentDetail(component: ComponentSchema | ComponentSummary): string {
  if (component.plugin === 'builtin') return `built into Packer${component.version ? ` ${component.version}` : ''}`;
  return `${component.plugin.replace(/^github\.com\//, '')}${component.version ? ` v${component.version}` : ''}`;
}

function componentDocumentation(component: { description: string; docsUrl?: string }): string {
  return component.docsUrl ? `${component.description}\n\n[Documentation](${component.docsUrl})` : component.description;
}

function isBuildBody(schema: PathSchema): boolean {
  return schema.path.length === 1 && schema.path[0] === 'build';
}

// ---------------------------------------------------------------------------------------------------------------
// Strings: enumerations, source names, local files

function stringItems(input: CompletionInput, context: CursorContext, edits: EditRanges, text: string, offset: number): CompletionItem[] | Promise<CompletionItem[]> {
  const attributeName = context.item?.name;
  if (!attributeName) return [];
  const schema = schemaOfBlockPath(context.blocks);
  const string = context.expressions[context.expressions.length - 1]!;
  const containers = context.expressions.slice(0, -1).map((frame) => frame.kind);
  const contentStart = string.open + 1;
  const direct = containers.length === 0;
  const inList = containers.length === 1 && containers[0] === 'list';
  // A whole value (a name from a list) replaces the string's content and its closing quote, written if it is missing,
  // so the cursor ends after the string, ready for `,` or the next line.
  let contentEnd = offset;
  while (contentEnd < text.length && text[contentEnd] !== '"' && text[contentEnd] !== '\n' && text[contentEnd] !== '$') contentEnd++;
  const wholeValue = edits.range(text[contentEnd] === '"' ? contentEnd + 1 : offset, contentStart);
  const closed = (items: CompletionItem[]) => items.map((item) => ({ ...item, filterText: item.label, textEdit: { range: wholeValue, newText: `${item.label}"` } }));

  if (inList && attributeName === 'sources' && isBuildBody(schema)) return closed(sourceNameItems(input.configuration, true, wholeValue));
  if (inList && (attributeName === 'only' || attributeName === 'except')) return closed(sourceNameItems(input.configuration, false, wholeValue));
  const attribute = schema.attributes.find((candidate) => candidate.name === attributeName);
  if (direct && attribute?.enum) {
    return closed(
      attribute.enum.map((value, index) => ({
        label: value,
        kind: CompletionItemKind.EnumMember,
        detail: `${attribute.name}`,
        sortText: `${RANK.likely}_${String(index).padStart(3, '0')}`,
      })),
    );
  }
  if ((direct || inList) && localPathAttribute(schema.component, attributeName) && string.kind === 'string' && !string.heredoc) {
    return localPathItems(input.document, text.slice(contentStart, offset), edits, offset);
  }
  return [];
}

function localPathAttribute(component: ComponentSchema | undefined, attribute: string): boolean {
  return component?.kind === 'provisioner' && (LOCAL_PATH_ATTRIBUTES[component.type]?.includes(attribute) ?? false);
}

async function localPathItems(document: TextDocument, typed: string, edits: EditRanges, offset: number): Promise<CompletionItem[]> {
  if (!document.uri.startsWith('file:')) return [];
  const relative = typed.startsWith(PATH_ROOT_PREFIX) ? typed.slice(PATH_ROOT_PREFIX.length) : typed;
  // Other interpolations make the folder unknowable without evaluating the template.
  if (relative.includes('${') || path.isAbsolute(relative)) return [];
  const slash = relative.lastIndexOf('/');
  const folder = path.resolve(path.dirname(fileURLToPath(document.uri)), relative.slice(0, slash + 1));
  // Entries replace only the last segment, so the editor filters them by what is typed of that segment.
  const range = edits.range(offset, offset - (relative.length - slash - 1));
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.name !== '.git' && (entry.isDirectory() || entry.isFile() || entry.isSymbolicLink()))
    .slice(0, MAX_PATH_ENTRIES)
    .map((entry) => {
      const directory = entry.isDirectory();
      return {
        label: directory ? `${entry.name}/` : entry.name,
        kind: directory ? CompletionItemKind.Folder : CompletionItemKind.File,
        sortText: `${entry.name.startsWith('.') ? RANK.last : directory ? RANK.compatible : RANK.likely}_${entry.name}`,
        textEdit: { range, newText: directory ? `${entry.name}/` : entry.name },
        ...(directory ? { command: SUGGEST_AGAIN } : {}),
      };
    });
}

function sourceNameItems(configuration: PackerConfiguration, prefixed: boolean, range: Range): CompletionItem[] {
  return [...configuration.sources.values()].map(([first]) => {
    const source = first!.item;
    const label = `${prefixed ? 'source.' : ''}${source.type}.${source.name}`;
    return { label, kind: CompletionItemKind.Reference, detail: `source "${source.type}" "${source.name}"`, sortText: `${RANK.likely}_${label}`, textEdit: { range, newText: label } };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Expressions: values, arguments, list elements, templates

function expressionPositionItems(input: CompletionInput, context: CursorContext, edits: EditRanges, text: string, offset: number): CompletionItem[] {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const reference = REFERENCE_PATTERN.exec(text.slice(lineStart, offset));
  if (reference) return referenceItems(reference[1]!, reference[2]!.split('.').filter(Boolean), input.configuration, edits.wordRange());

  const schema = schemaOfBlockPath(context.blocks);
  const attribute = context.item ? schema.attributes.find((candidate) => candidate.name === context.item!.name) : undefined;
  const range = edits.wordRange();
  if (context.kind === 'list-element' && context.expressions.length === 1) {
    if (context.item?.name === 'sources' && isBuildBody(schema)) return quoted(sourceNameItems(input.configuration, true, range), range);
    if (context.item?.name === 'only' || context.item?.name === 'except') return quoted(sourceNameItems(input.configuration, false, range), range);
  }
  const expected = context.kind === 'value' ? attribute?.type : context.kind === 'list-element' && context.expressions.length === 1 ? elementType(attribute?.type) : undefined;
  const literals = context.kind === 'value' && attribute ? literalItems(attribute, range) : [];
  return [...literals, ...expressionItems(input.configuration, expected, range)];
}

function quoted(items: CompletionItem[], range: Range): CompletionItem[] {
  return items.map((item) => ({ ...item, textEdit: { range, newText: `"${item.label}"` } }));
}

function elementType(type: string | undefined): string | undefined {
  const match = type && /^(?:list|set)\((.*)\)$/.exec(type.replace(/\s+/g, ''));
  return match ? match[1] : undefined;
}

/** `true`/`false` for booleans and the allowed values of an enumeration, ahead of everything else. */
function literalItems(attribute: AttributeSchema, range: Range): CompletionItem[] {
  if (attribute.type === 'bool') {
    return ['true', 'false'].map((value, index) => ({
      label: value,
      kind: CompletionItemKind.Value,
      detail: 'bool',
      sortText: `${RANK.likely}_${index}`,
      textEdit: { range, newText: value },
    }));
  }
  return (attribute.enum ?? []).map((value, index) => ({
    label: `"${value}"`,
    kind: CompletionItemKind.EnumMember,
    detail: attribute.name,
    sortText: `${RANK.likely}_${String(index).padStart(3, '0')}`,
    filterText: value,
    textEdit: { range, newText: `"${value}"` },
  }));
}

/** How well a value of type `actual` fits where `expected` is wanted (undefined: nothing is known). */
function fit(actual: string | undefined, expected: string | undefined): keyof typeof RANK {
  if (!expected) return 'other';
  if (!actual || actual === 'any' || actual === 'dynamic') return 'related';
  return normaliseType(actual) === normaliseType(expected) ? 'compatible' : 'other';
}

function normaliseType(type: string): string {
  return type.replace(/\s+/g, '');
}

function expressionItems(configuration: PackerConfiguration, expected: string | undefined, range: Range): CompletionItem[] {
  const roots: CompletionItem[] = REFERENCE_ROOTS.map((root) => ({
    label: root,
    kind: CompletionItemKind.Keyword,
    detail: 'reference',
    sortText: `${RANK.roots}_${root}`,
    textEdit: { range, newText: `${root}.` },
    command: SUGGEST_AGAIN,
  }));
  const variables: CompletionItem[] = [...configuration.variables.entries()].map(([name, [first]]) => ({
    label: `var.${name}`,
    kind: CompletionItemKind.Variable,
    detail: first!.item.typeText ?? 'variable',
    documentation: first!.item.description,
    sortText: `${RANK[fit(first!.item.typeText, expected)]}_var.${name}`,
    textEdit: { range, newText: `var.${name}` },
  }));
  const locals: CompletionItem[] = [...configuration.locals.keys()].map((name) => ({
    label: `local.${name}`,
    kind: CompletionItemKind.Constant,
    detail: 'local',
    sortText: `${expected ? RANK.related : RANK.other}_local.${name}`,
    textEdit: { range, newText: `local.${name}` },
  }));
  const dataOutputs: CompletionItem[] = expected ? dataOutputItems(configuration, expected, range) : [];
  const calls: CompletionItem[] = Object.values(functions).map((fn) => ({
    label: fn.name,
    kind: CompletionItemKind.Function,
    detail: signatureLabel(fn.name),
    documentation: fn.description,
    sortText: `${expected && fit(fn.returns, expected) === 'compatible' ? '3' : '6'}_${fn.name}`,
    textEdit: { range, newText: `${fn.name}(${fn.parameters.map((parameter, index) => `\${${index + 1}:${parameter.name}}`).join(', ')})` },
    insertTextFormat: InsertTextFormat.Snippet,
  }));
  return [...variables, ...locals, ...dataOutputs, ...calls, ...roots];
}

/** `data.<type>.<name>.<output>` of the directory's data sources whose output has the wanted type. */
function dataOutputItems(configuration: PackerConfiguration, expected: string, range: Range): CompletionItem[] {
  const items: CompletionItem[] = [];
  for (const [first] of configuration.dataSources.values()) {
    const data = first!.item;
    for (const output of findComponent('datasource', data.type)?.outputs ?? []) {
      if (fit(output.type, expected) !== 'compatible') continue;
      const label = `data.${data.type}.${data.name}.${output.name}`;
      items.push({ label, kind: CompletionItemKind.Field, detail: output.type, documentation: output.description, sortText: `${RANK.compatible}_${label}`, textEdit: { range, newText: label } });
    }
  }
  return items;
}

function referenceItems(root: string, parts: string[], configuration: PackerConfiguration, range: Range): CompletionItem[] {
  const withRange = (items: CompletionItem[]) => items.map((item) => ({ ...item, textEdit: { range, newText: item.label } }));
  switch (root) {
    case 'var':
      if (parts.length > 0) return [];
      return withRange(
        [...configuration.variables.entries()].map(([name, [first]]) => {
          const variable = first!.item;
          const detail = variable.typeText ?? (variable.defaultText !== undefined ? 'variable' : 'variable (required)');
          return { label: name, kind: CompletionItemKind.Variable, detail, documentation: variable.description };
        }),
      );
    case 'local':
      if (parts.length > 0) return [];
      return withRange([...configuration.locals.keys()].map((name) => ({ label: name, kind: CompletionItemKind.Constant, detail: 'local' })));
    case 'data': {
      if (parts.length === 0) return withRange(uniqueLabels([...configuration.dataSources.values()].map(([first]) => first!.item.type), CompletionItemKind.Module, 'data source type'));
      if (parts.length === 1) {
        return withRange(
          [...configuration.dataSources.values()]
            .map(([first]) => first!.item)
            .filter((data) => data.type === parts[0])
            .map((data) => ({ label: data.name, kind: CompletionItemKind.Struct, detail: `data "${data.type}"` })),
        );
      }
      if (parts.length === 2) return withRange(schemaItems(findComponent('datasource', parts[0]!)?.outputs ?? [], CompletionItemKind.Field));
      return [];
    }
    case 'source':
      return parts.length === 0 ? withRange(schemaItems(sourceVariables, CompletionItemKind.Field)) : [];
    case 'build': {
      if (parts.length > 0) return [];
      const generated = configuration.sourceTypes();
      const extra = [...generated].flatMap((type) => findComponent('builder', type)?.generatedData ?? []);
      const seen = new Set(buildVariables.map((variable) => variable.name));
      return withRange([
        ...schemaItems(buildVariables, CompletionItemKind.Field),
        ...extra.filter((item) => !seen.has(item.name) && seen.add(item.name)).map((item) => ({ label: item.name, kind: CompletionItemKind.Field, documentation: item.description })),
      ]);
    }
    case 'path':
      return parts.length === 0 ? withRange(schemaItems(pathVariables, CompletionItemKind.Field)) : [];
    case 'packer':
      return parts.length === 0 ? withRange(schemaItems(packerVariables, CompletionItemKind.Field)) : [];
    default:
      return [];
  }
}

export function signatureLabel(name: string): string {
  const fn = functions[name];
  if (!fn) return name;
  const parameters = fn.parameters.map((parameter) => `${parameter.name} ${parameter.type}`);
  if (fn.variadic) parameters.push(`${fn.variadic.name}... ${fn.variadic.type}`);
  return `${fn.name}(${parameters.join(', ')}) ${fn.returns}`;
}

function schemaItems(attributes: readonly AttributeSchema[], kind: CompletionItemKind): CompletionItem[] {
  return attributes.map((attribute) => ({
    label: attribute.name,
    kind,
    detail: attribute.type,
    documentation: { kind: MarkupKind.Markdown, value: attribute.description },
    ...(attribute.deprecated ? { tags: [1] } : {}),
  }));
}

function uniqueLabels(labels: string[], kind: CompletionItemKind, detail: string): CompletionItem[] {
  return [...new Set(labels)].map((label) => ({ label, kind, detail }));
}

// ---------------------------------------------------------------------------------------------------------------
// Variable files

function variableFileItems(input: CompletionInput, context: CursorContext, edits: EditRanges): CompletionItem[] {
  const { configuration } = input;
  if (context.blocks.length > 0) return [];
  if (context.kind === 'name') {
    const assigned = new Set(context.siblingNames);
    const range = edits.wordRange();
    return [...configuration.variables.entries()]
      .filter(([name]) => !assigned.has(name))
      .map(([name, [first]]) => {
        const variable = first!.item;
        const required = variable.defaultText === undefined;
        return {
          label: name,
          kind: CompletionItemKind.Variable,
          detail: `${variable.typeText ?? 'variable'}${required ? ' (required)' : ''}`,
          documentation: variable.description,
          // Variables without a default must be set somewhere: they are the likely reason for this file.
          sortText: `${required ? RANK.likely : RANK.compatible}_${name}`,
          textEdit: { range, newText: `${name} = ${variable.typeText === 'string' ? '"$0"' : '$0'}` },
          insertTextFormat: InsertTextFormat.Snippet,
        };
      });
  }
  if (context.kind !== 'value' || !context.item) return [];
  const variable = configuration.variables.get(context.item.name)?.[0]?.item;
  if (!variable) return [];
  const range = edits.wordRange();
  const items: CompletionItem[] = [];
  if (variable.typeText === 'bool') items.push(...literalItems({ name: variable.name, type: 'bool', description: '' }, range));
  if (variable.defaultText !== undefined && !variable.defaultText.includes('\n')) {
    items.push({ label: variable.defaultText, kind: CompletionItemKind.Value, detail: 'default', sortText: `${RANK.compatible}_default`, textEdit: { range, newText: variable.defaultText } });
  }
  return items;
}
