// Turns a whole-document rewrite into edits that touch only the lines that changed, so the editor keeps the cursor,
// selections and folding on untouched lines.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from 'vscode-languageserver-types';

/** Splits after each LF, so every piece keeps its own terminator (LF or CRLF) and joining gives the text back. */
function linesOf(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', start)) {
    lines.push(text.slice(start, newline + 1));
    start = newline + 1;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

/**
 * Edits that turn `before` into `after`, one per run of changed lines. The unchanged head and tail are skipped; in
 * between, a formatter keeps the line count, so lines are paired one to one and only differing runs are replaced.
 * When the counts differ the middle is replaced as a whole.
 */
export function minimalEdits(before: string, after: string): TextEdit[] {
  if (before === after) return [];
  const document = TextDocument.create('bilder-format:/before', 'packer', 0, before);
  const oldLines = linesOf(before);
  const newLines = linesOf(after);

  let head = 0;
  while (head < oldLines.length && head < newLines.length && oldLines[head] === newLines[head]) head++;
  let tail = 0;
  while (
    tail < oldLines.length - head &&
    tail < newLines.length - head &&
    oldLines[oldLines.length - 1 - tail] === newLines[newLines.length - 1 - tail]
  ) {
    tail++;
  }

  const oldOffsets: number[] = [0];
  for (const line of oldLines) oldOffsets.push(oldOffsets[oldOffsets.length - 1] + line.length);
  const replace = (from: number, to: number, newText: string): TextEdit => ({
    range: { start: document.positionAt(oldOffsets[from]), end: document.positionAt(oldOffsets[to]) },
    newText,
  });

  const oldEnd = oldLines.length - tail;
  const newEnd = newLines.length - tail;
  if (oldEnd - head !== newEnd - head) return [replace(head, oldEnd, newLines.slice(head, newEnd).join(''))];

  const edits: TextEdit[] = [];
  let i = head;
  while (i < oldEnd) {
    if (oldLines[i] === newLines[i]) {
      i++;
      continue;
    }
    const runStart = i;
    while (i < oldEnd && oldLines[i] !== newLines[i]) i++;
    edits.push(replace(runStart, i, newLines.slice(runStart, i).join('')));
  }
  return edits;
}
