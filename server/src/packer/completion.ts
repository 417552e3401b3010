// Context-aware completion for Packer templates and variable files. The cursor context comes from the line text (it
// stays readable while the user types broken code) plus the tree's enclosing blocks for the schema.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CompletionItemKind, InsertTextFormat, MarkupKind } from 'vscode-languageserver-types';
import type { CompletionItem, Position } from 'vscode-languageserver-types';
import { attributeName, attributesOf, blockBody } from '../parsing/nodes';
import type { SyntaxTree } from '../parsing/treeSitter';
import type { PackerConfiguration } from './configuration';
import type { FileKind } from './model';
import { bodySchemaAt } from './schemaContext';
import { buildVariables, componentKindOfBlock, components, functions, packerVariables, pathVariables, sourceVariables, findComponent } from './schema';
import type { AttributeSchema, BlockSchema, ComponentKind } from './schema';

export interface CompletionInput {
  document: TextDocument;
  tree: SyntaxTree;
  kind: FileKind;
  position: Position;
  configuration: PackerConfiguration;
}

const REFERENCE_PATTERN = /(?:^|[^\w.-])(var|local|data|source|build|path|packer)\.((?:[\w-]+\.)*)([\w-]*)$/;
const LABEL_PATTERN = /^\s*([\w-]+)\s+"([\w.-]*)$/;
const SOURCE_LIST_PATTERN = /\b(sources|only|except)\s*=\s*\[[^\]]*$/;

export function packerCompletion({ document, tree, kind, position, configuration }: CompletionInput): CompletionItem[] {
  const text = document.getText();
  const offset = document.offsetAt(position);
  const linePrefix = text.slice(document.offsetAt({ line: position.line, character: 0 }), offset);

  const reference = REFERENCE_PATTERN.exec(linePrefix);
  if (reference) return referenceItems(reference[1]!, reference[2]!.split('.').filter(Boolean), configuration);

  const sourceList = sourceListContext(text, offset);
  if (sourceList) return sourceNameItems(configuration, sourceList === 'sources');

  if (kind === 'packervars') {
    if (/^\s*[\w-]*$/.test(linePrefix)) return variableAssignmentItems(configuration);
    return expressionItems(configuration);
  }

  const label = LABEL_PATTERN.exec(linePrefix);
  if (label) return labelItems(label[1]!, tree, text, offset, configuration);

  if (/^\s*[\w-]*$/.test(linePrefix)) {
    const schema = bodySchemaAt(tree, text, offset);
    if (!schema || schema.open) return [];
    const present = new Set(attributesOf(schema.block ? blockBody(schema.block) : tree.rootNode.namedChildren[0] ?? undefined).map(attributeName));
    return [
      ...schema.attributes.filter((attribute) => !present.has(attribute.name)).map(attributeItem),
      ...Object.entries(schema.blocks)
        .filter(([, block]) => !block.reserved)
        .map(([name, block]) => blockItem(name, block)),
    ];
  }
  if (/=\s*[\w-]*$/.test(linePrefix) || /[(,[{:?]\s*[\w-]*$/.test(linePrefix) || /\$\{[^}]*$/.test(linePrefix)) return expressionItems(configuration);
  return [];
}

/** Whether the cursor is inside a string of a `sources` / `only` / `except` list. */
function sourceListContext(text: string, offset: number): 'sources' | 'only' | undefined {
  const before = text.slice(Math.max(0, offset - 4000), offset);
  const match = SOURCE_LIST_PATTERN.exec(before);
  if (!match) return undefined;
  const afterBracket = before.slice(match.index + match[0].indexOf('[') + 1);
  const quotes = (afterBracket.match(/"/g) ?? []).length;
  if (quotes % 2 === 0) return undefined;
  return match[1] === 'sources' ? 'sources' : 'only';
}

function referenceItems(root: string, parts: string[], configuration: PackerConfiguration): CompletionItem[] {
  switch (root) {
    case 'var':
      if (parts.length > 0) return [];
      return [...configuration.variables.entries()].map(([name, [first]]) => {
        const variable = first!.item;
        const detail = variable.typeText ?? (variable.defaultText !== undefined ? 'variable' : 'variable (required)');
        return { label: name, kind: CompletionItemKind.Variable, detail, documentation: variable.description };
      });
    case 'local':
      if (parts.length > 0) return [];
      return [...configuration.locals.keys()].map((name) => ({ label: name, kind: CompletionItemKind.Constant, detail: 'local' }));
    case 'data': {
      if (parts.length === 0) return uniqueLabels([...configuration.dataSources.values()].map(([first]) => first!.item.type), CompletionItemKind.Module, 'data source type');
      if (parts.length === 1) {
        return [...configuration.dataSources.values()]
          .map(([first]) => first!.item)
          .filter((data) => data.type === parts[0])
          .map((data) => ({ label: data.name, kind: CompletionItemKind.Struct, detail: `data "${data.type}"` }));
      }
      if (parts.length === 2) return schemaItems(findComponent('datasource', parts[0]!)?.outputs ?? [], CompletionItemKind.Field);
      return [];
    }
    case 'source':
      return parts.length === 0 ? schemaItems(sourceVariables, CompletionItemKind.Field) : [];
    case 'build': {
      if (parts.length > 0) return [];
      const generated = configuration.sourceTypes();
      const extra = [...generated].flatMap((type) => findComponent('builder', type)?.generatedData ?? []);
      const seen = new Set(buildVariables.map((variable) => variable.name));
      return [
        ...schemaItems(buildVariables, CompletionItemKind.Field),
        ...extra.filter((item) => !seen.has(item.name) && seen.add(item.name)).map((item) => ({ label: item.name, kind: CompletionItemKind.Field, documentation: item.description })),
      ];
    }
    case 'path':
      return parts.length === 0 ? schemaItems(pathVariables, CompletionItemKind.Field) : [];
    case 'packer':
      return parts.length === 0 ? schemaItems(packerVariables, CompletionItemKind.Field) : [];
    default:
      return [];
  }
}

function sourceNameItems(configuration: PackerConfiguration, prefixed: boolean): CompletionItem[] {
  return [...configuration.sources.values()].map(([first]) => {
    const source = first!.item;
    const label = `${prefixed ? 'source.' : ''}${source.type}.${source.name}`;
    return { label, kind: CompletionItemKind.Reference, detail: `source "${source.type}" "${source.name}"` };
  });
}

function variableAssignmentItems(configuration: PackerConfiguration): CompletionItem[] {
  return [...configuration.variables.entries()].map(([name, [first]]) => ({
    label: name,
    kind: CompletionItemKind.Variable,
    detail: first!.item.typeText ?? 'variable',
    documentation: first!.item.description,
    insertText: `${name} = $0`,
    insertTextFormat: InsertTextFormat.Snippet,
  }));
}

function labelItems(blockKeyword: string, tree: SyntaxTree, text: string, offset: number, configuration: PackerConfiguration): CompletionItem[] {
  const kind = componentKindOfBlock[blockKeyword];
  if (!kind) return [];
  const schema = bodySchemaAt(tree, text, offset);
  const insideBuild = schema?.path[0] === 'build';
  if (kind === 'builder' && insideBuild) return sourceNameItems(configuration, true);
  return componentItems(kind);
}

function componentItems(kind: ComponentKind): CompletionItem[] {
  return components
    .filter((component) => component.kind === kind)
    .map((component) => ({
      label: component.type,
      kind: CompletionItemKind.Class,
      detail: `${component.kind} (${component.plugin})`,
      documentation: { kind: MarkupKind.Markdown, value: component.description },
    }));
}

function expressionItems(configuration: PackerConfiguration): CompletionItem[] {
  const roots: CompletionItem[] = ['var', 'local', 'data', 'path', 'build', 'source', 'packer'].map((root) => ({
    label: root,
    kind: CompletionItemKind.Keyword,
    detail: 'reference',
    insertText: `${root}.`,
    command: { title: 'Suggest', command: 'editor.action.triggerSuggest' },
  }));
  const variables: CompletionItem[] = [...configuration.variables.keys()].map((name) => ({ label: `var.${name}`, kind: CompletionItemKind.Variable }));
  const locals: CompletionItem[] = [...configuration.locals.keys()].map((name) => ({ label: `local.${name}`, kind: CompletionItemKind.Constant }));
  const calls: CompletionItem[] = Object.values(functions).map((fn) => ({
    label: fn.name,
    kind: CompletionItemKind.Function,
    detail: signatureLabel(fn.name),
    documentation: fn.description,
    insertText: `${fn.name}(${fn.parameters.map((parameter, index) => `\${${index + 1}:${parameter.name}}`).join(', ')})`,
    insertTextFormat: InsertTextFormat.Snippet,
  }));
  return [...roots, ...variables, ...locals, ...calls];
}

export function signatureLabel(name: string): string {
  const fn = functions[name];
  if (!fn) return name;
  const parameters = fn.parameters.map((parameter) => `${parameter.name} ${parameter.type}`);
  if (fn.variadic) parameters.push(`${fn.variadic.name}... ${fn.variadic.type}`);
  return `${fn.name}(${parameters.join(', ')}) ${fn.returns}`;
}

function attributeItem(attribute: AttributeSchema): CompletionItem {
  return {
    label: attribute.name,
    kind: CompletionItemKind.Property,
    detail: `${attribute.type}${attribute.required ? ' (required)' : ''}`,
    documentation: { kind: MarkupKind.Markdown, value: attribute.description },
    insertText: `${attribute.name} = ${valueSnippet(attribute.type, 1)}`,
    insertTextFormat: InsertTextFormat.Snippet,
    ...(attribute.deprecated ? { tags: [1] } : {}),
  };
}

function blockItem(name: string, block: BlockSchema): CompletionItem {
  const labels = block.labels.map((label, index) => ` "\${${index + 1}:${label}}"`).join('');
  let next = block.labels.length + 1;
  const required = block.attributes.filter((attribute) => attribute.required).map((attribute) => `\t${attribute.name} = ${valueSnippet(attribute.type, next++)}`);
  const body = required.length > 0 ? `${required.join('\n')}\n\t$0` : '\t$0';
  return {
    label: name,
    kind: CompletionItemKind.Module,
    detail: 'block',
    documentation: { kind: MarkupKind.Markdown, value: block.description },
    insertText: `${name}${labels} {\n${body}\n}`,
    insertTextFormat: InsertTextFormat.Snippet,
  };
}

function valueSnippet(type: string, index: number): string {
  if (type === 'string') return `"\${${index}}"`;
  if (type.startsWith('list') || type.startsWith('set') || type.startsWith('tuple')) return `[\${${index}}]`;
  if (type.startsWith('map') || type.startsWith('object')) return `{\n\t\${${index}}\n}`;
  return `\${${index}}`;
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
