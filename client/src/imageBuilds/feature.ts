// "Bilder: Build Image": the command, the "Bilder Builds" view in the bottom panel, the build log output, the status
// bar item, end-of-build notifications, the history (workspaceState) and the `bilder` task type. The server runs
// Packer; this side only asks and renders.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  BUILD_CANCEL_REQUEST,
  BUILD_EVENT_NOTIFICATION,
  BUILD_IMAGES_REQUEST,
  BUILD_PREVIEW_REQUEST,
  BUILD_START_REQUEST,
  variablesNeedingValues,
} from '../../../protocol';
import type { BuildEvent, BuildEventParams, BuildImage, BuildPreview, BuildRequest, BuildStartResult } from '../../../protocol';
import { addToHistory, applyEvent, buildNode, newRecord, restoreHistory } from './model';
import type { BuildRecord, TreeNodeModel } from './model';

const HISTORY_KEY = 'bilder.builds.history';
export const BUILDS_VIEW = 'bilder.builds';

export interface BuildHost {
  readonly extension: vscode.ExtensionContext;
  readonly client: LanguageClient | undefined;
  /** Fires when the language server stops (crash or restart): its builds are gone with it. */
  readonly onServerStopped: vscode.Event<void>;
}

type Listener = (event: BuildEvent) => void;

/** Tracks builds by id, applies server events to their records and tells listeners (view, task terminals). */
class BuildController implements vscode.Disposable {
  readonly records = new Map<string, BuildRecord>();
  private history: BuildRecord[];
  private readonly requests = new Map<string, BuildRequest>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly early = new Map<string, BuildEvent[]>();
  private readonly wired = new WeakSet<LanguageClient>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  readonly output = vscode.window.createOutputChannel('Bilder Build Log');
  private readonly statusItem = vscode.window.createStatusBarItem('bilder.build', vscode.StatusBarAlignment.Left, 10);
  private refreshTimer: NodeJS.Timeout | undefined;
  private readonly ticker: NodeJS.Timeout;

  constructor(private readonly host: BuildHost) {
    this.history = restoreHistory(host.extension.workspaceState.get(HISTORY_KEY));
    for (const record of this.history) this.records.set(record.id, record);
    this.statusItem.name = 'Bilder Build';
    this.statusItem.command = `${BUILDS_VIEW}.focus`;
    // Running builds show their elapsed time; one repaint a second is enough.
    this.ticker = setInterval(() => {
      if ([...this.records.values()].some((record) => record.status === 'running')) this.scheduleRefresh();
    }, 1000);
  }

  get ordered(): BuildRecord[] {
    return [...this.records.values()].sort((a, b) => b.startedAt - a.startedAt);
  }

  private client(): LanguageClient {
    const client = this.host.client;
    if (!client || !client.isRunning()) throw new Error('The Bilder language server is not running.');
    if (!this.wired.has(client)) {
      this.wired.add(client);
      client.onNotification(BUILD_EVENT_NOTIFICATION, (params: BuildEventParams) => this.receive(params));
    }
    return client;
  }

  images(): Promise<BuildImage[]> {
    const roots = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file').map((folder) => folder.uri.fsPath);
    return this.client().sendRequest<BuildImage[]>(BUILD_IMAGES_REQUEST, { roots });
  }

  preview(request: BuildRequest): Promise<BuildPreview> {
    return this.client().sendRequest<BuildPreview>(BUILD_PREVIEW_REQUEST, request);
  }

  async start(request: BuildRequest, listener?: Listener): Promise<BuildRecord> {
    if (!vscode.workspace.isTrusted) throw new Error('Builds run only in a trusted workspace.');
    const storage = this.host.extension.storageUri ?? this.host.extension.globalStorageUri;
    const full: BuildRequest = { ...request, storageDir: storage.fsPath };
    const result = await this.client().sendRequest<BuildStartResult>(BUILD_START_REQUEST, full);
    const record = newRecord(result.buildId, full, result.commandLine, result.logFile);
    this.records.set(record.id, record);
    this.requests.set(record.id, full);
    if (listener) this.listen(record.id, listener);
    this.output.appendLine(`\n▶ ${record.label}: ${result.commandLine}`);
    for (const event of this.early.get(record.id) ?? []) this.apply(record, event);
    this.early.delete(record.id);
    this.updateStatus();
    this.scheduleRefresh();
    return record;
  }

  listen(buildId: string, listener: Listener): vscode.Disposable {
    const set = this.listeners.get(buildId) ?? new Set();
    set.add(listener);
    this.listeners.set(buildId, set);
    return new vscode.Disposable(() => set.delete(listener));
  }

  cancel(buildId: string): Promise<boolean> {
    return this.client().sendRequest<boolean>(BUILD_CANCEL_REQUEST, { buildId });
  }

  /** The full request (with secrets) while this window lives; the stored, redacted one after a reload. */
  requestFor(buildId: string): BuildRequest | undefined {
    return this.requests.get(buildId) ?? this.records.get(buildId)?.request;
  }

  clearHistory(): void {
    for (const record of this.history) if (record.status !== 'running') this.records.delete(record.id);
    this.history = [];
    void this.host.extension.workspaceState.update(HISTORY_KEY, this.history);
    this.scheduleRefresh();
  }

  private receive(params: BuildEventParams): void {
    const record = this.records.get(params.buildId);
    if (!record) {
      // The start response may still be on its way; keep a bounded backlog.
      const backlog = this.early.get(params.buildId) ?? [];
      if (backlog.length < 1000) backlog.push(...params.events.slice(0, 1000 - backlog.length));
      this.early.set(params.buildId, backlog);
      return;
    }
    for (const event of params.events) this.apply(record, event);
    this.scheduleRefresh();
  }

  private apply(record: BuildRecord, event: BuildEvent): void {
    applyEvent(record, event);
    if (event.type === 'log') {
      for (const line of event.lines) this.output.appendLine(line);
      if (event.dropped) this.output.appendLine(`… ${event.dropped} lines not shown here: Open Log has them all (${record.logFile})`);
    }
    for (const listener of this.listeners.get(record.id) ?? []) listener(event);
    if (event.type === 'build-finished') this.finished(record);
  }

  /** The server that ran these builds is gone (and killed their process groups on exit): end them as failed. */
  serverStopped(): void {
    for (const record of [...this.records.values()].filter((candidate) => candidate.status === 'running')) {
      this.apply(record, { type: 'log', lines: ['Bilder: the language server stopped, and the build with it.'] });
      const durationMs = Date.now() - record.startedAt;
      this.apply(record, { type: 'build-finished', status: 'failed', exitCode: null, signal: 'server stopped', durationMs });
    }
  }

  private finished(record: BuildRecord): void {
    this.listeners.delete(record.id);
    this.history = addToHistory(this.history, record);
    for (const known of [...this.records.keys()]) {
      const kept = this.records.get(known)!;
      if (kept.status !== 'running' && !this.history.includes(kept)) {
        this.records.delete(known);
        // The full request holds sensitive values for Rerun; it must not outlive the record.
        this.requests.delete(known);
      }
    }
    void this.host.extension.workspaceState.update(HISTORY_KEY, this.history);
    this.updateStatus();
    void this.notify(record);
  }

  private async notify(record: BuildRecord): Promise<void> {
    const artifact = record.artifacts[record.artifacts.length - 1];
    if (record.status === 'succeeded') {
      const actions = artifact ? ['Copy Artifact Id', 'Open Log'] : ['Open Log'];
      const text = artifact ? `Build ${record.label} succeeded: ${artifact.id}` : `Build ${record.label} succeeded.`;
      const choice = await vscode.window.showInformationMessage(text, ...actions);
      if (choice === 'Copy Artifact Id' && artifact) await vscode.env.clipboard.writeText(artifact.id);
      if (choice === 'Open Log') await openLog(record);
      return;
    }
    const hint = [...record.hints, ...record.sources.flatMap((source) => source.hints)][0];
    const text = `Build ${record.label} ${record.status}.${hint ? ` ${hint.message}` : ''}`;
    const choice = await (record.status === 'failed' ? vscode.window.showErrorMessage(text, 'Show Build', 'Open Log') : vscode.window.showWarningMessage(text, 'Open Log'));
    if (choice === 'Show Build') await vscode.commands.executeCommand(`${BUILDS_VIEW}.focus`);
    if (choice === 'Open Log') await openLog(record);
  }

  private updateStatus(): void {
    const running = [...this.records.values()].filter((record) => record.status === 'running');
    if (running.length === 0) {
      this.statusItem.hide();
      return;
    }
    this.statusItem.text = `$(sync~spin) Building ${running.map((record) => record.label).join(', ')}`;
    this.statusItem.tooltip = 'Show the Bilder Builds view';
    this.statusItem.show();
  }

  private scheduleRefresh(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.updateStatus();
      this.changed.fire();
    }, 150);
  }

  dispose(): void {
    clearInterval(this.ticker);
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.changed.dispose();
    this.output.dispose();
    this.statusItem.dispose();
  }
}

async function openLog(record: BuildRecord): Promise<void> {
  try {
    await vscode.window.showTextDocument(vscode.Uri.file(record.logFile), { preview: true });
  } catch {
    void vscode.window.showWarningMessage(`The log of ${record.label} is gone (${record.logFile}).`);
  }
}

class BuildsTree implements vscode.TreeDataProvider<TreeNodeModel> {
  readonly onDidChangeTreeData: vscode.Event<void>;

  constructor(private readonly controller: BuildController) {
    this.onDidChangeTreeData = controller.onDidChange;
  }

  getChildren(node?: TreeNodeModel): TreeNodeModel[] {
    return node ? node.children : this.controller.ordered.map((record) => buildNode(record));
  }

  getTreeItem(node: TreeNodeModel): vscode.TreeItem {
    const state = node.children.length === 0 ? vscode.TreeItemCollapsibleState.None : node.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(node.label, state);
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.contextValue = node.contextValue;
    const color = node.icon === 'pass' ? 'testing.iconPassed' : node.icon === 'error' ? 'testing.iconFailed' : node.icon === 'lightbulb' || node.icon === 'warning' ? 'problemsWarningIcon.foreground' : undefined;
    item.iconPath = new vscode.ThemeIcon(node.icon, color ? new vscode.ThemeColor(color) : undefined);
    return item;
  }
}

// ---- The "Build Image" command: image → var files → variables → -only → confirm. ----

async function askRequest(controller: BuildController, target?: vscode.Uri): Promise<BuildRequest | undefined> {
  let images = await controller.images();
  if (target) {
    const stat = await vscode.workspace.fs.stat(target).then((value) => value, () => undefined);
    const directory = stat?.type === vscode.FileType.Directory ? target.fsPath : vscode.Uri.joinPath(target, '..').fsPath;
    // An image folder of a shared template holds the deploy.py, not the template, so match either.
    const matching = images.filter(
      (image) =>
        image.templateDir === directory ||
        image.deployFile === target.fsPath ||
        (image.deployFile !== undefined && vscode.Uri.joinPath(vscode.Uri.file(image.deployFile), '..').fsPath === directory),
    );
    if (matching.length > 0) images = matching;
  }
  if (images.length === 0) {
    void vscode.window.showWarningMessage('No Packer image found in this workspace (a folder with *.pkr.hcl files).');
    return undefined;
  }
  const picked =
    images.length === 1
      ? images[0]
      : (
          await vscode.window.showQuickPick(
            images.map((image) => ({
              label: image.label,
              description: `${image.kind} · ${vscode.workspace.asRelativePath(image.templateDir)}`,
              detail: image.deployFile ? vscode.workspace.asRelativePath(image.deployFile) : undefined,
              image,
            })),
            { title: 'Build Image', placeHolder: 'Which image?', matchOnDescription: true },
          )
        )?.image;
  if (!picked) return undefined;

  let varFiles: string[] = [];
  if (picked.varFiles.length > 0) {
    // Asked before the variables so that values a var file provides are not asked for.
    const chosen = await vscode.window.showQuickPick(
      picked.varFiles.map((file) => ({ label: vscode.workspace.asRelativePath(file.path), description: file.names.join(', '), path: file.path })),
      { title: `Build ${picked.label}: var files (optional)`, canPickMany: true, placeHolder: 'Pick none to use defaults only' },
    );
    if (!chosen) return undefined;
    varFiles = chosen.map((item) => item.path);
  }

  const vars: Record<string, string> = { ...picked.presetVars };
  for (const variable of variablesNeedingValues(picked, varFiles)) {
    const title = `Build ${picked.label}: var.${variable.name}`;
    let value: string | undefined;
    if (variable.allowedValues?.length) {
      value = await vscode.window.showQuickPick(variable.allowedValues, { title, placeHolder: variable.description ?? `Value of ${variable.name}` });
    } else {
      value = await vscode.window.showInputBox({ title, prompt: variable.description, password: variable.sensitive, ignoreFocusOut: true });
    }
    if (value === undefined) return undefined;
    vars[variable.name] = value;
  }

  let only: string[] = [];
  if (picked.sources.length > 1) {
    const chosen = await vscode.window.showQuickPick(
      picked.sources.map((source) => ({ label: source })),
      { title: `Build ${picked.label}: sources (-only)`, canPickMany: true, placeHolder: 'Pick none to build every source' },
    );
    if (!chosen) return undefined;
    only = chosen.length === picked.sources.length ? [] : chosen.map((item) => item.label);
  }
  const sensitive = picked.variables.filter((variable) => variable.sensitive).map((variable) => variable.name);
  return { templateDir: picked.templateDir, label: picked.label, vars, varFiles, only, sensitive };
}

async function confirmAndStart(controller: BuildController, request: BuildRequest): Promise<void> {
  const preview = await controller.preview(request);
  const choice = await vscode.window.showInformationMessage(`Build ${request.label}?`, { modal: true, detail: preview.commandLine }, 'Run');
  if (choice !== 'Run') return;
  await controller.start(request);
  await vscode.commands.executeCommand(`${BUILDS_VIEW}.focus`);
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

/** Rerun after a reload lacks sensitive values (never stored): ask for them again. */
async function completeSensitive(request: BuildRequest): Promise<BuildRequest | undefined> {
  const vars = { ...request.vars };
  for (const name of request.sensitive ?? []) {
    if (name in vars) continue;
    const value = await vscode.window.showInputBox({ title: `Rerun ${request.label}: var.${name}`, password: true, ignoreFocusOut: true });
    if (value === undefined) return undefined;
    vars[name] = value;
  }
  return { ...request, vars };
}

// ---- The `bilder` task type: same runner, output in a pseudoterminal. ----

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

export function registerBuildFeature(host: BuildHost): vscode.Disposable {
  const controller = new BuildController(host);
  const stopped = host.onServerStopped(() => controller.serverStopped());
  const tree = vscode.window.createTreeView(BUILDS_VIEW, { treeDataProvider: new BuildsTree(controller), showCollapseAll: true });
  const recordOf = (node?: TreeNodeModel) =>
    node ? controller.records.get(node.buildId) : controller.ordered.find((record) => record.status === 'running') ?? controller.ordered[0];
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

  const commands: Record<string, (...args: never[]) => unknown> = {
    'bilder.build.run': guard(async (target?: vscode.Uri | BuildRequest) => {
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage('Bilder runs Packer only in a trusted workspace.', 'Manage Workspace Trust').then((choice) => {
          if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
        });
        return;
      }
      // A complete request (from a keybinding, another extension or a test) runs as given, without questions, and the
      // command resolves with the finished build.
      if (target && !(target instanceof vscode.Uri) && typeof target.templateDir === 'string') return runToCompletion(controller, target);
      const request = await askRequest(controller, target instanceof vscode.Uri ? target : undefined);
      if (request) await confirmAndStart(controller, request);
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
      if (complete) await confirmAndStart(controller, complete);
    }),
    'bilder.build.openLog': guard(async (node?: TreeNodeModel) => {
      const record = recordOf(node);
      if (record) await openLog(record);
      else controller.output.show(true);
    }),
    'bilder.build.showOutput': () => controller.output.show(true),
    'bilder.build.copyArtifact': guard(async (node?: TreeNodeModel) => {
      const id = node?.artifactId ?? recordOf(node)?.artifacts.at(-1)?.id;
      if (id) {
        await vscode.env.clipboard.writeText(id);
        void vscode.window.setStatusBarMessage(`Copied ${id}`, 3000);
      }
    }),
    'bilder.build.clearHistory': () => controller.clearHistory(),
  };

  const taskProvider = vscode.tasks.registerTaskProvider('bilder', {
    provideTasks: () => [],
    resolveTask: (task) => {
      const definition = task.definition as BilderTaskDefinition;
      if (typeof definition.image !== 'string') return undefined;
      const folder = task.scope && typeof task.scope === 'object' ? (task.scope as vscode.WorkspaceFolder) : undefined;
      return new vscode.Task(definition, task.scope ?? vscode.TaskScope.Workspace, task.name, 'bilder', taskExecution(controller, definition, folder));
    },
  });

  return vscode.Disposable.from(
    controller,
    stopped,
    tree,
    taskProvider,
    ...Object.entries(commands).map(([id, run]) => vscode.commands.registerCommand(id, run as (...args: unknown[]) => unknown)),
  );
}
