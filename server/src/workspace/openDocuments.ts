// Open editor buffers: their text, version and syntax tree. Buffers override the files on disk for every analysis.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { documentKind, grammarOf } from '../analysis/languages';
import type { DocumentKind } from '../analysis/languages';
import { DocumentTrees, spanEdit } from '../parsing/documentTrees';
import type { TextSpanEdit } from '../parsing/documentTrees';
import type { Parsers, SyntaxTree } from '../parsing/treeSitter';

export interface OpenDocument {
  document: TextDocument;
  kind: DocumentKind;
}

export class OpenDocuments {
  private readonly documents = new Map<string, OpenDocument>();
  private readonly trees: DocumentTrees;

  constructor(parsers: Parsers) {
    this.trees = new DocumentTrees(parsers);
  }

  /** Returns undefined for documents Bilder does not handle (they are not tracked). */
  open(uri: string, languageId: string, version: number, text: string): OpenDocument | undefined {
    const kind = documentKind(uri, languageId);
    if (!kind) return undefined;
    const entry = { document: TextDocument.create(uri, languageId, version, text), kind };
    this.documents.set(uri, entry);
    this.trees.set(uri, grammarOf(kind), text);
    return entry;
  }

  change(uri: string, version: number, changes: readonly TextDocumentContentChangeEvent[]): OpenDocument | undefined {
    const entry = this.documents.get(uri);
    if (!entry) return undefined;
    let document = entry.document;
    const edits: TextSpanEdit[] = [];
    let fullText = false;
    for (const change of changes) {
      if ('range' in change) {
        const oldText = document.getText();
        const start = document.offsetAt(change.range.start);
        const end = document.offsetAt(change.range.end);
        edits.push(spanEdit(oldText, start, end, change.text));
      } else {
        fullText = true;
      }
      document = TextDocument.update(document, [change], version);
    }
    entry.document = document;
    if (fullText) this.trees.set(uri, grammarOf(entry.kind), document.getText());
    else this.trees.update(uri, edits, document.getText());
    return entry;
  }

  close(uri: string): void {
    this.documents.delete(uri);
    this.trees.delete(uri);
  }

  get(uri: string): OpenDocument | undefined {
    return this.documents.get(uri);
  }

  tree(uri: string): SyntaxTree | undefined {
    return this.trees.get(uri);
  }

  all(): OpenDocument[] {
    return [...this.documents.values()];
  }

  dispose(): void {
    this.documents.clear();
    this.trees.dispose();
  }
}
