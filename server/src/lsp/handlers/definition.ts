import type { Connection } from 'vscode-languageserver';
import type { HandlerContext } from './context';
import { withSnapshot } from './snapshot';

export function registerDefinition(connection: Connection, context: HandlerContext): void {
  connection.onDefinition(
    withSnapshot(context, 'definition', (service, snapshot, params) => service.definition?.(snapshot, params)),
  );
}
