import type { Connection } from 'vscode-languageserver';
import type { HandlerContext } from './context';
import { withSnapshot } from './snapshot';

export function registerSignatureHelp(connection: Connection, context: HandlerContext): void {
  connection.onSignatureHelp(
    withSnapshot(context, 'signatureHelp', (service, snapshot, params) => service.signatureHelp?.(snapshot, params)),
  );
}
