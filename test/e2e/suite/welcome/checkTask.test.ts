import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { suite, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { activateBilder, diagnosticCode, waitForDiagnostics, workspaceFile } from '../helpers';

// The bilder-check task runs the bundled CLI over the workspace folder; the $bilder problem matcher turns its output
// into diagnostics of source `bilder check`, also for files nobody opened.
suite('bilder-check task and the $bilder problem matcher', () => {
  const broken = workspaceFile('scratch/check/broken.pkr.hcl');

  // No editor is opened here: the walkthrough the suite starts with must stay as it is for the walkthrough tests.
  suiteTeardown(() => fs.rmSync(workspaceFile('scratch/check').fsPath, { recursive: true, force: true }));

  test('"check <folder>" reports a closed file\'s problems in the Problems view, with their codes', async () => {
    await activateBilder();
    fs.mkdirSync(vscode.Uri.joinPath(broken, '..').fsPath, { recursive: true });
    fs.writeFileSync(broken.fsPath, 'source "null" "x" {\n  communicator = "none"\n}\n\nbuild {\n  name = var.missing\n  sources = ["source.null.x"]\n}\n');

    const tasks = await vscode.tasks.fetchTasks({ type: 'bilder-check' });
    const task = tasks.find((candidate) => candidate.name === 'check welcome');
    assert.ok(task, `tasks: ${tasks.map((candidate) => candidate.name).join(', ')}`);
    assert.equal(task.source, 'bilder');
    assert.deepEqual(task.problemMatchers, ['$bilder']);

    const ended = new Promise<number | undefined>((resolve) => {
      const listener = vscode.tasks.onDidEndTaskProcess((event) => {
        if (event.execution.task.definition.type !== 'bilder-check') return;
        listener.dispose();
        resolve(event.exitCode);
      });
    });
    await vscode.tasks.executeTask(task);
    assert.equal(await ended, 1, 'bilder check exits 1 on errors');

    const fromTask = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'bilder check');
    const found = await waitForDiagnostics(broken, (list) => list.length > 0, 'a bilder check diagnostic', fromTask);
    const undeclared = found.find((d) => diagnosticCode(d) === 'reference/undeclared-variable');
    assert.ok(undeclared, JSON.stringify(found.map((d) => [diagnosticCode(d), d.message])));
    assert.equal(undeclared.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(undeclared.range.start.line, 5);
  });
});
