// Inputs the fuzzer found that made tree-sitter-hcl's error recovery run for seconds (super-linear in a run of blanks).
// Parsing is now bounded by a budget (parsing/treeSitter.ts parseBudgetMs): the server answers in time and says why
// the file is not analysed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { performance } from 'node:perf_hooks';
import { LspClient } from '../helpers/lspClient';

// The parse budget for a small text is one second of CPU time; the point is an answer in about a second instead of 44.
const DEADLINE_MS = 2500;

/** Open → first diagnostics → documentSymbol, as an editor does when the file is opened. */
async function openAndOutline(client: LspClient, uri: string, text: string): Promise<number> {
  const start = performance.now();
  await client.open(uri, text);
  await client.waitForDiagnostics(uri, (p) => p.version === 1, 60_000);
  await client.request('textDocument/documentSymbol', { textDocument: { uri } });
  const elapsed = performance.now() - start;
  await client.notify('textDocument/didClose', { textDocument: { uri } });
  return elapsed;
}

describe('known slow inputs (tree-sitter error recovery is super-linear)', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(async () => {
    await client.stop();
  });

  for (const blanks of [6_000, 20_000]) {
    it(`a name followed by ${blanks} blanks is answered promptly`, async () => {
      const uri = `file:///known/blanks-${blanks}.pkr.hcl`;
      const elapsed = await openAndOutline(client, uri, `x${' '.repeat(blanks)}= 1\n`);
      assert.ok(elapsed <= DEADLINE_MS, `took ${Math.round(elapsed)} ms`);
      assert.ok(client.alive);
    });
  }

  it('says why a file whose parse was abandoned is not analysed', async () => {
    const uri = 'file:///known/abandoned.pkr.hcl';
    await client.open(uri, `launch_block_d${' '.repeat(20_000)}\n`);
    const { diagnostics } = await client.waitForDiagnostics(uri, (p) => p.version === 1, 60_000);
    assert.equal(diagnostics[0]?.code, 'bilder/not-analysed');
    assert.match(String(diagnostics[0]?.message), /took too long/);
  });

  it('still reports syntax errors in a file whose tree-sitter parse was abandoned', async () => {
    const uri = 'file:///known/abandoned-broken.pkr.hcl';
    await client.open(uri, `x${' '.repeat(20_000)}= 1 b = 2\n`);
    const { diagnostics } = await client.waitForDiagnostics(uri, (p) => p.version === 1, 60_000);
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['bilder/not-analysed', 'syntax/missing-newline'],
    );
  });
});
