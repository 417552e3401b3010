import * as assert from 'node:assert/strict';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { activateBilder, isSyntaxError, lineOf, openInEditor, revertAndCloseAll, waitForBilderDiagnostics, workspaceFile } from '../helpers';

suite('Syntax errors', () => {
  suiteSetup(activateBilder);
  suiteTeardown(revertAndCloseAll);

  test('a broken template shows its syntax error where Packer reports it', async () => {
    const { document } = await openInEditor(workspaceFile('broken.pkr.hcl'));
    const diagnostics = await waitForBilderDiagnostics(document.uri, (found) => found.some(isSyntaxError), 'a syntax/… error');
    const error = diagnostics.find(isSyntaxError)!;
    assert.equal(error.severity, vscode.DiagnosticSeverity.Error);
    // `packer validate -syntax-only` reports "Invalid expression" on this line too.
    assert.equal(error.range.start.line, lineOf(document, 'environment_vars ='));
    assert.ok(error.message.length > 0);
  });
});
