import * as assert from 'node:assert/strict';
import { suite, suiteSetup, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { activateBilder, isSyntaxError, lineOf, openInEditor, replaceText, revertAndCloseAll, waitForBilderDiagnostics, workspaceFile } from '../helpers';

// Edits stay in memory (never saved), so the fixtures on disk keep their content for the next run. Only syntax errors
// are awaited: other rules may rightly comment on the same text.
suite('Diagnostics follow edits', () => {
  suiteSetup(activateBilder);
  teardown(revertAndCloseAll);

  test('fixing the broken line clears its syntax error', async () => {
    const { document } = await openInEditor(workspaceFile('broken.pkr.hcl'));
    await waitForBilderDiagnostics(document.uri, (found) => found.some(isSyntaxError), 'a syntax error before the fix');

    const line = document.lineAt(lineOf(document, 'environment_vars ='));
    await replaceText(document, line.range, '    environment_vars = ["GREETING=hello"]');
    await waitForBilderDiagnostics(document.uri, (found) => !found.some(isSyntaxError), 'no syntax error after the fix');
  });

  test('typing a syntax error into a clean template reports it, deleting it clears it again', async () => {
    const { document } = await openInEditor(workspaceFile('clean.pkr.hcl'));
    const end = document.lineAt(document.lineCount - 1).range.end;
    await replaceText(document, new vscode.Range(end, end), '\nlocals {\n  half_typed =\n}\n');

    const diagnostics = await waitForBilderDiagnostics(document.uri, (found) => found.some(isSyntaxError), 'a syntax error for the new text');
    assert.equal(diagnostics.find(isSyntaxError)!.range.start.line, lineOf(document, 'half_typed ='));

    const insertedEnd = document.lineAt(document.lineCount - 1).range.end;
    await replaceText(document, new vscode.Range(end, insertedEnd), '');
    await waitForBilderDiagnostics(document.uri, (found) => !found.some(isSyntaxError), 'no syntax error once the text is gone');
  });
});
