// Where a build keeps its logs: a private per-user folder by default, and never more than KEPT_LOGS logs in it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { BuildEvent } from '../../../protocol';
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

  it('never starts Packer on a directory holding a device named like a template, or a var file that is a FIFO', async () => {
    const dir = path.join(scratch, 'hostile');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'main.pkr.hcl'), 'source "null" "x" {\n  communicator = "none"\n}\n');
    const record = path.join(scratch, 'hostile.record');
    const packer = path.join(scratch, 'hostile-packer');
    writeFileSync(packer, `#!/bin/sh\necho ran >> '${record}'\n`, { mode: 0o755 });
    symlinkSync('/dev/zero', path.join(dir, 'zero.pkr.hcl'));
    const events: BuildEvent[] = [];
    const run = (varFiles?: string[]) =>
      new BuildSession({ id: `hostile-${events.length}`, request: { templateDir: dir, storageDir: path.join(scratch, 'hostile-storage'), varFiles }, packerPath: packer, emit: (batch) => void events.push(...batch) }).run();
    assert.equal((await run()).status, 'failed');
    assert.ok(events.some((event) => event.type === 'error' && /zero\.pkr\.hcl is a character device/.test(event.message)), JSON.stringify(events));
    rmSync(path.join(dir, 'zero.pkr.hcl'));
    spawnSync('mkfifo', [path.join(dir, 'pipe.pkrvars.hcl')]);
    assert.equal((await run(['pipe.pkrvars.hcl'])).status, 'failed');
    assert.ok(events.some((event) => event.type === 'error' && /pipe\.pkrvars\.hcl is a FIFO/.test(event.message)));
    assert.equal(existsSync(record), false, 'packer never ran');
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
