import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runTool } from '../../../server/src/runner/runTool';
import { atLeast, parseMachineReadableVersion, supports } from '../../../server/src/runner/packerVersion';
import { resolveExecutable } from '../../../server/src/runner/resolveExecutable';
import { liveGroupMembers } from '../../helpers/processes';
import { REPO_ROOT } from '../../helpers/lspClient';

const FAKE_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'fake-packer');


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

  it('looks bare names up on PATH and takes paths as given', async () => {
    assert.equal(await resolveExecutable('packer', { searchPath: `/nonexistent${path.delimiter}${FAKE_DIR}` }), path.join(FAKE_DIR, 'packer'));
    assert.equal(await resolveExecutable('packer', { searchPath: '/nonexistent-only' }), undefined);
    assert.equal(await resolveExecutable('./packer', { cwd: FAKE_DIR }), path.join(FAKE_DIR, 'packer'));
  });
});
