// Syntax diagnostics for HCL documents: tree-sitter's ERROR/MISSING nodes plus the checks for what the grammar accepts
// but HashiCorp's parser rejects. Messages use hclsyntax's own summaries so they read like `packer validate`.
import type { Diagnostic } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { SyntaxTree } from '../../parsing/treeSitter';
import { errorNodeDiagnostics } from './errorNodes';

export interface SyntaxInput {
  document: TextDocument;
  tree: SyntaxTree;
}

type SyntaxCheck = (input: SyntaxInput) => Diagnostic[];

const CHECKS: SyntaxCheck[] = [errorNodeDiagnostics];

export function syntaxDiagnostics(input: SyntaxInput): Diagnostic[] {
  return CHECKS.flatMap((check) => check(input));
}
