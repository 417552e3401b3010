// Files named like templates are read only when they are regular files within the limit: a FIFO, a socket or a device
// is reported and never blocks the reader.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readRegularFile, readRegularFileSync } from '../../../server/src/workspace/regularFile';

describe('readRegularFile', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'bilder-regular-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a regular file (through a symlink too) and reports its size when over the limit', async () => {
    const file = path.join(dir, 'a.pkr.hcl');
    writeFileSync(file, 'a = 1\n');
    symlinkSync(file, path.join(dir, 'link.pkr.hcl'));
    assert.deepEqual(readRegularFileSync(file, 100), { text: 'a = 1\n' });
    assert.deepEqual(await readRegularFile(path.join(dir, 'link.pkr.hcl'), 100), { text: 'a = 1\n' });
    const big = await readRegularFile(file, 3);
    assert.ok('skipped' in big && big.size === 6 && /over the 1 KB limit/.test(big.skipped));
  });

  it('skips a FIFO without blocking, with the reason', { skip: process.platform === 'win32' }, async () => {
    const fifo = path.join(dir, 'y.pkr.hcl');
    execFileSync('mkfifo', [fifo]);
    // No writer ever opens it: a plain read would wait forever and this test would time out.
    assert.deepEqual(readRegularFileSync(fifo, 1e6), { skipped: 'it is a FIFO (named pipe), not a regular file' });
    assert.deepEqual(await readRegularFile(fifo, 1e6), { skipped: 'it is a FIFO (named pipe), not a regular file' });
  });

  it('skips a socket and a character device', { skip: process.platform === 'win32' }, async () => {
    const socketPath = path.join(dir, 's.pkr.hcl');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    try {
      assert.deepEqual(readRegularFileSync(socketPath, 1e6), { skipped: 'it is a socket, not a regular file' });
      assert.deepEqual(await readRegularFile(socketPath, 1e6), { skipped: 'it is a socket, not a regular file' });
    } finally {
      server.close();
    }
    assert.deepEqual(await readRegularFile('/dev/zero', 1e6), { skipped: 'it is a character device, not a regular file' });
  });
});
