import * as assert from 'node:assert/strict';
import { suite, suiteSetup, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { activateBilder, diagnosticCode, lineOf, openInEditor, revertAndCloseAll, waitForBilderDiagnostics, workspaceFile } from '../helpers';

// The generated plugin schema as a person meets it: a VirtualBox template (plugins/vbox.pkr.hcl, its own directory)
// is checked, hovered with the plugin's release and documentation, and type labels list every plugin.
const TEMPLATE = 'plugins/vbox.pkr.hcl';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function positionIn(document: vscode.TextDocument, needle: string, offset = 0): vscode.Position {
  const index = document.getText().indexOf(needle);
  assert.ok(index >= 0, `${document.uri.path} does not contain ${JSON.stringify(needle)}`);
  return document.positionAt(index + offset);
}

suite('Packer plugin schema', () => {
  suiteSetup(activateBilder);
  teardown(revertAndCloseAll);

  test('a misspelt attribute of a virtualbox-iso source is a warning; the rest of the body is known', async () => {
    const editor = await openInEditor(workspaceFile(TEMPLATE));
    const diagnostics = await waitForBilderDiagnostics(editor.document.uri, (found) => found.length > 0, 'the misspelt headles reported');
    assert.deepEqual(
      diagnostics.map((diagnostic) => `${diagnostic.range.start.line} ${diagnosticCode(diagnostic)} ${diagnostic.severity}`),
      [`${lineOf(editor.document, 'headles')} schema/unknown-attribute ${vscode.DiagnosticSeverity.Warning}`],
    );
  });

  test('hover on a plugin attribute names the plugin release and links its documentation', async () => {
    const editor = await openInEditor(workspaceFile(TEMPLATE));
    const position = positionIn(editor.document, 'guest_os_type', 3);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, position);
    const text = hovers.flatMap((hover) => hover.contents).map((content) => (typeof content === 'string' ? content : content.value)).join('\n');
    assert.match(text, /guest_os_type/);
    assert.match(text, /github\.com\/hashicorp\/virtualbox v1\.1\.5/);
    assert.match(text, /\[Documentation\]\(https:\/\/developer\.hashicorp\.com\/packer\/integrations\/hashicorp\/virtualbox\/latest\/components\/builder\/iso\)/);
    editor.selection = new vscode.Selection(position, position);
    await vscode.commands.executeCommand('editor.action.showHover');
    await pause(1500);
    console.log('[screenshot] plugin-schema-hover');
    await pause(3000);
  });

  test('type labels complete from every plugin, with plugin and release', async () => {
    const editor = await openInEditor(workspaceFile(TEMPLATE));
    const position = positionIn(editor.document, 'virtualbox-iso" "ubuntu"', 0);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, position);
    const byLabel = new Map(list.items.map((item) => [typeof item.label === 'string' ? item.label : item.label.label, item]));
    for (const type of ['virtualbox-iso', 'vmware-iso', 'parallels-iso', 'hyperv-iso', 'vagrant', 'amazon-ebs', 'qemu']) assert.ok(byLabel.has(type), type);
    assert.match(byLabel.get('vmware-iso')?.detail ?? '', /vmware v2\.1\.0/);
    editor.selection = new vscode.Selection(position, position);
    await vscode.commands.executeCommand('editor.action.triggerSuggest');
    await pause(1500);
    console.log('[screenshot] plugin-schema-type-labels');
    await pause(3000);
  });
});
