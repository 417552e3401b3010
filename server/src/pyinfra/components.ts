// The component index: every package under `bilder/components` (nested ones too), its modules and their top-level
// functions and classes with docstrings. Files are read asynchronously and parsed once per modification time.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { whyUnparsable } from '../parsing/documentTrees';
import type { LanguageParser } from '../parsing/treeSitter';
import { docstringOf, topLevelSymbols } from './pythonSyntax';
import type { TopLevelSymbol } from './pythonSyntax';

/** How imports spell the components root, whatever directory it lives in. */
export const COMPONENTS_PACKAGE = 'bilder.components';

export interface ComponentModule {
  name: string;
  dotted: string;
  fsPath: string;
  docstring?: string;
  symbols: TopLevelSymbol[];
}

export interface ComponentPackage {
  name: string;
  dotted: string;
  directory: string;
  /** First paragraph of the package's README.md, for hovers. */
  readme?: string;
  readmePath?: string;
  initPath?: string;
  packages: Map<string, ComponentPackage>;
  modules: Map<string, ComponentModule>;
}

export interface ComponentTree {
  root: string;
  package: ComponentPackage;
}

export type ComponentLookup =
  | { kind: 'package'; package: ComponentPackage }
  | { kind: 'module'; module: ComponentModule; package: ComponentPackage };

/** Files beyond this are not indexed: a components tree is small, and a runaway symlink farm must not stall the server. */
const MAX_FILES = 5000;
const MAX_MODULE_BYTES = 1024 * 1024;
const SKIPPED_DIRECTORIES = new Set(['__pycache__', 'node_modules', 'templates', 'files']);

async function isDirectory(candidate: string): Promise<boolean> {
  try {
    return (await fs.stat(candidate)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Where `bilder.components` lives for a file: the configured root (absolute, or relative to the nearest ancestor that
 * contains it), else the nearest ancestor named `bilder` with a `components` folder, else `<ancestor>/bilder/components`.
 */
export async function findComponentsRoot(filePath: string, configured: string): Promise<string | undefined> {
  const setting = configured.trim();
  if (setting && path.isAbsolute(setting)) return (await isDirectory(setting)) ? path.normalize(setting) : undefined;
  for (let directory = path.dirname(filePath); ; directory = path.dirname(directory)) {
    if (setting) {
      if (await isDirectory(path.join(directory, setting))) return path.join(directory, setting);
    } else {
      if (path.basename(directory) === 'bilder' && (await isDirectory(path.join(directory, 'components')))) return path.join(directory, 'components');
      if (await isDirectory(path.join(directory, 'bilder', 'components'))) return path.join(directory, 'bilder', 'components');
    }
    if (path.dirname(directory) === directory) return undefined;
  }
}

export function readmeFirstParagraph(markdown: string): string | undefined {
  const paragraph: string[] = [];
  for (const line of markdown.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (!paragraph.length && (!trimmed || trimmed.startsWith('#'))) continue;
    if (!trimmed) break;
    paragraph.push(trimmed);
  }
  return paragraph.length ? paragraph.join(' ') : undefined;
}

interface ParsedModule {
  mtimeMs: number;
  docstring?: string;
  symbols: TopLevelSymbol[];
}

export class ComponentIndex {
  private readonly parsed = new Map<string, ParsedModule>();
  private readonly trees = new Map<string, ComponentTree>();
  private readonly signatures = new Map<string, string>();
  private readonly loading = new Map<string, Promise<ComponentTree>>();

  constructor(private readonly parser: () => Promise<LanguageParser>) {}

  /** The last index built for this root, without touching the disk. */
  cached(root: string): ComponentTree | undefined {
    return this.trees.get(root);
  }

  /** Rescans the root (reusing parses of unchanged files). Resolves with the tree and whether anything changed. */
  refresh(root: string): Promise<{ tree: ComponentTree; changed: boolean }> {
    let running = this.loading.get(root);
    if (!running) {
      running = this.scan(root).finally(() => this.loading.delete(root));
      this.loading.set(root, running);
    }
    return running.then((tree) => {
      const signature = treeSignature(tree);
      const changed = this.signatures.get(root) !== signature;
      this.signatures.set(root, signature);
      this.trees.set(root, tree);
      return { tree, changed };
    });
  }

  private async scan(root: string): Promise<ComponentTree> {
    const parser = await this.parser();
    const rootPackage = emptyPackage('components', COMPONENTS_PACKAGE, root);
    const stack: ComponentPackage[] = [rootPackage];
    let files = 0;
    while (stack.length > 0) {
      const current = stack.pop()!;
      let entries: import('node:fs').Dirent[];
      try {
        entries = await fs.readdir(current.directory, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
        if (++files > MAX_FILES) break;
        const full = path.join(current.directory, entry.name);
        if (entry.isDirectory()) {
          if (entry.name.startsWith('.') || SKIPPED_DIRECTORIES.has(entry.name) || !/^[A-Za-z_]\w*$/.test(entry.name)) continue;
          const child = emptyPackage(entry.name, `${current.dotted}.${entry.name}`, full);
          current.packages.set(entry.name, child);
          stack.push(child);
        } else if (entry.isFile() && entry.name === 'README.md') {
          current.readmePath = full;
          current.readme = readmeFirstParagraph(await fs.readFile(full, 'utf8').catch(() => ''));
        } else if (entry.isFile() && entry.name.endsWith('.py')) {
          const name = entry.name.slice(0, -3);
          const parsed = await this.parseModule(full, parser);
          if (name === '__init__') {
            current.initPath = full;
            continue;
          }
          if (!/^[A-Za-z_]\w*$/.test(name)) continue;
          current.modules.set(name, { name, dotted: `${current.dotted}.${name}`, fsPath: full, docstring: parsed?.docstring, symbols: parsed?.symbols ?? [] });
        }
      }
    }
    prune(rootPackage);
    return { root, package: rootPackage };
  }

  private async parseModule(file: string, parser: LanguageParser): Promise<ParsedModule | undefined> {
    try {
      const stat = await fs.stat(file);
      const cached = this.parsed.get(file);
      if (cached && cached.mtimeMs === stat.mtimeMs) return cached;
      if (stat.size > MAX_MODULE_BYTES) return undefined;
      const text = await fs.readFile(file, 'utf8');
      if (whyUnparsable(text)) return undefined;
      const tree = parser.parse(text);
      try {
        const parsed = { mtimeMs: stat.mtimeMs, docstring: docstringOf(tree.rootNode, text), symbols: topLevelSymbols(tree, text) };
        this.parsed.set(file, parsed);
        return parsed;
      } finally {
        tree.delete();
      }
    } catch {
      return undefined;
    }
  }
}

function emptyPackage(name: string, dotted: string, directory: string): ComponentPackage {
  return { name, dotted, directory, packages: new Map(), modules: new Map() };
}

/** Drops folders without any Python inside (data folders, docs): they are not importable components. */
function prune(root: ComponentPackage): void {
  const order: ComponentPackage[] = [];
  const stack = [root];
  while (stack.length) {
    const current = stack.pop()!;
    order.push(current);
    stack.push(...current.packages.values());
  }
  const keep = new Set<ComponentPackage>();
  for (const current of order.reverse()) {
    for (const [name, child] of current.packages) if (!keep.has(child)) current.packages.delete(name);
    if (current.modules.size > 0 || current.initPath || current.packages.size > 0) keep.add(current);
  }
}

function treeSignature(tree: ComponentTree): string {
  const parts: string[] = [];
  const stack = [tree.package];
  while (stack.length) {
    const current = stack.pop()!;
    parts.push(current.dotted, current.readme ?? '');
    for (const module of current.modules.values()) parts.push(module.dotted, ...module.symbols.map((symbol) => `${symbol.name}:${symbol.start}:${symbol.docstring ?? ''}`));
    stack.push(...current.packages.values());
  }
  return parts.join('\n');
}

/** Resolves a dotted path under `bilder.components`; `resolved` counts how many parts matched. */
export function lookupComponent(tree: ComponentTree, dotted: string): { found?: ComponentLookup; resolved: number; parts: string[] } {
  const prefix = COMPONENTS_PACKAGE.split('.');
  const parts = dotted.split('.');
  if (prefix.some((part, index) => parts[index] !== part)) return { resolved: 0, parts };
  let current = tree.package;
  let found: ComponentLookup = { kind: 'package', package: current };
  for (let index = prefix.length; index < parts.length; index++) {
    const part = parts[index]!;
    const child = current.packages.get(part);
    if (child && found.kind === 'package') {
      current = child;
      found = { kind: 'package', package: child };
      continue;
    }
    const module = found.kind === 'package' ? current.modules.get(part) : undefined;
    if (module && index === parts.length - 1) return { found: { kind: 'module', module, package: current }, resolved: parts.length, parts };
    return { resolved: index, parts };
  }
  return { found, resolved: parts.length, parts };
}
