// What the e2e tests do over and over: find fixtures, open them like a user would, and wait for the language server's
// answers through VS Code's own events (never by sleeping).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'bilder.bilder';
/** How long to wait for the server's diagnostics before the test fails with what it did see. */
const DIAGNOSTICS_DEADLINE_MS = 30_000;

export function bilderExtension(): vscode.Extension<unknown> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded in this VS Code`);
  return extension;
}

/** Activates Bilder (a no-op when a Packer file already did) and resolves once its language client has started. */
export async function activateBilder(): Promise<vscode.Extension<unknown>> {
  const extension = bilderExtension();
  await extension.activate();
  return extension;
}

/** A file of the suite's fixture workspace (test/e2e/workspaces/<suite>/). */
export function workspaceFile(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite was started without its fixture workspace');
  return vscode.Uri.joinPath(folder.uri, ...relativePath.split('/'));
}

export async function openInEditor(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document);
}

/** Zero-based line of the first line containing `needle`; fails the test if the fixture no longer has it. */
export function lineOf(document: vscode.TextDocument, needle: string): number {
  const index = document.getText().indexOf(needle);
  assert.ok(index >= 0, `${document.uri.path} does not contain ${JSON.stringify(needle)}`);
  return document.positionAt(index).line;
}

export function diagnosticCode(diagnostic: vscode.Diagnostic): string | undefined {
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  return code === undefined ? undefined : String(code);
}

export function bilderDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'bilder');
}

export function isSyntaxError(diagnostic: vscode.Diagnostic): boolean {
  return diagnostic.source === 'bilder' && /^syntax\//.test(diagnosticCode(diagnostic) ?? '');
}

function describe(diagnostics: readonly vscode.Diagnostic[]): string {
  if (diagnostics.length === 0) return 'none';
  return diagnostics
    .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} [${d.source}/${diagnosticCode(d)}] ${d.message}`)
    .join('; ');
}

/**
 * Resolves with the Bilder diagnostics of `uri` as soon as `accept` holds for them, checking now and on every
 * onDidChangeDiagnostics for that file. Fails with the last diagnostics seen if that does not happen in time.
 */
export function waitForBilderDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
  expectation: string,
): Promise<vscode.Diagnostic[]> {
  return waitForDiagnostics(uri, accept, expectation, bilderDiagnostics);
}

/** Like waitForBilderDiagnostics, over every diagnostic of `uri` whatever its source (e.g. `packer validate`). */
export function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
  expectation: string,
  read: (uri: vscode.Uri) => vscode.Diagnostic[] = (target) => vscode.languages.getDiagnostics(target),
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const settle = (): boolean => {
      const diagnostics = read(uri);
      if (!accept(diagnostics)) return false;
      cleanup();
      resolve(diagnostics);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) settle();
    });
    const deadline = setTimeout(() => {
      cleanup();
      reject(new Error(`expected ${expectation} in ${uri.path}; VS Code has: ${describe(read(uri))}`));
    }, DIAGNOSTICS_DEADLINE_MS);
    const cleanup = () => {
      clearTimeout(deadline);
      subscription.dispose();
    };
    settle();
  });
}

/** Replaces text in an open document the way an extension or a paste would: one WorkspaceEdit, applied in memory. */
export async function replaceText(document: vscode.TextDocument, range: vscode.Range, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, range, text);
  assert.ok(await vscode.workspace.applyEdit(edit), `VS Code refused the edit to ${document.uri.path}`);
}

/** Drops unsaved edits and closes every editor, so fixture files on disk never change and suites stay independent. */
export async function revertAndCloseAll(): Promise<void> {
  // Only what the tests edited: the workbench may open (and dirty) its own documents, such as the user settings, and
  // racing it for an editor fails the teardown ("another editor opened in the meantime").
  const edited = vscode.workspace.textDocuments.filter(
    (document) => document.isDirty && document.uri.scheme === 'file' && !document.uri.path.endsWith('/User/settings.json'),
  );
  for (const document of edited) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
