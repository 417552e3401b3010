import type { Diagnostic } from 'vscode-languageserver-types';
import { DiagnosticSeverity, defineRule, makeDiagnostic } from '../../diagnostics/rules';
import { walk } from '../../parsing/nodes';
import type { SyntaxInput } from './index';

export const invalidSyntax = defineRule({
  code: 'syntax/invalid',
  severity: DiagnosticSeverity.Error,
  description: 'The parser could not make sense of the text here.',
});

export function errorNodeDiagnostics({ document, tree }: SyntaxInput): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  walk(tree.rootNode, (node) => {
    if (!node.hasError && !node.isMissing) return false;
    if (node.isError || node.isMissing) {
      const range = { start: document.positionAt(node.startIndex), end: document.positionAt(node.endIndex) };
      const message = node.isMissing ? `Missing ${node.type}` : 'Invalid syntax';
      diagnostics.push(makeDiagnostic(invalidSyntax, range, message));
      return false;
    }
    return true;
  });
  return diagnostics;
}
