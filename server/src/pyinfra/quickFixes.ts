// Quick fixes for the operation-call diagnostics that know the right name: the operation or argument PyInfra has
// ("Did you mean …"), and a global argument in the spelling of the version in use.
import { CodeActionKind } from 'vscode-languageserver';
import type { CodeAction, CodeActionParams } from 'vscode-languageserver';

/** What a diagnostic carries in `data` when one rename fixes it. */
export interface ReplacementData {
  replacement: string;
}

const FIXABLE = new Set(['pyinfra/unknown-operation', 'pyinfra/unknown-argument', 'pyinfra/other-version-argument']);

export function replacementData(replacement: string | undefined): { data?: ReplacementData } {
  return replacement ? { data: { replacement } } : {};
}

export function operationQuickFixes(uri: string, params: CodeActionParams): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    const replacement = (diagnostic.data as Partial<ReplacementData> | undefined)?.replacement;
    if (!FIXABLE.has(String(diagnostic.code)) || typeof replacement !== 'string' || !/^\w+$/.test(replacement)) continue;
    actions.push({
      title: `Change to "${replacement}"`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: true,
      edit: { changes: { [uri]: [{ range: diagnostic.range, newText: replacement }] } },
    });
  }
  return actions;
}
