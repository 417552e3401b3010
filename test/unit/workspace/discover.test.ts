// Finding Packer files: the search limit is announced, not silent, and special files are returned for the reader to
// explain (a FIFO left out without a word would look like a template Bilder forgot).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { discoverFiles } from '../../../server/src/workspace/discover';

describe('discoverFiles', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'bilder-discover-'));
    for (let i = 0; i < 5; i++) writeFileSync(path.join(dir, `t${i}.pkr.hcl`), '');
    writeFileSync(path.join(dir, 'notes.txt'), '');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('stops at the limit and says so', async () => {
    const limits: number[] = [];
    const found = await discoverFiles(dir, { limit: 3, onLimit: (limit) => limits.push(limit) });
    assert.equal(found.length, 3);
    assert.deepEqual(limits, [3]);
    assert.deepEqual(await discoverFiles(dir, { onLimit: () => assert.fail('no limit reached') }).then((files) => files.length), 5);
  });

  it('returns a FIFO named like a template, for the reader to skip with a reason', { skip: process.platform === 'win32' }, async () => {
    const fifo = path.join(dir, 'y.pkr.hcl');
    execFileSync('mkfifo', [fifo]);
    try {
      assert.ok((await discoverFiles(dir)).includes(fifo));
    } finally {
      rmSync(fifo);
    }
  });
});
