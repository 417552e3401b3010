// The LanguageService for Packer templates and variable files: every feature sees the document's directory as one
// configuration, through the workspace index.
import type { Diagnostic, DocumentHighlight, Location, WorkspaceEdit } from 'vscode-languageserver';
import { DocumentHighlightKind, ResponseError } from 'vscode-languageserver';
import type { DocumentSnapshot, LanguageService } from '../languages/service';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import { packerCompletion } from './completion';
import { createDeployLinkFeatures } from './deployLinks';
import { packerDiagnostics } from './diagnostics';
import { packerHover, packerSignatureHelp } from './hover';
import { buildFileModel } from './model';
import type { FileKind, PackerFileModel } from './model';
import { isValidName, occurrences, symbolAt } from './navigation';
import { packerSemanticTokens } from './semanticTokens';

export interface PackerServiceDependencies {
  workspace: WorkspaceIndex;
  reanalyze(uris: readonly string[]): void;
}

export function createPackerService({ workspace, reanalyze }: PackerServiceDependencies): LanguageService {
  const deployLinks = createDeployLinkFeatures(reanalyze);
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
    diagnose(snapshot): Diagnostic[] {
      const context = currentContext(snapshot);
      if (!context) return [];
      return [...packerDiagnostics({ document: snapshot.document, ...context }), ...deployLinks.hints(snapshot.document, context.tree)];
    },

    documentLinks(snapshot) {
      if (!snapshot.tree || snapshot.kind !== 'packer') return undefined;
      return deployLinks.documentLinks(snapshot.document, snapshot.tree);
    },

    async completion(snapshot, params) {
      const context = await contextOf(snapshot);
      if (!context) return undefined;
      return packerCompletion({ document: snapshot.document, tree: context.tree, kind: context.model.kind, position: params.position, configuration: context.configuration });
    },

    async hover(snapshot, params) {
      const context = await contextOf(snapshot);
      if (!context) return undefined;
      return packerHover({ document: snapshot.document, ...context, position: params.position });
    },

    signatureHelp(snapshot, params) {
      if (!snapshot.tree) return undefined;
      return packerSignatureHelp(snapshot.document, snapshot.tree, params.position);
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
