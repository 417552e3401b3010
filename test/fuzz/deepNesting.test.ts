// 10,000 levels of every kind of nesting, closed and unclosed, through the real server: no stack overflow, every
// request answered, nothing logged as an error. How long it took is reported, not asserted (see server.test.ts).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { performance } from 'node:perf_hooks';
import { LspClient } from '../helpers/lspClient';
import { NESTING } from './mutations';

const DEPTH = 10_000;

describe(`${DEPTH}-deep nesting over stdio`, () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start({ initializationOptions: { settings: { format: { engine: 'native' } } } });
  });
  after(async () => {
    await client.stop();
  });

  it('answers every request for every kind of nesting and keeps running', async (t) => {
    const timings: string[] = [];
    for (const [index, [open, close]] of NESTING.entries()) {
      for (const closed of [true, false]) {
        const uri = `file:///deep/${index}-${closed ? 'closed' : 'open'}.pkr.hcl`;
        const text = `variable "v" {\n  default = 1\n}\nnested = ${open.repeat(DEPTH)}1${closed ? close.repeat(DEPTH) : ''}\n`;
        const start = performance.now();
        await client.open(uri, text);
        await client.waitForDiagnostics(uri, (p) => p.version === 1, 60_000);
        const position = { line: 3, character: 12 };
        await client.request('textDocument/documentSymbol', { textDocument: { uri } });
        await client.request('textDocument/foldingRange', { textDocument: { uri } });
        await client.request('textDocument/completion', { textDocument: { uri }, position });
        await client.request('textDocument/hover', { textDocument: { uri }, position });
        await client.request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
        timings.push(`${JSON.stringify(open)}${closed ? '' : ' (unclosed)'} ${Math.round(performance.now() - start)} ms`);
        await client.notify('textDocument/didClose', { textDocument: { uri } });
        assert.ok(client.alive, `the server exited on ${JSON.stringify(open)}`);
      }
    }
    t.diagnostic(timings.join('; '));
    const errors = client.logs.filter((entry) => entry.type === 1 || /uncaught|unhandled|failed|maximum call stack/i.test(entry.message));
    assert.deepEqual(errors.map((entry) => entry.message.split('\n')[0]), []);
    assert.equal(client.stderr.join('').match(/RangeError|Maximum call stack/)?.[0], undefined);
  });
});
