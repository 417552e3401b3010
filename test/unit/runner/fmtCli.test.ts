import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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

/** Private per-user folders of the CLIs under test, so their temporary copies can be watched. */
const CACHE_HOME = mkdtempSync(path.join(os.tmpdir(), 'bilder-fmt-cache-'));
temporary.push(CACHE_HOME);
const ENV = { ...process.env, CHECKPOINT_DISABLE: '1', XDG_CACHE_HOME: CACHE_HOME };
const HAS_PACKER = existsSync('/usr/bin/packer');

function bilder(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: ENV, timeout: 60_000 });
}

/** A `packer` that records its arguments, then runs the real one (or, with a second argument, hangs in fmt). */
function recordingPacker(dir: string, hangInFmt = false): { executable: string; record: string } {
  const executable = path.join(dir, 'recording-packer');
  const record = path.join(dir, 'packer.record');
  const hang = hangInFmt ? `case "$1" in fmt) echo "$$" > '${record}.fmt-pid'; sleep 60; exit 0;; esac\n` : '';
  writeFileSync(executable, `#!/bin/sh\necho "$*" >> '${record}'\n${hang}exec /usr/bin/packer "$@"\n`);
  chmodSync(executable, 0o755);
  return { executable, record };
}

const temporaries = () => (existsSync(path.join(CACHE_HOME, 'bilder', 'tmp')) ? readdirSync(path.join(CACHE_HOME, 'bilder', 'tmp')) : []);

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 50) {
    if (waited > 20_000) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
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

  // Issue 11 §6: Latin-1 decoded leniently came back as U+FFFD and was written over the file.
  for (const engine of ['native', 'packer'] as const) {
    it(`refuses a Latin-1 file with a clear message and leaves its bytes alone (${engine})`, { skip: engine === 'packer' && !HAS_PACKER ? 'packer is not installed' : false }, () => {
      const dir = tree();
      const latin1 = Buffer.from('source "null" "caf\xe9" {\ncommunicator    = "none"\n}\n', 'latin1');
      writeFileSync(path.join(dir, 'latin1.pkr.hcl'), latin1);
      const run = bilder('fmt', '--engine', engine, path.join(dir, 'latin1.pkr.hcl'));
      assert.equal(run.status, 1, run.stderr);
      assert.match(run.stderr, /latin1\.pkr\.hcl: not formatted: it is not UTF-8 text/);
      assert.deepEqual(readFileSync(path.join(dir, 'latin1.pkr.hcl')), latin1);
    });
  }

  // Issue 11 §5, issue 16: a device or a FIFO named like a template must neither hang nor grow without end.
  it('refuses /dev/zero behind a template name and a FIFO, promptly, saying what they are', () => {
    const dir = tree();
    symlinkSync('/dev/zero', path.join(dir, 'zero.pkr.hcl'));
    spawnSync('mkfifo', [path.join(dir, 'fifo.pkr.hcl')]);
    const run = bilder('fmt', '--engine', 'native', path.join(dir, 'zero.pkr.hcl'), path.join(dir, 'fifo.pkr.hcl'));
    // Named on the command line, they are skipped as unreadable input (exit 2), or refused when read (exit 1).
    assert.ok(run.status === 1 || run.status === 2, run.stderr);
    assert.match(run.stderr, /zero\.pkr\.hcl: (not formatted|skipped): it is a character device/);
    assert.match(run.stderr, /fifo\.pkr\.hcl: (not formatted|skipped): it is a FIFO/);
  });

  // Issue 11 §7: a file named -check.pkr.hcl reached packer fmt as a flag.
  it('a file named like a flag never reaches packer as one', { skip: HAS_PACKER ? false : 'packer is not installed' }, () => {
    const dir = tree();
    const flagLike = path.join(dir, '-check.pkr.hcl');
    writeFileSync(flagLike, UNFORMATTED);
    const { executable, record } = recordingPacker(dir);
    const run = bilder('fmt', '--engine', 'packer', '--packer', executable, '--', flagLike);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(readFileSync(flagLike, 'utf8'), FORMATTED);
    const runs = readFileSync(record, 'utf8').trim().split('\n');
    assert.ok(runs.some((args) => args.startsWith('fmt /')), runs.join('\n'));
    assert.ok(runs.every((args) => !args.includes('-check')), runs.join('\n'));
    assert.deepEqual(temporaries(), [], 'the private copy is gone');
  });

  it('a relative --packer path is refused rather than resolved against the current folder', { skip: HAS_PACKER ? false : 'packer is not installed' }, () => {
    const dir = tree();
    const run = spawnSync(process.execPath, [CLI, 'fmt', '--engine', 'packer', '--packer', './packer', 'ok.pkr.hcl'], { cwd: dir, encoding: 'utf8', env: ENV });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /relative path/);
  });

  // Issue 11 §7: bilder-fmt-* copies stayed behind when the process was killed.
  it('SIGTERM mid-format kills packer and removes the private copy; after SIGKILL the next run sweeps it', { skip: HAS_PACKER ? false : 'packer is not installed' }, async () => {
    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      const dir = tree();
      const { executable, record } = recordingPacker(dir, true);
      const cli = spawn(process.execPath, [CLI, 'fmt', '--engine', 'packer', '--packer', executable, path.join(dir, 'nested')], { env: ENV, stdio: 'ignore' });
      const exited = new Promise<[number | null, string | null]>((resolve) => cli.once('exit', (code, sig) => resolve([code, sig])));
      await waitFor(() => existsSync(`${record}.fmt-pid`) && readFileSync(`${record}.fmt-pid`, 'utf8').trim() !== '', 'packer fmt to start');
      const fmtPid = Number(readFileSync(`${record}.fmt-pid`, 'utf8'));
      assert.ok(temporaries().some((name) => name.startsWith(`fmt-${cli.pid}-`)), temporaries().join(', '));
      cli.kill(signal);
      const [code] = await exited;
      if (signal === 'SIGTERM') {
        assert.equal(code, 143);
        assert.deepEqual(temporaries().filter((name) => name.startsWith(`fmt-${cli.pid}-`)), []);
      } else {
        // Nothing runs on SIGKILL: the copy stays until the next Bilder that needs the folder.
        assert.ok(temporaries().some((name) => name.startsWith(`fmt-${cli.pid}-`)));
        assert.equal(bilder('fmt', '--engine', 'packer', '--packer', recordingPacker(tree()).executable, path.join(dir, 'ok.pkr.hcl')).status, 0);
        assert.deepEqual(temporaries(), []);
      }
      // Killed with its group (or by the watchdog, after SIGKILL).
      await waitFor(() => {
        try {
          process.kill(fmtPid, 0);
          return readFileSync(`/proc/${fmtPid}/stat`, 'utf8').split(') ')[1]!.startsWith('Z');
        } catch {
          return true;
        }
      }, `packer fmt ${fmtPid} to be gone after ${signal}`);
    }
  });
});
