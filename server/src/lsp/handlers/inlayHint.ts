import type { Connection } from 'vscode-languageserver';
import type { HandlerContext } from './context';
import { withSnapshot } from './snapshot';

export function registerInlayHint(connection: Connection, context: HandlerContext): void {
  connection.languages.inlayHint.on(withSnapshot(context, 'inlayHint', (service, snapshot, params) => service.inlayHints?.(snapshot, params)));
}
