import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from 'vscode-languageserver-protocol';
import { SERVER_COMMANDS } from '../../protocol';
import type { FormatAllReport } from '../../protocol';
import { LspClient, REPO_ROOT, fileUri } from '../helpers/lspClient';
import { HAS_PACKER } from '../helpers/packer';

const FAKE_PACKER = path.join(REPO_ROOT, 'test', 'fixtures', 'fake-packer', 'packer');
const UNFORMATTED = 'source "null" "example" {\ncommunicator    = "none"\n}\nbuild {\n    sources = [ "source.null.example" ]\n}\n';
// What packer fmt 1.6.6 prints for it (packer-cli.md §1.2).
const FORMATTED = 'source "null" "example" {\n  communicator = "none"\n}\nbuild {\n  sources = ["source.null.example"]\n}\n';
const BROKEN = 'source "null" "example" {\n  communicator = "none"\n\nbuild {\n}\n';

const temporary: string[] = [];
after(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bilder-format-'));
  temporary.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

async function format(client: LspClient, uri: string): Promise<TextEdit[] | null> {
  return client.request<TextEdit[] | null>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
}

function applied(text: string, edits: TextEdit[] | null): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'packer', 1, text), edits ?? []);
}

async function serverWith(settings: unknown, env?: NodeJS.ProcessEnv): Promise<LspClient> {
  return LspClient.start({ capabilities: {}, initializationOptions: { trusted: true, settings }, env });
}

describe('textDocument/formatting over stdio', () => {
  it('native engine: minimal edits that give packer fmt’s text', async () => {
    const dir = workspace({ 'main.pkr.hcl': UNFORMATTED });
    const uri = fileUri(path.join(dir, 'main.pkr.hcl'));
    const client = await serverWith({ format: { engine: 'native' }, packer: { path: path.join(dir, 'no-packer') } });
    try {
      await client.open(uri, UNFORMATTED);
      const edits = await format(client, uri);
      assert.equal(applied(UNFORMATTED, edits), FORMATTED);
      // Lines that were already right are not touched.
      assert.ok(edits!.every((edit) => edit.range.start.line !== 0));
      assert.deepEqual(await format(client, uri).then((e) => e), edits);
    } finally {
      await client.stop();
    }
  });

  it('packer engine on 1.6.6: formats through a private copy and leaves the file on disk alone', { skip: HAS_PACKER ? false : 'packer is not installed' }, async () => {
    const dir = workspace({ 'main.pkr.hcl': UNFORMATTED });
    const file = path.join(dir, 'main.pkr.hcl');
    const client = await serverWith({ format: { engine: 'packer' } });
    try {
      await client.open(fileUri(file), UNFORMATTED);
      const edits = await format(client, fileUri(file));
      assert.equal(applied(UNFORMATTED, edits), FORMATTED);
      assert.equal(readFileSync(file, 'utf8'), UNFORMATTED);
    } finally {
      await client.stop();
    }
  });

  it('a file with syntax errors is not formatted, and the log says why once', async () => {
    const dir = workspace({ 'main.pkr.hcl': BROKEN });
    const uri = fileUri(path.join(dir, 'main.pkr.hcl'));
    const client = await serverWith({ format: { engine: 'auto' } });
    try {
      await client.open(uri, BROKEN);
      assert.equal(await format(client, uri), null);
      assert.equal(await format(client, uri), null);
      assert.equal(client.logs.filter((l) => /not formatting/.test(l.message)).length, 1);
    } finally {
      await client.stop();
    }
  });

  it('output that changes tokens is refused (packer ≥ 1.7 through stdin, fake)', async () => {
    const dir = workspace({ 'main.pkr.hcl': UNFORMATTED });
    const uri = fileUri(path.join(dir, 'main.pkr.hcl'));
    const client = await serverWith({ format: { engine: 'packer' }, packer: { path: FAKE_PACKER } }, { FAKE_PACKER_VERSION: '1.9.4' });
    try {
      await client.open(uri, UNFORMATTED);
      assert.equal(await format(client, uri), null);
      assert.ok(client.logs.some((l) => /changes more than whitespace/.test(l.message)));
    } finally {
      await client.stop();
    }
  });

  it('Format All Templates formats every template under a folder through one WorkspaceEdit', async () => {
    const dir = workspace({ 'a.pkr.hcl': UNFORMATTED, 'b.pkr.hcl': FORMATTED, 'c.pkrvars.hcl': 'x   =  1\n', 'bad.pkr.hcl': BROKEN });
    const client = await serverWith({ format: { engine: 'native' } });
    const edits: unknown[] = [];
    client.connection.onRequest('workspace/applyEdit', (params: { edit: unknown }) => {
      edits.push(params.edit);
      return { applied: true };
    });
    try {
      const report = await client.request<FormatAllReport>('workspace/executeCommand', { command: SERVER_COMMANDS.formatAll, arguments: [{ uri: fileUri(dir) }] });
      assert.equal(report.files, 4);
      assert.deepEqual(report.changed.map((uri) => path.basename(uri)).sort(), ['a.pkr.hcl', 'c.pkrvars.hcl']);
      assert.deepEqual(report.refused.map((r) => path.basename(r.uri)), ['bad.pkr.hcl']);
      assert.equal(edits.length, 1);
      assert.match(report.message, /Formatted 2 of 4/);
      // Files on disk are changed by the editor applying the edit, never by the server.
      assert.equal(readFileSync(path.join(dir, 'a.pkr.hcl'), 'utf8'), UNFORMATTED);
    } finally {
      await client.stop();
    }
  });
});
