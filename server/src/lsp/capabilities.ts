import { CodeActionKind, TextDocumentSyncKind } from 'vscode-languageserver';
import type { ServerCapabilities } from 'vscode-languageserver';
import { semanticTokensLegend } from '../packer/semanticTokens';
import { SERVER_COMMANDS } from '../../../protocol';

export function serverCapabilities(): ServerCapabilities {
  return {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
    documentSymbolProvider: { label: 'Bilder' },
    foldingRangeProvider: true,
    completionProvider: { triggerCharacters: ['.', '"', '/', ' ', '('], resolveProvider: false },
    hoverProvider: true,
    signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: [','] },
    definitionProvider: true,
    referencesProvider: true,
    renameProvider: { prepareProvider: true },
    documentHighlightProvider: true,
    documentLinkProvider: { resolveProvider: false },
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
    codeLensProvider: { resolveProvider: false },
    inlayHintProvider: { resolveProvider: false },
    documentFormattingProvider: true,
    executeCommandProvider: { commands: Object.values(SERVER_COMMANDS) },
    workspaceSymbolProvider: true,
    semanticTokensProvider: { legend: semanticTokensLegend, full: true },
    workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
  };
}
