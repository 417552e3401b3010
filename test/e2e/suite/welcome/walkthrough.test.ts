import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { suite, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { activateBilder, bilderDiagnostics, revertAndCloseAll, waitForBilderDiagnostics, workspaceFile } from '../helpers';
import { walkthroughButtonCommands, walkthroughRecordedAsShown, walkthroughTabs, waitForTabs } from '../welcomeTabs';

// The fixture folder holds one template, so Bilder starts with VS Code (workspaceContains) in a fresh profile: its
// first start ever. The suite's user-settings.json leaves walkthroughs allowed to open by themselves, as by default.
suite('Getting Started walkthrough: first start in a folder with templates', () => {
  suiteTeardown(async () => {
    await revertAndCloseAll();
    fs.rmSync(workspaceFile('scratch').fsPath, { recursive: true, force: true });
  });

  test('the walkthrough opens by itself', async () => {
    await activateBilder();
    await waitForTabs(() => walkthroughTabs().length === 1, 'the Bilder walkthrough open once');
  });

  test('it is remembered as shown, so later starts leave it closed', () => {
    assert.equal(walkthroughRecordedAsShown(), true);
  });

  test('every button of its steps runs a command this VS Code knows', async () => {
    const known = new Set(await vscode.commands.getCommands(true));
    const buttons = walkthroughButtonCommands();
    assert.ok(buttons.length >= 6, `buttons: ${buttons.join(', ')}`);
    assert.deepEqual(buttons.filter((command) => !known.has(command)), []);
  });

  test('closed, it comes back only when asked: Bilder: Get Started', async () => {
    await vscode.window.tabGroups.close(walkthroughTabs());
    await waitForTabs(() => walkthroughTabs().length === 0, 'the walkthrough closed');
    await vscode.commands.executeCommand('bilder.welcome.open');
    await waitForTabs(() => walkthroughTabs().length === 1, 'the walkthrough open again');
  });

  test('"Open a Template" opens the folder\'s only template', async () => {
    await vscode.commands.executeCommand('bilder.welcome.openTemplate');
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.toString(), workspaceFile('images/hello/hello.pkr.hcl').toString());
    assert.equal(editor?.document.languageId, 'packer');
  });

  test('"New Template" writes a template that Bilder finds nothing wrong with, and never overwrites a file', async () => {
    const target = workspaceFile('scratch/images/local/local.pkr.hcl');
    await vscode.commands.executeCommand('bilder.welcome.newTemplate', target);
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.toString(), target.toString());
    assert.equal(editor?.document.languageId, 'packer');
    assert.match(editor!.document.getText(), /source "null" "local"/);
    await waitForBilderDiagnostics(target, (found) => found.length === 0, 'no diagnostics');
    assert.deepEqual(bilderDiagnostics(target), []);

    fs.writeFileSync(target.fsPath, '# mine\n');
    await vscode.commands.executeCommand('bilder.welcome.newTemplate', target);
    assert.equal(fs.readFileSync(target.fsPath, 'utf8'), '# mine\n');
  });
});
