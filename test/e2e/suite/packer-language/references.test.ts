import * as assert from 'node:assert/strict';
import { suite, suiteSetup, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { activateBilder, diagnosticCode, lineOf, openInEditor, replaceText, revertAndCloseAll, waitForBilderDiagnostics, workspaceFile } from '../helpers';

// One template directory split over variables.pkr.hcl, main.pkr.hcl and dev.pkrvars.hcl: every answer here needs the
// server to see the directory as one configuration, as Packer does.
const UNDECLARED = 'reference/undeclared-variable';

/** The position just after `needle` (or `offset` characters into it) in the document's text. */
function positionIn(document: vscode.TextDocument, needle: string, offset = needle.length): vscode.Position {
  const index = document.getText().indexOf(needle);
  assert.ok(index >= 0, `${document.uri.path} does not contain ${JSON.stringify(needle)}`);
  return document.positionAt(index + offset);
}

function completionLabels(list: vscode.CompletionList | undefined): string[] {
  return (list?.items ?? []).map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
}

function hoverText(hovers: vscode.Hover[] | undefined): string {
  return (hovers ?? [])
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

function targetOf(location: vscode.Location | vscode.LocationLink): { uri: vscode.Uri; range: vscode.Range } {
  return 'targetUri' in location ? { uri: location.targetUri, range: location.targetSelectionRange ?? location.targetRange } : location;
}

suite('Packer references across a template directory', () => {
  let main: vscode.TextDocument;

  suiteSetup(async () => {
    await activateBilder();
    main = (await openInEditor(workspaceFile('main.pkr.hcl'))).document;
  });
  teardown(revertAndCloseAll);

  test('completion after var. lists the variables declared in variables.pkr.hcl', async () => {
    main = (await openInEditor(workspaceFile('main.pkr.hcl'))).document;
    const position = positionIn(main, '${var.', '${var.'.length);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', main.uri, position, '.');
    const labels = completionLabels(list);
    // Variable items with the declaration's description: word-based suggestions would be plain Text items.
    for (const name of ['app_name', 'greeting']) {
      const item = list?.items.find((candidate) => candidate.label === name);
      assert.ok(item, `var. completion offered: ${labels.join(', ') || 'nothing'}`);
      assert.equal(item.kind, vscode.CompletionItemKind.Variable, `${name} is not offered as a variable`);
    }
    const appName = list!.items.find((candidate) => candidate.label === 'app_name')!;
    const documentation = typeof appName.documentation === 'string' ? appName.documentation : appName.documentation?.value;
    assert.match(documentation ?? '', /Name of the application baked into the image\./);
  });

  test('go to definition on var.app_name jumps to its declaration in variables.pkr.hcl', async () => {
    main = (await openInEditor(workspaceFile('main.pkr.hcl'))).document;
    const locations = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
      'vscode.executeDefinitionProvider',
      main.uri,
      positionIn(main, 'var.app_name', 'var.app'.length),
    );
    assert.equal(locations?.length, 1, `expected one definition, got ${JSON.stringify(locations)}`);
    const { uri, range } = targetOf(locations[0]!);
    assert.equal(uri.toString(), workspaceFile('variables.pkr.hcl').toString());
    const variables = await vscode.workspace.openTextDocument(uri);
    assert.equal(range.start.line, lineOf(variables, 'variable "app_name"'));
  });

  test('hover on var.app_name shows the description from its declaration', async () => {
    main = (await openInEditor(workspaceFile('main.pkr.hcl'))).document;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', main.uri, positionIn(main, 'var.app_name', 'var.app'.length));
    assert.match(hoverText(hovers), /Name of the application baked into the image\./);
  });

  test('renaming a variable edits its declaration, every reference and the .pkrvars.hcl assignment', async () => {
    main = (await openInEditor(workspaceFile('main.pkr.hcl'))).document;
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>(
      'vscode.executeDocumentRenameProvider',
      main.uri,
      positionIn(main, 'var.app_name', 'var.app'.length),
      'service_name',
    );
    assert.ok(edit, 'no rename edit');
    const byFile = new Map(edit.entries().map(([uri, edits]) => [uri.path.split('/').pop()!, edits]));
    assert.deepEqual([...byFile.keys()].sort(), ['dev.pkrvars.hcl', 'main.pkr.hcl', 'variables.pkr.hcl']);
    for (const [file, edits] of byFile) {
      const document = await vscode.workspace.openTextDocument(workspaceFile(file));
      assert.equal(edits.length, 1, `${file}: ${JSON.stringify(edits)}`);
      assert.equal(edits[0]!.newText, 'service_name');
      assert.equal(document.getText(edits[0]!.range), 'app_name', `${file} edit covers the wrong text`);
    }
    // The edit is only inspected, never applied: the fixture files stay as they are.
  });

  test('an undeclared variable is reported and the report goes once it is declared in the other file', async () => {
    main = (await openInEditor(workspaceFile('main.pkr.hcl'))).document;
    await replaceText(main, new vscode.Range(positionIn(main, '${var.greeting}', 2), positionIn(main, '${var.greeting}', '${var.greeting'.length)), 'var.region');
    const reported = await waitForBilderDiagnostics(main.uri, (found) => found.some((d) => diagnosticCode(d) === UNDECLARED), `${UNDECLARED} for var.region`);
    const undeclared = reported.find((d) => diagnosticCode(d) === UNDECLARED)!;
    assert.equal(main.getText(undeclared.range).replace(/^var\./, ''), 'region');
    assert.ok(
      vscode.languages.getDiagnostics().some(([uri, diagnostics]) => uri.toString() === main.uri.toString() && diagnostics.includes(undeclared)),
      'the diagnostic is not among the ones the Problems view lists',
    );

    const variables = (await openInEditor(workspaceFile('variables.pkr.hcl'))).document;
    const end = variables.lineAt(variables.lineCount - 1).range.end;
    await replaceText(variables, new vscode.Range(end, end), '\nvariable "region" {\n  type    = string\n  default = "eu-west-1"\n}\n');
    await waitForBilderDiagnostics(main.uri, (found) => !found.some((d) => diagnosticCode(d) === UNDECLARED), `no ${UNDECLARED} once region is declared`);
  });
});
