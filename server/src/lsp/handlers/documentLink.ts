import type { Connection } from 'vscode-languageserver';
import type { HandlerContext } from './context';
import { withSnapshot } from './snapshot';

export function registerDocumentLink(connection: Connection, context: HandlerContext): void {
  connection.onDocumentLinks(
    withSnapshot(context, 'documentLink', (service, snapshot, params) => service.documentLinks?.(snapshot, params)),
  );
}
