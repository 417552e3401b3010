// Inputs the fuzzer found that the server cannot yet answer within the 1 s deadline. Marked todo so they run and
// report without failing `npm test`; remove the todo once parsing is bounded (e.g. web-tree-sitter's
// progressCallback aborting a parse that runs too long, then treating the text as unparsable).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { performance } from 'node:perf_hooks';
import { LspClient } from '../helpers/lspClient';

const DEADLINE_MS = 1000;

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

  it('a name followed by 6,000 blanks is answered within 1 s', { todo: 'tree-sitter-hcl needs ≈2 s to parse `x` + 6,000 blanks + `= 1` (O(n²) in the blank run; 8,000 ≈ 3.3 s)' }, async () => {
    const elapsed = await openAndOutline(client, 'file:///known/blanks.pkr.hcl', `x${' '.repeat(6000)}= 1\n`);
    assert.ok(elapsed <= DEADLINE_MS, `took ${Math.round(elapsed)} ms`);
    assert.ok(client.alive);
  });
});
