import * as assert from 'node:assert/strict';
import { promises as fs, watch } from 'node:fs';
import * as path from 'node:path';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { activateBilder, workspaceFile } from '../helpers';

// Builds run with the real packer 1.6.6 and the `null` builder (no cloud, no SSH). "Bilder: Build Image" asks through
// quick picks that a test cannot answer, so the builds start as `bilder` tasks from the
// fixture's .vscode/tasks.json: the same controller, records and view as the command. What the Builds view shows is
// read from the build history the extension keeps in its workspace state (the records the view renders).
const HISTORY_KEY = 'bilder.builds.history';
const STARTED_MARKER = 'images/slow/started';

interface BuildRecordView {
  id: string;
  label: string;
  status: 'running' | 'succeeded' | 'failed' | 'cancelled';
  sources: { name: string; status: string; steps: { provisioner: string; status: string }[] }[];
}

let workspaceState: vscode.Memento;

function history(): BuildRecordView[] {
  return workspaceState.get<BuildRecordView[]>(HISTORY_KEY) ?? [];
}

async function bilderTask(label: string): Promise<vscode.Task> {
  const tasks = await vscode.tasks.fetchTasks({ type: 'bilder' });
  const task = tasks.find((candidate) => candidate.name === label);
  assert.ok(task, `no bilder task "${label}" among: ${tasks.map((t) => t.name).join(', ') || 'none'}`);
  return task;
}

/** Starts the task and returns its execution plus a promise of its exit code (from onDidEndTaskProcess). */
async function runTask(task: vscode.Task): Promise<{ execution: vscode.TaskExecution; ended: Promise<number | undefined> }> {
  let resolveEnd!: (code: number | undefined) => void;
  const ended = new Promise<number | undefined>((resolve) => (resolveEnd = resolve));
  let execution: vscode.TaskExecution | undefined;
  const early: vscode.TaskProcessEndEvent[] = [];
  const subscription = vscode.tasks.onDidEndTaskProcess((event) => {
    if (!execution) early.push(event);
    else if (event.execution === execution || event.execution.task.name === execution.task.name) finish(event.exitCode);
  });
  const finish = (code: number | undefined) => {
    subscription.dispose();
    resolveEnd(code);
  };
  execution = await vscode.tasks.executeTask(task);
  const before = early.find((event) => event.execution.task.name === task.name);
  if (before) finish(before.exitCode);
  return { execution, ended };
}

/** Resolves once `file` exists, on the directory's change events (no polling). */
function whenExists(file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () =>
      fs.access(file).then(
        () => {
          watcher.close();
          resolve();
        },
        () => undefined,
      );
    const watcher = watch(path.dirname(file), () => void check());
    watcher.on('error', reject);
    void check();
  });
}

/** Processes whose working directory or command line is inside `directory` (packer, its plugins, the provisioner's shell). */
/** How long images/slow's provisioner sleeps (slow.pkr.hcl): distinctive, so no unrelated `sleep` is taken for it. */
const SLOW_SLEEP_SECONDS = 3141;

async function processesIn(directory: string): Promise<string[]> {
  const found: string[] = [];
  for (const pid of (await fs.readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
    if (Number(pid) === process.pid) continue;
    const [cwd, cmdline] = await Promise.all([
      fs.readlink(`/proc/${pid}/cwd`).catch(() => ''),
      fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => ''),
    ]);
    const command = cmdline.replace(/\0/g, ' ').trim();
    // The slow provisioner's sleep runs wherever Packer puts it; its duration is one nothing else on the machine uses.
    if (cwd === directory || cwd.startsWith(`${directory}/`) || command.includes(directory) || command === `sleep ${SLOW_SLEEP_SECONDS}`) found.push(`${pid}: ${command} (cwd ${cwd})`);
  }
  return found;
}

suite('Build Image with the real packer', () => {
  suiteSetup(async () => {
    const extension = await activateBilder();
    const api = extension.exports as { extension?: vscode.ExtensionContext } | undefined;
    assert.ok(api?.extension?.workspaceState, 'Bilder no longer exports its extension context; the build history cannot be read');
    workspaceState = api.extension.workspaceState;
    assert.ok(vscode.workspace.isTrusted, 'builds need a trusted workspace');
    await fs.rm(workspaceFile(STARTED_MARKER).fsPath, { force: true });
  });
  suiteTeardown(() => fs.rm(workspaceFile(STARTED_MARKER).fsPath, { force: true }));

  test('a build of the null builder finishes as succeeded, with its source and provisioner in the view', async () => {
    const { ended } = await runTask(await bilderTask('build hello'));
    assert.equal(await ended, 0, 'the bilder task reported a failure');
    const [latest] = history();
    assert.ok(latest, 'no build in the history');
    assert.equal(latest.label, 'images/hello');
    assert.equal(latest.status, 'succeeded');
    const source = latest.sources.find((candidate) => candidate.name.includes('null.hello'));
    assert.ok(source, `no null.hello source in ${JSON.stringify(latest.sources)}`);
    assert.equal(source.status, 'succeeded');
    assert.deepEqual(
      source.steps.map((step) => [step.provisioner, step.status]),
      [['shell-local', 'succeeded']],
    );
  });

  test('"Bilder: Build Image" with a complete request runs the build and resolves with it finished', async () => {
    const record = (await vscode.commands.executeCommand('bilder.build.run', { templateDir: workspaceFile('images/hello').fsPath })) as
      | BuildRecordView
      | undefined;
    assert.ok(record, 'the command returned no build');
    assert.equal(record.status, 'succeeded');
    assert.equal(history()[0]?.id, record.id, 'the build is the newest entry of the Builds view');
    assert.ok(record.sources.some((source) => source.name.includes('null.hello') && source.status === 'succeeded'));
  });

  test('"Cancel Build" ends a running build as cancelled and leaves no packer process behind', async () => {
    const slowDirectory = workspaceFile('images/slow').fsPath;
    const marker = workspaceFile(STARTED_MARKER).fsPath;
    const started = whenExists(marker);
    const { ended } = await runTask(await bilderTask('build slow'));
    await started;
    assert.ok((await processesIn(slowDirectory)).length > 0, 'the provisioner runs, yet no process of the build is visible in /proc');

    await vscode.commands.executeCommand('bilder.build.cancel');
    assert.notEqual(await ended, 0, 'a cancelled build must not end its task with success');
    const [latest] = history();
    assert.equal(latest?.label, 'images/slow');
    assert.equal(latest?.status, 'cancelled');
    assert.deepEqual(await processesIn(slowDirectory), [], 'processes of the cancelled build are still alive');
  });
});
