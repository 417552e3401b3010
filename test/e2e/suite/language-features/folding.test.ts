import * as assert from 'node:assert/strict';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { activateBilder, lineOf, openInEditor, revertAndCloseAll, workspaceFile } from '../helpers';

suite('Folding', () => {
  let document: vscode.TextDocument;
  let ranges: vscode.FoldingRange[];

  suiteSetup(async () => {
    await activateBilder();
    document = (await openInEditor(workspaceFile('image.pkr.hcl'))).document;
    ranges = (await vscode.commands.executeCommand<vscode.FoldingRange[] | undefined>('vscode.executeFoldingRangeProvider', document.uri)) ?? [];
    assert.ok(ranges.length > 0, 'no folding ranges for image.pkr.hcl');
  });
  suiteTeardown(revertAndCloseAll);

  const startingAt = (line: number) => ranges.filter((range) => range.start === line);

  test('a block folds from its header, leaving the closing brace visible', () => {
    const header = lineOf(document, 'source "amazon-ebs"');
    const [fold] = startingAt(header);
    assert.ok(fold, `no fold starts at the source block (line ${header + 1})`);
    assert.equal(document.lineAt(fold.end + 1).text, '}');
  });

  test('nested blocks and multi-line lists fold on their own', () => {
    assert.ok(startingAt(lineOf(document, 'source_ami_filter {')).length > 0, 'source_ami_filter does not fold');
    assert.ok(startingAt(lineOf(document, 'inline = [')).length > 0, 'the inline list does not fold');
  });

  test('consecutive comment lines fold as a comment', () => {
    const [fold] = startingAt(lineOf(document, '# The newest Debian'));
    assert.ok(fold, 'the comment run does not fold');
    assert.equal(fold.kind, vscode.FoldingRangeKind.Comment);
    assert.equal(fold.end, lineOf(document, '# so every build'));
  });
});
