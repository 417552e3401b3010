// Zero false positives: every valid corpus file, analysed with the other files of its original repository directory
// as one configuration, gets no error or warning from the Packer rules.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { PackerConfiguration } from '../../../server/src/packer/configuration';
import { packerDiagnostics } from '../../../server/src/packer/diagnostics';
import { buildFileModel } from '../../../server/src/packer/model';
import type { FileKind } from '../../../server/src/packer/model';
import { createParsers } from '../../../server/src/parsing/treeSitter';
import { CORPUS_DIR, SKIP_WITHOUT_SHARED, syntaxValidCorpusFiles, validCorpusFiles } from '../../helpers/shared';

/**
 * hashicorp/packer fixtures that are correct for the test that uses them but not as configurations: the hcl2template
 * ones are decoded with mock plugins registered under real names (`shell` with `int64`, `nested`…), the others exist
 * to trigger exactly the problem Bilder reports or are never validated (fmt, inspect, hcl2_upgrade output).
 */
const MOCK_PLUGIN_FIXTURES = 'hashicorp__packer/hcl2template__';
const KNOWN_TRUE_POSITIVES = new Set([
  'hashicorp__packer/packer_test__core_tests__templates__locals_duplicate.pkr.hcl',
  // The siblings declaring these sources and variables were dropped from the corpus as byte-duplicates of other files.
  '4ops__vscode-language-packer/examples__build.pkr.hcl',
  '4ops__vscode-language-packer/examples__testing.pkrvars.hcl',
  'hashicorp__packer/command__test-fixtures__hcl__inspect__aws-builds.pkr.hcl',
  'hashicorp__packer/command__test-fixtures__fmt__unformatted.pkrvars.hcl',
  'hashicorp__packer/command__test-fixtures__validate__var-file-tests__undeclared.pkrvars.hcl',
  'hashicorp__packer/command__test-fixtures__hcl__variables__ref_non_existing__variables.auto.pkrvars.hcl',
  'hashicorp__packer/command__test-fixtures__hcl2_upgrade__placeholders__expected.pkr.hcl',
]);

interface ManifestRow {
  repo: string;
  path: string;
  local: string;
}

function manifest(): ManifestRow[] {
  return readFileSync(path.join(CORPUS_DIR, 'manifest.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => {
      const [repo, , filePath, , , local] = line.split('\t');
      return { repo: repo!, path: filePath!, local: local! };
    });
}

describe('Packer rules on the real-world corpus', { skip: SKIP_WITHOUT_SHARED }, () => {
  it('report no errors or warnings on any valid file', async () => {
    const parsers = await createParsers();
    const valid = new Set(validCorpusFiles());
    const parsable = new Set(syntaxValidCorpusFiles());
    const directories = new Map<string, ManifestRow[]>();
    for (const row of manifest()) {
      if (!parsable.has(row.local)) continue;
      const key = `${row.repo}/${path.posix.dirname(row.path)}`;
      directories.set(key, [...(directories.get(key) ?? []), row]);
    }
    const problems: string[] = [];
    let analysed = 0;
    for (const [directory, rows] of directories) {
      const files = rows.map((row) => {
        const text = readFileSync(path.join(CORPUS_DIR, row.local), 'utf8');
        const kind: FileKind = row.path.endsWith('.pkrvars.hcl') ? 'packervars' : 'packer';
        const document = TextDocument.create(`file:///corpus/${directory}/${path.posix.basename(row.path)}`, kind, 0, text);
        const tree = parsers.hcl.parse(text);
        return { row, document, tree, model: buildFileModel(document, tree, kind) };
      });
      const configuration = new PackerConfiguration(directory, files.map((file) => file.model), true);
      for (const file of files) {
        if (valid.has(file.row.local) && !KNOWN_TRUE_POSITIVES.has(file.row.local) && !file.row.local.startsWith(MOCK_PLUGIN_FIXTURES)) {
          analysed++;
          for (const diagnostic of packerDiagnostics({ ...file, configuration })) {
            if (diagnostic.severity === DiagnosticSeverity.Error || diagnostic.severity === DiagnosticSeverity.Warning) {
              problems.push(`${file.row.local}:${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1} ${diagnostic.code} ${diagnostic.message}`);
            }
          }
        }
        file.tree.delete();
      }
    }
    assert.ok(analysed > 350, `analysed ${analysed} files`);
    assert.equal(problems.length, 0, `${problems.length} false positives:\n${problems.slice(0, 40).join('\n')}`);
  });
});
