// The --stdio transport: header and body leave in one write, and the console cannot write to the protocol stream.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { StreamMessageWriter } from 'vscode-languageserver/node';
import { oneWritePerMessage, redirectConsole } from '../../../server/src/lsp/stdio';

function recordingTarget(fail?: Error): { target: Writable; writes: string[] } {
  const writes: string[] = [];
  const target = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      writes.push(chunk.toString('utf8'));
      callback(fail ?? null);
    },
  });
  return { target, writes };
}

describe('oneWritePerMessage', () => {
  it('sends each message vscode-jsonrpc writes as one write, header and body together', async () => {
    const { target, writes } = recordingTarget();
    const writer = new StreamMessageWriter(oneWritePerMessage(target));
    await writer.write({ jsonrpc: '2.0', method: 'a', params: { text: 'é' } } as never);
    await writer.write({ jsonrpc: '2.0', method: 'b' } as never);
    assert.equal(writes.length, 2);
    const body = JSON.stringify({ jsonrpc: '2.0', method: 'a', params: { text: 'é' } });
    assert.equal(writes[0], `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    assert.match(writes[1]!, /^Content-Length: \d+\r\n\r\n\{"jsonrpc":"2.0","method":"b"\}$/);
  });

  it('passes anything that is not a header straight through', async () => {
    const { target, writes } = recordingTarget();
    const stream = oneWritePerMessage(target);
    await new Promise<void>((resolve) => stream.write('{"not":"a header"}', () => resolve()));
    assert.deepEqual(writes, ['{"not":"a header"}']);
  });

  it('reports a failed write to the writer', async () => {
    const { target } = recordingTarget(new Error('EPIPE'));
    // The server listens for errors on stdout itself (server.ts); so does this target.
    target.on('error', () => undefined);
    const writer = new StreamMessageWriter(oneWritePerMessage(target));
    const errors: unknown[] = [];
    writer.onError((error) => errors.push(error));
    await assert.rejects(writer.write({ jsonrpc: '2.0', method: 'a' } as never));
    assert.ok(errors.length > 0);
  });
});

describe('redirectConsole', () => {
  it('sends console output to the client log, formatted', () => {
    const saved = { ...console };
    const sent: string[] = [];
    try {
      redirectConsole({ log: (m) => sent.push(`log ${m}`), info: (m) => sent.push(`info ${m}`), warn: (m) => sent.push(`warn ${m}`), error: (m) => sent.push(`error ${m}`) });
      console.log('a %d', 1, { b: 2 });
      console.warn('w');
      console.error(new Error('boom').message);
      console.assert(false, 'x');
      console.assert(true, 'never');
    } finally {
      Object.assign(console, saved);
    }
    assert.deepEqual(sent, ['log a 1 { b: 2 }', 'warn w', 'error boom', 'error Assertion failed: x']);
  });
});
