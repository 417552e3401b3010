// The process groups of every tool the server started (validate, fmt, build). Each run leads its own group so a signal
// reaches the whole tree: `packer` is two processes (panicwrap), plugins and provisioning scripts sit below them.
// Nothing Bilder started may outlive it, however it ends:
// - an orderly exit: the exit hook sends SIGKILL (SIGTERM is ignored by plugins and by scripts that trap it, and
//   nothing would be left to escalate afterwards);
// - SIGKILL or a crash, where no hook runs: a watchdog process holds a pipe from this one, sees it close, and kills
//   every group still registered with it;
// - a grandchild that left the group (`setsid`): every run carries a marker in its environment, and the sweep at the
//   end of a run (and the watchdog) kills the processes that still carry it.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';

/** The environment variable that marks every process of one run, inherited by all its descendants. */
export const RUN_MARKER_VARIABLE = 'BILDER_RUN';

interface TrackedGroup {
  marker: string | undefined;
}

const liveGroups = new Map<number, TrackedGroup>();
let exitHookInstalled = false;
let watchdog: ChildProcess | undefined;

/** Sends a signal to a whole group; false when the group no longer exists (signal 0 only asks). */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** A fresh marker for one run's environment. */
export function newRunMarker(): string {
  return randomBytes(12).toString('hex');
}

/** Remembers a group until its run is over, so the server's exit (or death) can kill it. */
export function trackGroup(pgid: number, marker?: string): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', killLiveGroups);
  }
  liveGroups.set(pgid, { marker });
  tellWatchdog(`add ${pgid} ${marker ?? '-'}\n`);
}

export function releaseGroup(pgid: number): void {
  if (!liveGroups.delete(pgid)) return;
  tellWatchdog(`del ${pgid}\n`);
}

export function liveGroupIds(): number[] {
  return [...liveGroups.keys()];
}

/** Kills every live group at once: the process is going away (exit hook, a forced second Ctrl-C). */
export function killLiveGroups(): void {
  for (const pgid of liveGroups.keys()) signalGroup(pgid, 'SIGKILL');
  liveGroups.clear();
}

/**
 * Kills this user's processes whose environment carries the run's marker: descendants that called setsid() or
 * daemonised are no longer in the group. Only Linux exposes other processes' environments; elsewhere this is a no-op.
 */
export async function killMarkedProcesses(marker: string): Promise<number> {
  let names: string[];
  try {
    names = await fs.readdir('/proc');
  } catch {
    return 0;
  }
  const needle = `\0${RUN_MARKER_VARIABLE}=${marker}\0`;
  let killed = 0;
  await Promise.all(
    names.map(async (name) => {
      const pid = Number(name);
      if (!Number.isInteger(pid) || pid <= 1 || pid === process.pid) return;
      // Other users' environments are unreadable (EACCES), which is also where this must stop.
      const environment = await fs.readFile(`/proc/${pid}/environ`, 'latin1').catch(() => '');
      if (!`\0${environment}`.includes(needle)) return;
      try {
        process.kill(pid, 'SIGKILL');
        killed++;
      } catch {
        // Gone meanwhile.
      }
    }),
  );
  return killed;
}

// The watchdog outlives this process by design, reads its registrations from stdin, and on end of input (this process
// is gone, however it ended) kills what is still registered. It ignores the terminal's signals, which it would
// otherwise receive together with a CLI it belongs to, and is its own session so closing the terminal spares it too.
const WATCHDOG_SCRIPT = `
trap '' INT TERM HUP PIPE
entries=''
while read -r op pgid marker; do
  case "$op" in
    add) entries="$entries $pgid:$marker" ;;
    del) next=''; for entry in $entries; do [ "\${entry%%:*}" = "$pgid" ] || next="$next $entry"; done; entries=$next ;;
  esac
done
for entry in $entries; do
  kill -9 -\${entry%%:*} 2>/dev/null
  marker=\${entry#*:}
  [ "$marker" = - ] && continue
  for file in $(grep -lzx "${RUN_MARKER_VARIABLE}=$marker" /proc/[0-9]*/environ 2>/dev/null); do
    pid=\${file#/proc/}; kill -9 "\${pid%/environ}" 2>/dev/null
  done
done
`;

function tellWatchdog(line: string): void {
  if (process.platform === 'win32') return;
  if (!watchdog) {
    try {
      watchdog = spawn('/bin/sh', ['-c', WATCHDOG_SCRIPT, 'bilder-watchdog'], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    } catch {
      return;
    }
    // A watchdog that failed to start or was killed is replaced at the next registration (groups it knew about are
    // still killed by the exit hook and the end-of-run sweep).
    const current = watchdog;
    const forget = () => {
      if (watchdog === current) watchdog = undefined;
    };
    watchdog.on('error', forget);
    watchdog.on('exit', forget);
    watchdog.stdin?.on('error', () => undefined);
    // Neither the child nor its pipe may keep a CLI's event loop alive.
    watchdog.unref();
    (watchdog.stdin as unknown as { unref?(): void } | null)?.unref?.();
  }
  watchdog.stdin?.write(line);
}

/** The watchdog's pid, for tests. */
export function watchdogPid(): number | undefined {
  return watchdog?.pid;
}

// execa 9 is ESM-only; a dynamic import keeps this module loadable from CommonJS (the bundle and the tests).
let execaModule: Promise<typeof import('execa')> | undefined;
export const loadExeca = (): Promise<typeof import('execa')> => (execaModule ??= import('execa'));
