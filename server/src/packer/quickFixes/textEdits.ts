// Edits on plain text: fixes plan them against the file as it is, and the result is checked and formatted here, so a
// file that was `packer fmt`-clean stays clean after any fix.
import type { TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { minimalEdits } from '../../hcl/format';
import type { FormatResult } from '../../hcl/format';

/** Appends a top-level block after the last line, one blank line apart from what is there. */
export function appendAtEnd(text: string, block: string): TextEdit {
  const document = TextDocument.create('bilder-fix:/append', 'packer', 0, text);
  const end = document.positionAt(text.length);
  const separator = text.length === 0 ? '' : text.endsWith('\n\n') ? '' : text.endsWith('\n') ? '\n' : '\n\n';
  return { range: { start: end, end }, newText: separator + block };
}

/** Deletes whole lines `first`..`last` (0-based, inclusive). */
export function deleteLines(text: string, first: number, last: number): TextEdit {
  const document = TextDocument.create('bilder-fix:/delete', 'packer', 0, text);
  const endLine = Math.min(last + 1, document.lineCount);
  const end = endLine === document.lineCount && last + 1 >= document.lineCount ? document.positionAt(text.length) : { line: endLine, character: 0 };
  return { range: { start: { line: first, character: 0 }, end }, newText: '' };
}

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('bilder-fix:/apply', 'packer', 0, text), [...edits]);
}

/**
 * The edits that turn `text` into the fixed file: if the file was formatted before, the fixed file is formatted too
 * (alignment of `=` may move on neighbouring lines); a file that was not formatted gets only the fix. Undefined when the
 * fix would leave text that does not parse.
 */
export function finishedEdits(text: string, raw: readonly TextEdit[], format: (text: string) => FormatResult): TextEdit[] | undefined {
  const fixed = applyEdits(text, raw);
  const before = format(text);
  const after = format(fixed);
  if (after.kind === 'refused' && before.kind === 'formatted') return undefined;
  const wasFormatted = before.kind === 'formatted' && !before.changed;
  const result = wasFormatted && after.kind === 'formatted' ? after.text : fixed;
  return minimalEdits(text, result);
}

/**
 * Several fixes' edits of one file as one list: inserts at the same place are joined in order, and an edit that
 * overlaps one already taken is left out (its fix can be applied on its own afterwards).
 */
export function mergeEdits(lists: readonly (readonly TextEdit[])[]): TextEdit[] {
  const taken: TextEdit[] = [];
  const before = (a: TextEdit['range']['start'], b: TextEdit['range']['start']) => a.line < b.line || (a.line === b.line && a.character < b.character);
  const same = (a: TextEdit['range']['start'], b: TextEdit['range']['start']) => a.line === b.line && a.character === b.character;
  for (const list of lists) {
    const fits = list.every((edit) =>
      taken.every((other) => {
        const bothInserts = same(edit.range.start, edit.range.end) && same(other.range.start, other.range.end) && same(edit.range.start, other.range.start);
        return bothInserts || !before(edit.range.start, other.range.end) || !before(other.range.start, edit.range.end);
      }),
    );
    if (!fits) continue;
    for (const edit of list) {
      const joined = taken.find((other) => same(other.range.start, other.range.end) && same(edit.range.start, edit.range.end) && same(edit.range.start, other.range.start));
      if (joined) joined.newText += edit.newText;
      else taken.push({ range: edit.range, newText: edit.newText });
    }
  }
  return taken;
}
