import * as assert from 'node:assert/strict';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { activateBilder, revertAndCloseAll, workspaceFile } from '../helpers';

suite('Language modes', () => {
  suiteSetup(activateBilder);
  suiteTeardown(revertAndCloseAll);

  test('.pkr.hcl files open as Packer, .pkrvars.hcl files as Packer Variables', async () => {
    const template = await vscode.workspace.openTextDocument(workspaceFile('image.pkr.hcl'));
    const variables = await vscode.workspace.openTextDocument(workspaceFile('dev.pkrvars.hcl'));
    assert.equal(template.languageId, 'packer');
    assert.equal(variables.languageId, 'packervars');
  });
});
