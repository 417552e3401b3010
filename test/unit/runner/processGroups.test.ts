// A server that exits leaves no tool behind: the shared exit hook kills every live group, build or not, even when its
// processes ignore the polite signals.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { liveGroupMembers } from '../../helpers/processes';
import { REPO_ROOT } from '../../helpers/lspClient';

const HAS_PROC = existsSync('/proc/self/stat');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'bilder-groups-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

async function emptied(pgid: number): Promise<number[]> {
  for (let attempt = 0; attempt < 100 && liveGroupMembers(pgid).length > 0; attempt++) await new Promise((resolve) => setTimeout(resolve, 50));
  return liveGroupMembers(pgid).map((member) => member.pid);
}

describe('process groups on exit', { skip: HAS_PROC ? false : 'needs /proc' }, () => {
  for (const kind of ['build', 'run']) {
    it(`kills a ${kind} group that ignores SIGINT and SIGTERM when the process exits`, async () => {
      const pidFile = path.join(scratch, `${kind}.pid`);
      const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'exitWithRunningTool.ts'), kind, pidFile], { cwd: REPO_ROOT, timeout: 30_000 });
      assert.equal(child.status, 0, child.stderr.toString());
      const pgid = Number(readFileSync(pidFile, 'utf8'));
      assert.ok(pgid > 0);
      assert.deepEqual(await emptied(pgid), []);
    });
  }
});
