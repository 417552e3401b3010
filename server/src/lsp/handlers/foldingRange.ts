import type { Connection } from 'vscode-languageserver';
import { foldingRanges } from '../../packer/outline';
import type { HandlerContext } from './context';
import { guarded } from './guard';

export function registerFoldingRange(connection: Connection, { documents, logger }: HandlerContext): void {
  connection.onFoldingRanges(
    guarded(logger, 'foldingRange', null, ({ textDocument }) => {
      const open = documents.get(textDocument.uri);
      const tree = documents.tree(textDocument.uri);
      if (!open || !tree || open.kind === 'python') return null;
      return foldingRanges(open.document, tree);
    }),
  );
}
