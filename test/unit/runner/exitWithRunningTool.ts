// A stand-in for a server that exits while a tool runs: starts a process group whose members ignore SIGINT and
// SIGTERM, waits until it runs, then exits without cancelling anything. Usage: <build|run> <pid-file>.
import { existsSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import { startPackerBuild } from '../../../server/src/runner/packerBuild';
import { runTool } from '../../../server/src/runner/runTool';

const [kind, pidFile] = process.argv.slice(2);
const script = `trap '' INT TERM; echo $$ > '${pidFile}'; exec sleep 60`;

async function main(): Promise<void> {
  if (kind === 'build') await startPackerBuild({ packerPath: '/bin/sh', cwd: os.tmpdir(), args: ['-c', script], cacheDir: os.tmpdir(), onLine: () => undefined });
  else void runTool('/bin/sh', ['-c', script], { cwd: os.tmpdir() });
  const started = setInterval(() => {
    if (existsSync(pidFile!) && readFileSync(pidFile!, 'utf8').trim()) {
      clearInterval(started);
      process.exit(0);
    }
  }, 20);
}

void main();
