// The CLI as a Unix tool under hostile input (issue 16): a reader that leaves early ends it quietly with the SIGPIPE
// status, a FIFO argument is skipped with a message instead of blocking, and formatting refuses what is over its budget.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT } from '../helpers/lspClient';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI; with `firstLineOnly`, closes its output after the first line, as `| head -1` does. */
function runCli(args: string[], firstLineOnly = false): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (firstLineOnly && stdout.includes('\n')) child.stdout.destroy();
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the CLI under hostile input', { skip: process.platform === 'win32' ? 'needs mkfifo' : false }, () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'bilder-hostile-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('check | head -1: ends quietly with status 141 when its reader leaves, with no stack trace', async () => {
    const folder = path.join(dir, 'many');
    execFileSync('mkdir', ['-p', folder]);
    // 4 files of 500 diagnostics each (≈200 KB): more output than a pipe holds, so the writes meet the closed pipe.
    const text = Array.from({ length: 400 }, (_, i) => `locals {\n  l${i} = var.u${i}\n}\n`).join('');
    for (let i = 0; i < 4; i++) writeFileSync(path.join(folder, `f${i}.pkr.hcl`), text);
    const run = await runCli(['check', folder], true);
    assert.match(run.stdout.split('\n')[0]!, /f\d+\.pkr\.hcl:2:\d+: (error|warning|hint|info): /);
    assert.equal(run.code, 141, run.stderr);
    assert.doesNotMatch(run.stderr, /EPIPE|Error|at \S+ \(/);
  });

  it('check on a FIFO argument says so and exits 2 instead of waiting for a writer', async () => {
    const fifo = path.join(dir, 'y.pkr.hcl');
    execFileSync('mkfifo', [fifo]);
    const run = await runCli(['check', fifo]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /y\.pkr\.hcl: skipped: it is a FIFO \(named pipe\), not a regular file/);
    const fmt = await runCli(['fmt', '--check', fifo]);
    assert.equal(fmt.code, 2);
    assert.match(fmt.stderr, /y\.pkr\.hcl: skipped: it is a FIFO/);
  });

  it('check on a folder holding a FIFO checks the rest and names the FIFO', async () => {
    const folder = path.join(dir, 'with-fifo');
    execFileSync('mkdir', ['-p', folder]);
    writeFileSync(path.join(folder, 'ok.pkr.hcl'), 'variable "a" {\n  default = "x"\n}\n\nlocals {\n  b = var.a\n}\n');
    execFileSync('mkfifo', [path.join(folder, 'pipe.pkr.hcl')]);
    const run = await runCli(['check', folder]);
    assert.match(run.stderr, /pipe\.pkr\.hcl: skipped: it is a FIFO/);
    assert.match(run.stderr, /1 file\(s\)/);
  });

  it('fmt refuses a template over its budget with a message and leaves it untouched', async () => {
    const big = path.join(dir, 'big.pkr.hcl');
    const text = `a   =   "${'x'.repeat(2_500_000)}"\n`;
    writeFileSync(big, text);
    const run = await runCli(['fmt', '--engine', 'native', big]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /big\.pkr\.hcl: not formatted: the file is 2\.4 MB, over the 2\.0 MB Bilder formats/);
    assert.equal(readFileSync(big, 'utf8'), text);
  });

  it('fmt on a 50 MB template is refused before it is read', async () => {
    const huge = path.join(dir, 'huge.pkr.hcl');
    writeFileSync(huge, 'a = 1\n'.repeat(9_000_000));
    const run = await runCli(['fmt', huge]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /huge\.pkr\.hcl.*over the 4\.0 MB limit/);
    assert.equal(statSync(huge).size, 54_000_000);
  });
});
