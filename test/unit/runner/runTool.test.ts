import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runTool } from '../../../server/src/runner/runTool';
import { atLeast, parseMachineReadableVersion, supports } from '../../../server/src/runner/packerVersion';
import { resolveExecutable, unacceptableExecutable } from '../../../server/src/runner/resolveExecutable';
import { packerWorkingDirectory } from '../../../server/src/runner/stateDirectories';
import { liveGroupMembers, processTable } from '../../helpers/processes';
import { REPO_ROOT } from '../../helpers/lspClient';

const FAKE_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'fake-packer');

/** Whether a process still runs after a moment (a killed orphan may stay a zombie until its reaper runs). */
async function stillAlive(pid: number): Promise<boolean> {
  const live = () => processTable().some((entry) => entry.pid === pid && entry.state !== 'Z');
  for (let attempt = 0; attempt < 40 && live(); attempt++) await new Promise((resolve) => setTimeout(resolve, 50));
  return live();
}


describe('runTool', () => {
  it('reports a missing executable as a typed result, not an exception', async () => {
    const result = await runTool('/nonexistent/bilder-tool', [], { cwd: REPO_ROOT });
    assert.equal(result.kind, 'not-found');
  });

  it('passes stdin, sets CHECKPOINT_DISABLE and keeps stdout and stderr apart', async () => {
    const result = await runTool('/bin/sh', ['-c', 'cat; echo "$CHECKPOINT_DISABLE" >&2'], { cwd: REPO_ROOT, input: 'hello' });
    assert.deepEqual(result.kind === 'exited' && [result.exitCode, result.stdout, result.stderr], [0, 'hello', '1\n']);
  });

  it('a cancel ends the whole process group, including children that ignore SIGTERM', async () => {
    const controller = new AbortController();
    const pending = runTool('/bin/sh', ['-c', "(trap '' TERM; exec sleep 60) & echo $$; wait"], { cwd: REPO_ROOT, signal: controller.signal, killGraceMs: 200 });
    setTimeout(() => controller.abort(), 300);
    const result = await pending;
    assert.equal(result.kind, 'cancelled');
    const pgid = Number(result.kind === 'cancelled' ? result.stdout.trim() : NaN);
    assert.ok(pgid > 0);
    assert.deepEqual(liveGroupMembers(pgid), []);
  });

  it('a timeout is reported as such', async () => {
    const result = await runTool('/bin/sh', ['-c', 'sleep 60'], { cwd: REPO_ROOT, timeoutMs: 200, killGraceMs: 200 });
    assert.equal(result.kind, 'timed-out');
  });

  it('a timeout beyond what a Node timer holds does not fire at once', async () => {
    const result = await runTool('/bin/sh', ['-c', 'sleep 0.3; echo done'], { cwd: REPO_ROOT, timeoutMs: 2_147_484 * 1000 });
    assert.deepEqual(result.kind === 'exited' && [result.exitCode, result.stdout], [0, 'done\n']);
  });
});

describe('runTool on a leash', () => {
  let home: string;
  let savedCache: string | undefined;
  before(() => {
    home = mkdtempSync(path.join(os.tmpdir(), 'bilder-leash-'));
    savedCache = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = path.join(home, 'cache');
  });
  after(() => {
    if (savedCache === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = savedCache;
    rmSync(home, { recursive: true, force: true });
  });

  it('runs in the private empty directory unless told otherwise, never in the server working directory', async () => {
    const result = await runTool('/bin/sh', ['-c', 'pwd; ls -A | wc -l'], {});
    assert.equal(result.kind, 'exited');
    const [cwd, entries] = result.kind === 'exited' ? result.stdout.trim().split('\n') : [];
    assert.equal(cwd, packerWorkingDirectory());
    assert.ok(cwd!.startsWith(path.join(home, 'cache', 'bilder')));
    assert.equal(entries!.trim(), '0');
  });

  it('limits the data segment of the tool and of what it starts', async () => {
    const result = await runTool('/bin/sh', ['-c', 'ulimit -d; sh -c "ulimit -d"'], { memoryLimitMb: 100 });
    assert.deepEqual(result.kind === 'exited' && result.stdout.trim().split('\n'), ['102400', '102400']);
  });

  it('a missing tool behind the memory limit is still reported as missing', async () => {
    const result = await runTool('/nonexistent/packer', ['version'], { memoryLimitMb: 100 });
    assert.equal(result.kind, 'not-found');
  });

  it('kills a grandchild that left the process group with setsid, even while it holds the output open', async () => {
    const pidFile = path.join(home, 'escaped.pid');
    const started = Date.now();
    const result = await runTool('/bin/sh', ['-c', `setsid sh -c 'echo $$ > ${pidFile}; exec sleep 60' & sleep 0.3; echo parent done`], {});
    assert.equal(result.kind, 'exited');
    assert.ok(Date.now() - started < 10_000, 'the run ended without waiting for the escaped process');
    const escaped = Number(readFileSync(pidFile, 'utf8'));
    assert.ok(escaped > 0);
    assert.equal(await stillAlive(escaped), false, 'the setsid grandchild is gone');
  });
});

describe('packer version and executable lookup', () => {
  it('reads the version from -machine-readable output and gates features', () => {
    const version = parseMachineReadableVersion('1795637346,,version,1.6.6\n1795637346,,version-prelease,\n1795637346,,ui,say,Packer v1.6.6\n')!;
    assert.equal(version.text, '1.6.6');
    assert.equal(supports(version, 'fmtStdin'), false);
    assert.equal(supports(version, 'requiredPlugins'), false);
    const modern = parseMachineReadableVersion('1,,version,1.11.2\n')!;
    assert.equal(supports(modern, 'fmtStdin'), true);
    assert.equal(atLeast(modern, '1.12.0'), false);
  });

  it('looks bare names up on absolute PATH entries and takes absolute paths as given', async () => {
    assert.equal(await resolveExecutable('packer', { searchPath: `/nonexistent${path.delimiter}${FAKE_DIR}` }), path.join(FAKE_DIR, 'packer'));
    assert.equal(await resolveExecutable('packer', { searchPath: '/nonexistent-only' }), undefined);
    assert.equal(await resolveExecutable(path.join(FAKE_DIR, 'packer')), path.join(FAKE_DIR, 'packer'));
  });

  it('never resolves against the working directory: relative paths and relative PATH entries are refused', async () => {
    const relative = path.relative(process.cwd(), FAKE_DIR);
    assert.equal(await resolveExecutable(`./${relative}/packer`), undefined);
    assert.equal(await resolveExecutable(`${relative}/packer`), undefined);
    assert.equal(await resolveExecutable('packer', { searchPath: relative }), undefined);
    assert.match(unacceptableExecutable('./packer') ?? '', /relative path/);
    assert.match(unacceptableExecutable('-version') ?? '', /option/);
    assert.equal(unacceptableExecutable('packer'), undefined);
    assert.equal(unacceptableExecutable('/usr/bin/packer'), undefined);
  });
});
