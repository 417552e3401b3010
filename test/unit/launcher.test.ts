// The launcher's code cache must never change what the bundle does: a cache is used only for the exact bundle it was
// written from, and a stale or damaged one is ignored.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { runWithCodeCache } from '../../server/src/launcher';

describe('runWithCodeCache', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'bilder-launcher-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const bundle = path.join(root, 'bundle.js');
  const cacheFile = path.join(root, 'bundle.js.v8cache');
  const results: unknown[] = [];
  (globalThis as { __launcherTest?: unknown[] }).__launcherTest = results;
  const source = (value: string) =>
    `const path = require('node:path');\nfunction answer() { return ${value}; }\nglobalThis.__launcherTest.push([answer(), path.basename(__filename), path.basename(__dirname) === path.basename(${JSON.stringify(root)}), typeof module.exports]);\n`;

  it('runs the bundle as require would, then from the cache it wrote, with the same result', () => {
    writeFileSync(bundle, source('"a"'));
    const first = runWithCodeCache(bundle, cacheFile);
    assert.equal(first.cacheUsed, false);
    first.writeCache();
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
    assert.deepEqual(results.splice(0).map((result) => (result as unknown[])[0]), ['a', 'b']);
  });

  it('ignores a damaged cache and a missing one', () => {
    writeFileSync(bundle, source('"c"'));
    writeFileSync(cacheFile, 'not a cache');
    assert.equal(runWithCodeCache(bundle, cacheFile).cacheUsed, false);
    rmSync(cacheFile);
    assert.equal(runWithCodeCache(bundle, cacheFile).cacheUsed, false);
    assert.deepEqual(results.splice(0).map((result) => (result as unknown[])[0]), ['c', 'c']);
  });
});
