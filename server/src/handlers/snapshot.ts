// Shared glue for document requests: find the open document, pick its language service, guard against failures.
import type { CancellationToken, TextDocumentIdentifier } from 'vscode-languageserver';
import { describeError } from '../logger';
import type { DocumentSnapshot, LanguageService } from '../languages/service';
import type { HandlerContext } from './context';

export function snapshotOf(context: HandlerContext, uri: string): DocumentSnapshot | undefined {
  const open = context.documents.get(uri);
  if (!open) return undefined;
  return { document: open.document, kind: open.kind, tree: context.documents.tree(uri) };
}

export function withSnapshot<P extends { textDocument: TextDocumentIdentifier }, R>(
  context: HandlerContext,
  name: string,
  run: (service: LanguageService, snapshot: DocumentSnapshot, params: P, token: CancellationToken) => R | null | undefined | Promise<R | null | undefined>,
): (params: P, token: CancellationToken) => Promise<R | null> {
  return async (params, token) => {
    try {
      const snapshot = snapshotOf(context, params.textDocument.uri);
      const service = snapshot && context.services[snapshot.kind];
      if (!snapshot || !service) return null;
      return (await run(service, snapshot, params, token)) ?? null;
    } catch (error) {
      context.logger.error(`${name} failed: ${describeError(error)}`);
      return null;
    }
  };
}
