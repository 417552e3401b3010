import * as assert from 'node:assert/strict';
import { suite, suiteSetup, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { activateBilder, diagnosticCode, openInEditor, replaceText, revertAndCloseAll, waitForBilderDiagnostics, workspaceFile } from '../helpers';

// PyInfra operations and facts from the generated catalogue, in a real workbench: what a person typing a deploy sees.
const DEPLOY = 'src/bilder/images/consul/deploy.py';

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

async function appendAndComplete(document: vscode.TextDocument, text: string, trigger?: string): Promise<vscode.CompletionItem[]> {
  const end = document.lineAt(document.lineCount - 1).range.end;
  await replaceText(document, new vscode.Range(end, end), `\n${text}`);
  const position = document.lineAt(document.lineCount - 1).range.end;
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position, trigger);
  return list?.items ?? [];
}

suite('PyInfra operations and facts', () => {
  suiteSetup(activateBilder);
  teardown(revertAndCloseAll);

  test('completion after "files." lists every files operation with its signature', async () => {
    const editor = await openInEditor(workspaceFile(DEPLOY));
    const items = await appendAndComplete(editor.document, 'files.', '.');
    const byLabel = new Map(items.map((item) => [labelOf(item), item]));
    for (const name of ['put', 'template', 'directory', 'sync', 'block']) assert.ok(byLabel.has(name), `${name} missing; offered: ${[...byLabel.keys()].join(', ')}`);
    assert.match(byLabel.get('put')!.detail ?? '', /^files\.put\(src: str \| IO\[Any\], dest: str, /);
    // The suggest widget as a person sees it, with the cursor after "files.".
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    editor.selection = new vscode.Selection(end, end);
    await vscode.commands.executeCommand('editor.action.triggerSuggest');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    console.log('[screenshot] pyinfra-operation-completion');
    await new Promise((resolve) => setTimeout(resolve, 1000));
  });

  test('a misspelled keyword argument is reported with the name PyInfra has', async () => {
    const editor = await openInEditor(workspaceFile(DEPLOY));
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    await replaceText(editor.document, new vscode.Range(end, end), '\nfiles.directory(path="/opt/consul", recursiv=True)\n');
    const found = await waitForBilderDiagnostics(editor.document.uri, (d) => d.some((x) => diagnosticCode(x) === 'pyinfra/unknown-argument'), 'pyinfra/unknown-argument');
    const diagnostic = found.find((x) => diagnosticCode(x) === 'pyinfra/unknown-argument')!;
    assert.match(diagnostic.message, /files\.directory takes no argument "recursiv" in PyInfra 3\.1\.1\. Did you mean "recursive"\?/);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    console.log('[screenshot] pyinfra-unknown-argument');
    await new Promise((resolve) => setTimeout(resolve, 1000));
  });
});
