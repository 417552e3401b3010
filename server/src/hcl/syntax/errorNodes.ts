// tree-sitter's ERROR and MISSING nodes, used only where the hclsyntax-style parser found nothing (or skipped text
// nested too deeply to check), so a mistake the parser misses still shows up and one mistake never shows up twice.
import type { Diagnostic } from 'vscode-languageserver-types';
import { makeDiagnostic } from '../../diagnostics/rules';
import { walk } from '../../parsing/nodes';
import type { SyntaxNode, SyntaxTree } from '../../parsing/treeSitter';
import { SYNTAX_RULES } from './rules';
import type { SyntaxInput } from './index';

/** An exponent without a fraction (`1e10`, `2e+3`): valid HCL that tree-sitter-hcl 1.2.0 cannot parse (gap G0). */
const EXPONENT_NUMBER = /(?<![\p{ID_Continue}.-])[0-9]+[eE][+-]?[0-9]+/gu;
const EXPONENT_WINDOW = 64;

function coversExponentNumber(node: SyntaxNode, text: string): boolean {
  const from = Math.max(0, node.startIndex - EXPONENT_WINDOW);
  const window = text.slice(from, node.endIndex + EXPONENT_WINDOW);
  for (const match of window.matchAll(EXPONENT_NUMBER)) {
    const start = from + match.index;
    const end = start + match[0].length;
    if (start <= node.startIndex ? end > node.startIndex : start < node.endIndex) return true;
  }
  return false;
}

export function treeSitterErrorDiagnostics({ document, tree }: SyntaxInput & { tree: SyntaxTree }): Diagnostic[] {
  if (!tree.rootNode.hasError) return [];
  const text = document.getText();
  const diagnostics: Diagnostic[] = [];
  walk(tree.rootNode, (node) => {
    if (!node.hasError && !node.isMissing) return false;
    if (!node.isError && !node.isMissing) return true;
    if (coversExponentNumber(node, text)) return false;
    const range = { start: document.positionAt(node.startIndex), end: document.positionAt(node.endIndex) };
    const message = node.isMissing
      ? `Missing ${node.type}: The text ends before this construct is complete.`
      : 'Invalid syntax: This text is not a valid argument, block or expression.';
    diagnostics.push(makeDiagnostic(SYNTAX_RULES.treeSitterError, range, message));
    return false;
  });
  return diagnostics;
}
