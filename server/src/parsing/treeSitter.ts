// The only module that loads the web-tree-sitter runtime. Everything else receives parsers and trees from here.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
import type { Node, Tree } from 'web-tree-sitter';

declare global {
  // The subset of the WebAssembly JS API used here; Node has it, but the ES2022 lib and @types/node 20 do not declare it.
  namespace WebAssembly {
    interface Module {
      readonly __wasmModule?: never;
    }
    interface Instance {
      readonly exports: Record<string, unknown>;
    }
    type Imports = Record<string, Record<string, unknown>>;
    function compile(bytes: Uint8Array): Promise<Module>;
    function instantiate(module: Module, imports?: Imports): Promise<Instance>;
  }
}

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

/** Compiled wasm a worker thread can be handed (structured clone shares the code), so it compiles nothing itself. */
export interface CompiledHcl {
  runtime: WebAssembly.Module;
  hcl: WebAssembly.Module;
}

type WasmName = keyof typeof WASM_FILES;

const compiling = new Map<WasmName, Promise<WebAssembly.Module>>();

/**
 * Compiles on V8's background threads from bytes read once. Handing the runtime and grammars to web-tree-sitter as
 * compiled modules also keeps it from importing `fs/promises` through the ESM loader, which cost start-up ~10 ms.
 */
function compiled(name: WasmName): Promise<WebAssembly.Module> {
  let module = compiling.get(name);
  if (!module) {
    module = (async () => WebAssembly.compile(await fs.promises.readFile(locateWasm(WASM_FILES[name]))))();
    compiling.set(name, module);
  }
  return module;
}

let loading: Promise<Grammars> | undefined;
let runtime: Promise<void> | undefined;

function initRuntime(given?: WebAssembly.Module): Promise<void> {
  runtime ??= (async () => {
    const module = given ?? (await compiled('runtime'));
    let failed: (error: unknown) => void = () => undefined;
    const instantiationFailed = new Promise<never>((_, reject) => (failed = reject));
    // Emscripten's hook: the runtime is instantiated from the compiled module instead of fetched and compiled again.
    const instantiateWasm = (imports: WebAssembly.Imports, receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) => {
      WebAssembly.instantiate(module, imports).then((instance) => receive(instance, module), failed);
      return {};
    };
    await Promise.race([Parser.init({ instantiateWasm } as Parameters<typeof Parser.init>[0]), instantiationFailed]);
  })();
  return runtime;
}

/** Initialises the runtime once per process; later callers share the same promise. */
export function loadGrammars(): Promise<Grammars> {
  loading ??= (async () => {
    const [hcl, python] = await Promise.all([compiled('hcl'), compiled('python'), initRuntime()]);
    return { hcl: Language.loadSync(hcl), python: Language.loadSync(python) };
  })();
  return loading;
}

/** The compiled runtime and HCL grammar, for a worker thread to load with loadHclGrammar(). */
export async function compiledHcl(): Promise<CompiledHcl> {
  const [runtimeModule, hcl] = await Promise.all([compiled('runtime'), compiled('hcl')]);
  return { runtime: runtimeModule, hcl };
}

/** The HCL grammar alone, for the indexing worker, which never parses Python; from the server's compiled wasm if given. */
export async function loadHclGrammar(given?: CompiledHcl): Promise<Language> {
  await initRuntime(given?.runtime);
  return Language.loadSync(given?.hcl ?? (await compiled('hcl')));
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

/** How old a CPU clock reading may be to count as a parse's start: at most this much CPU per thread is misattributed. */
const START_READING_REUSE_MS = 50;
let startReading = { at: Number.NEGATIVE_INFINITY, cpuMs: 0 };

/**
 * The CPU clock at about now. Reading it is a system call that took ≈0.25 ms on the indexing worker while the server
 * thread ran (getrusage sums every thread), a tenth of a small template's parse; hundreds of parses a second share one
 * reading. An older reading only moves a parse's CPU deadline earlier, by well under its budget.
 */
function recentCpuMs(): number {
  const now = performance.now();
  if (now - startReading.at > START_READING_REUSE_MS) startReading = { at: now, cpuMs: cpuMs() };
  return startReading.cpuMs;
}

export class ParseBudgetExceeded extends Error {
  constructor(readonly budgetMs: number) {
    super(`parsing took longer than ${Math.round(budgetMs)} ms and was abandoned`);
  }
}

/** A parse stopped between slices; tree-sitter continues it when its parser is asked for the same text and old tree. */
interface HaltedParse {
  /** The tree-sitter parser holding the stopped parse: no other parse may use it until this one ends or is abandoned. */
  parser: Parser;
  text: string;
  previous: SyntaxTree | undefined;
  /** Wall time spent in its slices so far. */
  wallMs: number;
  /** CPU time spent in its slices so far (wall time, for slices before it was read; see parseSlice). */
  cpuMs: number;
  /** For evicting the longest-stopped parse when too many are stopped at once. */
  lastSliceAt: number;
}

/** Parses stopped at once (one per open document being reparsed); past this the longest-stopped one starts over later. */
const MAX_HALTED_PARSES = 8;

/**
 * A parser bound to one language. Callers own the trees they get and must delete() them. Each sliced parse (open
 * documents) has a tree-sitter parser of its own while it is stopped, so nothing parsed in between — indexing, links,
 * another document's slices — costs it its progress.
 */
export class LanguageParser {
  private readonly parser: Parser;
  private readonly halted = new Map<object, HaltedParse>();
  /** Tree-sitter parsers for slices, free for the next parse to take. */
  private readonly idleSlicers: Parser[] = [];

  constructor(private readonly language: Language) {
    this.parser = new Parser();
    this.parser.setLanguage(language);
  }

  /** Throws ParseBudgetExceeded when the text takes longer than its budget; never blocks unboundedly. */
  parse(text: string, previous?: SyntaxTree, budgetMs = parseBudgetMs(text.length)): SyntaxTree {
    // Wall time is cheap to read and never less than CPU time, so the CPU clock is only consulted once it has passed.
    const wallDeadline = performance.now() + budgetMs;
    const cpuDeadline = recentCpuMs() + budgetMs;
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

  /**
   * Parses for about sliceMs and returns undefined if that was not enough; called again with the same owner, text and
   * old tree it goes on where it stopped (with new text or another old tree, it starts over). A reparse of half-typed
   * text can take tens of milliseconds of error recovery, and this lets requests be answered between its slices. Tree-
   * sitter checks the time every hundred or so steps, which its slowest recovery makes tens of milliseconds apart, so a
   * slice can overrun. Throws ParseBudgetExceeded when the slices together pass the budget.
   */
  parseSlice(owner: object, text: string, previous: SyntaxTree | undefined, sliceMs: number, budgetMs = parseBudgetMs(text.length)): SyntaxTree | undefined {
    let halted = this.halted.get(owner);
    if (halted && (halted.text !== text || halted.previous !== previous)) {
      this.abandon(owner);
      halted = undefined;
    }
    this.halted.delete(owner);
    const parser = halted?.parser ?? this.takeSlicer();
    const wallBefore = halted?.wallMs ?? 0;
    const cpuBefore = halted?.cpuMs ?? 0;
    // The CPU clock (a system call, and it counts every thread) is read around a slice only once the parse has used
    // half its budget; until then a slice's wall time stands in for its CPU time, which is never more.
    const cpuAtSliceStart = wallBefore > budgetMs / 2 ? cpuMs() : undefined;
    const started = performance.now();
    let exceeded = false;
    let sliceOver = false;
    let tree;
    try {
      tree = parser.parse(text, previous ?? null, {
        progressCallback: () => {
          const elapsed = performance.now() - started;
          if (wallBefore + elapsed > budgetMs && cpuBefore + (cpuAtSliceStart === undefined ? elapsed : cpuMs() - cpuAtSliceStart) > budgetMs) return (exceeded = true);
          return (sliceOver = elapsed > sliceMs);
        },
      });
    } catch (error) {
      parser.reset();
      this.idleSlicers.push(parser);
      throw error;
    }
    if (tree) {
      this.idleSlicers.push(parser);
      return tree;
    }
    if (sliceOver && !exceeded) {
      const now = performance.now();
      const cpuHere = cpuAtSliceStart === undefined ? now - started : cpuMs() - cpuAtSliceStart;
      this.halted.set(owner, { parser, text, previous, wallMs: wallBefore + (now - started), cpuMs: cpuBefore + cpuHere, lastSliceAt: now });
      this.evictOldestHalted();
      return undefined;
    }
    parser.reset();
    this.idleSlicers.push(parser);
    if (exceeded) throw new ParseBudgetExceeded(budgetMs);
    throw new Error('tree-sitter returned no tree');
  }

  /** Drops owner's stopped parse, if it has one (its old tree is about to be edited or deleted). */
  abandon(owner: object): void {
    const halted = this.halted.get(owner);
    if (!halted) return;
    this.halted.delete(owner);
    halted.parser.reset();
    this.idleSlicers.push(halted.parser);
  }

  private takeSlicer(): Parser {
    const idle = this.idleSlicers.pop();
    if (idle) return idle;
    const parser = new Parser();
    parser.setLanguage(this.language);
    return parser;
  }

  private evictOldestHalted(): void {
    if (this.halted.size <= MAX_HALTED_PARSES) return;
    let oldest: [object, HaltedParse] | undefined;
    for (const entry of this.halted) if (!oldest || entry[1].lastSliceAt < oldest[1].lastSliceAt) oldest = entry;
    if (oldest) this.abandon(oldest[0]);
  }

  dispose(): void {
    this.parser.delete();
    for (const halted of this.halted.values()) halted.parser.delete();
    this.halted.clear();
    for (const parser of this.idleSlicers.splice(0)) parser.delete();
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
