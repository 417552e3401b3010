// Shared glue for document requests: find the open document, pick its language service, guard against failures.
import type { CancellationToken, TextDocumentIdentifier } from 'vscode-languageserver';
import { describeError } from '../../logger';
import type { DocumentSnapshot, LanguageService } from '../../languages/service';
import type { HandlerContext } from './context';

export function withSnapshot<P extends { textDocument: TextDocumentIdentifier }, R>(
  context: HandlerContext,
  name: string,
  run: (service: LanguageService, snapshot: DocumentSnapshot, params: P, token: CancellationToken) => R | null | undefined | Promise<R | null | undefined>,
): (params: P, token: CancellationToken) => Promise<R | null> {
  return async (params, token) => {
    let copy: DocumentSnapshot['tree'];
    try {
      const live = context.snapshot(params.textDocument.uri);
      const service = live && context.services[live.kind];
      if (!live || !service) return null;
      // A service may await; a didChange meanwhile deletes the live tree. Its own copy (cheap: shared nodes) stays valid.
      // The copy is taken when the service first reads the tree, so a request that needs none never parses.
      let copied = false;
      const snapshot: DocumentSnapshot = {
        document: live.document,
        kind: live.kind,
        get tree() {
          if (!copied) {
            copied = true;
            copy = live.tree?.copy();
          }
          return copy;
        },
      };
      return (await run(service, snapshot, params, token)) ?? null;
    } catch (error) {
      context.logger.error(`${name} failed: ${describeError(error)}`);
      return null;
    } finally {
      copy?.delete();
    }
  };
}
