// The client's share of "the PyInfra the user runs": it tells the server which interpreter the Python extension
// selected (and again whenever that changes), and shows the PyInfra the server reports in the language status item.
// The server does the looking, and only in a trusted workspace.
import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';
import type { LanguageClient } from 'vscode-languageclient/node';
import { PYINFRA_STATUS_NOTIFICATION, SELECTED_PYTHON_NOTIFICATION } from '../../protocol';
import type { PyinfraStatusParams, SelectedPythonParams } from '../../protocol';
import type { PyinfraStatus } from './status';

const PYTHON_EXTENSION = 'ms-python.python';

/** The parts of the Python extension's public API this file uses (its `environments` API, stable since 2023). */
interface PythonExtensionApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { path: string };
    resolveEnvironment(environment: { path: string } | string): Promise<{ executable: { uri?: vscode.Uri } } | undefined>;
    onDidChangeActiveEnvironmentPath: vscode.Event<unknown>;
  };
}

export class PyinfraFeature implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private client: LanguageClient | undefined;
  private api: PythonExtensionApi | undefined;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly status: PyinfraStatus,
  ) {}

  /** Called for every language client started (a restart makes a new one). */
  attach(client: LanguageClient): void {
    this.client = client;
    this.disposables.push(client.onNotification(PYINFRA_STATUS_NOTIFICATION, (params: PyinfraStatusParams) => this.status.show(params)));
    // A notification sent before the server runs is lost: tell it once it is up (again after a restart).
    this.disposables.push(
      client.onDidChangeState(({ newState }) => {
        if (newState === State.Running) void this.watchSelectedInterpreter().then(() => this.sendSelected());
      }),
    );
  }

  private async watchSelectedInterpreter(): Promise<void> {
    if (this.api) return;
    const extension = vscode.extensions.getExtension<PythonExtensionApi>(PYTHON_EXTENSION);
    if (!extension) return;
    try {
      this.api = extension.isActive ? extension.exports : await extension.activate();
      const event = this.api?.environments?.onDidChangeActiveEnvironmentPath;
      if (event) this.disposables.push(event(() => void this.sendSelected()));
    } catch (error) {
      this.log.warn(`the Python extension did not say which interpreter it selected: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async selectedInterpreter(): Promise<string | undefined> {
    const environments = this.api?.environments;
    if (!environments) return undefined;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const active = environments.getActiveEnvironmentPath(folder);
    const resolved = await environments.resolveEnvironment(active).catch(() => undefined);
    return resolved?.executable.uri?.fsPath;
  }

  private async sendSelected(): Promise<void> {
    const interpreter = await this.selectedInterpreter().catch(() => undefined);
    const params: SelectedPythonParams = interpreter ? { interpreter } : {};
    if (interpreter) this.log.info(`the Python extension selected ${interpreter}`);
    await this.client?.sendNotification(SELECTED_PYTHON_NOTIFICATION, params).catch(() => undefined);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
