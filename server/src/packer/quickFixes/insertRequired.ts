// A block without an argument its schema requires: insert the argument with a placeholder of its type, before the
// block's closing brace, for the user to fill in.
import type { Diagnostic } from 'vscode-languageserver';
import { firstChildOfType, namedNodeAt } from '../../parsing/nodes';
import type { SyntaxNode } from '../../parsing/treeSitter';
import { bodySchemaAt } from '../schemaContext';
import type { QuickFix, QuickFixContext } from './types';

const REQUIRED_MESSAGE = /^The argument "([^"]+)" is required/;

export const insertRequiredAttribute: QuickFix = {
  codes: ['schema/missing-required-attribute', 'schema/missing-plugin-attribute'],
  fixAllTitle: 'Add every missing required argument of this file',
  plan(diagnostic, context) {
    const name = typeof diagnostic.message === 'string' ? REQUIRED_MESSAGE.exec(diagnostic.message)?.[1] : undefined;
    const block = name ? blockAt(diagnostic, context) : undefined;
    const end = block && firstChildOfType(block, 'block_end');
    if (!name || !block || !end || end.isMissing) return undefined;
    const { document, tree } = context;
    const text = document.getText();
    const closing = document.positionAt(end.startIndex);
    const closingLine = text.slice(end.startIndex - closing.character, end.startIndex);
    // A one-line block (`{}`) would need its braces split apart; only offer the fix where `}` has its own line.
    if (closingLine.trim() !== '') return undefined;
    const type = bodySchemaAt(tree, text, end.startIndex)?.attributes.find((attribute) => attribute.name === name)?.type ?? 'string';
    const newText = `${closingLine}  ${name} = ${placeholder(type)}\n`;
    const at = { line: closing.line, character: 0 };
    return { title: `Add required argument "${name}"`, edits: new Map([[document.uri, [{ range: { start: at, end: at }, newText }]]]) };
  },
};

function blockAt(diagnostic: Diagnostic, { document, tree }: QuickFixContext): SyntaxNode | undefined {
  for (let node: SyntaxNode | null = namedNodeAt(tree, document.offsetAt(diagnostic.range.start) + 1); node; node = node.parent) {
    if (node.type === 'block') return node;
  }
  return undefined;
}

/** A value of the attribute's type that parses, so the fixed file stays valid until the user fills it in. */
function placeholder(type: string): string {
  if (type === 'number') return '0';
  if (type === 'bool') return 'false';
  if (/^(list|set|tuple)\b/.test(type)) return '[]';
  if (/^(map|object)\b/.test(type)) return '{}';
  return '""';
}
