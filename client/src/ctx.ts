// Owns the extension's lifecycle: the language client, its log channel, the status item and every disposable.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind } from 'vscode-languageclient/node';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { BUILD_IMAGES_REQUEST, MACHINE_SETTINGS_NOTIFICATION, PACKER_PLUGINS_NOTIFICATION, TRUST_CHANGED_NOTIFICATION } from '../../protocol';
import type { BuildImage, BuildImagesParams, InitializationOptions, PackerPluginsParams } from '../../protocol';
import { registerBuildFeature } from './imageBuilds/feature';
import type { BuildFeature } from './imageBuilds/feature';
import { registerCommandTable } from './commands';
import { editingCommands } from './commands/editing';
import { packerCommands } from './commands/packer';
import { PyinfraFeature } from './pyinfra';
import { PackerPluginsStatus, PyinfraStatus, ServerStatus } from './status';
import { ImagesExplorer } from './views/imagesExplorer';

export const DOCUMENT_SELECTOR = [
  { language: 'packer' },
  { language: 'packervars' },
  { scheme: 'file', language: 'python', pattern: '**/bilder/**/*.py' },
];

export class Ctx {
  readonly log: vscode.LogOutputChannel;
  readonly status: ServerStatus;
  private readonly packerPluginsStatus = new PackerPluginsStatus();
  private readonly pyinfra: PyinfraFeature;
  client: LanguageClient | undefined;
  /** The Build Image feature (its panel can be read by tests through the exported Ctx). */
  builds: BuildFeature | undefined;
  /** The Images and Components view (tests read its rows through the exported Ctx). */
  explorer: ImagesExplorer | undefined;
  private readonly serverStopped = new vscode.EventEmitter<void>();
  readonly onServerStopped = this.serverStopped.event;
  private readonly disposables: vscode.Disposable[] = [];
  /** Packer files are watched by the server itself (dynamic registration); deploys need the client's watcher. */
  private readonly pythonWatcher = vscode.workspace.createFileSystemWatcher('**/bilder/**/*.py');

  constructor(readonly extension: vscode.ExtensionContext) {
    this.log = vscode.window.createOutputChannel('Bilder', { log: true });
    this.status = new ServerStatus();
    const pyinfraStatus = new PyinfraStatus();
    this.disposables.push(this.packerPluginsStatus);
    this.pyinfra = new PyinfraFeature(this.log, pyinfraStatus);
    this.disposables.push(pyinfraStatus, this.pyinfra);
    this.disposables.push(this.log, this.status, this.serverStopped, this.pythonWatcher);
  }

  async start(): Promise<void> {
    const explorer = new ImagesExplorer(() => this.images());
    this.explorer = explorer;
    this.disposables.push(explorer);
    this.registerCommands(explorer);
    this.builds = registerBuildFeature(this);
    this.disposables.push(this.builds);
    this.disposables.push(
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        void this.client?.sendNotification(TRUST_CHANGED_NOTIFICATION, { trusted: true });
        this.status.running(this.client?.initializeResult?.serverInfo?.version);
        this.log.info('workspace trusted: Packer tools may run now');
      }),
      // The server takes the executable only from machine-level configuration; this setting is machine-scoped, so a
      // workspace's settings cannot change what is sent here.
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration('bilder.packer.path') && !event.affectsConfiguration('bilder.pyinfra.python')) return;
        const packerPath = vscode.workspace.getConfiguration('bilder').get<string>('packer.path') ?? 'packer';
        const pyinfraPython = vscode.workspace.getConfiguration('bilder').get<string>('pyinfra.python') ?? '';
        void this.client?.sendNotification(MACHINE_SETTINGS_NOTIFICATION, { packerPath, pyinfraPython });
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
    this.pyinfra.attach(client);
    client.onNotification(PACKER_PLUGINS_NOTIFICATION, (params: PackerPluginsParams) => this.packerPluginsStatus.show(params));
    client.onDidChangeState(({ newState }) => {
      if (newState === State.Running) this.status.running(client.initializeResult?.serverInfo?.version);
      else this.status.clientState(newState);
      if (newState === State.Stopped) this.serverStopped.fire();
    });
    try {
      await client.start();
      this.status.running(client.initializeResult?.serverInfo?.version);
      // The Images view asked before the server could answer.
      this.explorer?.refresh();
    } catch (error) {
      this.status.failed(error instanceof Error ? error.message : String(error));
      this.log.error(`Bilder language server failed to start: ${String(error)}`);
    }
  }

  /** Every image the server finds in the workspace folders: the Images view's list, the same the Build Image picker shows. */
  async images(): Promise<BuildImage[]> {
    if (!this.client?.isRunning()) throw new Error('the Bilder language server is not running');
    const roots = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file').map((folder) => folder.uri.fsPath);
    return this.client.sendRequest<BuildImage[]>(BUILD_IMAGES_REQUEST, { roots } satisfies BuildImagesParams);
  }

  private registerCommands(explorer: ImagesExplorer): void {
    const server = {
      'bilder.restartServer': async () => {
        await this.client?.stop().catch(() => undefined);
        this.client = undefined;
        await this.startClient();
      },
      'bilder.showLog': () => this.log.show(true),
    };
    this.disposables.push(registerCommandTable(packerCommands(this), editingCommands(this), server, explorer.commands()));
  }

  async dispose(): Promise<void> {
    await this.client?.stop().catch(() => undefined);
    for (const disposable of this.disposables.reverse()) disposable.dispose();
  }
}
