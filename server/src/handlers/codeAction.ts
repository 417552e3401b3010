import type { Connection } from 'vscode-languageserver';
import type { HandlerContext } from './context';
import { withSnapshot } from './snapshot';

export function registerCodeAction(connection: Connection, context: HandlerContext): void {
  connection.onCodeAction(
    withSnapshot(context, 'codeAction', (service, snapshot, params) => service.codeActions?.(snapshot, params)),
  );
}
