import type { Connection } from 'vscode-languageserver';
import type { HandlerContext } from './context';
import { withSnapshot } from './snapshot';

export function registerFoldingRange(connection: Connection, context: HandlerContext): void {
  connection.onFoldingRanges(withSnapshot(context, 'foldingRange', (service, snapshot) => service.foldingRanges?.(snapshot)));
}
