import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DocumentSymbol } from 'vscode-languageserver-types';
import { codeCacheFile } from '../../server/src/launcher';
import { LspClient, SERVER_BIN } from '../helpers/lspClient';

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

describe('bilder-language-server started from its code cache', () => {
  const document = {
    uri: 'file:///tmp/bilder-test/cached.pkr.hcl',
    text: 'variable "region" {\n  type = string\n}\n\nsource "null" "x" {\n  communicator = "none"\n}\n\nbuild {\n  sources = ["source.null.y"]\n  name = "${var.regio}"\n',
  };
  const codeCacheState = (client: LspClient) => /code cache (\w+)\)/.exec(client.logs.map((log) => log.message).join('\n'))?.[1];
  const observe = async (client: LspClient, expectedCache?: string) => {
    await client.open(document.uri, document.text);
    const diagnostics = await client.diagnosticsForVersion(document.uri, 1);
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: document.uri } });
    if (expectedCache) assert.equal(codeCacheState(client), expectedCache);
    assert.equal(await client.stop(), 0);
    return { diagnostics, symbols };
  };

  it('answers exactly as a server compiled from source', async () => {
    // A private cache directory, so the test starts without a cache and leaves none in the user's.
    const cacheHome = mkdtempSync(path.join(os.tmpdir(), 'bilder-cache-home-'));
    const env = { XDG_CACHE_HOME: cacheHome };
    after(() => rmSync(cacheHome, { recursive: true, force: true }));
    // A first session leaves the cache for this bundle behind (it is kept when it already matched).
    const warm = await observe(await LspClient.start({ env }));
    assert.ok(existsSync(codeCacheFile(SERVER_BIN.replace(/server\.js$/, 'serverMain.js'), env)), 'the cache is written in the user cache directory');
    const cached = await observe(await LspClient.start({ env }), 'used');
    const uncached = await observe(await LspClient.start({ env: { ...env, BILDER_CODE_CACHE: 'off' } }), 'off');
    assert.ok(uncached.diagnostics.length > 0, 'the document has problems to report');
    assert.deepEqual(cached, uncached);
    assert.deepEqual(warm, uncached);
  });
});
