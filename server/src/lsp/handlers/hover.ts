import type { Connection } from 'vscode-languageserver';
import type { HandlerContext } from './context';
import { withSnapshot } from './snapshot';

export function registerHover(connection: Connection, context: HandlerContext): void {
  connection.onHover(
    withSnapshot(context, 'hover', (service, snapshot, params) => service.hover?.(snapshot, params)),
  );
}
