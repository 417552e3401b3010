// A stand-in for the server or the CLI under signals: runs a tool whose processes ignore SIGINT and SIGTERM and installs
// stopOnSignals with a graceful stop that never finishes. The test finds the tool in the process table. Usage: <grace-ms>.
import { runTool } from '../../../server/src/runner/runTool';
import { stopOnSignals } from '../../../server/src/runner/signals';

const graceMs = Number(process.argv[2] ?? 60_000);
stopOnSignals({
  stop: () => new Promise<void>(() => undefined),
  graceMs,
  onSignal: (signal, forced) => process.stderr.write(`${signal} ${forced ? 'forced' : 'stopping'}\n`),
});
void runTool('/bin/sh', ['-c', `trap '' INT TERM; echo $$; (trap '' INT TERM; exec sleep 300) & wait`], { killGraceMs: 60_000 });
// Stays alive until a signal ends it.
setInterval(() => undefined, 1000);
