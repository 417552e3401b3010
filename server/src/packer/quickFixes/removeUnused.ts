// A variable or local that nothing in the directory reads: remove its declaration (and a `locals` block it leaves empty).
import type { Range } from 'vscode-languageserver';
import { namedNodeAt } from '../../parsing/nodes';
import type { Declaration } from '../model';
import { deleteLines } from './textEdits';
import type { QuickFix, QuickFixContext } from './types';

export const removeUnusedVariable: QuickFix = {
  codes: ['variables/unused-variable'],
  fixAllTitle: 'Remove every unused variable of this file',
  preferred: false,
  plan(diagnostic, context) {
    const variable = declarationAt(context.model.variables, diagnostic.range);
    return variable && removal(`Remove unused variable "${variable.name}"`, variable.range, context);
  },
};

export const removeUnusedLocal: QuickFix = {
  codes: ['variables/unused-local'],
  fixAllTitle: 'Remove every unused local of this file',
  preferred: false,
  plan(diagnostic, context) {
    const local = declarationAt(context.model.locals, diagnostic.range);
    if (!local) return undefined;
    return removal(`Remove unused local "${local.name}"`, emptiedLocalsBlock(local, context) ?? local.range, context);
  },
};

function declarationAt<T extends Declaration>(declarations: readonly T[], range: Range): T | undefined {
  return declarations.find((declaration) => declaration.nameRange.start.line === range.start.line && declaration.nameRange.start.character === range.start.character);
}

/** The whole `locals { … }` block when the local is its only entry. */
function emptiedLocalsBlock(local: Declaration, { document, tree }: QuickFixContext): Range | undefined {
  const attribute = namedNodeAt(tree, document.offsetAt(local.nameRange.start) + 1);
  let node = attribute;
  while (node.parent && node.type !== 'attribute') node = node.parent;
  const body = node.parent;
  const block = body?.parent;
  if (!body || body.type !== 'body' || !block || block.type !== 'block' || body.namedChildCount !== 1) return undefined;
  return { start: document.positionAt(block.startIndex), end: document.positionAt(block.endIndex) };
}

/** Whole lines only, so nothing else on them is lost; one blank line after goes too, so no double gap is left. */
function removal(title: string, range: Range, { document }: QuickFixContext) {
  const text = document.getText();
  const lines = text.split('\n');
  const head = lines[range.start.line]?.slice(0, range.start.character) ?? '';
  const tail = lines[range.end.line]?.slice(range.end.character) ?? '';
  if (head.trim() !== '' || !/^\s*(#.*|\/\/.*)?\r?$/.test(tail)) return undefined;
  let last = range.end.line;
  const previousBlank = range.start.line === 0 || lines[range.start.line - 1]!.trim() === '';
  if (previousBlank && last + 1 < lines.length && lines[last + 1]!.trim() === '' && last + 2 < lines.length) last++;
  return { title, edits: new Map([[document.uri, [deleteLines(text, range.start.line, last)]]]) };
}
