import * as assert from 'node:assert/strict';
import { suite, suiteSetup, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { activateBilder, diagnosticCode, lineOf, openInEditor, replaceText, revertAndCloseAll, waitForBilderDiagnostics, workspaceFile } from '../helpers';

// A bilder tree (src/bilder/components/… and src/bilder/images/consul/deploy.py): the completions and checks Pylance
// cannot give, because they come from the component folders and the image's files/ directory.
const DEPLOY = 'src/bilder/images/consul/deploy.py';

function completionItems(list: vscode.CompletionList | undefined): vscode.CompletionItem[] {
  return list?.items ?? [];
}

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

function documentationOf(item: vscode.CompletionItem): string {
  const documentation = item.documentation;
  return typeof documentation === 'string' ? documentation : (documentation?.value ?? '');
}

/** Types `text` on a new line at the end of the deploy (in memory) and asks for completions at its end. */
async function completeAtNewLine(document: vscode.TextDocument, text: string, trigger?: string): Promise<vscode.CompletionItem[]> {
  const end = document.lineAt(document.lineCount - 1).range.end;
  await replaceText(document, new vscode.Range(end, end), `\n${text}`);
  const position = document.lineAt(document.lineCount - 1).range.end;
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position, trigger);
  return completionItems(list);
}

suite('deploy.py and the bilder components', () => {
  suiteSetup(activateBilder);
  teardown(revertAndCloseAll);

  test('deploy.py inside the bilder tree is a Python document Bilder serves', async () => {
    const { document } = await openInEditor(workspaceFile(DEPLOY));
    assert.equal(document.languageId, 'python');
  });

  test('completion after "from bilder.components." lists the component packages', async () => {
    const { document } = await openInEditor(workspaceFile(DEPLOY));
    const items = await completeAtNewLine(document, 'from bilder.components.', '.');
    const labels = items.map(labelOf);
    for (const name of ['baseline', 'hashicorp']) {
      const item = items.find((candidate) => labelOf(candidate) === name);
      assert.ok(item, `offered: ${labels.join(', ') || 'nothing'}`);
      assert.equal(item.kind, vscode.CompletionItemKind.Module, `${name} is not offered as a package`);
    }
  });

  test('completion after "… consul.steps import " lists the functions with their docstrings', async () => {
    const { document } = await openInEditor(workspaceFile(DEPLOY));
    const items = await completeAtNewLine(document, 'from bilder.components.hashicorp.consul.steps import ', ' ');
    const byLabel = new Map(items.map((item) => [labelOf(item), item]));
    for (const name of ['install_consul', 'configure_consul', 'ConsulService']) assert.ok(byLabel.has(name), `${name} missing; offered: ${[...byLabel.keys()].join(', ')}`);
    assert.match(documentationOf(byLabel.get('install_consul')!), /Download Consul/);
    assert.match(documentationOf(byLabel.get('configure_consul')!), /Write the agent configuration/);
  });

  test('a files/… path that does not exist gets pyinfra/missing-file, an existing one does not', async () => {
    const { document } = await openInEditor(workspaceFile(DEPLOY));
    const found = await waitForBilderDiagnostics(document.uri, (d) => d.some((x) => diagnosticCode(x) === 'pyinfra/missing-file'), 'pyinfra/missing-file');
    const missing = found.filter((d) => diagnosticCode(d) === 'pyinfra/missing-file');
    assert.deepEqual(
      missing.map((d) => d.range.start.line),
      [lineOf(document, 'files/resolv.conf')],
      `missing-file reported on: ${missing.map((d) => `${d.range.start.line + 1}: ${d.message}`).join('; ')}`,
    );
  });
});
