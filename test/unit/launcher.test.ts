// The launcher's code cache must never change what the bundle does: a cache is used only for the exact bundle it was
// written from, by this user, from a private directory; a stale, damaged, planted or shared one is ignored.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { codeCacheFile, runWithCodeCache } from '../../server/src/launcher';

const isRoot = process.getuid?.() === 0;
const hasSetpriv = spawnSync('setpriv', ['--version']).status === 0;

describe('runWithCodeCache', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'bilder-launcher-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const bundle = path.join(root, 'bundle.js');
  const cacheDir = path.join(root, 'cache');
  mkdirSync(cacheDir, { mode: 0o700 });
  const cacheFile = path.join(cacheDir, 'bundle.v8cache');
  const results: unknown[] = [];
  (globalThis as { __launcherTest?: unknown[] }).__launcherTest = results;
  const source = (value: string) =>
    `const path = require('node:path');\nfunction answer() { return ${value}; }\nglobalThis.__launcherTest.push([answer(), path.basename(__filename), path.basename(__dirname) === path.basename(${JSON.stringify(root)}), typeof module.exports]);\n`;
  const answers = () => results.splice(0).map((result) => (result as unknown[])[0]);

  it('runs the bundle as require would, then from the cache it wrote, with the same result', () => {
    writeFileSync(bundle, source('"a"'));
    const first = runWithCodeCache(bundle, cacheFile);
    assert.equal(first.cacheUsed, false);
    // Even under umask 000, where the old cache came out world-writable.
    const umask = process.umask(0);
    try {
      first.writeCache();
    } finally {
      process.umask(umask);
    }
    assert.equal(statSync(cacheFile).mode & 0o777, 0o600, 'the cache is written 0600');
    const second = runWithCodeCache(bundle, cacheFile);
    assert.equal(second.cacheUsed, true);
    assert.deepEqual(results.splice(0), [
      ['a', 'bundle.js', true, 'object'],
      ['a', 'bundle.js', true, 'object'],
    ]);
  });

  it('ignores the cache of a different bundle of the same length', () => {
    writeFileSync(bundle, source('"a"'));
    runWithCodeCache(bundle, cacheFile).writeCache();
    writeFileSync(bundle, source('"b"'));
    const run = runWithCodeCache(bundle, cacheFile);
    assert.equal(run.cacheUsed, false);
    assert.deepEqual(answers(), ['a', 'b']);
  });

  it('ignores a damaged cache and a missing one', () => {
    writeFileSync(bundle, source('"c"'));
    writeFileSync(cacheFile, 'not a cache', { mode: 0o600 });
    assert.equal(runWithCodeCache(bundle, cacheFile).cacheUsed, false);
    rmSync(cacheFile);
    assert.equal(runWithCodeCache(bundle, cacheFile).cacheUsed, false);
    assert.deepEqual(answers(), ['c', 'c']);
  });

  it('refuses a planted cache: one compiled from another source of the same length, with a header claiming this bundle', () => {
    // The attacker's cache is a real V8 cache of their own code, whose header names our bundle's digest: only where it
    // lives and who owns it tell it apart, so a group- or world-writable file is never read.
    writeFileSync(bundle, source('"d"'));
    runWithCodeCache(bundle, cacheFile).writeCache();
    chmodSync(cacheFile, 0o666);
    const run = runWithCodeCache(bundle, cacheFile);
    assert.equal(run.cacheUsed, false);
    assert.match(run.rejected ?? '', /writable by others/);
    chmodSync(cacheFile, 0o620);
    assert.equal(runWithCodeCache(bundle, cacheFile).cacheUsed, false);
    answers();
  });

  it('refuses a symlink in place of the cache', () => {
    writeFileSync(bundle, source('"e"'));
    const elsewhere = path.join(root, 'elsewhere.v8cache');
    runWithCodeCache(bundle, elsewhere).writeCache();
    rmSync(cacheFile, { force: true });
    symlinkSync(elsewhere, cacheFile);
    const run = runWithCodeCache(bundle, cacheFile);
    assert.equal(run.cacheUsed, false);
    assert.match(run.rejected ?? '', /cannot open/);
    rmSync(cacheFile);
    answers();
  });

  it('refuses a cache owned by another user', { skip: isRoot ? false : 'needs root to give a file away' }, () => {
    writeFileSync(bundle, source('"f"'));
    runWithCodeCache(bundle, cacheFile).writeCache();
    chownSync(cacheFile, 65534, 65534);
    const run = runWithCodeCache(bundle, cacheFile);
    assert.equal(run.cacheUsed, false);
    assert.match(run.rejected ?? '', /belongs to uid 65534/);
    rmSync(cacheFile);
    answers();
  });

  it('a cache that another user (nobody) writes into a shared folder is never loaded', { skip: isRoot && hasSetpriv ? false : 'needs root and setpriv' }, () => {
    writeFileSync(bundle, source('"g"'));
    const shared = mkdtempSync(path.join(os.tmpdir(), 'bilder-shared-'));
    try {
      chmodSync(shared, 0o1777);
      const ours = path.join(shared, 'ours.v8cache');
      runWithCodeCache(bundle, ours).writeCache();
      // nobody copies a cache it made into the shared folder under the name we would read, keeping it 0600 and its own.
      const planted = path.join(shared, 'planted.v8cache');
      const copy = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', '/bin/sh', '-c', `umask 077; cat > '${planted}'`], { input: readFileSync(ours) });
      assert.equal(copy.status, 0, copy.stderr.toString());
      assert.equal(statSync(planted).uid, 65534);
      const run = runWithCodeCache(bundle, planted);
      assert.equal(run.cacheUsed, false);
      assert.match(run.rejected ?? '', /belongs to uid 65534/);
    } finally {
      rmSync(shared, { recursive: true, force: true });
      answers();
    }
  });
});

describe('code cache location', () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'bilder-cachehome-'));
  after(() => rmSync(home, { recursive: true, force: true }));

  it('lives in a private per-user cache directory, never beside the bundle', () => {
    const file = codeCacheFile('/opt/bilder/dist/serverMain.js', { XDG_CACHE_HOME: home });
    assert.ok(file.startsWith(path.join(home, 'bilder', 'code-cache') + path.sep), file);
    assert.equal(statSync(path.dirname(file)).mode & 0o777, 0o700);
    assert.equal(statSync(path.join(home, 'bilder')).mode & 0o777, 0o700);
  });

  it('refuses a cache directory that is a symlink, and the bundle still runs without a cache', () => {
    const planted = path.join(home, 'planted');
    const xdg = path.join(home, 'xdg');
    mkdirSync(planted);
    chmodSync(planted, 0o777);
    mkdirSync(xdg);
    symlinkSync(planted, path.join(xdg, 'bilder'));
    assert.throws(() => codeCacheFile('/opt/bilder/dist/serverMain.js', { XDG_CACHE_HOME: xdg }), /symbolic link/);
    assert.ok(lstatSync(path.join(xdg, 'bilder')).isSymbolicLink());
    assert.equal(existsSync(path.join(planted, 'code-cache')), false, 'nothing was created through the symlink');
    assert.equal(statSync(planted).mode & 0o777, 0o777, 'the target was not chmodded');
  });

  it('the built launcher starts the server from the per-user cache, not a file beside the bundle', { skip: existsSync(path.join(__dirname, '..', '..', 'dist', 'server.js')) ? false : 'needs npm run build' }, () => {
    const dist = path.join(__dirname, '..', '..', 'dist');
    const copy = mkdtempSync(path.join(home, 'dist-'));
    for (const name of ['server.js', 'serverMain.js']) copyFileSync(path.join(dist, name), path.join(copy, name));
    // A cache planted beside the bundle (where older versions kept it) is not even looked at.
    writeFileSync(path.join(copy, 'serverMain.js.v8cache'), 'planted', { mode: 0o666 });
    const env = { ...process.env, XDG_CACHE_HOME: path.join(home, 'launch-cache') };
    const run = spawnSync(process.execPath, [path.join(copy, 'server.js'), '--version'], { env, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /bilder-language-server/);
    // A server session (stdin closed at once) writes its cache on exit: into the private directory, 0600.
    spawnSync(process.execPath, [path.join(copy, 'server.js'), '--stdio'], { env, input: '', timeout: 30_000 });
    const written = codeCacheFile(path.join(copy, 'serverMain.js'), env);
    assert.ok(existsSync(written), 'the cache was written to the per-user directory');
    assert.equal(statSync(written).mode & 0o777, 0o600);
    assert.equal(readFileSync(path.join(copy, 'serverMain.js.v8cache'), 'utf8'), 'planted', 'the file beside the bundle was neither read nor replaced');
  });
});
