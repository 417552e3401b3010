// Composition root: builds the services once, registers one handler per LSP feature, and owns shutdown.
import type { Connection, InitializeParams, InitializeResult } from 'vscode-languageserver';
import { DidChangeConfigurationNotification } from 'vscode-languageserver';
import { AnalysisScheduler } from '../analysis/scheduler';
import { stopRunningBuilds } from '../imageBuilds/session';
import { serverCapabilities } from './capabilities';
import { DiagnosticsStore } from '../diagnostics/store';
import type { HandlerContext } from './handlers/context';
import { registerHandlers, registerWorkspaceHandlers } from './handlers';
import { watchPackerFiles } from './handlers/didChangeWatchedFiles';
import { indexingProgress } from './handlers/indexingProgress';
import { createLanguageServices } from '../languages';
import type { LanguageServices } from '../languages/service';
import type { Logger } from '../logger';
import { describeError, loggerFor } from '../logger';
import { createParsers, loadGrammars } from '../parsing/treeSitter';
import { TRUST_CHANGED_NOTIFICATION } from '../../../protocol';
import { packerSession } from '../validate/session';
import type { InitializationOptions, TrustChangedParams } from '../../../protocol';
import { DEFAULT_SETTINGS, parseSettings } from '../settings';
import type { Settings } from '../settings';
import { OpenDocuments } from '../workspace/openDocuments';
import { WorkspaceIndex } from '../workspace/workspaceIndex';
import { BILDER_VERSION } from '../version';

export const SERVER_NAME = 'bilder-language-server';
export const SERVER_VERSION = BILDER_VERSION;

export function startServer(connection: Connection): void {
  const logger = loggerFor(connection.console);
  let context: HandlerContext | undefined;
  let settings: Settings = DEFAULT_SETTINGS;
  let trusted = true;
  let pullConfiguration = false;
  let workspace: WorkspaceIndex | undefined;
  let workspaceFolders: string[] = [];
  let watchFiles = false;
  let folderChanges = false;

  connection.onInitialize(async (params: InitializeParams): Promise<InitializeResult> => {
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    trusted = options.trusted !== false;
    if (options.settings !== undefined) settings = parseSettings(options.settings);
    pullConfiguration = params.capabilities.workspace?.configuration === true;

    const parsers = await createParsers();
    const documents = new OpenDocuments(parsers, { maxAnalysedBytes: () => settings.analysis.maxFileSizeKB * 1024 });
    const diagnostics = new DiagnosticsStore(
      { publish: (uri, list, version) => void connection.sendDiagnostics({ uri, version, diagnostics: list }) },
      settings.diagnostics.disabled,
    );
    let services: LanguageServices = {};
    const analysis = new AnalysisScheduler(documents, diagnostics, logger, () => services);
    workspace = new WorkspaceIndex({ documents, parser: parsers.hcl, logger, reanalyze: (uris) => analysis.rescheduleAll(uris) });
    workspaceFolders = (params.workspaceFolders ?? []).map((folder) => folder.uri);
    if (workspaceFolders.length === 0 && params.rootUri) workspaceFolders = [params.rootUri];
    watchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    folderChanges = params.capabilities.workspace?.workspaceFolders === true;
    services = createLanguageServices({
      workspace,
      documents,
      logger,
      settings: () => settings,
      trusted: () => trusted,
      reanalyze: (uris) => analysis.rescheduleAll(uris),
    });
    context = { documents, diagnostics, analysis, services, workspace, logger, settings: () => settings, trusted: () => trusted };
    registerHandlers(connection, context);
    registerWorkspaceHandlers(connection, context, workspace);
    return { capabilities: serverCapabilities(), serverInfo: { name: SERVER_NAME, version: SERVER_VERSION } };
  });

  connection.onInitialized(() => {
    const codeCache = (globalThis as Record<symbol, unknown>)[Symbol.for('bilder.codeCache')] ?? 'off';
    logger.info(`${SERVER_NAME} ${SERVER_VERSION} ready (node ${process.version}, workspace ${trusted ? 'trusted' : 'restricted'}, code cache ${String(codeCache)})`);
    if (pullConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'bilder' }).catch(() => undefined);
      void refreshSettings();
    }
    if (watchFiles) void watchPackerFiles(connection);
    void workspace?.indexFolders(workspaceFolders, indexingProgress(connection));
    if (folderChanges) {
      connection.workspace.onDidChangeWorkspaceFolders(({ added }) => void workspace?.indexFolders(added.map((folder) => folder.uri), indexingProgress(connection)));
    }
  });

  const applySettings = (next: Settings) => {
    // Documents that crossed the size limit either way are parsed again (or their tree is dropped).
    if (next.analysis.maxFileSizeKB !== settings.analysis.maxFileSizeKB) context?.documents.invalidateTrees();
    settings = next;
    context?.diagnostics.setDisabled(settings.diagnostics.disabled);
    context?.analysis.rescheduleAll();
  };

  const refreshSettings = async () => {
    try {
      applySettings(parseSettings(await connection.workspace.getConfiguration('bilder')));
    } catch (error) {
      logger.warn(`could not read settings: ${describeError(error)}`);
    }
  };

  connection.onDidChangeConfiguration((change) => {
    if (pullConfiguration) void refreshSettings();
    else applySettings(parseSettings((change.settings as { bilder?: unknown } | undefined)?.bilder));
  });

  connection.onNotification(TRUST_CHANGED_NOTIFICATION, (params: TrustChangedParams) => {
    trusted = params.trusted === true;
    logger.info(`workspace is now ${trusted ? 'trusted' : 'restricted'}`);
  });

  connection.onShutdown(async () => {
    // Kills a running `packer validate` and its timers, so closing the editor leaves no process behind.
    if (context) packerSession(connection, context).validation.dispose();
    // Builds get the user's cancel (Packer cleans up), but only for most of the 2 s VS Code waits for this answer;
    // then they are killed.
    await stopRunningBuilds(1200);
    context?.analysis.dispose();
    context?.documents.dispose();
    workspace?.dispose();
  });

  // The wasm runtime and both grammars compile while the client's initialize request is still on its way; a failure
  // surfaces when onInitialize awaits the same promise.
  loadGrammars().catch(() => undefined);
  connection.listen();
}

export function installCrashGuards(logger: Pick<Logger, 'error'>): void {
  // A stray rejection or exception is logged and survived; the editor keeps its server.
  process.on('unhandledRejection', (reason) => logger.error(`unhandled rejection: ${describeError(reason)}`));
  process.on('uncaughtException', (error) => logger.error(`uncaught exception: ${describeError(error)}`));
  // Writing to a closed stdout (editor gone) must end the process quietly, not spin.
  process.stdout.on('error', () => process.exit(0));
}
