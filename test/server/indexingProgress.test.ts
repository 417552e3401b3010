// Indexing a workspace is reported as work-done progress, and its end means every template is in the index.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { SymbolInformation } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lspClient';

const DIRECTORIES = 40;

describe('indexing progress over stdio', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'bilder-progress-'));
    for (let d = 0; d < DIRECTORIES; d++) {
      const directory = path.join(root, `image-${d}`);
      mkdirSync(directory);
      writeFileSync(path.join(directory, 'main.pkr.hcl'), `variable "marker_${d}" {\n  default = "${d}"\n}\n`);
    }
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('begins, ends, and by its end every directory is indexed', async () => {
    const client = await LspClient.start({
      rootPath: root,
      capabilities: { window: { workDoneProgress: true }, workspace: { configuration: true } },
    });
    try {
      const end = await client.waitForProgress((params) => params.value.kind === 'end');
      const ofToken = client.progress.filter((params) => params.token === end.token);
      assert.equal(ofToken[0]!.value.kind, 'begin');
      assert.equal(ofToken[0]!.value.title, 'Indexing Packer templates');
      assert.match(ofToken[0]!.value.message ?? '', new RegExp(`^0/${DIRECTORIES} directories$`));
      assert.equal(ofToken.filter((params) => params.value.kind === 'end').length, 1);
      const symbols = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'marker_' });
      assert.equal(symbols.filter((symbol) => symbol.name.startsWith('var.marker_')).length, DIRECTORIES);
    } finally {
      await client.stop();
    }
  });

  it('sends no progress to a client that does not support it', async () => {
    const client = await LspClient.start({ rootPath: root, capabilities: { workspace: { configuration: true } } });
    try {
      // Once the index answers for every directory, indexing is over; nothing may have been sent.
      for (;;) {
        const symbols = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'marker_' });
        if (symbols.length >= DIRECTORIES) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.deepEqual(client.progress, []);
    } finally {
      await client.stop();
    }
  });
});
