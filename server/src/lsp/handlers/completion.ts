import type { Connection } from 'vscode-languageserver';
import type { HandlerContext } from './context';
import { withSnapshot } from './snapshot';

export function registerCompletion(connection: Connection, context: HandlerContext): void {
  connection.onCompletion(
    withSnapshot(context, 'completion', (service, snapshot, params, token) => service.completion?.(snapshot, params, token)),
  );
}
