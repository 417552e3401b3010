// The workspace index: directories as configurations, open buffers over disk, watched-file changes and the skip list.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { URI } from 'vscode-uri';
import type { Logger } from '../../../server/src/logger';
import { createParsers } from '../../../server/src/parsing/treeSitter';
import type { Parsers } from '../../../server/src/parsing/treeSitter';
import { OpenDocuments } from '../../../server/src/workspace/openDocuments';
import { WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';
import { buildFileModel } from '../../../server/src/packer/model';

const silent: Logger = { info() {}, warn() {}, error() {}, debug() {} } as unknown as Logger;

describe('WorkspaceIndex', () => {
  let parsers: Parsers;
  let root: string;
  before(async () => {
    parsers = await createParsers();
  });
  after(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const setup = (files: Record<string, string>) => {
    root = mkdtempSync(path.join(os.tmpdir(), 'bilder-index-'));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      writeFileSync(path.join(root, name), text);
    }
    const documents = new OpenDocuments(parsers);
    const reanalysed: string[][] = [];
    const workspace = new WorkspaceIndex({ documents, parser: parsers.hcl, logger: silent, reanalyze: (uris) => reanalysed.push([...uris]) });
    const uriOf = (name: string) => URI.file(path.join(root, name)).toString();
    const dispose = () => {
      workspace.dispose();
      documents.dispose();
      rmSync(root, { recursive: true, force: true });
    };
    return { documents, workspace, reanalysed, uriOf, dispose };
  };
  const variableNames = (workspace: WorkspaceIndex, uri: string) => [...workspace.configurationFor(uri).variables.keys()].sort();

  it('sees a directory’s files as one configuration once loaded, and not its subfolders', async () => {
    const { workspace, uriOf, dispose } = setup({
      'a.pkr.hcl': 'variable "a" {}\n',
      'b.pkr.hcl': 'variable "b" {}\n',
      'nested/c.pkr.hcl': 'variable "c" {}\n',
    });
    try {
      assert.equal(workspace.configurationFor(uriOf('a.pkr.hcl')).complete, false);
      await workspace.directoryLoaded(uriOf('a.pkr.hcl'));
      const configuration = workspace.configurationFor(uriOf('a.pkr.hcl'));
      assert.equal(configuration.complete, true);
      assert.deepEqual([...configuration.variables.keys()].sort(), ['a', 'b']);
    } finally {
      dispose();
    }
  });

  it('lets an open buffer override the file on disk, and falls back to disk once forgotten', async () => {
    const { documents, workspace, uriOf, dispose } = setup({ 'a.pkr.hcl': 'variable "on_disk" {}\n' });
    try {
      await workspace.directoryLoaded(uriOf('a.pkr.hcl'));
      documents.open(uriOf('a.pkr.hcl'), 'packer', 1, 'variable "in_buffer" {}\n');
      assert.deepEqual(variableNames(workspace, uriOf('a.pkr.hcl')), ['in_buffer']);
      documents.close(uriOf('a.pkr.hcl'));
      workspace.forgetOpenModel(uriOf('a.pkr.hcl'));
      assert.deepEqual(variableNames(workspace, uriOf('a.pkr.hcl')), ['on_disk']);
    } finally {
      dispose();
    }
  });

  it('does not serve a forgotten model to a reopened buffer of the same version', async () => {
    const { documents, workspace, uriOf, dispose } = setup({});
    try {
      const uri = uriOf('a.pkr.hcl');
      documents.open(uri, 'packer', 1, 'variable "first" {}\n');
      assert.deepEqual(variableNames(workspace, uri), ['first']);
      documents.close(uri);
      workspace.forgetOpenModel(uri);
      assert.equal(workspace.cachedOpenModel(uri, 1), undefined);
      documents.open(uri, 'packer', 1, 'variable "second" {}\n');
      assert.deepEqual(variableNames(workspace, uri), ['second']);
    } finally {
      dispose();
    }
  });

  it('re-indexes a watched file that changed, appeared or was deleted, and re-analyses the directory’s open documents', async () => {
    const { documents, workspace, reanalysed, uriOf, dispose } = setup({ 'a.pkr.hcl': 'variable "a" {}\n' });
    try {
      const open = uriOf('open.pkr.hcl');
      documents.open(open, 'packer', 1, 'locals {\n  x = var.a\n}\n');
      await workspace.directoryLoaded(open);
      reanalysed.length = 0;

      writeFileSync(path.join(root, 'a.pkr.hcl'), 'variable "renamed" {}\n');
      await workspace.fileChanged(uriOf('a.pkr.hcl'), false);
      assert.deepEqual(variableNames(workspace, open), ['renamed']);

      writeFileSync(path.join(root, 'b.pkr.hcl'), 'variable "b" {}\n');
      await workspace.fileChanged(uriOf('b.pkr.hcl'), false);
      assert.deepEqual(variableNames(workspace, open), ['b', 'renamed']);

      rmSync(path.join(root, 'b.pkr.hcl'));
      await workspace.fileChanged(uriOf('b.pkr.hcl'), true);
      assert.deepEqual(variableNames(workspace, open), ['renamed']);

      assert.equal(reanalysed.length, 3);
      for (const uris of reanalysed) assert.deepEqual(uris, [open]);

      await workspace.fileChanged(uriOf('notes.txt'), false);
      assert.equal(reanalysed.length, 3, 'a non-Packer file changes nothing');
    } finally {
      dispose();
    }
  });

  it('indexes workspace folders but skips tool output, dependencies and VCS folders', async () => {
    const skipped = ['.git', 'node_modules', 'packer_cache', 'output-qemu', '.venv'];
    const files: Record<string, string> = { 'images/base/main.pkr.hcl': 'variable "kept" {}\n' };
    for (const folder of skipped) files[`${folder}/x.pkr.hcl`] = `variable "${folder.replace(/\W/g, '_')}" {}\n`;
    const { workspace, dispose } = setup(files);
    try {
      await workspace.indexFolders([URI.file(root).toString()]);
      await workspace.whenIdle();
      const indexed = workspace.configurations().flatMap((configuration) => [...configuration.variables.keys()]);
      assert.deepEqual(indexed, ['kept']);
    } finally {
      dispose();
    }
  });

  it('names the open siblings of a document, without the document itself or other directories', async () => {
    const { documents, workspace, uriOf, dispose } = setup({});
    try {
      for (const name of ['a.pkr.hcl', 'b.pkr.hcl', 'values.pkrvars.hcl', 'other/c.pkr.hcl']) {
        documents.open(uriOf(name), name.endsWith('pkrvars.hcl') ? 'packervars' : 'packer', 1, '');
      }
      assert.deepEqual(workspace.openSiblings(uriOf('a.pkr.hcl')).sort(), [uriOf('b.pkr.hcl'), uriOf('values.pkrvars.hcl')].sort());
    } finally {
      dispose();
    }
  });

  it('reports an open model as changed only when what its siblings see of it changes', async () => {
    const { documents, workspace, uriOf, dispose } = setup({});
    try {
      const uri = uriOf('a.pkr.hcl');
      let version = 0;
      const remember = (text: string) => {
        version++;
        documents.open(uri, 'packer', version, text);
        const model = buildFileModel(documents.get(uri)!.document, documents.tree(uri)!, 'packer');
        return workspace.rememberOpenModel(uri, version, model);
      };
      const template = (region: string, extra = '') =>
        `variable "region" {\n  default = "${region}"\n}\n${extra}source "null" "a" {\n  communicator = var.region\n}\n`;
      assert.equal(remember(template('eu-west-1')), true, 'the first model is news');
      assert.equal(remember(template('eu-west-1')), false);
      assert.equal(remember(template('eu-west-1', '\n\n')), false, 'moving things is not a change');
      assert.equal(remember(template('us-east-1')), true, 'a default value is visible to siblings');
      assert.equal(remember(template('us-east-1', 'locals {\n  x = local.y\n}\n')), true, 'a new local and a new use');
      assert.equal(remember(template('us-east-1', 'locals {\n  x = local.z\n}\n')), true, 'a different local used');
      assert.equal(remember(template('us-east-1', 'locals {\n  x = "${local.z}"\n}\n')), false, 'the same use, written differently');
      assert.equal(remember(template('us-east-1', 'locals {\n  x = "${local.z}"\n  y = path.root\n}\n')), true, 'a new local');
      assert.equal(remember(template('us-east-1', 'locals {\n  x = "${local.z}"\n  y = path.cwd\n}\n')), false, 'references other than var and local are private');
    } finally {
      dispose();
    }
  });
});
