import type { Connection } from 'vscode-languageserver';
import type { HandlerContext } from './context';
import { withSnapshot } from './snapshot';

export function registerReferences(connection: Connection, context: HandlerContext): void {
  connection.onReferences(
    withSnapshot(context, 'references', (service, snapshot, params) => service.references?.(snapshot, params)),
  );
}
