// A directory's configuration is rebuilt only when one of its models changes, and workspace symbols read from the
// reused configurations equal those of freshly built ones.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { URI } from 'vscode-uri';
import type { Logger } from '../../../server/src/logger';
import { PackerConfiguration } from '../../../server/src/packer/configuration';
import { workspaceSymbols } from '../../../server/src/packer/workspaceSymbols';
import { createParsers } from '../../../server/src/parsing/treeSitter';
import type { Parsers } from '../../../server/src/parsing/treeSitter';
import { OpenDocuments } from '../../../server/src/workspace/openDocuments';
import { WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';

const silent = { info() {}, warn() {}, error() {}, debug() {} } as unknown as Logger;

describe('configuration reuse', () => {
  let parsers: Parsers;
  before(async () => {
    parsers = await createParsers();
  });

  it('returns the same configuration until a model of its directory changes, with unchanged symbols', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'bilder-reuse-'));
    writeFileSync(path.join(root, 'a.pkr.hcl'), 'variable "alpha" {}\nsource "null" "one" {}\n');
    writeFileSync(path.join(root, 'b.pkr.hcl'), 'locals { beta = 1 }\nbuild { sources = ["source.null.one"] }\n');
    const documents = new OpenDocuments(parsers);
    const workspace = new WorkspaceIndex({ documents, parser: parsers.hcl, logger: silent, reanalyze() {} });
    try {
      const uri = URI.file(path.join(root, 'a.pkr.hcl')).toString();
      await workspace.indexFolders([URI.file(root).toString()]);
      const first = workspace.configurationFor(uri);
      assert.equal(first.complete, true);
      assert.equal(workspace.configurationFor(uri), first);
      assert.deepEqual(workspaceSymbols(workspace.configurations(), ''), workspaceSymbols([new PackerConfiguration(first.directory, first.files, true)], ''));

      documents.open(uri, 'packer', 1, 'variable "alpha" {}\nvariable "gamma" {}\n');
      const edited = workspace.configurationFor(uri);
      assert.notEqual(edited, first);
      assert.equal(workspace.configurationFor(uri), edited, 'an unchanged buffer version reuses the configuration');
      assert.deepEqual([...edited.variables.keys()].sort(), ['alpha', 'gamma']);
      assert.deepEqual(
        workspaceSymbols(workspace.configurations(), 'gam').map((symbol) => symbol.name),
        ['var.gamma'],
      );
      documents.change(uri, 2, [{ text: 'variable "delta" {}\n' }]);
      assert.deepEqual([...workspace.configurationFor(uri).variables.keys()], ['delta']);
      assert.deepEqual(workspaceSymbols(workspace.configurations(), 'gam'), []);
    } finally {
      workspace.dispose();
      documents.dispose();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
