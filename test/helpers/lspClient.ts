// Talks JSON-RPC to the real `bilder-language-server --stdio` the way an editor does.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-jsonrpc/node';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const SERVER_BIN = path.join(REPO_ROOT, 'dist', 'server.js');

export function fileUri(file: string): string {
  return pathToFileURL(file).toString();
}

export interface ProgressParams {
  token: string | number;
  value: { kind: 'begin' | 'report' | 'end'; title?: string; message?: string; percentage?: number };
}

export interface LspClientOptions {
  initializationOptions?: unknown;
  rootPath?: string;
  env?: NodeJS.ProcessEnv;
  capabilities?: Record<string, unknown>;
  /** Extra node flags for the server process, e.g. `--cpu-prof` to profile it. */
  nodeArgs?: string[];
  /** Extra server flags after `--stdio`, e.g. `--trusted`. */
  serverArgs?: string[];
}

export class LspClient {
  readonly connection: MessageConnection;
  readonly notifications: { method: string; params: unknown }[] = [];
  readonly process: ChildProcess;
  readonly stderr: string[] = [];
  readonly logs: { type: number; message: string }[] = [];
  /** Every `$/progress` notification, in arrival order. */
  readonly progress: ProgressParams[] = [];
  private readonly progressWaiters: { predicate: (p: ProgressParams) => boolean; resolve: (p: ProgressParams) => void }[] = [];
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  /** How many publishes each URI received: storms must produce far fewer than the changes they send. */
  readonly publishCount = new Map<string, number>();
  private readonly waiters: { uri: string; predicate: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  private exited: Promise<number | null>;

  private constructor(options: LspClientOptions) {
    this.process = spawn(process.execPath, [...(options.nodeArgs ?? []), SERVER_BIN, '--stdio', ...(options.serverArgs ?? [])], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
    });
    this.process.stderr!.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
    this.exited = new Promise((resolve) => this.process.on('exit', (code) => resolve(code)));
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.diagnostics.set(params.uri, params);
      this.publishCount.set(params.uri, (this.publishCount.get(params.uri) ?? 0) + 1);
      for (const waiter of [...this.waiters]) {
        if (waiter.uri === params.uri && waiter.predicate(params)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(params);
        }
      }
    });
    this.connection.onNotification('$/progress', (params: ProgressParams) => {
      this.progress.push(params);
      for (const waiter of [...this.progressWaiters]) {
        if (waiter.predicate(params)) {
          this.progressWaiters.splice(this.progressWaiters.indexOf(waiter), 1);
          waiter.resolve(params);
        }
      }
    });
    this.connection.onNotification('window/logMessage', (params: { type: number; message: string }) => void this.logs.push(params));
    // Every other notification (Bilder's own, e.g. bilder/packerPlugins), kept from the start: some come during initialize.
    this.connection.onNotification((method: string, params: unknown) => void this.notifications.push({ method, params }));
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({})));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.listen();
  }

  static async start(options: LspClientOptions = {}): Promise<LspClient> {
    const client = new LspClient(options);
    const rootUri = options.rootPath ? fileUri(options.rootPath) : null;
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: path.basename(options.rootPath!) }] : null,
      capabilities: options.capabilities ?? {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: { documentSymbol: { hierarchicalDocumentSymbolSupport: true } },
      },
      initializationOptions: options.initializationOptions,
    });
    await client.connection.sendNotification('initialized', {});
    return client;
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  async open(uri: string, text: string, languageId = 'packer', version = 1): Promise<void> {
    await this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  async change(uri: string, version: number, contentChanges: unknown[]): Promise<void> {
    await this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  /** Resolves with the first publish for uri that satisfies predicate (including one already received). */
  waitForDiagnostics(uri: string, predicate: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 10_000): Promise<PublishDiagnosticsParams> {
    const current = this.diagnostics.get(uri);
    if (current && predicate(current)) return Promise.resolve(current);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; last: ${JSON.stringify(this.diagnostics.get(uri))}`)), timeoutMs);
      this.waiters.push({ uri, predicate, resolve: (p) => (clearTimeout(timer), resolve(p)) });
    });
  }

  /** Waits for the diagnostics published for a given document version. */
  diagnosticsForVersion(uri: string, version: number): Promise<Diagnostic[]> {
    return this.waitForDiagnostics(uri, (p) => p.version === version).then((p) => p.diagnostics);
  }

  /** The first `$/progress` notification (already received or still to come) that matches. */
  waitForProgress(predicate: (params: ProgressParams) => boolean): Promise<ProgressParams> {
    const seen = this.progress.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.progressWaiters.push({ predicate, resolve }));
  }

  get alive(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  async stop(): Promise<number | null> {
    if (this.alive) {
      // Once the server has gone, sendRequest throws synchronously instead of rejecting.
      try {
        await this.request('shutdown', null);
        await this.notify('exit', null);
      } catch {
        // already closed
      }
    }
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 5000);
    const code = await this.exited;
    clearTimeout(timer);
    this.connection.dispose();
    return code;
  }
}
