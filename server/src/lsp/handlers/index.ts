// Every LSP feature the server answers, one register function per handler file.
import type { Connection } from 'vscode-languageserver';
import { registerCodeAction } from './codeAction';
import { registerCodeLens } from './codeLens';
import { registerCompletion } from './completion';
import type { HandlerContext } from './context';
import { registerDefinition } from './definition';
import { registerDidSave } from './didSave';
import { registerDocumentHighlight } from './documentHighlight';
import { registerDocumentLink } from './documentLink';
import { registerDocumentSync } from './documents';
import { registerDocumentSymbol } from './documentSymbol';
import { registerExecuteCommand } from './executeCommand';
import { registerFoldingRange } from './foldingRange';
import { registerFormatting } from './formatting';
import { registerHover } from './hover';
import { registerInlayHint } from './inlayHint';
import { registerReferences } from './references';
import { registerRename } from './rename';
import { registerSignatureHelp } from './signatureHelp';
import { registerSemanticTokens } from './semanticTokens';
import { registerBuild } from './build';
import { registerDidChangeWatchedFiles } from './didChangeWatchedFiles';
import { registerWorkspaceSymbol } from './workspaceSymbol';

const REGISTRATIONS: ((connection: Connection, context: HandlerContext) => void)[] = [
  registerDocumentSync,
  registerDocumentSymbol,
  registerFoldingRange,
  registerCompletion,
  registerHover,
  registerSignatureHelp,
  registerDefinition,
  registerReferences,
  registerRename,
  registerDocumentHighlight,
  registerDocumentLink,
  registerCodeAction,
  registerCodeLens,
  registerInlayHint,
  registerDidSave,
  registerFormatting,
  registerExecuteCommand,
  registerSemanticTokens,
  registerBuild,
];

export function registerHandlers(connection: Connection, context: HandlerContext): void {
  for (const register of REGISTRATIONS) register(connection, context);
}

/** Handlers that answer from the workspace index rather than one document. */
export function registerWorkspaceHandlers(connection: Connection, context: HandlerContext): void {
  registerWorkspaceSymbol(connection, context);
  registerDidChangeWatchedFiles(connection, context);
}
