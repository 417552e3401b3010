// SIGTERM/SIGINT/SIGHUP end a Bilder process with its tools (issue 16): the first signal waits for a graceful stop at
// most the grace period, a second one forces at once; either way every process group it started is killed.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../../helpers/lspClient';
import { liveGroupMembers, processTable } from '../../helpers/processes';
import { exitStatusOf } from '../../../server/src/runner/signals';

async function startTarget(graceMs: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'signalTarget.ts'), String(graceMs)], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // The tool is a `sh` whose parent is the target: wait until it and its `sleep` run.
  let group: number | undefined;
  for (let waited = 0; group === undefined; waited += 50) {
    if (waited > 30_000) throw new Error(`the target's tool did not start: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const tool = processTable().find((entry) => entry.ppid === child.pid && entry.name === 'sh');
    if (tool && liveGroupMembers(tool.pgrp).length >= 2) group = tool.pgrp;
  }
  return { child, exited, group, stderr: () => stderr };
}

async function emptied(pgid: number): Promise<boolean> {
  for (let attempt = 0; attempt < 100 && liveGroupMembers(pgid).length > 0; attempt++) await new Promise((resolve) => setTimeout(resolve, 50));
  return liveGroupMembers(pgid).length === 0;
}

describe('stopOnSignals', { skip: process.platform === 'linux' ? false : 'needs /proc' }, () => {
  it('a second SIGINT forces the exit at once and kills the group that ignores the polite signals', async () => {
    const { child, exited, group, stderr } = await startTarget(60_000);
    child.kill('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(child.exitCode, null, 'the first SIGINT waits for the graceful stop');
    const forcedAt = Date.now();
    child.kill('SIGINT');
    assert.equal(await exited, exitStatusOf('SIGINT'));
    assert.ok(Date.now() - forcedAt < 10_000);
    assert.match(stderr(), /SIGINT stopping\nSIGINT forced/);
    assert.ok(await emptied(group), `group ${group} survived`);
  });

  for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
    it(`${signal}: after the grace period everything is killed and the status says which signal`, async () => {
      const { child, exited, group } = await startTarget(300);
      child.kill(signal);
      assert.equal(await exited, exitStatusOf(signal));
      assert.ok(await emptied(group), `group ${group} survived`);
    });
  }
});
