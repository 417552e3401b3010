// Runs the syntax layer on text the way the server does: tree-sitter tree + document, then syntaxDiagnostics().
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { syntaxDiagnostics } from '../../../../server/src/hcl/syntax';
import { syntaxSummary } from '../../../../server/src/hcl/syntax/rules';
import { createParsers } from '../../../../server/src/parsing/treeSitter';
import type { Parsers } from '../../../../server/src/parsing/treeSitter';

let parsers: Promise<Parsers> | undefined;

export async function check(text: string, options: { uri?: string; targetPackerVersion?: string } = {}): Promise<Diagnostic[]> {
  const { hcl } = await (parsers ??= createParsers());
  const document = TextDocument.create(options.uri ?? 'file:///work/main.pkr.hcl', 'packer', 0, text);
  const tree = hcl.parse(text);
  try {
    return syntaxDiagnostics({ document, tree, targetPackerVersion: options.targetPackerVersion });
  } finally {
    tree.delete();
  }
}

/** `Summary @line:column` (1-based) of a diagnostic, the way expected.tsv and invalid.tsv write hclsyntax's errors. */
export function summaryAt(diagnostic: Diagnostic | undefined): string {
  if (!diagnostic) return 'ok';
  const { line, character } = diagnostic.range.start;
  return `${syntaxSummary(diagnostic.message as string)} @${line + 1}:${character + 1}`;
}
