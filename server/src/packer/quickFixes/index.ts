// Quick fixes for Bilder's own diagnostics: one file per fix, each answering some diagnostic codes. Every edit goes
// through finishedEdits, so a formatted file stays byte-identical to what `packer fmt` would make of it.
import type { CodeAction, Diagnostic, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { CodeActionKind } from 'vscode-languageserver';
import { BILDER_SOURCE } from '../../diagnostics/rules';
import { addRequiredPlugin } from './addRequiredPlugin';
import { declareVariable } from './declareVariable';
import { didYouMean } from './didYouMean';
import { insertRequiredAttribute } from './insertRequired';
import { removeUnusedLocal, removeUnusedVariable } from './removeUnused';
import { replaceDeprecated } from './replaceDeprecated';
import { finishedEdits, mergeEdits } from './textEdits';
import type { FixPlan, QuickFix, QuickFixContext } from './types';

export type { QuickFixContext } from './types';

export const QUICK_FIXES: readonly QuickFix[] = [declareVariable, insertRequiredAttribute, didYouMean, removeUnusedVariable, removeUnusedLocal, replaceDeprecated, addRequiredPlugin];

/**
 * @param requested the diagnostics the editor sends for the cursor or selection
 * @param inFile every diagnostic of the document now, for the "fix all of this kind" actions
 */
export async function quickFixActions(context: QuickFixContext, requested: readonly Diagnostic[], inFile: () => readonly Diagnostic[]): Promise<CodeAction[]> {
  const actions: CodeAction[] = [];
  const offeredFixAll = new Set<QuickFix>();
  for (const diagnostic of requested) {
    const fix = fixFor(diagnostic);
    if (!fix) continue;
    const plan = await fix.plan(diagnostic, context);
    const edit = plan && (await workspaceEdit([plan], context));
    if (plan && edit) actions.push({ title: plan.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit, isPreferred: fix.preferred !== false });
    if (fix.fixAllTitle && !offeredFixAll.has(fix)) {
      offeredFixAll.add(fix);
      const all = inFile().filter((other) => fixFor(other) === fix);
      if (all.length > 1) {
        const planned = (await Promise.all(all.map((other) => fix.plan(other, context)))).filter((candidate): candidate is FixPlan => candidate !== undefined);
        // Two uses of one undeclared variable plan the same declaration (maybe typed differently): keep the first.
        const plans = planned.filter((candidate, index) => planned.findIndex((other) => (other.key ?? other.title) === (candidate.key ?? candidate.title)) === index);
        const allEdit = plans.length > 1 ? await workspaceEdit(plans, context) : undefined;
        if (allEdit) actions.push({ title: `${fix.fixAllTitle} (${plans.length})`, kind: CodeActionKind.QuickFix, diagnostics: all, edit: allEdit });
      }
    }
  }
  return actions;
}

function fixFor(diagnostic: Diagnostic): QuickFix | undefined {
  if (diagnostic.source !== BILDER_SOURCE || typeof diagnostic.code !== 'string') return undefined;
  const code = diagnostic.code;
  return QUICK_FIXES.find((fix) => fix.codes.includes(code));
}

/** Plans merged file by file, then checked and formatted; undefined when a file could not be read or would not parse. */
async function workspaceEdit(plans: readonly FixPlan[], context: QuickFixContext): Promise<WorkspaceEdit | undefined> {
  const byUri = new Map<string, TextEdit[][]>();
  for (const plan of plans) for (const [uri, edits] of plan.edits) byUri.set(uri, [...(byUri.get(uri) ?? []), edits]);
  const changes: Record<string, TextEdit[]> = {};
  for (const [uri, lists] of byUri) {
    const text = uri === context.document.uri ? context.document.getText() : await context.textOf(uri);
    if (text === undefined) return undefined;
    const edits = finishedEdits(text, mergeEdits(lists), context.format);
    if (!edits) return undefined;
    changes[uri] = edits;
  }
  return { changes };
}
