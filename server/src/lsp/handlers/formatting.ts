// textDocument/formatting through the document's language service (for Packer files: `packer fmt` or the native
// formatter, per `bilder.format.engine`). A file with syntax errors is left alone, and the log says why once, not on
// every save.
import type { CancellationToken, Connection } from 'vscode-languageserver';
import type { DocumentFormatting } from '../../languages/service';
import type { FormatEngine } from '../../settings';
import type { HandlerContext } from './context';

export type { DocumentFormatting } from '../../languages/service';

/** Formats an open buffer; shared by the LSP request, "Format with packer fmt" and "Format All Templates". */
export async function formatOpenDocument(context: HandlerContext, uri: string, engine: FormatEngine, signal?: AbortSignal): Promise<DocumentFormatting> {
  const snapshot = context.snapshot(uri);
  const format = snapshot && context.services[snapshot.kind]?.format;
  if (!snapshot || !format) return { edits: null, outcome: { kind: 'skipped', reason: 'Bilder does not format this kind of file' } };
  // `packer fmt` is awaited; a didChange meanwhile deletes the live tree. Its own copy (cheap: shared nodes) stays valid.
  const tree = snapshot.tree?.copy();
  try {
    return await format({ ...snapshot, tree }, engine, signal);
  } finally {
    tree?.delete();
  }
}

function abortOn(token: CancellationToken): AbortSignal {
  const controller = new AbortController();
  token.onCancellationRequested(() => controller.abort());
  return controller.signal;
}

export function registerFormatting(connection: Connection, context: HandlerContext): void {
  const lastReason = new Map<string, string>();
  connection.onDocumentFormatting(async ({ textDocument }, token) => {
    try {
      const { edits, outcome } = await formatOpenDocument(context, textDocument.uri, context.settings().format.engine, abortOn(token));
      if (outcome.kind === 'formatted') lastReason.delete(textDocument.uri);
      else if (outcome.kind !== 'skipped' && lastReason.get(textDocument.uri) !== outcome.reason) {
        lastReason.set(textDocument.uri, outcome.reason);
        context.logger.warn(`not formatting ${textDocument.uri}: ${outcome.reason}`);
      }
      return edits;
    } catch (error) {
      context.logger.error(`formatting ${textDocument.uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return null;
    }
  });
}
