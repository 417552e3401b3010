// The template side of the Packer ↔ PyInfra links, over stdio on the seed-layout fixture workspace.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DocumentLink, Location } from 'vscode-languageserver-protocol';
import { LspClient, REPO_ROOT, fileUri } from '../helpers/lspClient';

const IMAGE = path.join(REPO_ROOT, 'test', 'fixtures', 'pyinfra', 'src', 'bilder', 'images', 'consul');
const TEMPLATE = path.join(IMAGE, 'consul.pkr.hcl');
const DEPLOY = path.join(IMAGE, 'deploy.py');

function positionOf(text: string, needle: string): { line: number; character: number } {
  const before = text.slice(0, text.indexOf(needle)).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

describe('template → deploy links over stdio', () => {
  let client: LspClient;
  const uri = fileUri(TEMPLATE);
  const text = readFileSync(TEMPLATE, 'utf8');
  before(async () => {
    client = await LspClient.start({ rootPath: path.join(REPO_ROOT, 'test', 'fixtures', 'pyinfra') });
    await client.open(uri, text);
  });
  after(async () => {
    await client.stop();
  });

  it('links the provisioner\'s deploy.py to the deploy it runs', async () => {
    const links = await client.request<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri } });
    assert.deepEqual(links.map((link) => link.target), [fileUri(DEPLOY)]);
  });

  it('hints at an environment variable no deploy reads, and only at that one', async () => {
    const { diagnostics } = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'pyinfra/env-not-read'));
    const hints = diagnostics.filter((d) => d.code === 'pyinfra/env-not-read');
    assert.equal(hints.length, 1);
    assert.match(String(hints[0]!.message), /UNUSED_FLAG/);
    assert.equal(hints[0]!.range.start.line, positionOf(text, 'UNUSED_FLAG').line);
  });

  it('goes from NAME= in environment_vars to where the deploy reads it', async () => {
    const locations = await client.request<Location[]>('textDocument/definition', { textDocument: { uri }, position: positionOf(text, 'NODE_TYPE=') });
    assert.equal(locations.length, 1);
    assert.equal(locations[0]!.uri, fileUri(DEPLOY));
    assert.equal(locations[0]!.range.start.line, positionOf(readFileSync(DEPLOY, 'utf8'), 'os.environ["NODE_TYPE"]').line);
  });
});
