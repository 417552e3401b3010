// Zero false positives: every valid corpus file, analysed with the other files of its original repository directory
// as one configuration, gets no error or warning from the Packer rules.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Diagnostic } from 'vscode-languageserver-types';
import { PackerConfiguration } from '../../../server/src/packer/configuration';
import { packerDiagnostics } from '../../../server/src/packer/diagnostics';
import { buildFileModel } from '../../../server/src/packer/model';
import type { FileKind } from '../../../server/src/packer/model';
import { ancestors, blockLabels, blockType } from '../../../server/src/parsing/nodes';
import { createParsers } from '../../../server/src/parsing/treeSitter';
import type { SyntaxTree } from '../../../server/src/parsing/treeSitter';
import { CORPUS_DIR, SKIP_WITHOUT_SHARED, corpusDirectories, validCorpusFiles } from '../../helpers/shared';

/**
 * hashicorp/packer fixtures that exist to trigger exactly the problem Bilder reports or are never validated (fmt,
 * inspect, hcl2_upgrade output).
 */
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

/**
 * hashicorp/packer's hcl2template tests decode their fixtures with mock plugins registered under real names
 * (common_test.go `getBasicParser`): every mock takes the same `MockConfig` body (`string`, `int64`, `nested {…}`,
 * `nested_slice {…}`…), which is not the real plugin's schema. Only bodies of these types are mocked; `null` builder
 * and data source are the real ones, so they stay checked.
 */
const MOCK_PLUGIN_FIXTURES = 'hashicorp__packer/hcl2template__';
const MOCKED_PLUGIN_TYPES: Readonly<Record<string, ReadonlySet<string>>> = {
  source: new Set(['amazon-ebs', 'virtualbox-iso']),
  data: new Set(['amazon-ami']),
  provisioner: new Set(['shell', 'file']),
  'error-cleanup-provisioner': new Set(['shell', 'file']),
  'post-processor': new Set(['amazon-import', 'manifest']),
};
/**
 * The one code a mock body explains. A mock's unknown nested block (`nested`, `nested_slice`) is reported as
 * `schema/unknown-attribute` too: schemaChecks gives `schema/unknown-block` only at the top level and directly in a
 * `build`, where no plugin schema applies, so a mock plugin can never explain it and it stays swept.
 */
const MOCK_EXPLAINED_CODE = 'schema/unknown-attribute';

/**
 * hcl2template fixtures whose Packer test expects the problem Bilder reports, with the codes it may report there and
 * nothing else. Each entry must still be reported, so the list cannot outlive what it excuses.
 */
const EXPECTED_BY_PACKER_TESTS: Readonly<Record<string, { codes: readonly string[]; why: string }>> = {
  'hashicorp__packer/hcl2template__fixtures__well_formed_provisioner.pkr.hcl': {
    codes: ['schema/unknown-block'],
    why: 'a bare top-level provisioner: TestPackerConfig_ParseProvisionerBlock decodes the block alone, never as a configuration',
  },
  'hashicorp__packer/hcl2template__testdata__build.pkr.hcl__basic.pkr.hcl': {
    codes: ['reference/unknown-build-source'],
    why: 'TestParser_complete "folder named build.pkr.hcl with an unknown src" expects GetBuilds diagnostics',
  },
  'hashicorp__packer/hcl2template__testdata__format__formatted.pkr.hcl': {
    codes: ['reference/unknown-build-source'],
    why: 'only formatted by formatter_test.go (TestHCL2Formatter_Format), never decoded: it declares no sources',
  },
  'hashicorp__packer/hcl2template__testdata__format__unformatted.pkr.hcl': {
    codes: ['reference/unknown-build-source'],
    why: 'only formatted by formatter_test.go (TestHCL2Formatter_Format), never decoded: it declares no sources',
  },
  'hashicorp__packer/hcl2template__testdata__build__provisioner_untyped.pkr.hcl': {
    codes: ['schema/unknown-block'],
    why: 'types.build_test.go "untyped provisioner" expects parse errors (`provision` is no build block)',
  },
  'hashicorp__packer/hcl2template__testdata__build__post-processor_untyped.pkr.hcl': {
    codes: ['schema/unknown-block'],
    why: 'types.build_test.go "untyped post-processor" expects parse errors (`post-process` is no build block)',
  },
  'hashicorp__packer/hcl2template__testdata__unknown__block_type.pkr.hcl': {
    codes: ['schema/unknown-block'],
    why: 'TestParser_complete "unknown block type" expects parse errors for `potato {}`',
  },
  'hashicorp__packer/hcl2template__testdata__sources__duplicate.pkr.hcl': {
    codes: ['schema/duplicate-source'],
    why: 'types.source_test.go "duplicate source" expects parse errors',
  },
  'hashicorp__packer/hcl2template__testdata__sources__unnamed.pkr.hcl': {
    codes: ['schema/label-count'],
    why: 'types.source_test.go "unnamed source" expects parse errors',
  },
  'hashicorp__packer/hcl2template__testdata__sources__untyped.pkr.hcl': {
    codes: ['schema/label-count'],
    why: 'types.source_test.go "untyped source" expects parse errors',
  },
  'hashicorp__packer/hcl2template__testdata__datasources__duplicate.pkr.hcl': {
    codes: ['schema/duplicate-source'],
    why: 'types.datasource_test.go "duplicate source" expects parse errors',
  },
  'hashicorp__packer/hcl2template__testdata__datasources__unnamed.pkr.hcl': {
    codes: ['schema/label-count'],
    why: 'types.datasource_test.go "unnamed source" expects parse errors',
  },
  'hashicorp__packer/hcl2template__testdata__datasources__untyped.pkr.hcl': {
    codes: ['schema/label-count'],
    why: 'types.datasource_test.go "untyped datasource" expects parse errors',
  },
  'hashicorp__packer/hcl2template__testdata__variables__duplicate_variable.pkr.hcl': {
    codes: ['variables/duplicate-variable'],
    why: 'types.variables_test.go "duplicate variable" expects parse errors',
  },
  'hashicorp__packer/hcl2template__testdata__variables__duplicate_variables.pkr.hcl': {
    codes: ['variables/duplicate-variable'],
    why: 'types.variables_test.go "duplicate variable in variables" expects parse errors (two `variables` blocks set boolean_value)',
  },
  'hashicorp__packer/hcl2template__testdata__variables__unknown_key.pkr.hcl': {
    codes: ['schema/unknown-attribute'],
    why: 'types.variables_test.go "unknown key" expects diagnostics for `invalid = true` in a variable block',
  },
};

/**
 * Bilder reports these though Packer accepts them; kept visible here until the rule is fixed, not hidden as expected.
 * (None: the last one, a top-level `communicator` block, is now in the schema as a reserved block.)
 */
const KNOWN_FALSE_POSITIVES: Readonly<Record<string, { codes: readonly string[]; why: string }>> = {};

/** The block type and first label of the outermost plugin block around `offset`, if any. */
function enclosingPluginBlock(tree: SyntaxTree, text: string, offset: number): { block: string; type: string } | undefined {
  const node = tree.rootNode.namedDescendantForIndex(offset, offset);
  if (!node) return undefined;
  let found: { block: string; type: string } | undefined;
  for (const candidate of [node, ...ancestors(node)]) {
    if (candidate.type !== 'block') continue;
    const block = blockType(candidate);
    if (!(block in MOCKED_PLUGIN_TYPES)) continue;
    const label = blockLabels(candidate, text)[0] ?? '';
    // A build-level `source "amazon-ebs.name"` (or `"source.amazon-ebs.name"`) names its builder before the dot.
    found = { block, type: block === 'source' ? label.replace(/^source\./, '').split('.')[0]! : label };
  }
  return found;
}

function explainedByMockPlugin(file: { document: TextDocument; tree: SyntaxTree }, diagnostic: Diagnostic): boolean {
  if (diagnostic.code !== MOCK_EXPLAINED_CODE) return false;
  const plugin = enclosingPluginBlock(file.tree, file.document.getText(), file.document.offsetAt(diagnostic.range.start));
  return plugin !== undefined && MOCKED_PLUGIN_TYPES[plugin.block]!.has(plugin.type);
}

describe('Packer rules on the real-world corpus', { skip: SKIP_WITHOUT_SHARED }, () => {
  it('report no errors or warnings on any valid file', async () => {
    const parsers = await createParsers();
    const valid = new Set(validCorpusFiles());
    const problems: string[] = [];
    const excused = new Set<string>();
    let analysed = 0;
    let analysedMockFixtures = 0;
    for (const [directory, rows] of corpusDirectories()) {
      const files = rows.map((row) => {
        const text = readFileSync(path.join(CORPUS_DIR, row.local), 'utf8');
        const kind: FileKind = row.base.endsWith('.pkrvars.hcl') ? 'packervars' : 'packer';
        const document = TextDocument.create(`file:///corpus/${directory}/${row.base}`, kind, 0, text);
        const tree = parsers.hcl.parse(text);
        return { row, document, tree, model: buildFileModel(document, tree, kind) };
      });
      const configuration = new PackerConfiguration(directory, files.map((file) => file.model), true);
      for (const file of files) {
        const local = file.row.local;
        if (valid.has(local) && !KNOWN_TRUE_POSITIVES.has(local)) {
          analysed++;
          const allowed = EXPECTED_BY_PACKER_TESTS[local] ?? KNOWN_FALSE_POSITIVES[local];
          const mocked = local.startsWith(MOCK_PLUGIN_FIXTURES);
          if (mocked) analysedMockFixtures++;
          for (const diagnostic of packerDiagnostics({ ...file, configuration })) {
            if (diagnostic.severity !== DiagnosticSeverity.Error && diagnostic.severity !== DiagnosticSeverity.Warning) continue;
            if (mocked && explainedByMockPlugin(file, diagnostic)) continue;
            if (allowed?.codes.includes(String(diagnostic.code))) {
              excused.add(`${local} ${diagnostic.code}`);
              continue;
            }
            problems.push(`${local}:${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1} ${diagnostic.code} ${diagnostic.message}`);
          }
        }
        file.tree.delete();
      }
    }
    assert.ok(analysed > 420, `analysed ${analysed} files`);
    assert.ok(analysedMockFixtures > 60, `analysed ${analysedMockFixtures} hcl2template fixtures`);
    assert.equal(problems.length, 0, `${problems.length} false positives:\n${problems.slice(0, 40).join('\n')}`);
    const stale = Object.entries({ ...EXPECTED_BY_PACKER_TESTS, ...KNOWN_FALSE_POSITIVES }).flatMap(([local, { codes }]) =>
      codes.filter((code) => !excused.has(`${local} ${code}`)).map((code) => `${local} ${code}`),
    );
    assert.deepEqual(stale, [], 'allowances no longer reported: remove them');
  });
});
