// The only module that loads the web-tree-sitter runtime. Everything else receives parsers and trees from here.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
import type { Node, Tree } from 'web-tree-sitter';

export type SyntaxNode = Node;
export type SyntaxTree = Tree;

/** The grammars Bilder parses with; pinned in package.json and copied next to the bundle by esbuild.mjs. */
export const WASM_FILES = {
  runtime: { file: 'web-tree-sitter.wasm', pkg: 'web-tree-sitter' },
  hcl: { file: 'tree-sitter-hcl.wasm', pkg: '@tree-sitter-grammars/tree-sitter-hcl' },
  python: { file: 'tree-sitter-python.wasm', pkg: 'tree-sitter-python' },
} as const;

/**
 * In the bundle the .wasm files sit beside dist/server.js; when running from source (tests, tsx) they are still in
 * node_modules. Checking both keeps one code path for the extension, the CLI and the tests.
 */
function locateWasm(entry: { file: string; pkg: string }): string {
  const candidates = [
    path.join(__dirname, entry.file),
    path.join(__dirname, '..', '..', '..', 'node_modules', entry.pkg, entry.file),
    path.join(__dirname, '..', 'node_modules', entry.pkg, entry.file),
  ];
  const found = candidates.find((candidate) => fs.existsSync(candidate));
  if (!found) throw new Error(`Bilder cannot find ${entry.file}; looked in:\n  ${candidates.join('\n  ')}`);
  return found;
}

export interface Grammars {
  hcl: Language;
  python: Language;
}

let loading: Promise<Grammars> | undefined;
let runtime: Promise<void> | undefined;

function initRuntime(): Promise<void> {
  runtime ??= (() => {
    const runtimePath = locateWasm(WASM_FILES.runtime);
    return Parser.init({ locateFile: () => runtimePath });
  })();
  return runtime;
}

/** Initialises the runtime once per process; later callers share the same promise. */
export function loadGrammars(): Promise<Grammars> {
  loading ??= (async () => {
    await initRuntime();
    const [hcl, python] = await Promise.all([
      Language.load(locateWasm(WASM_FILES.hcl)),
      Language.load(locateWasm(WASM_FILES.python)),
    ]);
    return { hcl, python };
  })();
  return loading;
}

/** The HCL grammar alone, for the indexing worker, which never parses Python. */
export async function loadHclGrammar(): Promise<Language> {
  await initRuntime();
  return Language.load(locateWasm(WASM_FILES.hcl));
}

/**
 * tree-sitter-hcl's error recovery is super-linear on some inputs (a name followed by thousands of blanks takes seconds,
 * 20,000 take most of a minute), and a parse blocks every request. A parse gets a budget of CPU time that grows with
 * the text (real templates need a few ms per 10 KB; a 1 MB single line about 2 s) and is abandoned past it. CPU time,
 * not wall time, so a busy machine does not make valid files unparsable.
 */
export function parseBudgetMs(length: number): number {
  return 1000 + length / 200;
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

export class ParseBudgetExceeded extends Error {
  constructor(readonly budgetMs: number) {
    super(`parsing took longer than ${Math.round(budgetMs)} ms and was abandoned`);
  }
}

/** A parser bound to one language. Callers own the trees they get and must delete() them. */
export class LanguageParser {
  private readonly parser: Parser;

  constructor(language: Language) {
    this.parser = new Parser();
    this.parser.setLanguage(language);
  }

  /** Throws ParseBudgetExceeded when the text takes longer than its budget; never blocks unboundedly. */
  parse(text: string, previous?: SyntaxTree, budgetMs = parseBudgetMs(text.length)): SyntaxTree {
    // Wall time is cheap to read and never less than CPU time, so the CPU clock is only consulted once it has passed.
    const wallDeadline = performance.now() + budgetMs;
    const cpuDeadline = cpuMs() + budgetMs;
    let exceeded = false;
    const tree = this.parser.parse(text, previous ?? null, {
      progressCallback: () => (exceeded = performance.now() > wallDeadline && cpuMs() > cpuDeadline),
    });
    if (!tree) {
      this.parser.reset();
      if (exceeded) throw new ParseBudgetExceeded(budgetMs);
      throw new Error('tree-sitter returned no tree');
    }
    return tree;
  }

  dispose(): void {
    this.parser.delete();
  }
}

export interface Parsers {
  hcl: LanguageParser;
  python: LanguageParser;
}

export async function createParsers(): Promise<Parsers> {
  const grammars = await loadGrammars();
  return { hcl: new LanguageParser(grammars.hcl), python: new LanguageParser(grammars.python) };
}
