// Message storms against the real server over stdio (issue 16): a client that sends the whole text on every keystroke,
// one that types incrementally as fast as the pipe allows, and one that opens and closes documents in a loop. The
// server must apply every change but analyse only the newest text, answer requests from the newest state, and keep
// its memory bounded. The bounds are behaviour (answers, publish counts, memory), never timings.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CompletionItem, CompletionList, DocumentSymbol } from 'vscode-languageserver-types';
import { LspClient } from '../helpers/lspClient';
import { HAS_PROC, residentMb, sizedTemplate, withMarker } from './templates';

/** Changes per storm: thousands, as an editor with full sync sends in a few seconds of fast typing. */
const STORM_CHANGES = 2000;
/** Analyses a storm may cause at most, as a share of its changes: coalescing makes it a handful in practice. */
const MAX_PUBLISH_SHARE = 0.1;
/** Resident memory the server may reach during a storm; the unbounded queue it replaced reached 442 MB. */
const MAX_RSS_MB = 300;

function symbolNames(symbols: DocumentSymbol[] | null): string[] {
  return (symbols ?? []).map((symbol) => symbol.name);
}

describe('message storms', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
  });

  it(`full-document sync: ${STORM_CHANGES} whole-text changes are applied, the newest is analysed, few analyses run`, async (t) => {
    const uri = 'file:///hostile/full-sync.pkr.hcl';
    const base = sizedTemplate(22 * 1024, 'm0');
    await client.open(uri, base);
    await client.diagnosticsForVersion(uri, 1);
    const publishesBefore = client.publishCount.get(uri) ?? 0;
    let peakMb = 0;
    // Every notification is queued at once: the server sees them back to back, as from a client faster than it.
    for (let version = 2; version <= STORM_CHANGES + 1; version++) {
      void client.change(uri, version, [{ text: withMarker(base, 'm0', `m${version}`) }]);
      if (HAS_PROC && version % 500 === 0) peakMb = Math.max(peakMb, residentMb(client.process.pid!));
    }
    const last = STORM_CHANGES + 1;
    // The first request after the storm answers from the newest text.
    const symbols = await client.request<DocumentSymbol[] | null>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.ok(symbolNames(symbols).some((name) => name.includes(`m${last}`)), `outline shows the newest version: ${symbolNames(symbols).slice(0, 3).join(', ')}`);
    const diagnostics = await client.diagnosticsForVersion(uri, last);
    assert.deepEqual(diagnostics.filter((d) => d.severity === 1), [], 'the newest text is valid');
    if (HAS_PROC) peakMb = Math.max(peakMb, residentMb(client.process.pid!));
    const publishes = (client.publishCount.get(uri) ?? 0) - publishesBefore;
    t.diagnostic(`${STORM_CHANGES} changes → ${publishes} publishes; server RSS peak ${peakMb.toFixed(0)} MB`);
    assert.ok(publishes <= STORM_CHANGES * MAX_PUBLISH_SHARE, `${publishes} analyses for ${STORM_CHANGES} changes`);
    if (HAS_PROC) assert.ok(peakMb < MAX_RSS_MB, `server RSS reached ${peakMb.toFixed(0)} MB`);
    await client.notify('textDocument/didClose', { textDocument: { uri } });
  });

  it('incremental typing storm: completion is answered during the storm and reflects the newest text after it', async (t) => {
    const uri = 'file:///hostile/typing.pkr.hcl';
    const base = sizedTemplate(22 * 1024, 'm0');
    await client.open(uri, `${base}\nlocals {\n  typed = \n}\n`);
    await client.diagnosticsForVersion(uri, 1);
    // base ends with a newline, so the appended text starts on line base.split('\n').length - 1: an empty line, then
    // `locals {`, then `  typed = `. The storm types `var.` after `typed = ` and deletes it, keystroke by keystroke.
    const at = { line: base.split('\n').length + 1, character: 10 };
    let version = 1;
    let answered = 0;
    const pending: Promise<unknown>[] = [];
    for (let round = 0; round < STORM_CHANGES / 8; round++) {
      for (const [index, character] of [...'var.'].entries()) {
        version++;
        void client.change(uri, version, [{ range: { start: { line: at.line, character: at.character + index }, end: { line: at.line, character: at.character + index } }, text: character }]);
      }
      if (round % 25 === 0) {
        pending.push(
          client.request<CompletionList | CompletionItem[] | null>('textDocument/completion', { textDocument: { uri }, position: { line: at.line, character: at.character + 4 } }).then(() => answered++),
        );
      }
      version++;
      void client.change(uri, version, [{ range: { start: at, end: { line: at.line, character: at.character + 4 } }, text: '' }]);
    }
    // End with `var.` typed, so the last completion must offer the template's variables.
    for (const [index, character] of [...'var.'].entries()) {
      version++;
      void client.change(uri, version, [{ range: { start: { line: at.line, character: at.character + index }, end: { line: at.line, character: at.character + index } }, text: character }]);
    }
    await Promise.all(pending);
    const result = await client.request<CompletionList | CompletionItem[] | null>('textDocument/completion', { textDocument: { uri }, position: { line: at.line, character: at.character + 4 } });
    const items = Array.isArray(result) ? result : (result?.items ?? []);
    t.diagnostic(`${version - 1} changes, ${answered} completions answered during the storm, ${client.publishCount.get(uri)} publishes`);
    assert.equal(answered, pending.length);
    assert.ok(items.some((item) => item.label === 'm0'), `var. offers the declared variables (got ${items.length} items)`);
    await client.diagnosticsForVersion(uri, version);
    assert.ok((client.publishCount.get(uri) ?? 0) <= version * MAX_PUBLISH_SHARE);
    await client.notify('textDocument/didClose', { textDocument: { uri } });
  });

  it(`open/close storm: ${STORM_CHANGES} opens and closes leave no document, no diagnostics and bounded memory`, async (t) => {
    const text = sizedTemplate(22 * 1024);
    let peakMb = 0;
    for (let i = 0; i < STORM_CHANGES; i++) {
      // A few documents reopened over and over, as a client that re-syncs its tabs in a loop.
      const uri = `file:///hostile/churn/${i % 7}.pkr.hcl`;
      void client.open(uri, text, 'packer', i + 1);
      void client.notify('textDocument/didClose', { textDocument: { uri } });
      if (HAS_PROC && i % 500 === 0) peakMb = Math.max(peakMb, residentMb(client.process.pid!));
    }
    // A request after the storm is answered, and a document closed in the storm is unknown again.
    const symbols = await client.request<DocumentSymbol[] | null>('textDocument/documentSymbol', { textDocument: { uri: 'file:///hostile/churn/3.pkr.hcl' } });
    assert.equal(symbols, null);
    if (HAS_PROC) peakMb = Math.max(peakMb, residentMb(client.process.pid!));
    const published = [...client.publishCount.entries()].filter(([uri]) => uri.includes('/churn/')).reduce((sum, [, count]) => sum + count, 0);
    t.diagnostic(`${STORM_CHANGES} open/close pairs → ${published} publishes; server RSS peak ${peakMb.toFixed(0)} MB`);
    assert.ok(published <= STORM_CHANGES * MAX_PUBLISH_SHARE, `${published} publishes`);
    if (HAS_PROC) assert.ok(peakMb < MAX_RSS_MB, `server RSS reached ${peakMb.toFixed(0)} MB`);
    assert.ok(client.alive);
  });
});
