import type { Connection } from 'vscode-languageserver';
import type { HandlerContext } from './context';
import { withSnapshot } from './snapshot';

export function registerCodeLens(connection: Connection, context: HandlerContext): void {
  connection.onCodeLens(withSnapshot(context, 'codeLens', (service, snapshot, params) => service.codeLenses?.(snapshot, params)));
}
