// Hostile documents must never take the server down: each one gets an answer, and the server keeps serving.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DocumentSymbol, FoldingRange } from 'vscode-languageserver-types';
import { LspClient } from '../helpers/lspClient';

const CASES: [name: string, text: string][] = [
  ['binary', 'build {\0\u0001\u0002\uFFFD\0}\n'.repeat(50)],
  ['invalid UTF-8 decoded as replacement characters', 'a = "\uFFFD\uFFFD"\nb = \uFFFD\n'],
  ['20 MB', 'a = 1\n'.repeat(3_500_000)],
  ['10,000-deep tuple', `a = ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`],
  ['10,000-deep blocks', `${'b {\n'.repeat(10_000)}${'}\n'.repeat(10_000)}`],
  ['CRLF', 'source "null" "x" {\r\n  communicator = "none"\r\n}\r\n'],
  ['BOM', '\uFEFFvariable "x" {\n  default = 1\n}\n'],
  ['1 MB single line', `a = "${'x'.repeat(1_000_000)}"\n`],
  ['lone surrogates', 'a = "\uD800\uDC00\uD800"\n'],
  ['empty', ''],
];

describe('bad input over stdio', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
  });

  for (const [index, [name, text]] of CASES.entries()) {
    it(`${name}: diagnostics arrive and requests are answered`, async () => {
      const uri = `file:///tmp/bilder-bad/${index}.pkr.hcl`;
      await client.open(uri, text);
      const diagnostics = await client.diagnosticsForVersion(uri, 1);
      assert.ok(Array.isArray(diagnostics));
      const symbols = await client.request<DocumentSymbol[] | null>('textDocument/documentSymbol', { textDocument: { uri } });
      const folds = await client.request<FoldingRange[] | null>('textDocument/foldingRange', { textDocument: { uri } });
      assert.ok(symbols === null || Array.isArray(symbols));
      assert.ok(folds === null || Array.isArray(folds));
      await client.notify('textDocument/didClose', { textDocument: { uri } });
      assert.ok(client.alive, 'server still running');
    });
  }

  it('explains why binary and oversized files are not analysed', async () => {
    const uri = 'file:///tmp/bilder-bad/huge.pkr.hcl';
    await client.open(uri, 'a = 1\n'.repeat(1_000_000));
    const [diagnostic] = await client.diagnosticsForVersion(uri, 1);
    assert.equal(diagnostic?.code, 'bilder/not-analysed');
    assert.match(String(diagnostic?.message), /over Bilder's 2\.0 MB limit for analysis/);
    const binary = 'file:///tmp/bilder-bad/binary.pkr.hcl';
    await client.open(binary, '\0\0\0');
    const [binaryDiagnostic] = await client.diagnosticsForVersion(binary, 1);
    assert.match(String(binaryDiagnostic?.message), /binary/);
  });

  it('survives requests for unknown documents and malformed params', async () => {
    assert.equal(await client.request('textDocument/documentSymbol', { textDocument: { uri: 'file:///nowhere.pkr.hcl' } }), null);
    await client.notify('textDocument/didChange', { textDocument: { uri: 'file:///nowhere.pkr.hcl', version: 2 }, contentChanges: [{ text: 'x' }] });
    await client.notify('textDocument/didOpen', { textDocument: { uri: 'file:///tmp/x.pkr.hcl' } });
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: 'file:///nowhere.pkr.hcl' }, position: { line: 0, character: 0 } }), null);
    assert.ok(client.alive);
  });
});
