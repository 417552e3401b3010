// Huge and pathological documents and special files against the real server over stdio (issue 16): one mistake gives
// one diagnostic (not one per line), a file gives at most the cap plus a summary, a file over the analysis limit keeps
// only a one-line explanation (configurable), formatting refuses what it cannot do in its budget, and a FIFO in the
// workspace is skipped with a message instead of blocking the index.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DocumentSymbol, SymbolInformation } from 'vscode-languageserver-types';
import { LspClient, fileUri } from '../helpers/lspClient';
import { sizedTemplate } from './templates';

const LINES = 50_000;
/** The publish cap per file (diagnostics/store.ts) plus its summary. */
const CAP = 500;

describe('hostile documents', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
  });

  const cases: [name: string, text: string, expected: RegExp][] = [
    ['an unterminated heredoc', `a = <<EOT\n${'b = 2\n'.repeat(LINES)}`, /^Unterminated template string/],
    ['an unterminated quoted string', `a = "abc\n${'b = 2\n'.repeat(LINES)}`, /^Invalid multi-line string/],
    ['an unclosed ${ nest', `a = "${'${'.repeat(10_000)}"\n`, /^Invalid character/],
  ];
  for (const [index, [name, text, expected]] of cases.entries()) {
    it(`${name} in a large file gives its first error, not a cascade`, async () => {
      const uri = `file:///hostile/cascade-${index}.pkr.hcl`;
      await client.open(uri, text);
      const diagnostics = await client.diagnosticsForVersion(uri, 1);
      assert.ok(diagnostics.length <= 2, `${diagnostics.length} diagnostics: ${diagnostics.slice(0, 3).map((d) => d.message).join(' | ')}`);
      assert.match(String(diagnostics[0]?.message), expected);
      await client.notify('textDocument/didClose', { textDocument: { uri } });
    });
  }

  it(`a file with thousands of distinct errors publishes ${CAP} and one summary that counts the rest`, async () => {
    const uri = 'file:///hostile/many-errors.pkr.hcl';
    const text = Array.from({ length: 3000 }, (_, i) => `locals {\n  l${i} = var.undeclared_${i}\n}\n`).join('');
    await client.open(uri, text);
    const diagnostics = await client.diagnosticsForVersion(uri, 1);
    assert.equal(diagnostics.length, CAP + 1);
    const summary = diagnostics.at(-1)!;
    assert.equal(summary.code, 'bilder/too-many-diagnostics');
    // Each local gives two (the undeclared variable, and the local itself unused): all but the first 500 are counted.
    assert.match(String(summary.message), /^5500 more problems in this file are not shown \(Bilder shows the first 500\); the next one, at line \d+: /);
    await client.notify('textDocument/didClose', { textDocument: { uri } });
  });

  it('a file over the analysis limit gets one line saying why, and is analysed once the setting allows it', async () => {
    const uri = 'file:///hostile/single-line.pkr.hcl';
    await client.open(uri, `a = "${'x'.repeat(2_500_000)}"\n`);
    const [diagnostic, ...rest] = await client.diagnosticsForVersion(uri, 1);
    assert.deepEqual(rest, []);
    assert.equal(diagnostic?.code, 'bilder/not-analysed');
    assert.match(String(diagnostic?.message), /^This file is 2\.4 MB, over Bilder's 2\.0 MB limit for analysis: only highlighting is on .*bilder\.analysis\.maxFileSizeKB/);
    assert.ok(!String(diagnostic?.message).includes('\n'), 'one line');
    assert.equal(await client.request('textDocument/documentSymbol', { textDocument: { uri } }), null);
    await client.notify('textDocument/didClose', { textDocument: { uri } });

    // The server pulls its settings (workspace/configuration) when told they changed.
    const useSettings = async (settings: unknown) => {
      let pulled: () => void = () => undefined;
      const settingsPulled = new Promise<void>((resolve) => (pulled = resolve));
      client.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => {
        pulled();
        return params.items.map(() => settings);
      });
      await client.notify('workspace/didChangeConfiguration', { settings: null });
      await settingsPulled;
      // A round trip after the answer to the pull: the server has applied the settings before it sees what follows.
      await client.request('textDocument/documentSymbol', { textDocument: { uri } });
    };
    const template = 'file:///hostile/limited.pkr.hcl';
    const text = sizedTemplate(300 * 1024);
    try {
      await useSettings({ analysis: { maxFileSizeKB: 256 } });
      await client.open(template, text);
      const [limited, ...others] = await client.diagnosticsForVersion(template, 1);
      assert.deepEqual(others, []);
      assert.match(String(limited?.message), /^This file is 301 KB, over Bilder's 256 KB limit for analysis/);
      await useSettings({ analysis: { maxFileSizeKB: 1024 } });
      await client.change(template, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# analysed now\n' }]);
      assert.deepEqual((await client.diagnosticsForVersion(template, 2)).filter((d) => d.severity === 1), []);
      const symbols = await client.request<DocumentSymbol[] | null>('textDocument/documentSymbol', { textDocument: { uri: template } });
      assert.ok((symbols ?? []).length > 100);
    } finally {
      await useSettings({});
      await client.notify('textDocument/didClose', { textDocument: { uri: template } });
    }
  });
});

describe('special files in the workspace', { skip: process.platform === 'win32' ? 'needs mkfifo' : false }, () => {
  let root: string;
  before(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'bilder-hostile-'));
    mkdirSync(path.join(root, 'image'));
    writeFileSync(path.join(root, 'image', 'main.pkr.hcl'), sizedTemplate(2_000, 'reachable_marker'));
    // Nobody ever writes to this FIFO: reading it would block the index forever.
    execFileSync('mkfifo', [path.join(root, 'image', 'y.pkr.hcl')]);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('a FIFO named like a template is skipped with a message; the rest of its folder is indexed', async () => {
    const client = await LspClient.start({ rootPath: root, capabilities: { window: { workDoneProgress: true }, workspace: { configuration: true } } });
    try {
      await client.waitForProgress((progress) => progress.value.kind === 'end');
      const symbols = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'reachable_marker' });
      assert.ok(symbols.some((symbol) => symbol.name.includes('reachable_marker')), JSON.stringify(symbols.map((symbol) => symbol.name)));
      const message = client.logs.find((log) => log.message.includes('y.pkr.hcl'));
      assert.match(String(message?.message), /not indexing .*y\.pkr\.hcl: it is a FIFO \(named pipe\), not a regular file/);
      // Opening a template of that folder loads the folder's configuration; the FIFO still blocks nothing.
      const uri = fileUri(path.join(root, 'image', 'main.pkr.hcl'));
      await client.open(uri, sizedTemplate(2_000, 'reachable_marker'));
      assert.deepEqual((await client.diagnosticsForVersion(uri, 1)).filter((d) => d.severity === 1), []);
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });
});
