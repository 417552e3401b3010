// Ranges of the model: from tree offsets, of label contents, and moved with the text they belong to.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range } from 'vscode-languageserver-types';
import { stringLiteralValue } from '../../parsing/nodes';
import type { SyntaxNode } from '../../parsing/treeSitter';

/**
 * Where `position`, inside text that started at `from`, is once the same text starts at `to`: lines shift with the
 * start, and so do columns on the start's own line.
 */
export function movedPosition(position: Position, from: Position, to: Position): Position {
  return {
    line: position.line + to.line - from.line,
    character: position.line === from.line ? position.character + to.character - from.character : position.character,
  };
}

export function rangeOf(document: TextDocument, node: SyntaxNode): Range {
  return spanRange(document, node.startIndex, node.endIndex);
}

export function labelValue(label: SyntaxNode, text: string): string {
  return label.type === 'string_lit' ? stringLiteralValue(label, text) : label.text;
}

/** The label's text between its quotes (an identifier label is its own content). */
export function labelContentRange(document: TextDocument, label: SyntaxNode): Range {
  if (label.type !== 'string_lit') return spanRange(document, label.startIndex, label.endIndex);
  const start = label.child(0);
  const end = label.child(label.childCount - 1);
  const startIndex = start?.type === 'quoted_template_start' ? start.endIndex : label.startIndex;
  const endIndex = end?.type === 'quoted_template_end' ? end.startIndex : label.endIndex;
  return spanRange(document, startIndex, Math.max(startIndex, endIndex));
}

export function spanRange(document: TextDocument, start: number, end: number): Range {
  return { start: document.positionAt(start), end: document.positionAt(end) };
}

export function rangeContains(range: Range, position: { line: number; character: number }): boolean {
  const afterStart = position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character);
  const beforeEnd = position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character);
  return afterStart && beforeEnd;
}
