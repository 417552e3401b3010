// The process groups of every tool the server started (validate, fmt, build). Each run leads its own group so a signal
// reaches the whole tree: `packer` is two processes (panicwrap), plugins and provisioning scripts sit below them.
// A server that exits must leave none of them behind, whatever they were doing: the exit hook sends SIGKILL, because
// SIGTERM is ignored by plugins and by scripts that trap it, and nothing would be left to escalate afterwards.

const liveGroups = new Set<number>();
let exitHookInstalled = false;

/** Sends a signal to a whole group; false when the group no longer exists (signal 0 only asks). */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Remembers a group until its run is over, so the server's exit can kill it. */
export function trackGroup(pgid: number): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', killLiveGroups);
  }
  liveGroups.add(pgid);
}

export function releaseGroup(pgid: number): void {
  liveGroups.delete(pgid);
}

export function liveGroupIds(): number[] {
  return [...liveGroups];
}

function killLiveGroups(): void {
  for (const pgid of liveGroups) signalGroup(pgid, 'SIGKILL');
  liveGroups.clear();
}

// execa 9 is ESM-only; a dynamic import keeps this module loadable from CommonJS (the bundle and the tests).
let execaModule: Promise<typeof import('execa')> | undefined;
export const loadExeca = (): Promise<typeof import('execa')> => (execaModule ??= import('execa'));
