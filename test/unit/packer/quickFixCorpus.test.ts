// Every kind of quick fix Bilder offers on the real-world corpus, applied: the result parses and a file that was
// `packer fmt`-clean stays clean. Templates are analysed in their directories, and once more alone
// (as a single file opened from a clone), which is where undeclared variables, the most common fix, appear.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { formatHcl } from '../../../server/src/hcl/format';
import { syntaxDiagnostics } from '../../../server/src/hcl/syntax';
import { PackerConfiguration } from '../../../server/src/packer/configuration';
import { packerDiagnostics } from '../../../server/src/packer/diagnostics';
import { buildFileModel } from '../../../server/src/packer/model';
import type { FileKind, PackerFileModel } from '../../../server/src/packer/model';
import { QUICK_FIXES, quickFixActions } from '../../../server/src/packer/quickFixes';
import { createParsers } from '../../../server/src/parsing/treeSitter';
import type { Parsers } from '../../../server/src/parsing/treeSitter';
import { CORPUS_DIR, SKIP_WITHOUT_SHARED, corpusDirectories } from '../../helpers/shared';

/** Enough of each kind per file to cover the variety without applying thousands of near-identical fixes. */
const FIXES_PER_CODE_AND_FILE = 1;
const FIXED_CODES = new Set(QUICK_FIXES.flatMap((fix) => fix.codes));

interface LoadedFile {
  document: TextDocument;
  model: PackerFileModel;
}

describe('quick fixes on the real-world corpus', { skip: SKIP_WITHOUT_SHARED }, () => {
  it('leave every fixed file parsing and formatted as packer fmt would', async () => {
    const parsers = await createParsers();
    const applied = new Map<string, number>();
    const problems: string[] = [];
    for (const [directory, entries] of corpusDirectories()) {
      const files: LoadedFile[] = entries.map((entry) => {
        const text = readFileSync(path.join(CORPUS_DIR, entry.local), 'utf8');
        const kind: FileKind = entry.base.endsWith('.pkrvars.hcl') ? 'packervars' : 'packer';
        const document = TextDocument.create(`file:///corpus/${directory}/${entry.base}`, kind, 0, text);
        const tree = parsers.hcl.parse(text);
        const model = buildFileModel(document, tree, kind);
        tree.delete();
        return { document, model };
      });
      const together = new PackerConfiguration(directory, files.map((file) => file.model), true);
      for (const file of files) {
        if (file.model.kind !== 'packer') continue;
        const alone = new PackerConfiguration(directory, [file.model], true);
        for (const configuration of files.length > 1 ? [together, alone] : [together]) {
          await checkFixes(parsers, file, files, configuration, applied, problems);
        }
      }
    }
    const total = [...applied.values()].reduce((sum, count) => sum + count, 0);
    console.log(`quick fixes applied on the corpus: ${[...applied].map(([code, count]) => `${code} ${count}`).join(', ')}`);
    assert.deepEqual(problems.slice(0, 20), []);
    assert.ok(total > 100, `only ${total} fixes were exercised`);
    for (const code of ['reference/undeclared-variable', 'variables/unused-variable', 'variables/unused-local']) assert.ok(applied.get(code), `no ${code} fix was applied`);
  });
});

async function checkFixes(parsers: Parsers, file: LoadedFile, files: readonly LoadedFile[], configuration: PackerConfiguration, applied: Map<string, number>, problems: string[]) {
  const { document, model } = file;
  const tree = parsers.hcl.parse(document.getText());
  try {
    const diagnostics = packerDiagnostics({ document, tree, model, configuration });
    const perCode = new Map<string, number>();
    const context = {
      document,
      tree,
      model,
      configuration,
      textOf: async (uri: string) => files.find((candidate) => candidate.document.uri === uri)?.document.getText(),
      format: (text: string) => formatHcl(text, { parse: parsers.hcl }),
    };
    for (const diagnostic of diagnostics) {
      const code = String(diagnostic.code);
      if (!FIXED_CODES.has(code) || (perCode.get(code) ?? 0) >= FIXES_PER_CODE_AND_FILE) continue;
      perCode.set(code, (perCode.get(code) ?? 0) + 1);
      for (const action of await quickFixActions(context, [diagnostic], () => diagnostics)) {
        const problem = checkAction(parsers, action, files, diagnostic);
        if (problem) problems.push(`${document.uri} ${code} "${action.title}": ${problem}`);
        else applied.set(code, (applied.get(code) ?? 0) + 1);
      }
    }
  } finally {
    tree.delete();
  }
}

function checkAction(parsers: Parsers, action: CodeAction, files: readonly LoadedFile[], fixed: Diagnostic): string | undefined {
  for (const [uri, edits] of Object.entries(action.edit?.changes ?? {})) {
    const file = files.find((candidate) => candidate.document.uri === uri);
    if (!file) return `edits a file outside the directory: ${uri}`;
    const before = file.document.getText();
    const after = TextDocument.applyEdits(file.document, edits);
    const tree = parsers.hcl.parse(after);
    const errors = syntaxDiagnostics({ document: TextDocument.create(uri, 'packer', 1, after), tree }).filter((diagnostic) => diagnostic.severity === 1);
    tree.delete();
    if (errors.length > 0) return `${path.basename(uri)} no longer parses: ${errors[0]!.message}`;
    const formattedBefore = formatHcl(before, { parse: parsers.hcl });
    const formattedAfter = formatHcl(after, { parse: parsers.hcl });
    if (formattedBefore.kind === 'formatted' && !formattedBefore.changed && (formattedAfter.kind !== 'formatted' || formattedAfter.changed)) {
      return `${path.basename(uri)} was packer fmt-clean and is not after the fix`;
    }
    if (after === before) return `changes nothing for "${fixed.message}"`;
  }
  return undefined;
}
