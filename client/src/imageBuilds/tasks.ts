// The `bilder` task type: the same runner as the panel, its output in a task terminal (colours included).
import * as vscode from 'vscode';
import type { BuildRequest } from '../../../protocol';
import type { BuildController } from './controller';

interface BilderTaskDefinition extends vscode.TaskDefinition {
  image: string;
  vars?: Record<string, string>;
  varFiles?: string[];
  only?: string[];
}

function taskExecution(controller: BuildController, definition: BilderTaskDefinition, folder: vscode.WorkspaceFolder | undefined): vscode.CustomExecution {
  return new vscode.CustomExecution(async () => {
    const write = new vscode.EventEmitter<string>();
    const close = new vscode.EventEmitter<number>();
    let buildId: string | undefined;
    let closedByUser = false;
    const terminal: vscode.Pseudoterminal = {
      onDidWrite: write.event,
      onDidClose: close.event,
      open: () => {
        const base = folder?.uri.fsPath ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
        const templateDir = definition.image.startsWith('/') ? definition.image : vscode.Uri.joinPath(vscode.Uri.file(base), definition.image).fsPath;
        const request: BuildRequest = {
          templateDir,
          label: definition.image,
          vars: definition.vars ?? {},
          varFiles: definition.varFiles ?? [],
          only: definition.only ?? [],
        };
        controller
          .start(request, (event) => {
            if (event.type === 'log') for (const line of event.lines) write.fire(`${line}\r\n`);
            if (event.type === 'build-finished') {
              write.fire(`\r\nBuild ${event.status}.\r\n`);
              close.fire(event.status === 'succeeded' ? 0 : 1);
            }
          })
          .then(
            (record) => {
              buildId = record.id;
              // Closing the terminal before the server answered must still stop the build.
              if (closedByUser) void controller.cancel(record.id).catch(() => undefined);
              else write.fire(`${record.commandLine}\r\n`);
            },
            (error: unknown) => {
              write.fire(`Bilder: ${error instanceof Error ? error.message : String(error)}\r\n`);
              close.fire(2);
            },
          );
      },
      close: () => {
        closedByUser = true;
        if (buildId) void controller.cancel(buildId).catch(() => undefined);
      },
    };
    return terminal;
  });
}

export function registerBuildTasks(controller: BuildController): vscode.Disposable {
  return vscode.tasks.registerTaskProvider('bilder', {
    provideTasks: () => [],
    resolveTask: (task) => {
      const definition = task.definition as BilderTaskDefinition;
      if (typeof definition.image !== 'string') return undefined;
      const folder = task.scope && typeof task.scope === 'object' ? (task.scope as vscode.WorkspaceFolder) : undefined;
      return new vscode.Task(definition, task.scope ?? vscode.TaskScope.Workspace, task.name, 'bilder', taskExecution(controller, definition, folder));
    },
  });
}
