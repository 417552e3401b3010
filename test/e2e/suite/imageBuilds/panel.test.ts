import * as assert from 'node:assert/strict';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import { activateBilder, workspaceFile } from '../helpers';

// The Builds panel read as a person reads it while a build runs. A `null` source's shell-local provisioner replays a
// real PyInfra 3.1.1 run a line at a time, so the build stays on each operation for a moment. The rows are those the
// view hands VS Code as shown without a click (the extension exports them for this); `[screenshot] name` lines ask the
// harness for a picture of the workbench at that moment (test/e2e/harness/.logs/name.png).
interface BuildFeature {
  visibleRows(): string[];
  select(label: RegExp): Promise<boolean>;
}

interface BuildRecordView {
  status: string;
}

const OUTPUT_SCHEME = 'bilder-build-output';
const DEADLINE_MS = 20_000;

let builds: BuildFeature;
let codeLenses: vscode.CodeLens[] = [];

/** Resolves once `check` returns a value, looking again after each change of the views (the panel repaints ≤ 10/s). */
async function until<T>(what: string, check: () => T | undefined, seen: () => string = () => builds.visibleRows().join('\n')): Promise<T> {
  const deadline = Date.now() + DEADLINE_MS;
  for (;;) {
    const found = check();
    if (found !== undefined && found !== false) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; seen:\n${seen()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Asks the harness for a picture, and gives it a moment before the test moves on and the workbench changes. */
async function screenshot(name: string): Promise<void> {
  console.log(`[screenshot] ${name}`);
  await new Promise((resolve) => setTimeout(resolve, 3000));
}

function outputEditor(): vscode.TextEditor | undefined {
  return vscode.window.visibleTextEditors.find((editor) => editor.document.uri.scheme === OUTPUT_SCHEME);
}

function replay(transcript: string, pauseSeconds: string, exitCode = 0): Thenable<BuildRecordView | undefined> {
  return vscode.commands.executeCommand('bilder.build.run', {
    templateDir: workspaceFile('images/replay').fsPath,
    label: 'replay',
    vars: { transcript, pause_seconds: pauseSeconds, exit_code: String(exitCode) },
  });
}

suite('The Builds panel follows a running PyInfra build', () => {
  suiteSetup(async () => {
    const extension = await activateBilder();
    const api = extension.exports as { builds?: BuildFeature } | undefined;
    assert.ok(api?.builds?.visibleRows, 'Bilder no longer exports its build feature; the panel cannot be read');
    builds = api.builds;
    assert.ok(vscode.workspace.isTrusted, 'builds need a trusted workspace');
  });

  test('the operation in progress is visible without a click, its output streams beside the tree, a row scrolls it', async () => {
    const finished = replay('pyinfra_v3.1.1_success.stderr', '0.25');
    // An operation row (depth 3: build › source › step › operation) with the spinner, shown without any click.
    const running = await until('a running operation row', () => builds.visibleRows().find((row) => /^ {6}sync~spin (Upload motd|Render app\.conf|Say hello) · running/.test(row)));
    await screenshot('builds-panel-running');
    const rows = builds.visibleRows();
    const at = rows.indexOf(running);
    assert.match(rows[0]!, /^sync~spin replay · running/);
    assert.ok(rows.slice(0, at).some((row) => /^ {2}sync~spin null\.replay/.test(row)), rows.join('\n'));
    assert.ok(rows.slice(0, at).some((row) => /^ {4}sync~spin provisioner 1: shell-local/.test(row)), rows.join('\n'));
    assert.ok(rows.some((row) => /^ {6}pass Ensure output directory · \d/.test(row)), `finished operations are one line with a duration:\n${rows.join('\n')}`);
    assert.ok(!rows.some((row) => /packer-shell|\[@local\]/.test(row)), `no temporary paths, no host rows for one host:\n${rows.join('\n')}`);

    console.log('panel: running operation visible');
    const editor = await until('the output beside the tree', () => outputEditor());
    await until('PyInfra lines in the output', () => editor.document.getText().includes('--> Starting operation: Ensure output directory') || undefined);

    console.log('panel: output streams');
    await screenshot('builds-panel-running-operations');
    assert.ok(await builds.select(/^Ensure output directory$/), 'no row to select');
    console.log('panel: row selected');
    await until('the output scrolled to the operation', () => {
      const shown = outputEditor();
      return shown && shown.document.lineAt(shown.selection.active.line).text.includes('Starting operation: Ensure output directory') ? true : undefined;
    }, () => {
      const shown = outputEditor();
      return shown ? `selection on line ${shown.selection.active.line} of ${shown.document.lineCount}: ${shown.document.lineAt(shown.selection.active.line).text}` : 'no output editor';
    });

    console.log('panel: output scrolled to the row');
    const record = await finished;
    assert.equal(record?.status, 'succeeded');
    // Selecting a row inside took the build over (rows stay as the person left them), so fold a build nobody touched.
    const untouched = await replay('pyinfra_v3.1.1_success.stderr', '0.02');
    assert.equal(untouched?.status, 'succeeded');
    const after = await until('the finished build folded to one line', () => {
      const list = builds.visibleRows();
      return list[0]?.startsWith('pass replay · succeeded') && !list[1]?.startsWith('  ') ? list : undefined;
    });
    await screenshot('builds-panel-succeeded');
    assert.match(after[0]!, /^pass replay · succeeded · \d/);
  });

  test('a failed operation opens by itself with its host output and the PyInfra error', async () => {
    const record = await replay('pyinfra_v3.1.1_fail.stderr', '0.02', 1);
    assert.equal(record?.status, 'failed');
    const rows = await until('the failed build open down to its error', () => {
      const list = builds.visibleRows();
      return list[0]?.startsWith('error replay · failed') && list.some((row) => row.includes('Step that fails')) ? list : undefined;
    });
    await screenshot('builds-panel-failed');
    const failing = rows.findIndex((row) => /^ {6}error Step that fails · failed on @local: Error: executed 1 commands/.test(row));
    assert.ok(failing > 0, rows.join('\n'));
    assert.deepEqual(rows.slice(failing + 1, failing + 3).map((row) => row.trim()), ['output this-goes-to-stderr', 'output about to fail']);
    assert.ok(rows.some((row) => /^ {6}error pyinfra error: No hosts remaining!/.test(row)), rows.join('\n'));
    assert.ok(rows.some((row) => /^ {6}dash Ensure output directory · no change/.test(row)), rows.join('\n'));
  });
  test('a "Build image" code lens sits above the build block and runs Build Image for that template', async () => {
    const template = workspaceFile('images/replay/replay.pkr.hcl');
    const document = await vscode.workspace.openTextDocument(template);
    const buildLine = document.getText().split('\n').findIndex((line) => line.startsWith('build {'));
    const lenses = await until('the code lens', () => {
      void vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', template).then((found) => (codeLenses = found));
      return codeLenses.find((lens) => lens.command?.command === 'bilder.build.run') ? codeLenses : undefined;
    });
    const lens = lenses.find((candidate) => candidate.command?.command === 'bilder.build.run')!;
    assert.equal(lens.range.start.line, buildLine);
    assert.equal(lens.command?.title, '$(play) Build image replay');
    assert.equal((lens.command?.arguments?.[0] as vscode.Uri).fsPath, template.fsPath);
  });
});
