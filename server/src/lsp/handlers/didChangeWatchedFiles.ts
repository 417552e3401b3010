// workspace/didChangeWatchedFiles: keeps the index of closed Packer files current when they change on disk.
import type { Connection } from 'vscode-languageserver';
import { DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver';
import { describeError } from '../../logger';
import type { HandlerContext } from './context';

export const WATCHED_PACKER_FILES = ['**/*.pkr.hcl', '**/*.pkrvars.hcl'];

export function registerDidChangeWatchedFiles(connection: Connection, context: HandlerContext): void {
  connection.onDidChangeWatchedFiles(({ changes }) => {
    for (const change of changes) {
      context.workspace.fileChanged(change.uri, change.type === FileChangeType.Deleted).catch((error: unknown) => {
        context.logger.error(`re-indexing ${change.uri} failed: ${describeError(error)}`);
      });
    }
  });
}

/** Asks the client to watch Packer files (when it supports dynamic registration of file watchers). */
export function watchPackerFiles(connection: Connection): Promise<unknown> {
  return connection.client
    .register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_PACKER_FILES.map((globPattern) => ({ globPattern })) })
    .catch(() => undefined);
}
