import * as assert from 'node:assert/strict';
import { suite, suiteSetup, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { activateBilder, bilderDiagnostics, isSyntaxError, openInEditor, revertAndCloseAll, workspaceFile } from '../helpers';

// A person typing a new block key by key through VS Code's own `type` command (auto-closing, auto-indent and the
// suggest widget all take part), picking a type label, an attribute and a value from the suggest widget.

/** How many times a pick from the suggest widget is tried: the widget shows once the server has answered. */
const PICK_ATTEMPTS = 20;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function typeKeys(text: string): Promise<void> {
  for (const character of text) await vscode.commands.executeCommand('type', { text: character });
}

/**
 * Opens the suggest widget (unless typing already did) and accepts its selected item, until the document shows the
 * pick. Accepting while the widget is still waiting for the server does nothing, so trying again is safe.
 */
async function pickSuggestion(document: vscode.TextDocument, picked: (text: string) => boolean, what: string): Promise<void> {
  const before = document.getText();
  for (let attempt = 0; attempt < PICK_ATTEMPTS; attempt++) {
    await vscode.commands.executeCommand('editor.action.triggerSuggest');
    await pause(300 + 50 * attempt);
    await vscode.commands.executeCommand('acceptSelectedSuggestion');
    const text = document.getText();
    if (picked(text)) return;
    assert.equal(text, before, `picking ${what} inserted something else`);
  }
  assert.fail(`the suggest widget never offered ${what}; the document is:\n${document.getText()}`);
}

/** Shows the suggest widget at the cursor once the server has answered there, for a picture of what a person sees. */
async function screenshotSuggestions(editor: vscode.TextEditor, name: string): Promise<void> {
  await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', editor.document.uri, editor.selection.active);
  await vscode.commands.executeCommand('editor.action.triggerSuggest');
  await pause(1500);
  // The line reaches the harness through the extension host's output, which can lag behind: keep the widget open.
  console.log(`[screenshot] ${name}`);
  await pause(3000);
}

/** Puts the cursor at the end of the document, on a new line. */
async function newLineAtEnd(editor: vscode.TextEditor): Promise<void> {
  const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
  editor.selection = new vscode.Selection(end, end);
  if (editor.document.lineAt(end.line).text.length > 0) await typeKeys('\n');
}

async function setEditorSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('editor').update(key, value, vscode.ConfigurationTarget.Global);
}

suite('Typing a new block', () => {
  suiteSetup(activateBilder);
  teardown(revertAndCloseAll);

  test('source "amazon-ebs": type label with required attributes, then an attribute and its value from the list', async () => {
    const editor = await openInEditor(workspaceFile('new.pkr.hcl'));
    const document = editor.document;
    await newLineAtEnd(editor);
    // `"` is auto-closed: the cursor sits between the quotes while the type is typed.
    await typeKeys('source "amazon-ebs');
    assert.match(document.getText(), /source "amazon-ebs"$/m, 'the quote was auto-closed');
    await screenshotSuggestions(editor, 'typing-type-labels');
    await pickSuggestion(document, (text) => /source "amazon-ebs" "name" \{/.test(text), 'amazon-ebs with a block body');
    const header = document.getText();
    assert.match(header, /source "amazon-ebs" "name" \{\n\s+ami_name\s*=\s*""\n\s+instance_type\s*=\s*""\n\s*\n\}/, 'required attributes pre-filled');
    assert.doesNotMatch(header, /access_key|secret_key/, 'credentials are not pre-filled');

    // Tab stops: the name, then each required value, then the body.
    await typeKeys('x');
    await vscode.commands.executeCommand('jumpToNextSnippetPlaceholder');
    await typeKeys('my-ami-{{timestamp}}');
    await vscode.commands.executeCommand('jumpToNextSnippetPlaceholder');
    await typeKeys('t3.micro');
    await vscode.commands.executeCommand('jumpToNextSnippetPlaceholder');
    assert.match(document.getText(), /source "amazon-ebs" "x" \{\n\s+ami_name\s*=\s*"my-ami-\{\{timestamp\}\}"\n\s+instance_type\s*=\s*"t3\.micro"/);

    // An attribute typed key by key in the still-unfinished block, then its value from the list it opens.
    await typeKeys('ami_virtualization_t');
    await pickSuggestion(document, (text) => /ami_virtualization_type = "/.test(text), 'ami_virtualization_type');
    await screenshotSuggestions(editor, 'typing-value-suggestions');
    await pickSuggestion(document, (text) => /ami_virtualization_type = "hvm"/.test(text), 'hvm');

    const typed = document.getText();
    assert.match(typed, /source "amazon-ebs" "x" \{\n\s+ami_name\s*=\s*"my-ami-\{\{timestamp\}\}"\n\s+instance_type\s*=\s*"t3\.micro"\n\s+ami_virtualization_type = "hvm"\n\}/, typed);
    await pause(500);
    console.log('[screenshot] typing-amazon-ebs-done');
    await pause(800);
    assert.deepEqual(bilderDiagnostics(document.uri).filter(isSyntaxError).map((d) => d.message), []);
  });

  test('with auto-closing off: a provisioner keyword, its type and an attribute in an unclosed build', async () => {
    await setEditorSetting('autoClosingBrackets', 'never');
    await setEditorSetting('autoClosingQuotes', 'never');
    try {
      const editor = await openInEditor(workspaceFile('build.pkr.hcl'));
      const document = editor.document;
      await newLineAtEnd(editor);
      await typeKeys('build {\n');
      assert.doesNotMatch(document.getText(), /\}/, 'no brace was auto-closed');
      // The keyword stops in the type's quotes (written by the completion, not by auto-closing) with the types listed.
      await typeKeys('provisi');
      await pickSuggestion(document, (text) => /provisioner ""/.test(text), 'the provisioner keyword');
      await typeKeys('shell-lo');
      await pickSuggestion(document, (text) => /provisioner "shell-local" \{/.test(text), 'shell-local with a block body');
      await typeKeys('inline_she');
      await pickSuggestion(document, (text) => /inline_shebang = "/.test(text), 'inline_shebang');
      // The value's closing quote came with the attribute, so it is not typed.
      await typeKeys('/bin/bash -e');
      await vscode.commands.executeCommand('leaveSnippet');
      const end = document.lineAt(document.lineCount - 1).range.end;
      editor.selection = new vscode.Selection(end, end);
      await typeKeys('\n}');
      const typed = document.getText();
      assert.match(typed, /build \{\n\s+provisioner "shell-local" \{\n\s+inline_shebang = "\/bin\/bash -e"\n\s*\}\n\s*\}/, typed);
      console.log('[screenshot] typing-auto-closing-off');
      await pause(800);
    } finally {
      await setEditorSetting('autoClosingBrackets', undefined);
      await setEditorSetting('autoClosingQuotes', undefined);
    }
  });
});
