// "Bilder: Build Image": wires the controller (server requests, records, history), the Builds tree, the output view
// beside it, the code lenses, the `bilder` task type and the commands. The server runs Packer; this side asks and
// renders.
import * as vscode from 'vscode';
import type { BuildRequest } from '../../../protocol';
import { registerCommandTable } from '../commands';
import { BuildCodeLenses } from './codeLens';
import { BUILDS_VIEW, BuildController } from './controller';
import type { BuildHost } from './controller';
import type { BuildRecord } from './model';
import { BuildOutputView } from './outputView';
import { askRequest, completeSensitive, confirmRequest } from './requests';
import { registerBuildTasks } from './tasks';
import type { TreeNodeModel } from './tree';
import { BuildsTreeView } from './treeView';

export { BUILDS_VIEW };
export type { BuildHost };

async function openLog(record: BuildRecord): Promise<void> {
  try {
    await vscode.window.showTextDocument(vscode.Uri.file(record.logFile), { preview: true });
  } catch {
    void vscode.window.showWarningMessage(`The log of ${record.label} is gone (${record.logFile}).`);
  }
}

async function runToCompletion(controller: BuildController, request: BuildRequest): Promise<BuildRecord> {
  let resolveFinished!: () => void;
  const finished = new Promise<void>((resolve) => (resolveFinished = resolve));
  const label = request.label ?? vscode.workspace.asRelativePath(request.templateDir);
  const record = await controller.start({ ...request, label }, (event) => {
    if (event.type === 'build-finished') resolveFinished();
  });
  if (record.status !== 'running') resolveFinished();
  await finished;
  return record;
}

/** The build feature as the extension keeps it; the two methods let tests read the panel as a person sees it. */
export interface BuildFeature extends vscode.Disposable {
  visibleRows(): string[];
  select(label: RegExp): Promise<boolean>;
}

export function registerBuildFeature(host: BuildHost): BuildFeature {
  const controller = new BuildController(host);
  const stopped = host.onServerStopped(() => controller.serverStopped());
  const tree = new BuildsTreeView(controller);
  const output = new BuildOutputView(controller);
  const lenses = new BuildCodeLenses(controller);
  // A build started here opens its panel and its output beside the editor, without taking the focus.
  const onStart = controller.onDidStart(async (record) => {
    await vscode.commands.executeCommand(`${BUILDS_VIEW}.focus`);
    await output.show(record.id);
  });
  const onSelect = tree.onDidSelect((node) => void output.show(node.buildId, { line: node.line }));

  const recordOf = (node?: TreeNodeModel) => (node ? controller.records.get(node.buildId) : (controller.running()[0] ?? controller.ordered[0]));
  const report = (error: unknown) => void vscode.window.showErrorMessage(`Bilder: ${error instanceof Error ? error.message : String(error)}`);
  const guard =
    <A extends unknown[]>(run: (...args: A) => Promise<unknown> | unknown) =>
    async (...args: A): Promise<unknown> => {
      try {
        return await run(...args);
      } catch (error) {
        report(error);
        return undefined;
      }
    };
  const confirmAndStart = async (request: BuildRequest) => {
    if (await confirmRequest(controller, request)) await controller.start(request);
  };

  const commands: Record<string, (...args: never[]) => unknown> = {
    'bilder.build.run': guard(async (target?: vscode.Uri | BuildRequest) => {
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage('Bilder runs Packer only in a trusted workspace.', 'Manage Workspace Trust').then((choice) => {
          if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
        });
        return undefined;
      }
      // A complete request (from a keybinding, another extension or a test) runs as given, without questions, and the
      // command resolves with the finished build.
      if (target && !(target instanceof vscode.Uri) && typeof target.templateDir === 'string') return runToCompletion(controller, target);
      const request = await askRequest(controller, target instanceof vscode.Uri ? target : undefined);
      if (request) await confirmAndStart(request);
      return undefined;
    }),
    'bilder.build.cancel': guard(async (node?: TreeNodeModel) => {
      const record = recordOf(node);
      if (record?.status === 'running') await controller.cancel(record.id);
    }),
    'bilder.build.rerun': guard(async (node?: TreeNodeModel) => {
      const record = recordOf(node);
      const request = record && controller.requestFor(record.id);
      const complete = request && (await completeSensitive(request));
      if (complete) await confirmAndStart(complete);
    }),
    'bilder.build.openLog': guard(async (node?: TreeNodeModel) => {
      const record = recordOf(node);
      if (record) await openLog(record);
    }),
    'bilder.build.showOutput': guard(async (node?: TreeNodeModel) => {
      const record = recordOf(node);
      if (record) await output.show(record.id, { line: node?.line, preserveFocus: false });
      else void vscode.window.showInformationMessage('No build yet: run Bilder: Build Image.');
    }),
    'bilder.build.copyArtifact': guard(async (node?: TreeNodeModel) => {
      const id = node?.artifactId ?? recordOf(node)?.artifacts.at(-1)?.id;
      if (id) {
        await vscode.env.clipboard.writeText(id);
        void vscode.window.setStatusBarMessage(`Copied ${id}`, 3000);
      }
    }),
    'bilder.build.clearHistory': () => controller.clearHistory(),
  };

  const disposable = vscode.Disposable.from(
    controller,
    stopped,
    tree,
    output,
    lenses,
    onStart,
    onSelect,
    registerBuildTasks(controller),
    registerCommandTable(commands),
  );
  return {
    dispose: () => disposable.dispose(),
    visibleRows: () => tree.visibleRows(),
    select: (label) => tree.select(label),
  };
}
