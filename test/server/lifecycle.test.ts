import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DocumentSymbol } from 'vscode-languageserver-types';
import { LspClient } from '../helpers/lspClient';

describe('bilder-language-server over stdio', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(async () => {
    assert.equal(await client.stop(), 0, 'server exits cleanly after shutdown/exit');
  });

  it('publishes syntax diagnostics on open and clears them when fixed', async () => {
    const uri = 'file:///tmp/bilder-test/broken.pkr.hcl';
    await client.open(uri, 'build {\n  name = "x"\n');
    const broken = await client.diagnosticsForVersion(uri, 1);
    assert.ok(broken.length > 0, 'an unclosed block is reported');
    assert.ok(broken.every((d) => d.source === 'bilder' && typeof d.code === 'string' && d.code.startsWith('syntax/')));
    await client.change(uri, 2, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: '}\n' }]);
    assert.deepEqual(await client.diagnosticsForVersion(uri, 2), []);
  });

  it('answers documentSymbol with the block hierarchy', async () => {
    const uri = 'file:///tmp/bilder-test/outline.pkr.hcl';
    await client.open(
      uri,
      'variable "app_name" {\n  type = string\n}\n\nsource "amazon-ebs" "consul" {\n  region = "us-east-1"\n}\n\nbuild {\n  sources = ["source.amazon-ebs.consul"]\n  provisioner "shell-local" {\n    inline = ["echo hi"]\n  }\n}\n',
    );
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['variable "app_name"', 'source "amazon-ebs" "consul"', 'build'],
    );
    assert.deepEqual(symbols[2]!.children!.map((s) => s.name), ['provisioner "shell-local"']);
  });
});
