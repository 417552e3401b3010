// `bilder-check` tasks: `bilder check` over a workspace folder, read back into the Problems view by the `$bilder`
// problem matcher (package.json), for people who want the whole folder checked, as CI would, without opening files.
import * as vscode from 'vscode';

export const CHECK_TASK_TYPE = 'bilder-check';

interface CheckTaskDefinition extends vscode.TaskDefinition {
  readonly paths?: string[];
}

export function registerCheckTasks(extension: vscode.ExtensionContext): vscode.Disposable {
  const cli = extension.asAbsolutePath('dist/cli.js');
  const checkTask = (definition: CheckTaskDefinition, folder: vscode.WorkspaceFolder, name = 'check'): vscode.Task => {
    // The diagnostics a user turned off in the editor stay off in the task, so both agree.
    const disabled = vscode.workspace.getConfiguration('bilder', folder.uri).get<string[]>('diagnostics.disabled', []);
    const args = [cli, 'check', ...disabled.flatMap((code) => ['--disable', code]), ...(definition.paths ?? [])];
    // The extension host's own runtime runs the bundled CLI: a desktop VS Code's Electron acts as Node with
    // ELECTRON_RUN_AS_NODE, so no separate Node install is needed.
    const execution = new vscode.ProcessExecution(process.execPath, args, { cwd: folder.uri.fsPath, env: { ELECTRON_RUN_AS_NODE: '1' } });
    const task = new vscode.Task(definition, folder, name, 'bilder', execution, ['$bilder']);
    task.group = vscode.TaskGroup.Test;
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Silent, clear: true };
    return task;
  };
  return vscode.tasks.registerTaskProvider(CHECK_TASK_TYPE, {
    provideTasks: () => (vscode.workspace.workspaceFolders ?? []).map((folder) => checkTask({ type: CHECK_TASK_TYPE }, folder, `check ${folder.name}`)),
    resolveTask: (task) => {
      const folder = typeof task.scope === 'object' ? task.scope : vscode.workspace.workspaceFolders?.[0];
      return folder ? checkTask(task.definition as CheckTaskDefinition, folder, task.name) : undefined;
    },
  });
}
