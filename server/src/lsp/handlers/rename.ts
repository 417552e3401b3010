import type { Connection } from 'vscode-languageserver';
import type { HandlerContext } from './context';
import { withSnapshot } from './snapshot';

export function registerRename(connection: Connection, context: HandlerContext): void {
  connection.onPrepareRename(withSnapshot(context, 'prepareRename', (service, snapshot, params) => service.prepareRename?.(snapshot, params)));
  connection.onRenameRequest(withSnapshot(context, 'rename', (service, snapshot, params) => service.rename?.(snapshot, params)));
}
