// Open editor buffers: their text, version and syntax tree. Buffers override the files on disk for every analysis.
//
// A change only updates the text; the tree is brought up to date when someone asks for it. A client that sends a
// thousand changes a second (or the whole text on every keystroke) therefore costs one cheap text update per change,
// and one reparse per analysis or request, of the newest text only. A whole-text change is turned into the one edit
// that separates old and new text (common prefix and suffix), so tree-sitter reuses the unchanged subtrees exactly as
// it does for an incremental change.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { documentKind, grammarOf } from '../analysis/languages';
import type { DocumentKind } from '../analysis/languages';
import { DocumentTrees, PARSE_UNFINISHED, spanEdit } from '../parsing/documentTrees';
import type { ParseProgress, TextSpanEdit } from '../parsing/documentTrees';
import type { Parsers, SyntaxTree } from '../parsing/treeSitter';

export interface OpenDocument {
  document: TextDocument;
  kind: DocumentKind;
}

/** Files larger than this get no tree and no analysis by default (`bilder.analysis.maxFileSizeKB`). */
export const DEFAULT_MAX_ANALYSED_BYTES = 2 * 1024 * 1024;

/**
 * Exact edits kept for the next reparse. Past this many (a storm of keystrokes nobody asked about), they are replaced
 * by the one edit between the last parsed text and the newest, so memory per document stays bounded.
 */
const MAX_PENDING_EDITS = 64;

interface TreeState {
  /** The text the tree was last parsed from (or edited to, while a sliced reparse is unfinished); undefined until the first parse. */
  parsedText: string | undefined;
  /** Edits since parsedText, in order; undefined when too many came and the next parse diffs the texts instead. */
  pending: TextSpanEdit[] | undefined;
  /** Whether the text changed since the last parse. */
  stale: boolean;
}

export interface OpenDocumentsOptions {
  /** Larger documents are not parsed or analysed; read on every check, so a settings change applies at once. */
  maxAnalysedBytes?: () => number;
}

export class OpenDocuments {
  private readonly documents = new Map<string, OpenDocument>();
  private readonly states = new Map<string, TreeState>();
  private readonly trees: DocumentTrees;

  constructor(
    parsers: Parsers,
    private readonly options: OpenDocumentsOptions = {},
  ) {
    this.trees = new DocumentTrees(parsers);
  }

  /** Returns undefined for documents Bilder does not handle (they are not tracked). */
  open(uri: string, languageId: string, version: number, text: string): OpenDocument | undefined {
    const kind = documentKind(uri, languageId);
    if (!kind) return undefined;
    // Opening again (a client that reopens without closing) replaces the buffer; its old tree is freed now.
    this.trees.delete(uri);
    const entry = { document: TextDocument.create(uri, languageId, version, text), kind };
    this.documents.set(uri, entry);
    this.states.set(uri, { parsedText: undefined, pending: [], stale: true });
    return entry;
  }

  change(uri: string, version: number, changes: readonly TextDocumentContentChangeEvent[]): OpenDocument | undefined {
    const entry = this.documents.get(uri);
    const state = this.states.get(uri);
    if (!entry || !state) return undefined;
    let document = entry.document;
    for (const change of changes) {
      // Exact edits only matter while a tree exists to be edited; before the first parse there is nothing to reuse.
      if (state.pending && state.parsedText !== undefined) {
        if ('range' in change) {
          const oldText = document.getText();
          state.pending.push(spanEdit(oldText, document.offsetAt(change.range.start), document.offsetAt(change.range.end), change.text));
        } else {
          state.pending.push(differenceEdit(document.getText(), change.text));
        }
        if (state.pending.length > MAX_PENDING_EDITS) state.pending = undefined;
      }
      document = TextDocument.update(document, [change], version);
    }
    state.stale = true;
    entry.document = document;
    return entry;
  }

  close(uri: string): void {
    this.documents.delete(uri);
    this.states.delete(uri);
    this.trees.delete(uri);
  }

  get(uri: string): OpenDocument | undefined {
    return this.documents.get(uri);
  }

  /** The tree of the newest text, parsed now if the text changed since; undefined when the text is not parsed. */
  tree(uri: string): SyntaxTree | undefined {
    const tree = this.bringTreeUpToDate(uri, Number.POSITIVE_INFINITY);
    return tree === PARSE_UNFINISHED ? undefined : tree;
  }

  /**
   * Works on the tree of the newest text for about sliceMs: the tree when it is up to date, PARSE_UNFINISHED when a
   * reparse needs more slices (the analysis yields to requests between them). A tree() call in between finishes it.
   */
  treeSlice(uri: string, sliceMs: number): ParseProgress {
    return this.bringTreeUpToDate(uri, sliceMs);
  }

  private bringTreeUpToDate(uri: string, sliceMs: number): ParseProgress {
    const entry = this.documents.get(uri);
    const state = this.states.get(uri);
    if (!entry || !state) return undefined;
    if (!state.stale) return this.trees.get(uri);
    const text = entry.document.getText();
    if (text.length > this.maxAnalysedBytes()) {
      state.stale = false;
      this.trees.delete(uri);
      state.parsedText = undefined;
      state.pending = [];
      return undefined;
    }
    const edits = state.pending ?? (state.parsedText !== undefined ? [differenceEdit(state.parsedText, text)] : undefined);
    let tree: ParseProgress;
    try {
      // Only an existing tree is reparsed in slices; a first parse (open, or after refused text) runs whole.
      tree = state.parsedText !== undefined && edits && this.trees.get(uri) ? this.trees.updateSlice(uri, edits, text, sliceMs) : this.trees.set(uri, grammarOf(entry.kind), text);
    } catch (error) {
      // The old tree may already carry these edits: applying them again would misplace what it reuses. Start afresh.
      this.trees.delete(uri);
      state.parsedText = undefined;
      state.pending = [];
      throw error;
    }
    state.pending = [];
    if (tree === PARSE_UNFINISHED) {
      // The old tree now carries the edits to this text; later changes are edits from here.
      state.parsedText = text;
      return PARSE_UNFINISHED;
    }
    state.stale = false;
    // Only the tree that exists can be edited; without one (refused text) the next parse starts from scratch.
    state.parsedText = tree ? text : undefined;
    return tree;
  }

  /** Whether the document is over the size limit for analysis (it keeps its text, but gets no tree). */
  isTooLarge(uri: string): boolean {
    const entry = this.documents.get(uri);
    return entry !== undefined && entry.document.getText().length > this.maxAnalysedBytes();
  }

  maxAnalysedBytes(): number {
    return this.options.maxAnalysedBytes?.() ?? DEFAULT_MAX_ANALYSED_BYTES;
  }

  /** Forgets every tree, so the next request parses again (the size limit changed). */
  invalidateTrees(): void {
    for (const uri of this.states.keys()) {
      this.trees.delete(uri);
      this.states.set(uri, { parsedText: undefined, pending: [], stale: true });
    }
  }

  all(): OpenDocument[] {
    return [...this.documents.values()];
  }

  get size(): number {
    return this.documents.size;
  }

  dispose(): void {
    this.documents.clear();
    this.states.clear();
    this.trees.dispose();
  }
}

/** The single replacement that turns oldText into newText: everything between their common prefix and suffix. */
export function differenceEdit(oldText: string, newText: string): TextSpanEdit {
  const shorter = Math.min(oldText.length, newText.length);
  let prefix = 0;
  while (prefix < shorter && oldText.charCodeAt(prefix) === newText.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < shorter - prefix && oldText.charCodeAt(oldText.length - 1 - suffix) === newText.charCodeAt(newText.length - 1 - suffix)) suffix++;
  // Never split a surrogate pair or a CRLF: tree-sitter and LSP positions must both stay on character boundaries.
  while (prefix > 0 && isTrailingHalf(oldText, prefix)) prefix--;
  while (suffix > 0 && isTrailingHalf(oldText, oldText.length - suffix)) suffix--;
  return spanEdit(oldText, prefix, oldText.length - suffix, newText.slice(prefix, newText.length - suffix));
}

/** Whether offset falls between the halves of a surrogate pair or of a CRLF. */
function isTrailingHalf(text: string, offset: number): boolean {
  if (offset <= 0 || offset >= text.length) return false;
  const before = text.charCodeAt(offset - 1);
  const at = text.charCodeAt(offset);
  return (before >= 0xd800 && before <= 0xdbff && at >= 0xdc00 && at <= 0xdfff) || (before === 13 && at === 10);
}
