// didOpen / didChange / didClose: keep buffers and trees current and ask for a fresh analysis.
import type { Connection } from 'vscode-languageserver';
import type { HandlerContext } from './context';
import { guarded } from './guard';

export function registerDocumentSync(connection: Connection, { documents, diagnostics, analysis, workspace, logger }: HandlerContext): void {
  connection.onDidOpenTextDocument(
    guarded(logger, 'didOpen', undefined, ({ textDocument }) => {
      if (documents.open(textDocument.uri, textDocument.languageId, textDocument.version, textDocument.text)) {
        analysis.schedule(textDocument.uri);
      }
    }),
  );
  connection.onDidChangeTextDocument(
    guarded(logger, 'didChange', undefined, ({ textDocument, contentChanges }) => {
      if (documents.change(textDocument.uri, textDocument.version, contentChanges)) analysis.schedule(textDocument.uri);
    }),
  );
  connection.onDidCloseTextDocument(
    guarded(logger, 'didClose', undefined, ({ textDocument }) => {
      analysis.cancel(textDocument.uri);
      documents.close(textDocument.uri);
      diagnostics.clear(textDocument.uri);
      // The directory now sees the file as it is on disk, not the closed buffer: its open siblings may read differently.
      workspace.forgetOpenModel(textDocument.uri);
      const siblings = workspace.openSiblings(textDocument.uri);
      if (siblings.length > 0) analysis.rescheduleAll(siblings);
    }),
  );
}
