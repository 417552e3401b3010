import type { Connection } from 'vscode-languageserver';
import type { HandlerContext } from './context';
import { withSnapshot } from './snapshot';

export function registerDocumentHighlight(connection: Connection, context: HandlerContext): void {
  connection.onDocumentHighlight(
    withSnapshot(context, 'documentHighlight', (service, snapshot, params) => service.documentHighlight?.(snapshot, params)),
  );
}
