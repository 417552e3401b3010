// didSave: the file on disk now matches the buffer; its service decides what that means (Packer files: validate).
import type { Connection } from 'vscode-languageserver';
import type { HandlerContext } from './context';
import { guarded } from './guard';

export function registerDidSave(connection: Connection, context: HandlerContext): void {
  connection.onDidSaveTextDocument(
    guarded(context.logger, 'didSave', undefined, ({ textDocument }) => context.serviceFor(textDocument.uri)?.saved?.(textDocument.uri)),
  );
}
