// Where a build keeps its logs: a private per-user folder by default, and never more than KEPT_LOGS logs in it.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { BuildSession, KEPT_LOGS, storageDirOf } from '../../../server/src/imageBuilds/session';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'bilder-session-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('build storage', () => {
  it('defaults to the user state directory (XDG), not a shared temporary folder', { skip: process.getuid ? false : 'no uids here' }, () => {
    const saved = process.env.XDG_STATE_HOME;
    process.env.XDG_STATE_HOME = path.join(scratch, 'state');
    try {
      assert.equal(storageDirOf({ templateDir: scratch }), path.join(scratch, 'state', 'bilder', 'builds'));
      assert.equal(statSync(path.join(scratch, 'state', 'bilder', 'builds')).mode & 0o777, 0o700);
    } finally {
      if (saved === undefined) delete process.env.XDG_STATE_HOME;
      else process.env.XDG_STATE_HOME = saved;
    }
  });

  it('creates the storage folder private to the user', { skip: process.platform === 'win32' ? 'no POSIX modes' : false }, () => {
    const storageDir = path.join(scratch, 'private', 'storage');
    new BuildSession({ id: 'mode', request: { templateDir: scratch, storageDir }, packerPath: 'packer', emit: () => undefined });
    assert.equal(statSync(storageDir).mode & 0o777, 0o700);
  });

  it('keeps only the newest logs when a build starts', async () => {
    const storageDir = path.join(scratch, 'pruned');
    const logDir = path.join(storageDir, 'logs');
    mkdirSync(logDir, { recursive: true });
    const now = Date.now() / 1000;
    for (let index = 0; index < KEPT_LOGS + 5; index++) {
      const file = path.join(logDir, `old-${String(index).padStart(2, '0')}.log`);
      writeFileSync(file, 'output\n');
      utimesSync(file, now - 1000 + index, now - 1000 + index);
    }
    writeFileSync(path.join(logDir, 'notes.txt'), 'not a log');
    const session = new BuildSession({ id: 'newest', request: { templateDir: scratch, storageDir }, packerPath: path.join(scratch, 'no-such-packer'), emit: () => undefined });
    const final = await session.run();
    assert.equal(final.status, 'failed');
    const left = readdirSync(logDir).sort();
    assert.equal(left.filter((name) => name.endsWith('.log')).length, KEPT_LOGS);
    assert.ok(left.includes('newest.log') && left.includes('notes.txt'));
    assert.ok(!left.includes('old-05.log') && left.includes('old-06.log'), left.join(' '));
  });
});
