import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { REPO_ROOT } from '../../helpers/lspClient';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const UNFORMATTED = 'source "null" "example" {\ncommunicator    = "none"\n}\n';
const FORMATTED = 'source "null" "example" {\n  communicator = "none"\n}\n';
const temporary: string[] = [];
after(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tree(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bilder-fmt-cli-'));
  temporary.push(dir);
  mkdirSync(path.join(dir, 'nested'));
  writeFileSync(path.join(dir, 'ok.pkr.hcl'), FORMATTED);
  writeFileSync(path.join(dir, 'nested', 'messy.pkr.hcl'), UNFORMATTED);
  return dir;
}

function bilder(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
}

describe('bilder fmt', { skip: existsSync(CLI) ? false : 'dist/cli.js is not built (node esbuild.mjs)' }, () => {
  for (const engine of ['native', 'packer'] as const) {
    it(`--check lists what would change (exit 3), then a run rewrites it, recursively (${engine})`, { skip: engine === 'packer' && !existsSync('/usr/bin/packer') ? 'packer is not installed' : false }, () => {
      const dir = tree();
      const check = bilder('fmt', '--check', '--engine', engine, dir);
      assert.equal(check.status, 3, check.stderr);
      assert.equal(check.stdout.trim(), path.join(dir, 'nested', 'messy.pkr.hcl'));
      assert.equal(readFileSync(path.join(dir, 'nested', 'messy.pkr.hcl'), 'utf8'), UNFORMATTED);

      const run = bilder('fmt', `--engine=${engine}`, dir);
      assert.equal(run.status, 0, run.stderr);
      assert.equal(readFileSync(path.join(dir, 'nested', 'messy.pkr.hcl'), 'utf8'), FORMATTED);
      assert.equal(bilder('fmt', '--check', '--engine', engine, dir).status, 0);
    });
  }

  it('leaves a file with syntax errors alone and says why (exit 1); bad usage exits 2', () => {
    const dir = tree();
    writeFileSync(path.join(dir, 'broken.pkr.hcl'), 'source "null" "x" {\n');
    const run = bilder('fmt', '--engine', 'native', dir);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /broken\.pkr\.hcl: not formatted/);
    assert.equal(readFileSync(path.join(dir, 'broken.pkr.hcl'), 'utf8'), 'source "null" "x" {\n');
    assert.equal(bilder('fmt', '--engine', 'nope').status, 2);
  });
});
