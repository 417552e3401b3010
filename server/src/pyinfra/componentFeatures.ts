// bilder.components in deploys and component steps: completion of `from bilder.components.…` imports, hover and go
// to definition on any part of them or on a use of an imported function, and a diagnostic for names the components
// folder does not have.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CompletionItemKind } from 'vscode-languageserver';
import type { CompletionItem, Diagnostic, Location } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { makeDiagnostic } from '../diagnostics/rules';
import type { SyntaxNode, SyntaxTree } from '../parsing/treeSitter';
import { COMPONENTS_PACKAGE, lookupComponent } from './components';
import type { ComponentLookup, ComponentModule, ComponentPackage, ComponentTree } from './components';
import { markdown, rangeOf } from './deployContext';
import { importsOf, nodeAt } from './pythonSyntax';
import type { ImportedModule, TopLevelSymbol } from './pythonSyntax';
import { unknownComponent } from './rules';

export const componentDiagnostics = (document: TextDocument, tree: SyntaxTree, index: ComponentTree): Diagnostic[] => {
  const diagnostics: Diagnostic[] = [];
  for (const imported of importsOf(tree)) {
    if (imported.module !== COMPONENTS_PACKAGE && !imported.module.startsWith(`${COMPONENTS_PACKAGE}.`)) continue;
    const lookup = lookupComponent(index, imported.module);
    if (!lookup.found) {
      const parts = imported.moduleNode.namedChildren.filter((child): child is SyntaxNode => child?.type === 'identifier');
      const bad = parts[lookup.resolved] ?? imported.moduleNode;
      const parent = lookup.parts.slice(0, lookup.resolved).join('.');
      diagnostics.push(
        makeDiagnostic(unknownComponent, rangeOf(document, bad), `"${bad.text}" is not a component package or module in ${parent} (${path.relative(path.dirname(index.root), lookupPackageDirectory(index, parent) ?? index.root) || index.root}).`),
      );
      continue;
    }
    for (const name of imported.names) {
      if (importedNameKnown(lookup.found, name.name)) continue;
      const where = lookup.found.kind === 'module' ? `module ${lookup.found.module.dotted}` : `package ${lookup.found.package.dotted}`;
      diagnostics.push(makeDiagnostic(unknownComponent, rangeOf(document, name.node), `${where} defines no "${name.name}".`));
    }
  }
  return diagnostics;
};

export const packageItems = (owner: ComponentPackage): CompletionItem[] => [
  ...[...owner.packages.values()].map((child) => ({
    label: child.name,
    kind: CompletionItemKind.Module,
    detail: `${child.dotted} (component)`,
    documentation: child.readme ? markdown(child.readme) : undefined,
  })),
  ...[...owner.modules.values()].map((module) => ({
    label: module.name,
    kind: CompletionItemKind.File,
    detail: module.dotted,
    documentation: module.docstring ? markdown(module.docstring) : undefined,
  })),
];

export const importCompletion = (before: string, index: ComponentTree | undefined): CompletionItem[] | undefined => {
  const dotted = /^\s*(?:from|import)\s+([\w.]*)$/.exec(before);
  if (dotted) {
    const typed = dotted[1]!;
    const parent = typed.includes('.') ? typed.slice(0, typed.lastIndexOf('.')) : '';
    if (parent === 'bilder') return [{ label: 'components', kind: CompletionItemKind.Module, detail: COMPONENTS_PACKAGE }];
    if (!index || (parent !== COMPONENTS_PACKAGE && !parent.startsWith(`${COMPONENTS_PACKAGE}.`))) return undefined;
    const found = lookupComponent(index, parent).found;
    return found?.kind === 'package' ? packageItems(found.package) : [];
  }
  const fromImport = /\bfrom\s+([\w.]+)\s+import\s+(?:\(\s*)?(?:\w+(?:\s+as\s+\w+)?\s*,\s*)*\w*$/.exec(before.slice(-4000));
  if (!fromImport || !index) return undefined;
  const found = lookupComponent(index, fromImport[1]!).found;
  if (!found) return undefined;
  if (found.kind === 'package') return packageItems(found.package);
  return found.module.symbols
    .filter((symbol) => symbol.kind === 'function' || symbol.kind === 'class')
    .map((symbol) => ({
      label: symbol.name,
      kind: symbol.kind === 'class' ? CompletionItemKind.Class : CompletionItemKind.Function,
      detail: symbol.signature,
      documentation: markdown(symbolMarkdown(symbol, found.module, found.package)),
    }));
};

/** What an identifier inside an import of `bilder.components` refers to. */
export const importTargetAt = (tree: SyntaxTree, offset: number, index: ComponentTree) => {
  const node = nodeAt(tree, offset);
  if (node.type !== 'identifier') return undefined;
  for (const imported of importsOf(tree)) {
    if (!imported.module.startsWith(`${COMPONENTS_PACKAGE}.`) && imported.module !== COMPONENTS_PACKAGE) continue;
    if (node.startIndex >= imported.moduleNode.startIndex && node.endIndex <= imported.moduleNode.endIndex) {
      const parts = imported.moduleNode.namedChildren.filter((child): child is SyntaxNode => child?.type === 'identifier');
      const position = parts.findIndex((part) => part.id === node.id);
      const dotted = parts.slice(0, position + 1).map((part) => part.text).join('.');
      const found = lookupComponent(index, dotted).found;
      return found ? { kind: 'path' as const, found, node } : undefined;
    }
    const name = imported.names.find((entry) => entry.node.startIndex <= node.startIndex && node.endIndex <= entry.node.endIndex);
    if (name) return symbolTarget(index, imported, name.name, node);
  }
  // A use of an imported component function or class elsewhere in the file.
  const parentType = node.parent?.type;
  if (parentType === 'attribute' && node.parent?.childForFieldName('attribute')?.id === node.id) return undefined;
  for (const imported of importsOf(tree)) {
    if (!imported.module.startsWith(`${COMPONENTS_PACKAGE}.`)) continue;
    const name = imported.names.find((entry) => (entry.alias ?? entry.name) === node.text);
    if (name) return symbolTarget(index, imported, name.name, node);
  }
  return undefined;
};

export const symbolTarget = (index: ComponentTree, imported: ImportedModule, name: string, node: SyntaxNode) => {
  const found = lookupComponent(index, imported.module).found;
  if (found?.kind === 'package') {
    const child = lookupComponent(index, `${imported.module}.${name}`).found;
    return child ? { kind: 'path' as const, found: child, node } : undefined;
  }
  const symbol = found?.module.symbols.find((candidate) => candidate.name === name);
  return found && symbol ? { kind: 'symbol' as const, module: found.module, owner: found.package, symbol, node } : undefined;
};

export const locationOfPath = (found: ComponentLookup): Location | undefined => {
  const start = { line: 0, character: 0 };
  if (found.kind === 'module') return { uri: URI.file(found.module.fsPath).toString(), range: { start, end: start } };
  const file = found.package.initPath ?? found.package.readmePath ?? [...found.package.modules.values()][0]?.fsPath;
  return file ? { uri: URI.file(file).toString(), range: { start, end: start } } : undefined;
};

export const locationOfSymbol = async (module: ComponentModule, symbol: TopLevelSymbol): Promise<Location> => {
  const text = await fs.readFile(module.fsPath, 'utf8').catch(() => '');
  const target = TextDocument.create(URI.file(module.fsPath).toString(), 'python', 0, text);
  return { uri: target.uri, range: { start: target.positionAt(symbol.start), end: target.positionAt(symbol.end) } };
};

export function symbolMarkdown(symbol: TopLevelSymbol, module: ComponentModule, owner?: ComponentPackage): string {
  const parts = [`\`\`\`python\n${symbol.signature ?? symbol.name}\n\`\`\``, `*from ${module.dotted}*`];
  if (symbol.docstring) parts.push(symbol.docstring);
  if (owner?.readme) parts.push(`---\n${owner.readme}`);
  return parts.join('\n\n');
}

export function lookupMarkdown(found: ComponentLookup): string {
  if (found.kind === 'module') {
    return [`**${found.module.dotted}** (component module)`, found.module.docstring, found.package.readme].filter(Boolean).join('\n\n');
  }
  return [`**${found.package.dotted}** (component package)`, found.package.readme].filter(Boolean).join('\n\n');
}

function lookupPackageDirectory(index: ComponentTree, dotted: string): string | undefined {
  const found = lookupComponent(index, dotted).found;
  return found?.kind === 'package' ? found.package.directory : undefined;
}

function importedNameKnown(found: ComponentLookup, name: string): boolean {
  if (found.kind === 'package') return found.package.packages.has(name) || found.package.modules.has(name) || !!found.package.initPath;
  return found.module.symbols.some((symbol) => symbol.name === name);
}
