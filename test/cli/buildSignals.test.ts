// `bilder build` and signals (issue 16): Packer runs in its own process group, so the terminal's Ctrl-C or hang-up never
// reaches it. The CLI turns the first SIGINT, SIGTERM or SIGHUP into the user's cancel and a second one into a kill of
// the whole group; either way nothing is left running and the build reports itself cancelled.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { REPO_ROOT } from '../helpers/lspClient';
import { liveGroupMembers, processTable } from '../helpers/processes';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'bilder-build-signals-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A `packer build` stand-in: records its pid and a child's, then waits; with `stubborn` both ignore SIGINT and SIGTERM. */
function fakePacker(name: string, stubborn: boolean): { executable: string; pids: string } {
  const executable = path.join(scratch, `${name}-packer`);
  const pids = path.join(scratch, `${name}.pids`);
  const traps = stubborn ? "trap '' INT TERM;" : '';
  writeFileSync(executable, `#!/bin/sh\n${traps}\n(${traps} exec sleep 300) &\necho "$$ $!" > '${pids}'\nwhile :; do sleep 1; done\n`);
  chmodSync(executable, 0o755);
  return { executable, pids };
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  for (const started = Date.now(); !condition(); ) {
    if (Date.now() - started > timeoutMs) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const alive = (pid: number) => processTable().some((entry) => entry.pid === pid && entry.state !== 'Z');

describe('bilder build and signals', { skip: existsSync(CLI) ? false : 'dist/cli.js is not built' }, () => {
  const cases: { signals: NodeJS.Signals[]; stubborn: boolean }[] = [
    { signals: ['SIGHUP'], stubborn: false },
    { signals: ['SIGTERM'], stubborn: false },
    { signals: ['SIGINT', 'SIGINT'], stubborn: true },
  ];
  for (const { signals, stubborn } of cases) {
    it(`${signals.join(' then ')}${stubborn ? ' (Packer ignores the polite signals)' : ''}: the build ends cancelled and leaves no process`, async () => {
      const name = signals.join('-').toLowerCase();
      const dir = path.join(scratch, name);
      mkdirSync(dir);
      writeFileSync(path.join(dir, 'main.pkr.hcl'), 'source "null" "x" {\n  communicator = "none"\n}\n\nbuild {\n  sources = ["source.null.x"]\n}\n');
      const { executable, pids } = fakePacker(name, stubborn);
      const env = { ...process.env, XDG_STATE_HOME: path.join(scratch, 'state'), XDG_CACHE_HOME: path.join(scratch, 'cache') };
      const cli = spawn(process.execPath, [CLI, 'build', dir, '--packer', executable], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      cli.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      cli.stdout.resume();
      const exited = new Promise<number | null>((resolve) => cli.once('exit', (code) => resolve(code)));
      await waitFor(() => existsSync(pids) && readFileSync(pids, 'utf8').trim().split(' ').length === 2, 'the fake packer and its child to start');
      const [group, child] = readFileSync(pids, 'utf8').trim().split(' ').map(Number) as [number, number];
      for (const [index, signal] of signals.entries()) {
        if (index > 0) await new Promise((resolve) => setTimeout(resolve, 500));
        cli.kill(signal);
      }
      assert.equal(await exited, 1, stderr);
      assert.match(stderr, /cancelling/);
      if (signals.length > 1) assert.match(stderr, /stopping now/);
      assert.match(stderr, /cancelled/i);
      await waitFor(() => liveGroupMembers(group).length === 0 && !alive(child), `group ${group} to be empty`);
    });
  }
});
