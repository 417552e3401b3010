import type { Connection } from 'vscode-languageserver';
import type { HandlerContext } from './context';
import { withSnapshot } from './snapshot';

export function registerDocumentSymbol(connection: Connection, context: HandlerContext): void {
  connection.onDocumentSymbol(withSnapshot(context, 'documentSymbol', (service, snapshot) => service.documentSymbols?.(snapshot)));
}
