// The analysis shared by the language server and `bilder check`: one document in, diagnostics out.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { DiagnosticSeverity, defineRule, makeDiagnostic } from '../diagnostics/rules';
import { whyUnparsable } from '../parsing/documentTrees';
import type { SyntaxTree } from '../parsing/treeSitter';
import { syntaxDiagnostics } from '../hcl/syntax';
import type { DocumentKind } from './languages';

export const notAnalysed = defineRule({
  code: 'bilder/not-analysed',
  severity: DiagnosticSeverity.Information,
  description: 'The file is binary, over the size limit for analysis (`bilder.analysis.maxFileSizeKB`, 2 MB by default), or took too long to parse, so Bilder does not analyse it.',
});

export interface DocumentAnalysisInput {
  document: TextDocument;
  kind: DocumentKind;
  /** Undefined when the text was refused by the parser (binary or too large). */
  tree: SyntaxTree | undefined;
  /** Larger text gets only the not-analysed diagnostic (no syntax check either); the parser's own limit otherwise. */
  maxAnalysedBytes?: number;
}

export function analyzeDocument({ document, kind, tree, maxAnalysedBytes }: DocumentAnalysisInput): Diagnostic[] {
  if (tree) return kind === 'python' ? [] : syntaxDiagnostics({ document, tree });
  const length = document.getText().length;
  if (maxAnalysedBytes !== undefined && length > maxAnalysedBytes) return [tooLargeDiagnostic(length, maxAnalysedBytes)];
  const refusal = refusalDiagnostic(document);
  // A parse abandoned for time still gets HashiCorp's syntax verdict: the checking parser needs no tree-sitter tree.
  if (kind !== 'python' && !whyUnparsable(document.getText())) return [refusal, ...syntaxDiagnostics({ document, tree })];
  return [refusal];
}

/** One line: what is off, why, and the setting that moves the limit. */
export function tooLargeDiagnostic(length: number, maxAnalysedBytes: number): Diagnostic {
  const start = { line: 0, character: 0 };
  const message =
    `This file is ${megabytes(length)}, over Bilder's ${megabytes(maxAnalysedBytes)} limit for analysis: only highlighting is on ` +
    '(no diagnostics, completion or outline); raise bilder.analysis.maxFileSizeKB to analyse it.';
  return makeDiagnostic(notAnalysed, { start, end: start }, message);
}

function megabytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

function refusalDiagnostic(document: TextDocument): Diagnostic {
  const text = document.getText();
  const refusal = whyUnparsable(text);
  const message =
    refusal?.reason === 'too-large'
      ? `Bilder does not analyse files over 4 MB (this one is ${(refusal.length / 1024 / 1024).toFixed(1)} MB).`
      : refusal?.reason === 'binary'
        ? 'This looks like a binary file (it contains NUL characters); Bilder does not analyse it.'
        : 'Bilder stopped parsing this file because it took too long (very long runs of blanks or tokens on one line ' +
          'slow the parser down): syntax errors are still reported, other analysis resumes when the text changes.';
  const start = { line: 0, character: 0 };
  return makeDiagnostic(notAnalysed, { start, end: start }, message);
}
