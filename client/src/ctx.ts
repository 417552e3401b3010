// Owns the extension's lifecycle: the language client, its log channel, the status item and every disposable.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind } from 'vscode-languageclient/node';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { TRUST_CHANGED_NOTIFICATION } from '../../protocol';
import type { InitializationOptions } from '../../protocol';
import { registerBuildFeature } from './imageBuilds/feature';
import { packerCommands } from './commands/packer';
import { ServerStatus } from './status';
import { ImagesExplorer } from './views/imagesExplorer';

export const DOCUMENT_SELECTOR = [
  { language: 'packer' },
  { language: 'packervars' },
  { scheme: 'file', language: 'python', pattern: '**/bilder/**/*.py' },
];

export class Ctx {
  readonly log: vscode.LogOutputChannel;
  readonly status: ServerStatus;
  client: LanguageClient | undefined;
  private readonly serverStopped = new vscode.EventEmitter<void>();
  readonly onServerStopped = this.serverStopped.event;
  private readonly disposables: vscode.Disposable[] = [];
  /** Packer files are watched by the server itself (dynamic registration); deploys need the client's watcher. */
  private readonly pythonWatcher = vscode.workspace.createFileSystemWatcher('**/bilder/**/*.py');

  constructor(readonly extension: vscode.ExtensionContext) {
    this.log = vscode.window.createOutputChannel('Bilder', { log: true });
    this.status = new ServerStatus();
    this.disposables.push(this.log, this.status, this.serverStopped, this.pythonWatcher);
  }

  async start(): Promise<void> {
    this.registerCommands();
    this.disposables.push(registerBuildFeature(this));
    this.disposables.push(new ImagesExplorer());
    this.disposables.push(
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        void this.client?.sendNotification(TRUST_CHANGED_NOTIFICATION, { trusted: true });
        this.status.running(this.client?.initializeResult?.serverInfo?.version);
        this.log.info('workspace trusted: Packer tools may run now');
      }),
    );
    await this.startClient();
  }

  private serverOptions(): ServerOptions {
    const module = this.extension.asAbsolutePath(path.join('dist', 'server.js'));
    return {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
    };
  }

  private clientOptions(): LanguageClientOptions {
    const initializationOptions: InitializationOptions = {
      trusted: vscode.workspace.isTrusted,
      settings: vscode.workspace.getConfiguration('bilder'),
    };
    return {
      documentSelector: DOCUMENT_SELECTOR,
      outputChannel: this.log,
      initializationOptions,
      synchronize: { fileEvents: this.pythonWatcher },
    };
  }

  private async startClient(): Promise<void> {
    this.status.starting();
    const client = new LanguageClient('bilder', 'Bilder', this.serverOptions(), this.clientOptions());
    this.client = client;
    client.onDidChangeState(({ newState }) => {
      if (newState === State.Running) this.status.running(client.initializeResult?.serverInfo?.version);
      else this.status.clientState(newState);
      if (newState === State.Stopped) this.serverStopped.fire();
    });
    try {
      await client.start();
      this.status.running(client.initializeResult?.serverInfo?.version);
    } catch (error) {
      this.status.failed(error instanceof Error ? error.message : String(error));
      this.log.error(`Bilder language server failed to start: ${String(error)}`);
    }
  }

  private registerCommands(): void {
    const commands: Record<string, (...args: unknown[]) => unknown> = {
      ...packerCommands(this),
      'bilder.restartServer': async () => {
        await this.client?.stop().catch(() => undefined);
        this.client = undefined;
        await this.startClient();
      },
      'bilder.showLog': () => this.log.show(true),
    };
    for (const [id, run] of Object.entries(commands)) this.disposables.push(vscode.commands.registerCommand(id, run));
  }

  async dispose(): Promise<void> {
    await this.client?.stop().catch(() => undefined);
    for (const disposable of this.disposables.reverse()) disposable.dispose();
  }
}
