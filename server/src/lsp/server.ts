// The LSP adapter over the engine: builds the engine at initialize, registers one handler per LSP feature, turns
// settings and trust notifications into engine calls, and owns shutdown. All state lives in the engine.
import type { Connection, InitializeParams, InitializeResult } from 'vscode-languageserver';
import { DidChangeConfigurationNotification, MessageType, ShowMessageNotification } from 'vscode-languageserver';
import { Engine } from '../engine';
import { serverCapabilities } from './capabilities';
import { registerHandlers, registerWorkspaceHandlers } from './handlers';
import { watchPackerFiles } from './handlers/didChangeWatchedFiles';
import { indexingProgress } from './handlers/indexingProgress';
import type { Logger } from '../logger';
import { describeError, loggerFor } from '../logger';
import { loadGrammars } from '../parsing/treeSitter';
import { MACHINE_SETTINGS_NOTIFICATION, PACKER_PLUGINS_NOTIFICATION, PYINFRA_STATUS_NOTIFICATION, SELECTED_PYTHON_NOTIFICATION, TRUST_CHANGED_NOTIFICATION } from '../../../protocol';
import type { InitializationOptions, MachineSettingsParams, PackerPluginsParams, PyinfraStatusParams, SelectedPythonParams, TrustChangedParams } from '../../../protocol';
import { asPackerPluginsService } from '../packer/service';
import { asPyinfraService } from '../pyinfra/service';
import { DEFAULT_SETTINGS, parseSettings } from '../settings';
import type { Settings } from '../settings';
import { BILDER_VERSION } from '../version';

export const SERVER_NAME = 'bilder-language-server';
export const SERVER_VERSION = BILDER_VERSION;

export interface LaunchOptions {
  /** `--trusted` on the command line: the workspace may run Packer, for clients that cannot say so themselves. */
  trusted?: boolean;
  /** When the client last sent a message, where the transport can tell (see watchClientArrivals). */
  lastClientArrival?: () => number;
}

export interface RunningServer {
  /** Stops Packer runs (validate killed, builds cancelled, then killed) and background work. */
  stop(): Promise<void>;
}

export function startServer(connection: Connection, launch: LaunchOptions = {}): RunningServer {
  const logger = loggerFor(connection.console);
  let engine: Engine | undefined;
  // The executable Bilder runs comes from the user's machine-level configuration only (initialization options, or
  // VS Code's machine-scoped setting through its own notification), never from workspace/configuration, which a
  // project's own settings file can answer in many editors.
  let machinePackerPath = DEFAULT_SETTINGS.packer.path;
  let machinePyinfraPython = DEFAULT_SETTINGS.pyinfra.python;
  const withMachineSettings = (settings: Settings): Settings => ({
    ...settings,
    packer: { ...settings.packer, path: machinePackerPath },
    pyinfra: { ...settings.pyinfra, python: machinePyinfraPython },
  });
  let pullConfiguration = false;
  let workspaceFolders: string[] = [];
  let watchFiles = false;
  let folderChanges = false;
  let refreshViews: (() => void) | undefined;

  connection.onInitialize(async (params: InitializeParams): Promise<InitializeResult> => {
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    pullConfiguration = params.capabilities.workspace?.configuration === true;
    const initialSettings = options.settings !== undefined ? parseSettings(options.settings) : undefined;
    machinePackerPath = initialSettings?.packer.path ?? DEFAULT_SETTINGS.packer.path;
    machinePyinfraPython = initialSettings?.pyinfra.python ?? DEFAULT_SETTINGS.pyinfra.python;
    engine = await Engine.create({
      logger,
      publishDiagnostics: (uri, diagnostics, version) => {
        void connection.sendDiagnostics({ uri, version, diagnostics });
        // A var file's values show in the templates' inlay hints: those must be asked for again.
        if (uri.endsWith('.pkrvars.hcl')) refreshViews?.();
      },
      warnUser: (message) => void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message }),
      settings: initialSettings,
      // Restricted (no process at all) unless the client or the command line says the workspace is trusted.
      trusted: options.trusted === true || launch.trusted === true,
      lastClientArrival: launch.lastClientArrival,
      interactive: true,
    });
    workspaceFolders = (params.workspaceFolders ?? []).map((folder) => folder.uri);
    if (workspaceFolders.length === 0 && params.rootUri) workspaceFolders = [params.rootUri];
    watchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    folderChanges = params.capabilities.workspace?.workspaceFolders === true;
    refreshViews = editorViewsRefresher(connection, params);
    registerHandlers(connection, engine);
    asPyinfraService(engine.services.python)?.onPyinfraChanged((status: PyinfraStatusParams) => void connection.sendNotification(PYINFRA_STATUS_NOTIFICATION, status));
    asPackerPluginsService(engine.services.packer)?.onPackerPluginsChanged((status: PackerPluginsParams) => void connection.sendNotification(PACKER_PLUGINS_NOTIFICATION, status));
    registerWorkspaceHandlers(connection, engine);
    return { capabilities: serverCapabilities(), serverInfo: { name: SERVER_NAME, version: SERVER_VERSION } };
  });

  connection.onInitialized(() => {
    const codeCache = (globalThis as Record<symbol, unknown>)[Symbol.for('bilder.codeCache')] ?? 'off';
    const trusted = engine?.trusted() !== false;
    logger.info(`${SERVER_NAME} ${SERVER_VERSION} ready (node ${process.version}, workspace ${trusted ? 'trusted' : 'restricted'}, code cache ${String(codeCache)})`);
    if (pullConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'bilder' }).catch(() => undefined);
      void refreshSettings();
    }
    if (watchFiles) void watchPackerFiles(connection);
    void engine?.indexFolders(workspaceFolders, indexingProgress(connection));
    if (folderChanges) {
      connection.workspace.onDidChangeWorkspaceFolders(({ added }) => void engine?.indexFolders(added.map((folder) => folder.uri), indexingProgress(connection)));
    }
  });

  const refreshSettings = async () => {
    try {
      engine?.updateSettings(withMachineSettings(parseSettings(await connection.workspace.getConfiguration('bilder'))));
      refreshViews?.();
    } catch (error) {
      logger.warn(`could not read settings: ${describeError(error)}`);
    }
  };

  connection.onDidChangeConfiguration((change) => {
    if (pullConfiguration) void refreshSettings();
    else {
      engine?.updateSettings(withMachineSettings(parseSettings((change.settings as { bilder?: unknown } | undefined)?.bilder)));
      refreshViews?.();
    }
  });

  connection.onNotification(MACHINE_SETTINGS_NOTIFICATION, (params: MachineSettingsParams) => {
    machinePackerPath = parseSettings({ packer: { path: params.packerPath } }).packer.path;
    if (params.pyinfraPython !== undefined) machinePyinfraPython = parseSettings({ pyinfra: { python: params.pyinfraPython } }).pyinfra.python;
    if (engine) engine.updateSettings(withMachineSettings(engine.settings()));
    logger.info(`packer executable is now "${machinePackerPath}"`);
  });

  connection.onNotification(SELECTED_PYTHON_NOTIFICATION, (params: SelectedPythonParams) => {
    asPyinfraService(engine?.services.python)?.setSelectedPython(typeof params?.interpreter === 'string' && params.interpreter ? params.interpreter : undefined);
  });

  connection.onNotification(TRUST_CHANGED_NOTIFICATION, (params: TrustChangedParams) => {
    engine?.setTrusted(params.trusted === true);
    logger.info(`workspace is now ${params.trusted === true ? 'trusted' : 'restricted'}`);
  });

  // Builds get the user's cancel (Packer cleans up), but only for most of the 2 s VS Code waits for this answer; then
  // they are killed. Validation, timers and the indexing thread stop with the engine.
  connection.onShutdown(() => engine?.dispose(1200));

  // The wasm runtime and both grammars compile while the client's initialize request is still on its way; a failure
  // surfaces when onInitialize awaits the same promise.
  loadGrammars().catch(() => undefined);
  connection.listen();
  return { stop: async () => engine?.dispose(1200) };
}

export function installCrashGuards(logger: Pick<Logger, 'error'>): void {
  // A stray rejection or exception is logged and survived; the editor keeps its server.
  process.on('unhandledRejection', (reason) => logger.error(`unhandled rejection: ${describeError(reason)}`));
  process.on('uncaughtException', (error) => logger.error(`uncaught exception: ${describeError(error)}`));
  // Writing to a closed stdout (editor gone) must end the process quietly, not spin.
  process.stdout.on('error', () => process.exit(0));
}

/** How long a burst of changes (typing in a var file) is let settle before the editor re-asks for hints and lenses. */
const VIEW_REFRESH_DELAY_MS = 300;

/**
 * Inlay hints and code lenses are pulled by the editor; when what they show changes without the template changing
 * (a setting, a var file), the editor must be told to ask again, where it supports being told.
 */
function editorViewsRefresher(connection: Connection, params: InitializeParams): () => void {
  const hints = params.capabilities.workspace?.inlayHint?.refreshSupport === true;
  const lenses = params.capabilities.workspace?.codeLens?.refreshSupport === true;
  let timer: NodeJS.Timeout | undefined;
  return () => {
    if ((!hints && !lenses) || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      if (hints) void connection.languages.inlayHint.refresh().catch(() => undefined);
      if (lenses) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
    }, VIEW_REFRESH_DELAY_MS);
    timer.unref();
  };
}
