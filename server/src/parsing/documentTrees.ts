// Keeps one syntax tree per open document, edits it incrementally and frees every tree it replaces.
import { Edit } from 'web-tree-sitter';
import { ParseBudgetExceeded } from './treeSitter';
import type { LanguageParser, Parsers, SyntaxTree } from './treeSitter';

export type GrammarId = keyof Parsers;

/** A sliced reparse that needs more slices (see DocumentTrees.updateSlice). */
export const PARSE_UNFINISHED = Symbol('parse unfinished');
export type ParseProgress = SyntaxTree | undefined | typeof PARSE_UNFINISHED;

/** One text replacement in the coordinates tree-sitter wants (UTF-16 offsets and row/column points). */
export interface TextSpanEdit {
  startIndex: number;
  oldEndIndex: number;
  newEndIndex: number;
  startPosition: { row: number; column: number };
  oldEndPosition: { row: number; column: number };
  newEndPosition: { row: number; column: number };
}

/** Text larger than this is not parsed: tree-sitter-hcl runs at ~2 MB/s and its trees cost ~80 bytes per byte. */
export const MAX_PARSE_BYTES = 4 * 1024 * 1024;

export type Unparsable = { reason: 'too-large'; length: number } | { reason: 'binary' } | { reason: 'too-slow'; budgetMs: number };

export function whyUnparsable(text: string): Unparsable | undefined {
  if (text.length > MAX_PARSE_BYTES) return { reason: 'too-large', length: text.length };
  // A NUL in the first 8 KB is how git and most editors recognise a binary file.
  if (text.slice(0, 8192).includes('\0')) return { reason: 'binary' };
  return undefined;
}

interface Entry {
  grammar: GrammarId;
  tree: SyntaxTree | undefined;
  refusal: Unparsable | undefined;
}

export class DocumentTrees {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly parsers: Parsers) {}

  /** Parses from scratch (open, or a full-text change). Returns undefined for text Bilder refuses to parse. */
  set(uri: string, grammar: GrammarId, text: string): SyntaxTree | undefined {
    this.delete(uri);
    const entry: Entry = { grammar, tree: undefined, refusal: whyUnparsable(text) };
    if (!entry.refusal) this.parseInto(entry, text);
    this.entries.set(uri, entry);
    return entry.tree;
  }

  /** Applies edits to the old tree so tree-sitter can reuse unchanged subtrees, then reparses the new text. */
  update(uri: string, edits: readonly TextSpanEdit[], newText: string): SyntaxTree | undefined {
    const tree = this.updateSlice(uri, edits, newText, Number.POSITIVE_INFINITY);
    return tree === PARSE_UNFINISHED ? undefined : tree;
  }

  /**
   * update() that stops after about sliceMs and returns PARSE_UNFINISHED; the next update of the same document
   * continues (no edits, same text) or starts over (new edits, applied to the already edited old tree).
   */
  updateSlice(uri: string, edits: readonly TextSpanEdit[], newText: string, sliceMs: number): ParseProgress {
    const entry = this.entries.get(uri);
    if (!entry) return undefined;
    const old = entry.tree;
    if (!old || whyUnparsable(newText)) return this.set(uri, entry.grammar, newText);
    if (edits.length > 0) {
      this.parser(entry.grammar).abandon(entry);
      for (const edit of edits) old.edit(new Edit(edit));
    }
    if (this.parseInto(entry, newText, old, sliceMs) === PARSE_UNFINISHED) return PARSE_UNFINISHED;
    old.delete();
    return entry.tree;
  }

  /** Why the document has no tree (binary, too large, or its parse ran out of time), if it has none. */
  refusal(uri: string): Unparsable | undefined {
    return this.entries.get(uri)?.refusal;
  }

  private parseInto(entry: Entry, text: string, previous?: SyntaxTree, sliceMs = Number.POSITIVE_INFINITY): typeof PARSE_UNFINISHED | void {
    try {
      const tree = this.parser(entry.grammar).parseSlice(entry, text, previous, sliceMs);
      if (!tree) return PARSE_UNFINISHED;
      entry.tree = tree;
      entry.refusal = undefined;
    } catch (error) {
      if (!(error instanceof ParseBudgetExceeded)) throw error;
      entry.tree = undefined;
      entry.refusal = { reason: 'too-slow', budgetMs: error.budgetMs };
    }
  }

  get(uri: string): SyntaxTree | undefined {
    return this.entries.get(uri)?.tree;
  }

  delete(uri: string): void {
    const entry = this.entries.get(uri);
    if (!entry) return;
    this.parser(entry.grammar).abandon(entry);
    entry.tree?.delete();
    this.entries.delete(uri);
  }

  get size(): number {
    return this.entries.size;
  }

  dispose(): void {
    for (const uri of [...this.entries.keys()]) this.delete(uri);
  }

  private parser(grammar: GrammarId): LanguageParser {
    return this.parsers[grammar];
  }
}

/** tree-sitter counts rows by '\n' alone, unlike LSP (which also breaks on a bare '\r'), so points come from offsets. */
function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

/** Builds the tree-sitter edit for replacing oldText[startIndex, oldEndIndex) with insertedText. */
export function spanEdit(oldText: string, startIndex: number, oldEndIndex: number, insertedText: string): TextSpanEdit {
  const startPosition = pointAt(oldText, startIndex);
  const inserted = pointAt(insertedText, insertedText.length);
  return {
    startIndex,
    oldEndIndex,
    newEndIndex: startIndex + insertedText.length,
    startPosition,
    oldEndPosition: pointAt(oldText, oldEndIndex),
    newEndPosition:
      inserted.row === 0
        ? { row: startPosition.row, column: startPosition.column + inserted.column }
        : { row: startPosition.row + inserted.row, column: inserted.column },
  };
}
