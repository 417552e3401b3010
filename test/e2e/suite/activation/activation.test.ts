import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { bilderExtension, isSyntaxError, revertAndCloseAll, waitForBilderDiagnostics } from '../helpers';

// The fixture workspace holds no Packer file, so nothing but opening one can wake Bilder up. The template is written
// outside the workspace: creating it inside would not matter to VS Code (workspaceContains is evaluated at startup),
// but would leave the fixture changed.
suite('Activation', () => {
  let scratch: string;

  suiteSetup(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bilder-activation-'));
  });

  suiteTeardown(async () => {
    await revertAndCloseAll();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  test('Bilder is installed but stays inactive in a workspace without Packer files', () => {
    assert.equal(bilderExtension().isActive, false);
  });

  test('opening a .pkr.hcl file activates Bilder, whose language server then checks the file', async () => {
    const file = path.join(scratch, 'late.pkr.hcl');
    fs.writeFileSync(file, 'source "null" "late" {\n  communicator =\n}\n');
    const uri = vscode.Uri.file(file);

    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    assert.equal(document.languageId, 'packer');

    const diagnostics = await waitForBilderDiagnostics(uri, (found) => found.some(isSyntaxError), 'a syntax error');
    assert.ok(bilderExtension().isActive);
    assert.equal(diagnostics.find(isSyntaxError)?.range.start.line, 1);
  });
});
