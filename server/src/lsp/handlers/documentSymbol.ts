import type { Connection } from 'vscode-languageserver';
import { documentSymbols } from '../../packer/outline';
import type { HandlerContext } from './context';
import { guarded } from './guard';

export function registerDocumentSymbol(connection: Connection, { documents, logger }: HandlerContext): void {
  connection.onDocumentSymbol(
    guarded(logger, 'documentSymbol', null, ({ textDocument }) => {
      const open = documents.get(textDocument.uri);
      const tree = documents.tree(textDocument.uri);
      if (!open || !tree || open.kind === 'python') return null;
      return documentSymbols(open.document, tree);
    }),
  );
}
