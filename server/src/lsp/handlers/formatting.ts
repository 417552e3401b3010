// textDocument/formatting through `packer fmt` or Bilder's native formatter (`bilder.format.engine`). Minimal edits
// keep the cursor where it is; a file with syntax errors is left alone, and the log says why once, not on every save.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CancellationToken, Connection, TextEdit } from 'vscode-languageserver';
import { formatHcl, minimalEdits } from '../../hcl/format';
import type { FormatEngine } from '../../settings';
import { formatSource } from '../../runner/format';
import type { FormatOutcome } from '../../runner/format';
import { packerSession } from '../../validate/session';
import type { HandlerContext } from './context';

export interface DocumentFormatting {
  edits: TextEdit[] | null;
  outcome: FormatOutcome | { kind: 'skipped'; reason: string };
}

function directoryOf(uri: string): string {
  try {
    return path.dirname(fileURLToPath(uri));
  } catch {
    return process.cwd();
  }
}

/** Formats an open buffer; shared by the LSP request and "Bilder: Format with packer fmt". */
export async function formatOpenDocument(
  connection: Connection,
  context: HandlerContext,
  uri: string,
  engine: FormatEngine,
  signal?: AbortSignal,
): Promise<DocumentFormatting> {
  const open = context.documents.get(uri);
  if (!open || (open.kind !== 'packer' && open.kind !== 'packervars')) return { edits: null, outcome: { kind: 'skipped', reason: 'not a Packer file' } };
  const { document } = open;
  const text = document.getText();
  const tree = context.documents.tree(uri);
  if (!tree) return { edits: null, outcome: { kind: 'syntax-error', reason: 'the file is too large or binary to parse' } };
  // tree-sitter already knows: no process and no formatter run for a buffer that does not parse.
  if (tree.rootNode.hasError) return { edits: null, outcome: { kind: 'syntax-error', reason: 'the file has syntax errors (see Problems)' } };
  const settings = context.settings();
  const outcome = await formatSource({
    text,
    fileName: path.basename(uri),
    engine,
    packer: context.trusted() ? { tool: packerSession(connection, context).packer, setting: settings.packer.path, cwd: directoryOf(uri) } : undefined,
    native: (source) => formatHcl(source, { parse: tree }),
    signal,
  });
  if (outcome.kind !== 'formatted') return { edits: null, outcome };
  // The buffer moved on while the formatter ran: these edits would land in the wrong places.
  if (context.documents.get(uri)?.document.version !== document.version) return { edits: null, outcome: { kind: 'skipped', reason: 'the document changed while formatting' } };
  return { edits: outcome.changed ? minimalEdits(text, outcome.text) : [], outcome };
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
      const { edits, outcome } = await formatOpenDocument(connection, context, textDocument.uri, context.settings().format.engine, abortOn(token));
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
