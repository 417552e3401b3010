// The LanguageService for Python documents inside a bilder tree: component imports, PyInfra operations, local files and
// the environment variables the Packer template passes. Pylance keeps ordinary Python; this adds what it cannot know.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CompletionItemKind, InsertTextFormat, MarkupKind } from 'vscode-languageserver';
import type {
  CompletionItem,
  Diagnostic,
  DocumentLink,
  Hover,
  Location,
  MarkupContent,
  ParameterInformation,
  Position,
  Range,
  SignatureHelp,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { makeDiagnostic } from '../diagnostics/rules';
import type { DocumentSnapshot, LanguageService } from '../languages/service';
import type { Logger } from '../logger';
import { describeError } from '../logger';
import { LanguageParser, loadGrammars } from '../parsing/treeSitter';
import type { SyntaxNode, SyntaxTree } from '../parsing/treeSitter';
import type { Settings } from '../settings';
import type { OpenDocuments } from '../workspace/openDocuments';
import { COMPONENTS_PACKAGE, ComponentIndex, findComponentsRoot, lookupComponent } from './components';
import type { ComponentLookup, ComponentModule, ComponentPackage, ComponentTree } from './components';
import { PyinfraLinks, environmentReads, setSharedPyinfraLinks } from './links';
import type { LinkParsers } from './links';
import {
  GLOBAL_ARGUMENTS,
  NAME_ARGUMENT,
  OPERATION_MODULES,
  SHELL_ALTERNATIVES,
  findGlobalArgument,
  findOperation,
  formatParameter,
  operationMarkdown,
  operationSignature,
  operationsOf,
} from './operations';
import type { PyinfraOperation } from './operations';
import { PathEvaluator, localPaths, operationSourceDirectory } from './paths';
import { callSite, callsOf, enclosing, importsOf, keywordArgument, nodeAt, pythonStringValue, stringContentSpan } from './pythonSyntax';
import type { ImportedModule, TopLevelSymbol } from './pythonSyntax';
import { envNotPassed, missingFile, preferOperation, unknownComponent, unpinnedPackage } from './rules';

export interface PyinfraServiceDependencies {
  documents: OpenDocuments;
  logger: Logger;
  settings(): Settings;
  reanalyze(uris?: readonly string[]): void;
}

/** Answers older than this are refreshed in the background; diagnostics use the last answer meanwhile. */
const REFRESH_MS = 1500;

/** Keys are typed text (every prefix of a path being typed is one), so the answers kept are the most recently used. */
const MAX_REFRESHING_ENTRIES = 1000;

interface RefreshingEntry<T> {
  value?: T;
  at: number;
  signature?: string;
  running?: Promise<T>;
  /** The documents whose diagnostics used this answer: the only ones to reanalyse when it arrives or changes. */
  requesters: Set<string>;
}

/** Remembers the last answer of an async question and refreshes it in the background, reporting real changes. */
export class Refreshing<T> {
  private readonly entries = new Map<string, RefreshingEntry<T>>();

  constructor(
    private readonly onChange: (uris: string[]) => void,
    private readonly maxEntries = MAX_REFRESHING_ENTRIES,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The last answer, if any, without waiting; a missing or stale one is computed and `requester` told when it lands. */
  peek(key: string, compute: () => Promise<T>, requester: string): T | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.touch(key, entry);
      entry.requesters.add(requester);
    }
    if (!entry || (!entry.running && Date.now() - entry.at > REFRESH_MS)) {
      this.get(key, compute, requester).catch(() => undefined);
    }
    return entry?.value;
  }

  async get(key: string, compute: () => Promise<T>, requester?: string): Promise<T> {
    let entry = this.entries.get(key);
    if (entry) this.touch(key, entry);
    if (requester) entry?.requesters.add(requester);
    if (entry?.running) return entry.running;
    if (entry && entry.value !== undefined && Date.now() - entry.at <= REFRESH_MS) return entry.value;
    if (!entry) {
      entry = { at: 0, requesters: new Set(requester ? [requester] : []) };
      this.entries.set(key, entry);
      this.evict();
    }
    const current = entry;
    current.running = compute().then(
      (value) => {
        const signature = JSON.stringify(value, (_key, inner: unknown) => (inner instanceof RegExp ? inner.source : inner instanceof Map ? [...inner.keys()] : inner));
        const changed = current.signature !== undefined && current.signature !== signature;
        const first = current.signature === undefined;
        Object.assign(current, { value, at: Date.now(), signature, running: undefined });
        if ((changed || first) && current.requesters.size > 0) this.onChange([...current.requesters]);
        return value;
      },
      (error: unknown) => {
        current.running = undefined;
        current.at = Date.now();
        throw error;
      },
    );
    return current.running;
  }

  private touch(key: string, entry: RefreshingEntry<T>): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
  }

  private evict(): void {
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) return;
      this.entries.delete(key);
    }
  }
}

function uriToPath(uri: string): string | undefined {
  try {
    const parsed = URI.parse(uri);
    return parsed.scheme === 'file' ? parsed.fsPath : undefined;
  } catch {
    return undefined;
  }
}

function rangeOf(document: TextDocument, node: SyntaxNode): Range {
  return { start: document.positionAt(node.startIndex), end: document.positionAt(node.endIndex) };
}

function isDeployFile(filePath: string): boolean {
  return /(^|[_/\\])deploy\.py$/.test(filePath);
}

function markdown(value: string): MarkupContent {
  return { kind: MarkupKind.Markdown, value };
}

function symbolMarkdown(symbol: TopLevelSymbol, module: ComponentModule, owner?: ComponentPackage): string {
  const parts = [`\`\`\`python\n${symbol.signature ?? symbol.name}\n\`\`\``, `*from ${module.dotted}*`];
  if (symbol.docstring) parts.push(symbol.docstring);
  if (owner?.readme) parts.push(`---\n${owner.readme}`);
  return parts.join('\n\n');
}

function lookupMarkdown(found: ComponentLookup): string {
  if (found.kind === 'module') {
    return [`**${found.module.dotted}** (component module)`, found.module.docstring, found.package.readme].filter(Boolean).join('\n\n');
  }
  return [`**${found.package.dotted}** (component package)`, found.package.readme].filter(Boolean).join('\n\n');
}

async function exists(filePath: string): Promise<boolean> {
  try {
    await fs.stat(filePath);
    return true;
  } catch {
    return false;
  }
}

export function createPyinfraService(dependencies: PyinfraServiceDependencies): LanguageService {
  let parsers: Promise<LinkParsers> | undefined;
  const getParsers = (): Promise<LinkParsers> => {
    parsers ??= loadGrammars().then((grammars) => ({ hcl: new LanguageParser(grammars.hcl), python: new LanguageParser(grammars.python) }));
    return parsers;
  };
  const components = new ComponentIndex(() => getParsers().then((loaded) => loaded.python));
  const links = new PyinfraLinks(getParsers, {
    openText: (filePath) => dependencies.documents.all().find((open) => uriToPath(open.document.uri) === filePath)?.document.getText(),
  });
  setSharedPyinfraLinks(links);

  const reanalyze = (uris: string[]) => dependencies.reanalyze(uris);
  const roots = new Refreshing<string | null>(reanalyze);
  const componentTrees = new Refreshing<ComponentTree>(reanalyze);
  const runners = new Refreshing<Awaited<ReturnType<PyinfraLinks['templatesRunning']>>>(reanalyze);
  const existence = new Refreshing<boolean>(reanalyze);

  const configuredRoot = () => dependencies.settings().pyinfra?.componentsRoot ?? '';
  const rootKey = (filePath: string) => `${path.dirname(filePath)}\0${configuredRoot()}`;
  const computeRoot = (filePath: string) => findComponentsRoot(filePath, configuredRoot()).then((root) => root ?? null);
  const computeTree = (root: string) => components.refresh(root).then((result) => result.tree);

  const peekComponents = (filePath: string, uri: string): ComponentTree | undefined => {
    const root = roots.peek(rootKey(filePath), () => computeRoot(filePath), uri);
    return root ? componentTrees.peek(root, () => computeTree(root), uri) : undefined;
  };
  const componentsFor = async (filePath: string): Promise<ComponentTree | undefined> => {
    const root = await roots.get(rootKey(filePath), () => computeRoot(filePath));
    return root ? componentTrees.get(root, () => computeTree(root)) : undefined;
  };

  /** `apt` → `apt` when the name is a PyInfra operations module (imported or used under its own name). */
  const operationModules = (tree: SyntaxTree): Map<string, string> => {
    const aliases = new Map<string, string>(OPERATION_MODULES.map((module) => [module, module]));
    for (const imported of importsOf(tree)) {
      if (imported.module !== 'pyinfra.operations') continue;
      for (const name of imported.names) if (name.alias && OPERATION_MODULES.includes(name.name)) aliases.set(name.alias, name.name);
    }
    return aliases;
  };
  const operationAt = (tree: SyntaxTree, call: SyntaxNode): PyinfraOperation | undefined => {
    const site = callSite(call);
    const module = site.object && operationModules(tree).get(site.object);
    return module && site.method ? findOperation(module, site.method) : undefined;
  };
  const operationResolver = (tree: SyntaxTree) => {
    const aliases = operationModules(tree);
    return (object: string, method: string) => {
      const module = aliases.get(object);
      return module && findOperation(module, method) ? `${module}.${method}` : undefined;
    };
  };

  // ---------- diagnostics ----------

  const componentDiagnostics = (document: TextDocument, tree: SyntaxTree, index: ComponentTree): Diagnostic[] => {
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

  const pathDiagnostics = (document: TextDocument, tree: SyntaxTree, filePath: string): Diagnostic[] => {
    const text = document.getText();
    const diagnostics: Diagnostic[] = [];
    const deployDirectory = isDeployFile(filePath) ? path.dirname(filePath) : undefined;
    for (const local of localPaths(tree, text, filePath, { deployDirectory, operationOf: operationResolver(tree) })) {
      const found = existence.peek(local.target, () => exists(local.target), document.uri);
      if (found !== false) continue;
      const shown = path.relative(path.dirname(filePath), local.target);
      diagnostics.push(makeDiagnostic(missingFile, rangeOf(document, local.literal), `${shown} does not exist (resolved to ${local.target}).`));
    }
    return diagnostics;
  };

  const hintDiagnostics = (document: TextDocument, tree: SyntaxTree): Diagnostic[] => {
    const text = document.getText();
    const diagnostics: Diagnostic[] = [];
    const aliases = operationModules(tree);
    for (const call of callsOf(tree)) {
      const module = call.object && aliases.get(call.object);
      if (module === 'apt' && call.method === 'packages') {
        if (pythonStringValue(keywordArgument(call.argumentList, 'present') ?? call.node, text) === undefined && keywordArgument(call.argumentList, 'present')?.text === 'False') continue;
        const packages = keywordArgument(call.argumentList, 'packages') ?? call.argumentList?.namedChildren.find((child) => child?.type !== 'keyword_argument' && child?.type !== 'comment') ?? undefined;
        const literals = packages?.type === 'string' ? [packages] : packages?.type === 'list' ? packages.namedChildren.filter((child): child is SyntaxNode => child?.type === 'string') : [];
        for (const literal of literals) {
          const value = pythonStringValue(literal, text);
          if (value && !value.includes('=')) {
            diagnostics.push(makeDiagnostic(unpinnedPackage, rangeOf(document, literal), `"${value}" is not pinned: write "${value}=<version>" so every build installs the same package.`));
          }
        }
      }
      if (module === 'server' && call.method === 'shell') {
        const commands = keywordArgument(call.argumentList, 'commands') ?? call.argumentList?.namedChildren.find((child) => child?.type !== 'keyword_argument' && child?.type !== 'comment') ?? undefined;
        const literals = commands?.type === 'string' ? [commands] : commands?.type === 'list' ? commands.namedChildren.filter((child): child is SyntaxNode => child?.type === 'string') : [];
        for (const literal of literals) {
          const command = literal.text;
          const alternative = SHELL_ALTERNATIVES.find((candidate) => candidate.pattern.test(command));
          if (alternative) {
            diagnostics.push(makeDiagnostic(preferOperation, rangeOf(document, literal), `server.shell runs this on every deploy; ${alternative.operation} does the same idempotently.`));
          }
        }
      }
    }
    return diagnostics;
  };

  const environmentDiagnostics = (document: TextDocument, tree: SyntaxTree, filePath: string): Diagnostic[] => {
    const running = runners.peek(filePath, () => links.templatesRunning(filePath), document.uri);
    if (!running || running.length === 0) return [];
    const passed = new Set(running.flatMap((run) => run.provisioner.environment.map((variable) => variable.name)));
    const templates = [...new Set(running.map((run) => path.basename(run.template.templatePath)))].join(', ');
    return environmentReads(tree, document.getText())
      .filter((read) => !read.hasDefault && !passed.has(read.name))
      .map((read) =>
        makeDiagnostic(envNotPassed, rangeOf(document, read.node), `${read.name} has no default here and ${templates} never passes it: add "${read.name}=…" to the provisioner's environment_vars, or give it a default.`),
      );
  };

  // ---------- completion ----------

  const packageItems = (owner: ComponentPackage): CompletionItem[] => [
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

  const importCompletion = (before: string, index: ComponentTree | undefined): CompletionItem[] | undefined => {
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

  const operationCompletion = (before: string, tree: SyntaxTree): CompletionItem[] | undefined => {
    const match = /(?:^|[^\w.])([A-Za-z_]\w*)\.(\w*)$/.exec(before);
    const module = match && operationModules(tree).get(match[1]!);
    if (!module) return undefined;
    return operationsOf(module).map((operation) => ({
      label: operation.name,
      kind: CompletionItemKind.Function,
      detail: operationSignature(operation),
      documentation: markdown(operationMarkdown(operation)),
    }));
  };

  const argumentCompletion = (document: TextDocument, tree: SyntaxTree, offset: number): CompletionItem[] | undefined => {
    const argumentList = enclosing(nodeAt(tree, offset), 'argument_list');
    const call = argumentList?.parent;
    if (!argumentList || call?.type !== 'call') return undefined;
    const operation = operationAt(tree, call);
    if (!operation) return undefined;
    const sinceOpen = document.getText().slice(argumentList.startIndex, offset);
    if (!/(?:^\(|,)\s*\w*$/.test(sinceOpen)) return undefined;
    const given = new Set(
      argumentList.namedChildren.filter((child) => child?.type === 'keyword_argument').map((child) => child!.childForFieldName('name')?.text),
    );
    const items: CompletionItem[] = [];
    for (const [order, parameter] of [NAME_ARGUMENT, ...operation.parameters].entries()) {
      if (given.has(parameter.name)) continue;
      items.push({
        label: `${parameter.name}=`,
        kind: CompletionItemKind.Property,
        detail: formatParameter(parameter),
        documentation: markdown(parameter.doc),
        insertText: `${parameter.name}=`,
        sortText: `0${String(order).padStart(3, '0')}`,
      });
    }
    for (const argument of GLOBAL_ARGUMENTS) {
      if (given.has(argument.name)) continue;
      items.push({
        label: `${argument.name}=`,
        kind: CompletionItemKind.Property,
        detail: `${argument.name}: ${argument.type} = ${argument.default} (global argument)`,
        documentation: markdown(argument.doc),
        insertText: `${argument.name}=`,
        sortText: `1${argument.name}`,
      });
    }
    return items;
  };

  const pathCompletion = async (document: TextDocument, tree: SyntaxTree, offset: number, filePath: string): Promise<CompletionItem[] | undefined> => {
    const literal = enclosing(nodeAt(tree, offset), 'string', 3);
    if (!literal) return undefined;
    const span = stringContentSpan(literal);
    if (offset < span.start || offset > span.end) return undefined;
    const text = document.getText();
    const evaluator = new PathEvaluator(tree, text, filePath);
    const base =
      evaluator.baseForSegment(literal) ??
      (isDeployFile(filePath) ? operationSourceDirectory(literal, path.dirname(filePath), operationResolver(tree)) : undefined);
    if (!base) return undefined;
    const typed = text.slice(span.start, offset);
    const slash = typed.lastIndexOf('/');
    const directory = path.join(base, typed.slice(0, slash + 1));
    const entries = await fs.readdir(directory, { withFileTypes: true }).catch(() => []);
    const replace = { start: document.positionAt(span.start + slash + 1), end: document.positionAt(offset) };
    return entries
      .filter((entry) => !entry.name.startsWith('.') && entry.name !== '__pycache__')
      .map((entry) => ({
        label: entry.isDirectory() ? `${entry.name}/` : entry.name,
        kind: entry.isDirectory() ? CompletionItemKind.Folder : CompletionItemKind.File,
        detail: path.relative(path.dirname(filePath), path.join(directory, entry.name)),
        textEdit: { range: replace, newText: entry.name },
        insertTextFormat: InsertTextFormat.PlainText,
      }));
  };

  // ---------- navigation helpers ----------

  /** What an identifier inside an import of `bilder.components` refers to. */
  const importTargetAt = (tree: SyntaxTree, offset: number, index: ComponentTree) => {
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

  const symbolTarget = (index: ComponentTree, imported: ImportedModule, name: string, node: SyntaxNode) => {
    const found = lookupComponent(index, imported.module).found;
    if (found?.kind === 'package') {
      const child = lookupComponent(index, `${imported.module}.${name}`).found;
      return child ? { kind: 'path' as const, found: child, node } : undefined;
    }
    const symbol = found?.module.symbols.find((candidate) => candidate.name === name);
    return found && symbol ? { kind: 'symbol' as const, module: found.module, owner: found.package, symbol, node } : undefined;
  };

  const locationOfPath = (found: ComponentLookup): Location | undefined => {
    const start = { line: 0, character: 0 };
    if (found.kind === 'module') return { uri: URI.file(found.module.fsPath).toString(), range: { start, end: start } };
    const file = found.package.initPath ?? found.package.readmePath ?? [...found.package.modules.values()][0]?.fsPath;
    return file ? { uri: URI.file(file).toString(), range: { start, end: start } } : undefined;
  };

  const locationOfSymbol = async (module: ComponentModule, symbol: TopLevelSymbol): Promise<Location> => {
    const text = await fs.readFile(module.fsPath, 'utf8').catch(() => '');
    const target = TextDocument.create(URI.file(module.fsPath).toString(), 'python', 0, text);
    return { uri: target.uri, range: { start: target.positionAt(symbol.start), end: target.positionAt(symbol.end) } };
  };

  const context = (snapshot: DocumentSnapshot, position?: Position) => {
    const filePath = uriToPath(snapshot.document.uri);
    if (!snapshot.tree || snapshot.kind !== 'python' || !filePath) return undefined;
    return { tree: snapshot.tree, filePath, document: snapshot.document, offset: position ? snapshot.document.offsetAt(position) : 0 };
  };

  const guarded = <T>(name: string, run: () => T): T | undefined => {
    try {
      return run();
    } catch (error) {
      dependencies.logger.error(`pyinfra ${name} failed: ${describeError(error)}`);
      return undefined;
    }
  };

  return {
    diagnose(snapshot): Diagnostic[] {
      const current = context(snapshot);
      if (!current) return [];
      return (
        guarded('diagnostics', () => {
          const { document, tree, filePath } = current;
          const index = peekComponents(filePath, document.uri);
          return [
            ...(index ? componentDiagnostics(document, tree, index) : []),
            ...pathDiagnostics(document, tree, filePath),
            ...hintDiagnostics(document, tree),
            ...environmentDiagnostics(document, tree, filePath),
          ];
        }) ?? []
      );
    },

    async completion(snapshot, params) {
      const current = context(snapshot, params.position);
      if (!current) return undefined;
      const { document, tree, filePath, offset } = current;
      const lineStart = document.offsetAt({ line: params.position.line, character: 0 });
      const before = document.getText().slice(lineStart, offset);
      const fullBefore = document.getText().slice(Math.max(0, offset - 4000), offset);
      const index = await componentsFor(filePath);
      const imports = importCompletion(/^\s*(from|import)\b/.test(before) ? before : fullBefore, index);
      if (imports) return imports;
      return (await pathCompletion(document, tree, offset, filePath)) ?? operationCompletion(before, tree) ?? argumentCompletion(document, tree, offset);
    },

    async hover(snapshot, params): Promise<Hover | undefined> {
      const current = context(snapshot, params.position);
      if (!current) return undefined;
      const { tree, filePath, offset, document } = current;
      const node = nodeAt(tree, offset);
      const index = await componentsFor(filePath);
      const target = index && importTargetAt(tree, offset, index);
      if (target?.kind === 'path') return { contents: markdown(lookupMarkdown(target.found)), range: rangeOf(document, target.node) };
      if (target?.kind === 'symbol') return { contents: markdown(symbolMarkdown(target.symbol, target.module, target.owner)), range: rangeOf(document, target.node) };
      if (node.type !== 'identifier') return undefined;
      const parent = node.parent;
      if (parent?.type === 'attribute' && parent.parent?.type === 'call' && parent.childForFieldName('attribute')?.id === node.id) {
        const operation = operationAt(tree, parent.parent);
        if (operation) return { contents: markdown(operationMarkdown(operation)), range: rangeOf(document, node) };
      }
      if (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === node.id) {
        const call = parent.parent?.parent;
        const operation = call?.type === 'call' ? operationAt(tree, call) : undefined;
        if (!operation) return undefined;
        const parameter = [NAME_ARGUMENT, ...operation.parameters].find((candidate) => candidate.name === node.text);
        if (parameter) return { contents: markdown(`\`\`\`python\n${formatParameter(parameter)}\n\`\`\`\n\n${parameter.doc}\n\n*${operation.module}.${operation.name}*`), range: rangeOf(document, node) };
        const global = findGlobalArgument(node.text);
        if (global) return { contents: markdown(`\`\`\`python\n${global.name}: ${global.type} = ${global.default}\n\`\`\`\n\n${global.doc}\n\n*Global argument: every operation accepts it.*`), range: rangeOf(document, node) };
      }
      return undefined;
    },

    signatureHelp(snapshot, params): SignatureHelp | undefined {
      const current = context(snapshot, params.position);
      if (!current) return undefined;
      const { tree, offset } = current;
      let argumentList = enclosing(nodeAt(tree, offset), 'argument_list');
      // Right after "(" the innermost node is the list itself or its opening token.
      while (argumentList && !(argumentList.parent?.type === 'call' && operationAt(tree, argumentList.parent))) argumentList = enclosing(argumentList.parent ?? argumentList, 'argument_list');
      if (!argumentList || offset <= argumentList.startIndex) return undefined;
      const operation = operationAt(tree, argumentList.parent!)!;
      const label = operationSignature(operation);
      const parameters: ParameterInformation[] = [];
      let cursor = label.indexOf('(') + 1;
      for (const parameter of operation.parameters) {
        const text = formatParameter(parameter);
        const start = label.indexOf(text, cursor);
        parameters.push({ label: [start, start + text.length], documentation: markdown(parameter.doc) });
        cursor = start + text.length;
      }
      const argumentsBefore = argumentList.namedChildren.filter((child): child is SyntaxNode => !!child && child.type !== 'comment' && child.startIndex < offset);
      const active = argumentsBefore[argumentsBefore.length - 1];
      let activeParameter = argumentsBefore.filter((child) => child.type !== 'keyword_argument').length;
      const textBefore = current.document.getText().slice(active?.endIndex ?? offset, offset);
      // While a value is being typed the keyword may not parse yet, so the text decides which keyword is active.
      const typedKeyword = /(?:^|[(,])\s*(\w+)\s*=[^,=]*$/.exec(current.document.getText().slice(argumentList.startIndex, offset));
      if (typedKeyword) activeParameter = operation.parameters.findIndex((parameter) => parameter.name === typedKeyword[1]);
      else if (active && !textBefore.includes(',')) {
        if (active.type === 'keyword_argument') activeParameter = operation.parameters.findIndex((parameter) => parameter.name === active.childForFieldName('name')?.text);
        else activeParameter -= 1;
      }
      return {
        signatures: [{ label, documentation: markdown(operation.doc), parameters }],
        activeSignature: 0,
        activeParameter: activeParameter < 0 ? undefined : activeParameter,
      };
    },

    async definition(snapshot, params): Promise<Location[] | undefined> {
      const current = context(snapshot, params.position);
      if (!current) return undefined;
      const { tree, filePath, offset, document } = current;
      const index = await componentsFor(filePath);
      const target = index && importTargetAt(tree, offset, index);
      if (target?.kind === 'path') {
        const location = locationOfPath(target.found);
        return location ? [location] : undefined;
      }
      if (target?.kind === 'symbol') return [await locationOfSymbol(target.module, target.symbol)];
      const read = environmentReads(tree, document.getText()).find((entry) => entry.node.startIndex <= offset && offset <= entry.node.endIndex);
      if (read) {
        const running = await runners.get(filePath, () => links.templatesRunning(filePath));
        const locations: Location[] = [];
        for (const run of running) {
          const template = TextDocument.create(URI.file(run.template.templatePath).toString(), 'packer', 0, run.template.text);
          for (const variable of run.provisioner.environment) {
            if (variable.name === read.name) locations.push({ uri: template.uri, range: { start: template.positionAt(variable.start), end: template.positionAt(variable.end) } });
          }
        }
        return locations;
      }
      const literal = enclosing(nodeAt(tree, offset), 'string', 3);
      if (literal) {
        const local = localPaths(tree, document.getText(), filePath, { deployDirectory: isDeployFile(filePath) ? path.dirname(filePath) : undefined, operationOf: operationResolver(tree) }).find(
          (entry) => entry.literal.id === literal.id,
        );
        if (local && (await exists(local.target))) return [{ uri: URI.file(local.target).toString(), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }];
      }
      return undefined;
    },

    async documentLinks(snapshot): Promise<DocumentLink[] | undefined> {
      const current = context(snapshot);
      if (!current) return undefined;
      const { tree, filePath, document } = current;
      const result: DocumentLink[] = [];
      for (const local of localPaths(tree, document.getText(), filePath, { deployDirectory: isDeployFile(filePath) ? path.dirname(filePath) : undefined, operationOf: operationResolver(tree) })) {
        try {
          if (!(await fs.stat(local.target)).isFile()) continue;
        } catch {
          continue;
        }
        const span = stringContentSpan(local.literal);
        result.push({ range: { start: document.positionAt(span.start), end: document.positionAt(span.end) }, target: URI.file(local.target).toString(), tooltip: path.relative(path.dirname(filePath), local.target) });
      }
      return result;
    },
  };
}

function lookupPackageDirectory(index: ComponentTree, dotted: string): string | undefined {
  const found = lookupComponent(index, dotted).found;
  return found?.kind === 'package' ? found.package.directory : undefined;
}

function importedNameKnown(found: ComponentLookup, name: string): boolean {
  if (found.kind === 'package') return found.package.packages.has(name) || found.package.modules.has(name) || !!found.package.initPath;
  return found.module.symbols.some((symbol) => symbol.name === name);
}
