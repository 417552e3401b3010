// Tracks builds by id: sends the server's requests, applies its events to records and output buffers, keeps the
// history (workspaceState, without secrets), the status bar item and the end-of-build notification. Views listen to
// onDidChange, which fires at most every REFRESH_MS however fast events arrive.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { BUILD_CANCEL_REQUEST, BUILD_EVENT_NOTIFICATION, BUILD_IMAGES_REQUEST, BUILD_PREVIEW_REQUEST, BUILD_START_REQUEST } from '../../../protocol';
import type { BuildEvent, BuildEventParams, BuildImage, BuildPreview, BuildRequest, BuildStartResult } from '../../../protocol';
import { addToHistory, applyEvent, newRecord, REFRESH_MS, restoreHistory } from './model';
import type { BuildRecord } from './model';
import { BuildOutputBuffer } from './outputBuffer';

const HISTORY_KEY = 'bilder.builds.history';
export const BUILDS_VIEW = 'bilder.builds';
/** Events kept for a build whose start answer has not arrived yet. */
const EARLY_EVENTS = 1000;

export interface BuildHost {
  readonly extension: vscode.ExtensionContext;
  readonly client: LanguageClient | undefined;
  /** Fires when the language server stops (crash or restart): its builds are gone with it. */
  readonly onServerStopped: vscode.Event<void>;
}

type Listener = (event: BuildEvent) => void;

export class BuildController implements vscode.Disposable {
  readonly records = new Map<string, BuildRecord>();
  /** Raw output of the builds run in this window (history keeps no output: Open Log has it). */
  readonly outputs = new Map<string, BuildOutputBuffer>();
  private history: BuildRecord[];
  private readonly requests = new Map<string, BuildRequest>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly early = new Map<string, BuildEvent[]>();
  private readonly wired = new WeakSet<LanguageClient>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly started = new vscode.EventEmitter<BuildRecord>();
  /** A build started in this window: the views open on it. */
  readonly onDidStart = this.started.event;
  private readonly statusItem = vscode.window.createStatusBarItem('bilder.build', vscode.StatusBarAlignment.Left, 10);
  private refreshTimer: NodeJS.Timeout | undefined;
  private readonly ticker: NodeJS.Timeout;
  private lastImages: BuildImage[] | undefined;

  constructor(private readonly host: BuildHost) {
    this.history = restoreHistory(host.extension.workspaceState.get(HISTORY_KEY));
    for (const record of this.history) this.records.set(record.id, record);
    this.statusItem.name = 'Bilder Build';
    this.statusItem.command = `${BUILDS_VIEW}.focus`;
    // Running builds show their elapsed time; one repaint a second is enough.
    this.ticker = setInterval(() => {
      if (this.running().length > 0) this.scheduleRefresh();
    }, 1000);
  }

  get ordered(): BuildRecord[] {
    return [...this.records.values()].sort((a, b) => b.startedAt - a.startedAt);
  }

  running(): BuildRecord[] {
    return [...this.records.values()].filter((record) => record.status === 'running');
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

  async images(): Promise<BuildImage[]> {
    const roots = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file').map((folder) => folder.uri.fsPath);
    this.lastImages = await this.client().sendRequest<BuildImage[]>(BUILD_IMAGES_REQUEST, { roots });
    return this.lastImages;
  }

  /** The last image list, for code lenses that must not wait on the server at every keystroke. */
  cachedImages(): BuildImage[] | undefined {
    return this.lastImages;
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
    this.outputs.set(record.id, new BuildOutputBuffer());
    if (listener) this.listen(record.id, listener);
    for (const event of this.early.get(record.id) ?? []) this.apply(record, event);
    this.early.delete(record.id);
    this.updateStatus();
    this.started.fire(record);
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
    for (const record of this.history) {
      if (record.status === 'running') continue;
      this.records.delete(record.id);
      this.outputs.delete(record.id);
      this.requests.delete(record.id);
    }
    this.history = [];
    void this.host.extension.workspaceState.update(HISTORY_KEY, this.history);
    this.scheduleRefresh();
  }

  private receive(params: BuildEventParams): void {
    const record = this.records.get(params.buildId);
    if (!record) {
      // The start response may still be on its way; keep a bounded backlog.
      const backlog = this.early.get(params.buildId) ?? [];
      if (backlog.length < EARLY_EVENTS) backlog.push(...params.events.slice(0, EARLY_EVENTS - backlog.length));
      this.early.set(params.buildId, backlog);
      return;
    }
    for (const event of params.events) this.apply(record, event);
    this.scheduleRefresh();
  }

  private apply(record: BuildRecord, event: BuildEvent): void {
    applyEvent(record, event);
    if (event.type === 'log') this.outputs.get(record.id)?.append(event.lines, event.line, event.dropped);
    for (const listener of this.listeners.get(record.id) ?? []) listener(event);
    if (event.type === 'build-finished') this.finished(record);
  }

  /** The server that ran these builds is gone (and killed their process groups on exit): end them as failed. */
  serverStopped(): void {
    for (const record of this.running()) {
      this.outputs.get(record.id)?.note('Bilder: the language server stopped, and the build with it.');
      this.apply(record, { type: 'error', message: 'the language server stopped, and the build with it' });
      const durationMs = Date.now() - record.startedAt;
      this.apply(record, { type: 'build-finished', status: 'failed', exitCode: null, signal: 'server stopped', durationMs });
    }
    this.scheduleRefresh();
  }

  private finished(record: BuildRecord): void {
    this.listeners.delete(record.id);
    this.history = addToHistory(this.history, record);
    for (const known of [...this.records.keys()]) {
      const kept = this.records.get(known)!;
      if (kept.status !== 'running' && !this.history.includes(kept)) {
        this.records.delete(known);
        this.outputs.delete(known);
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
      const actions = artifact ? ['Copy Artifact Id', 'Show Build'] : ['Show Build'];
      const text = artifact ? `Build ${record.label} succeeded: ${artifact.id}` : `Build ${record.label} succeeded.`;
      const choice = await vscode.window.showInformationMessage(text, ...actions);
      if (choice === 'Copy Artifact Id' && artifact) await vscode.env.clipboard.writeText(artifact.id);
      if (choice === 'Show Build') await vscode.commands.executeCommand(`${BUILDS_VIEW}.focus`);
      return;
    }
    const hint = [...record.hints, ...record.sources.flatMap((source) => source.hints)][0];
    const text = `Build ${record.label} ${record.status}.${hint ? ` ${hint.message}` : ''}`;
    const choice = await (record.status === 'failed' ? vscode.window.showErrorMessage(text, 'Show Build') : vscode.window.showWarningMessage(text, 'Show Build'));
    if (choice === 'Show Build') await vscode.commands.executeCommand(`${BUILDS_VIEW}.focus`);
  }

  private updateStatus(): void {
    const running = this.running();
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
    }, REFRESH_MS);
  }

  dispose(): void {
    clearInterval(this.ticker);
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.changed.dispose();
    this.started.dispose();
    this.statusItem.dispose();
  }
}
