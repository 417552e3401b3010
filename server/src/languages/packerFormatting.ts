// Formatting a Packer buffer through `packer fmt` or the native formatter (`bilder.format.engine`). It sits above
// packer/ because `packer fmt` is a process, and processes belong to runner/. Minimal edits keep the cursor in place.
import * as path from 'node:path';
import { formatHcl, minimalEdits } from '../hcl/format';
import type { Logger } from '../logger';
import { formatSource } from '../runner/format';
import type { PackerTool } from '../runner/packer';
import type { FormatEngine, Settings } from '../settings';
import type { OpenDocuments } from '../workspace/openDocuments';
import type { DocumentFormatting, DocumentSnapshot } from './service';

export interface PackerFormattingDependencies {
  documents: OpenDocuments;
  packer: PackerTool;
  logger: Logger;
  settings(): Settings;
  trusted(): boolean;
}

export function packerFormatter(dependencies: PackerFormattingDependencies) {
  return async (snapshot: DocumentSnapshot, engine: FormatEngine, signal?: AbortSignal): Promise<DocumentFormatting> => {
    const { document, tree } = snapshot;
    const text = document.getText();
    if (!tree) return { edits: null, outcome: { kind: 'syntax-error', reason: 'the file is too large or binary to parse' } };
    // tree-sitter already knows: no process and no formatter run for a buffer that does not parse.
    if (tree.rootNode.hasError) return { edits: null, outcome: { kind: 'syntax-error', reason: 'the file has syntax errors (see Problems)' } };
    const settings = dependencies.settings();
    const outcome = await formatSource({
      text,
      fileName: path.basename(document.uri),
      engine,
      packer: dependencies.trusted() ? { tool: dependencies.packer, setting: settings.packer.path } : undefined,
      native: (source) => formatHcl(source, { parse: tree }),
      signal,
    });
    if (outcome.kind !== 'formatted') return { edits: null, outcome };
    // The buffer moved on while the formatter ran: these edits would land in the wrong places.
    if (dependencies.documents.get(document.uri)?.document.version !== document.version) {
      return { edits: null, outcome: { kind: 'skipped', reason: 'the document changed while formatting' } };
    }
    return { edits: outcome.changed ? minimalEdits(text, outcome.text) : [], outcome };
  };
}
