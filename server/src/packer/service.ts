// The LanguageService for Packer templates and variable files: every feature sees the document's directory as one
// configuration, through the workspace index.
import type { Diagnostic, DocumentHighlight, Location, WorkspaceEdit } from 'vscode-languageserver';
import { DocumentHighlightKind, ResponseError } from 'vscode-languageserver';
import type { DocumentSnapshot, LanguageService } from '../languages/service';
import type { PyinfraLinks } from '../pyinfra/links';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import type { FormatResult } from '../hcl/format';
import type { Settings } from '../settings';
import { completionNeedsDirectory, packerCompletion, warmPackerCompletion } from './completion';
import { cursorContext } from './cursorContext';
import { createDeployLinkFeatures } from './deployLinks';
import { packerDiagnostics } from './diagnostics';
import { PluginEnvironment } from './schema/pluginEnvironment';
import type { PluginEnvironmentStatus } from './schema/pluginEnvironment';
import { packerHover, packerSignatureHelp } from './hover';
import { packerInlayHints } from './inlayHints';
import { buildFileModel } from './model';
import type { FileKind, PackerFileModel } from './model';
import { isValidName, occurrences, symbolAt } from './navigation';
import { documentSymbols, foldingRanges } from './outline';
import { createPathRootFeatures } from './pathRootFiles';
import { quickFixActions } from './quickFixes';
import { referenceLenses } from './referenceLenses';
import { packerSemanticTokens } from './semanticTokens';
import { workspaceSymbols } from './workspaceSymbols';

export interface PackerServiceDependencies {
  workspace: WorkspaceIndex;
  /** The engine's reader of the deploys templates run, shared with the PyInfra service. */
  links: PyinfraLinks;
  reanalyze(uris: readonly string[]): void;
  /** Told of background work whose result will ask for a reanalysis (`bilder check` waits for it). */
  background?(work: Promise<unknown>): void;
  /** What quick fixes, inlay hints and lenses need beyond the directory; without it they answer nothing. */
  editing?: EditingDependencies;
  /** An editor is attached: warm completion's code paths after the first analysis, before anyone types. */
  warmCompletion?: boolean;
}

export interface EditingDependencies {
  /** A file of the directory as Bilder sees it: the open buffer, else the file on disk. */
  textOf(uri: string): Promise<string | undefined>;
  /** The native `packer fmt`, which keeps fixed files formatted. */
  format(text: string): FormatResult;
  settings(): Settings;
}

/** The Packer service's plugin calls, or undefined for another service. */
export interface PackerPluginsService {
  /** Hears which plugin releases the schema covers and which are installed, now and whenever that changes. */
  onPackerPluginsChanged(listener: (status: PluginEnvironmentStatus) => void): void;
}

export function asPackerPluginsService(service: LanguageService | undefined): PackerPluginsService | undefined {
  return service && 'onPackerPluginsChanged' in service ? (service as unknown as PackerPluginsService) : undefined;
}

export function createPackerService({ workspace, links, reanalyze, background, editing, warmCompletion }: PackerServiceDependencies): LanguageService & PackerPluginsService {
  // Installed plugin binaries, read from their folders (never run): a newer release than the schema's makes its
  // unknown attributes information. Documents analysed before the folders were read are analysed again after.
  const plugins = new PluginEnvironment();
  const analysedBeforeScan = new Set<string>();
  plugins.onChanged(() => {
    const uris = [...analysedBeforeScan];
    analysedBeforeScan.clear();
    if (uris.length > 0) reanalyze(uris);
  });
  background?.(plugins.refresh());
  const deployLinks = createDeployLinkFeatures({ links, reanalyze, background });
  // A one-shot check never completes anything: it skips the warm-up (about 160 ms of CPU).
  let completionWarmed = warmCompletion !== true;
  const pathRootFiles = createPathRootFeatures(reanalyze);
  const modelOf = (snapshot: DocumentSnapshot): PackerFileModel | undefined => {
    if (!snapshot.tree || (snapshot.kind !== 'packer' && snapshot.kind !== 'packervars')) return undefined;
    const cached = workspace.cachedOpenModel(snapshot.document.uri, snapshot.document.version);
    if (cached) return cached;
    const model = buildFileModel(snapshot.document, snapshot.tree, snapshot.kind as FileKind, workspace.lastOpenModel(snapshot.document.uri));
    if (workspace.rememberOpenModel(snapshot.document.uri, snapshot.document.version, model)) {
      // What this file declares or uses changed: its open siblings' diagnostics may change too.
      const siblings = workspace.openSiblings(snapshot.document.uri);
      if (siblings.length > 0) reanalyze(siblings);
    }
    return model;
  };
  const currentContext = (snapshot: DocumentSnapshot) => {
    const model = modelOf(snapshot);
    if (!model || !snapshot.tree) return undefined;
    return { model, tree: snapshot.tree, configuration: workspace.configurationFor(snapshot.document.uri, model) };
  };
  /** Requests wait for the directory's files to be read, so their answers cover the whole configuration. */
  const contextOf = async (snapshot: DocumentSnapshot) => {
    if (!workspace.configurationFor(snapshot.document.uri).complete) {
      await workspace.directoryLoaded(snapshot.document.uri);
      // The request's tree is its own copy, so it stays valid; but an answer for an edited document would be stale.
      if (!workspace.isCurrent(snapshot.document.uri, snapshot.document.version)) return undefined;
    }
    return currentContext(snapshot);
  };

  return {
    onPackerPluginsChanged: (listener) => plugins.onChanged(listener),

    diagnose(snapshot): Diagnostic[] {
      const context = currentContext(snapshot);
      if (!context) return [];
      if (!plugins.ready()) analysedBeforeScan.add(snapshot.document.uri);
      if (!completionWarmed) {
        completionWarmed = true;
        // After the first analysis, when the person has not started typing yet.
        setImmediate(warmPackerCompletion);
      }
      return [
        ...packerDiagnostics({ document: snapshot.document, ...context, installedPlugins: plugins.installed() }),
        ...deployLinks.hints(snapshot.document, context.tree),
        ...pathRootFiles.diagnostics(snapshot.document, context.model, context.tree),
      ];
    },

    async codeActions(snapshot, params) {
      const context = editing && (await contextOf(snapshot));
      if (!editing || !context) return undefined;
      const inFile = () => packerDiagnostics({ document: snapshot.document, ...context });
      return quickFixActions({ document: snapshot.document, ...context, textOf: editing.textOf, format: editing.format }, params.context.diagnostics, inFile);
    },

    async inlayHints(snapshot, params) {
      if (!editing?.settings().inlayHints.variableValues) return undefined;
      const context = await contextOf(snapshot);
      if (!context) return undefined;
      const selectedVarFiles = editing.settings().validate.varFiles;
      return packerInlayHints({ model: context.model, configuration: context.configuration, range: params.range, selectedVarFiles, textOf: editing.textOf });
    },

    async codeLenses(snapshot) {
      if (!editing?.settings().codeLens.referenceCounts) return undefined;
      const context = await contextOf(snapshot);
      return context && referenceLenses(context.model, context.configuration);
    },

    documentSymbols(snapshot) {
      return snapshot.tree ? documentSymbols(snapshot.document, snapshot.tree) : undefined;
    },

    foldingRanges(snapshot) {
      return snapshot.tree ? foldingRanges(snapshot.document, snapshot.tree) : undefined;
    },

    workspaceSymbols(query) {
      return workspaceSymbols(workspace.configurations(), query);
    },

    documentLinks(snapshot) {
      if (!snapshot.tree || snapshot.kind !== 'packer') return undefined;
      const model = modelOf(snapshot);
      const pathLinks = model ? pathRootFiles.links(snapshot.document, model) : [];
      return deployLinks.documentLinks(snapshot.document, snapshot.tree).then((deployLinkList) => [...deployLinkList, ...pathLinks]);
    },

    async completion(snapshot, params) {
      // Reads no tree: right after a keystroke tree-sitter's reparse of half-typed text can take tens of milliseconds,
      // which the analysis that follows pays. The declarations of the last analysis are current enough for the lists.
      const uri = snapshot.document.uri;
      const model = workspace.lastOpenModel(uri) ?? modelOf(snapshot);
      if (!model) return undefined;
      const cursor = cursorContext(snapshot.document.getText(), snapshot.document.offsetAt(params.position));
      let configuration = workspace.configurationFor(uri, model);
      // Only lists of what the directory declares wait for its other files; schema answers come at once.
      if (!configuration.complete && completionNeedsDirectory(cursor, model.kind)) {
        await workspace.directoryLoaded(uri);
        if (!workspace.isCurrent(uri, snapshot.document.version)) return undefined;
        configuration = workspace.configurationFor(uri, workspace.lastOpenModel(uri) ?? model);
      }
      return packerCompletion({ document: snapshot.document, kind: model.kind, position: params.position, configuration, cursor });
    },

    async hover(snapshot, params) {
      const context = await contextOf(snapshot);
      if (!context) return undefined;
      return packerHover({ document: snapshot.document, ...context, position: params.position, installedPlugins: plugins.installed() });
    },

    signatureHelp(snapshot, params) {
      // From the text alone, like completion: `join(` leaves a call open that tree-sitter is slow to recover from.
      return packerSignatureHelp(snapshot.document, undefined, params.position);
    },

    async definition(snapshot, params): Promise<Location[] | undefined> {
      const context = await contextOf(snapshot);
      const symbol = context && symbolAt(context.model, params.position);
      // `NAME=` in environment_vars leads to where the deploys read it.
      if (context && !symbol) return deployLinks.definition(snapshot.document, context.tree, params.position);
      if (!context || !symbol) return undefined;
      const declarations = occurrences(context.configuration, symbol.key).filter((occurrence) => occurrence.declaration);
      return declarations.map((occurrence) => ({ uri: occurrence.uri, range: occurrence.range }));
    },

    async references(snapshot, params): Promise<Location[] | undefined> {
      const context = await contextOf(snapshot);
      const symbol = context && symbolAt(context.model, params.position);
      if (!context || !symbol) return undefined;
      return occurrences(context.configuration, symbol.key)
        .filter((occurrence) => params.context.includeDeclaration || !occurrence.declaration)
        .map((occurrence) => ({ uri: occurrence.uri, range: occurrence.range }));
    },

    async documentHighlight(snapshot, params): Promise<DocumentHighlight[] | undefined> {
      const context = await contextOf(snapshot);
      const symbol = context && symbolAt(context.model, params.position);
      if (!context || !symbol) return undefined;
      return occurrences(context.configuration, symbol.key)
        .filter((occurrence) => occurrence.uri === context.model.uri)
        .map((occurrence) => ({ range: occurrence.range, kind: occurrence.declaration ? DocumentHighlightKind.Write : DocumentHighlightKind.Read }));
    },

    async prepareRename(snapshot, params) {
      const context = await contextOf(snapshot);
      const symbol = context && symbolAt(context.model, params.position);
      if (!context || !symbol) return undefined;
      if (occurrences(context.configuration, symbol.key).every((occurrence) => !occurrence.declaration)) {
        throw new ResponseError(0, `"${symbol.key.name}" is not declared in this configuration directory, so it cannot be renamed.`);
      }
      return { range: symbol.range, placeholder: symbol.key.name };
    },

    async rename(snapshot, params): Promise<WorkspaceEdit | undefined> {
      const context = await contextOf(snapshot);
      const symbol = context && symbolAt(context.model, params.position);
      if (!context || !symbol) return undefined;
      if (!isValidName(params.newName)) throw new ResponseError(0, `"${params.newName}" is not a valid name: use letters, digits, "_" and "-", starting with a letter or "_".`);
      const changes: Record<string, { range: typeof symbol.range; newText: string }[]> = {};
      for (const occurrence of occurrences(context.configuration, symbol.key)) {
        (changes[occurrence.uri] ??= []).push({ range: occurrence.range, newText: params.newName });
      }
      return { changes };
    },

    async semanticTokens(snapshot) {
      const context = await contextOf(snapshot);
      if (!context) return { data: [] };
      return packerSemanticTokens(context.model, context.configuration);
    },
  };
}
