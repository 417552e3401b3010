import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction } from 'vscode-languageserver-types';
import { LspClient } from '../helpers/lspClient';

describe('code actions', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(async () => {
    await client.stop();
  });

  it('offers packer init for a "Missing plugins" diagnostic from packer validate, and nothing for others', async () => {
    const uri = 'file:///tmp/bilder-actions/main.pkr.hcl';
    await client.open(uri, 'packer {\n  required_plugins {\n    amazon = { source = "github.com/hashicorp/amazon", version = "~> 1" }\n  }\n}\n');
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 6 } };
    const missing = { range, source: 'packer validate', code: 'packer/missing-plugins', message: 'Missing plugins: github.com/hashicorp/amazon' };
    const other = { range, source: 'bilder', code: 'syntax/invalid', message: 'Invalid syntax' };
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [missing, other] } });
    assert.equal(actions.length, 1);
    assert.equal(actions[0]!.command?.command, 'bilder.packerInit');
    assert.deepEqual(actions[0]!.diagnostics, [missing]);
    const none = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [other] } });
    assert.deepEqual(none, []);
  });
});
