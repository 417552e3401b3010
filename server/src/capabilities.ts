import { TextDocumentSyncKind } from 'vscode-languageserver';
import type { ServerCapabilities } from 'vscode-languageserver';

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
    codeActionProvider: true,
    workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
  };
}
