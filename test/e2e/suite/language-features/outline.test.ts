import * as assert from 'node:assert/strict';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { activateBilder, lineOf, openInEditor, revertAndCloseAll, workspaceFile } from '../helpers';

async function outlineOf(uri: vscode.Uri): Promise<vscode.DocumentSymbol[]> {
  const symbols = await vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined>(
    'vscode.executeDocumentSymbolProvider',
    uri,
  );
  assert.ok(symbols && symbols.length > 0, `no outline for ${uri.path}`);
  // The hierarchical form is what the Outline view and breadcrumbs show.
  assert.ok(symbols.every((symbol) => 'children' in symbol), 'expected hierarchical document symbols');
  return symbols as vscode.DocumentSymbol[];
}

function named(symbols: readonly vscode.DocumentSymbol[], ...parts: string[]): vscode.DocumentSymbol {
  const symbol = symbols.find((candidate) => parts.every((part) => candidate.name.includes(part)));
  assert.ok(symbol, `no symbol naming ${parts.join(' + ')} among: ${symbols.map((s) => s.name).join(', ')}`);
  return symbol;
}

suite('Outline', () => {
  let document: vscode.TextDocument;
  let outline: vscode.DocumentSymbol[];

  suiteSetup(async () => {
    await activateBilder();
    document = (await openInEditor(workspaceFile('image.pkr.hcl'))).document;
    outline = await outlineOf(document.uri);
  });
  suiteTeardown(revertAndCloseAll);

  test('lists the top-level blocks in file order', () => {
    const top = outline.map((symbol) => symbol.range.start.line);
    assert.deepEqual(top, [lineOf(document, 'locals {'), lineOf(document, 'source "amazon-ebs"'), lineOf(document, 'build {')]);
    named(outline, 'locals');
    named(outline, 'source', 'amazon-ebs', 'consul');
    named(outline, 'build');
  });

  test('a block spans from its header to its closing brace', () => {
    const source = named(outline, 'source', 'amazon-ebs', 'consul');
    assert.equal(source.range.start.line, lineOf(document, 'source "amazon-ebs"'));
    assert.equal(document.lineAt(source.range.end.line).text.trim(), '}');
    assert.ok(source.range.contains(source.selectionRange));
  });

  test('nested blocks and locals appear under their parents', () => {
    const build = named(outline, 'build');
    named(build.children, 'provisioner', 'shell-local');
    named(named(outline, 'source', 'amazon-ebs').children, 'source_ami_filter');
    const locals = named(outline, 'locals');
    named(locals.children, 'timestamp');
    named(locals.children, 'ami_name');
  });

  test('variables declared in a second file have their own outline', async () => {
    const variables = await outlineOf(workspaceFile('variables.pkr.hcl'));
    named(variables, 'variable', 'app_name');
    named(variables, 'variable', 'instance_type');
  });
});
