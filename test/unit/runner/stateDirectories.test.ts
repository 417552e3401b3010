// Per-user state: private directories created without following symlinks, refused when planted or someone else's; logs
// 0600; temporary copies removed even when their process was killed. Attacks of issue 11 §4 and §7.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { BuildSession } from '../../../server/src/imageBuilds/session';
import { createPrivateTemporary, sweepAbandonedTemporaries } from '../../../server/src/runner/privateTemporaries';
import { ensurePrivateDirectory, privateSubdirectory, userCacheDirectory, userStateDirectory } from '../../../server/src/runner/stateDirectories';

const isRoot = process.getuid?.() === 0;
const scratch = mkdtempSync(path.join(os.tmpdir(), 'bilder-state-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const mode = (file: string) => statSync(file).mode & 0o777;

describe('per-user directories', () => {
  it('follow XDG, ignoring relative values', () => {
    assert.equal(userStateDirectory({ XDG_STATE_HOME: '/x/state', HOME: '/h' }), '/x/state/bilder');
    assert.equal(userStateDirectory({ XDG_STATE_HOME: 'relative', HOME: '/h' }), '/h/.local/state/bilder');
    assert.equal(userCacheDirectory({ HOME: '/h' }), '/h/.cache/bilder');
  });

  it('are created 0700 down to the last level, and an open one of ours is closed', () => {
    const deep = path.join(scratch, 'a', 'b', 'c');
    ensurePrivateDirectory(deep);
    for (const level of ['a', 'a/b', 'a/b/c']) assert.equal(mode(path.join(scratch, level)), 0o700, level);
    chmodSync(deep, 0o755);
    ensurePrivateDirectory(deep);
    assert.equal(mode(deep), 0o700);
  });

  it('refuse a planted symlink: nothing is chmodded, written or deleted through it', async () => {
    const victim = path.join(scratch, 'victim');
    mkdirSync(victim);
    chmodSync(victim, 0o755);
    writeFileSync(path.join(victim, 'keep.log'), 'the victim’s own log');
    const storage = path.join(scratch, 'bilder-planted');
    symlinkSync(victim, storage);
    assert.throws(() => ensurePrivateDirectory(storage), /symbolic link/);
    assert.throws(() => privateSubdirectory(storage, 'logs'), /symbolic link/);
    // The build the issue describes: its storage folder is the planted link.
    assert.throws(() => new BuildSession({ id: 'b1', request: { templateDir: scratch, storageDir: storage }, packerPath: '/bin/true', emit: () => undefined }), /symbolic link/);
    assert.equal(mode(victim), 0o755);
    assert.deepEqual(readdirSync(victim), ['keep.log']);
  });

  it('refuse a directory another user created first', { skip: isRoot ? false : 'needs root to create a directory for another user' }, () => {
    const theirs = path.join(scratch, 'theirs');
    mkdirSync(theirs);
    chownSync(theirs, 65534, 65534);
    assert.throws(() => ensurePrivateDirectory(theirs), /belongs to another user/);
  });
});

describe('another local user (nobody) in a shared temporary folder', { skip: isRoot && spawnSync('setpriv', ['--version']).status === 0 ? false : 'needs root and setpriv' }, () => {
  it('plants /tmp/bilder-<uid> as a symlink or as its own folder first: refused, and nothing of ours lands there', () => {
    const shared = path.join(scratch, 'shared-tmp');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    const asNobody = (script: string) => spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', '/bin/sh', '-c', script], { cwd: shared });
    const uid = process.getuid!();
    assert.equal(asNobody(`mkdir trap && chmod 777 trap && ln -s "$PWD/trap" bilder-${uid} && mkdir bilder-${uid}-dir`).status, 0);
    assert.throws(() => ensurePrivateDirectory(path.join(shared, `bilder-${uid}`)), /symbolic link/);
    assert.throws(() => ensurePrivateDirectory(path.join(shared, `bilder-${uid}-dir`)), /belongs to another user/);
    assert.deepEqual(readdirSync(path.join(shared, 'trap')), []);
    assert.equal(mode(path.join(shared, 'trap')), 0o777);
  });
});

describe('build logs', () => {
  it('are 0600 files in 0700 folders of the user state directory', async () => {
    const saved = process.env.XDG_STATE_HOME;
    process.env.XDG_STATE_HOME = path.join(scratch, 'state');
    try {
      const session = new BuildSession({ id: 'log-mode', request: { templateDir: scratch }, packerPath: '/bin/true', emit: () => undefined });
      await session.run();
      assert.ok(session.logFile.startsWith(path.join(scratch, 'state', 'bilder')), session.logFile);
      assert.equal(mode(session.logFile), 0o600);
      for (let dir = path.dirname(session.logFile); dir !== path.join(scratch, 'state'); dir = path.dirname(dir)) assert.equal(mode(dir), 0o700, dir);
    } finally {
      if (saved === undefined) delete process.env.XDG_STATE_HOME;
      else process.env.XDG_STATE_HOME = saved;
    }
  });
});

describe('private temporaries', () => {
  it('are removed by the next process when theirs was killed, and never while it lives', async () => {
    const root = path.join(scratch, 'tmp');
    mkdirSync(root, { mode: 0o700 });
    const sleeper = spawn('sleep', ['30']);
    const dead = spawn('true');
    await new Promise((resolve) => dead.once('exit', resolve));
    mkdirSync(path.join(root, `fmt-${dead.pid}-abc`));
    mkdirSync(path.join(root, `fmt-${sleeper.pid}-def`));
    await sweepAbandonedTemporaries(root);
    sleeper.kill();
    assert.deepEqual(readdirSync(root), [`fmt-${sleeper.pid}-def`]);
  });

  it('live in the private cache directory, 0700, and go when removed', async () => {
    const saved = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = path.join(scratch, 'cache');
    try {
      const folder = await createPrivateTemporary('fmt');
      assert.ok(folder.path.startsWith(path.join(scratch, 'cache', 'bilder', 'tmp', `fmt-${process.pid}-`)));
      assert.equal(mode(folder.path), 0o700);
      await folder.remove();
      assert.equal(existsSync(folder.path), false);
    } finally {
      if (saved === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = saved;
    }
  });
});
