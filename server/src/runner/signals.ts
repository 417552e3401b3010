// SIGTERM, SIGINT and SIGHUP end a Bilder process without leaving a Packer behind. Node's default for these signals
// exits at once without running 'exit' handlers, which would orphan every process group Bilder started (the watchdog
// would still reap them, but later). The first signal asks the owner to stop its runs gracefully (cancel, Packer
// cleans up) within a grace period; then — or at a second signal, a second Ctrl-C — every group gets SIGKILL and the
// process exits with the signal's conventional status.
import { killLiveGroups } from './processGroups';

export const STOP_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

const SIGNAL_NUMBERS: Record<StopSignal, number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

/** 128 + the signal's number, as a shell reports a process ended by it. */
export function exitStatusOf(signal: StopSignal): number {
  return 128 + SIGNAL_NUMBERS[signal];
}

export interface SignalHandling {
  /** Stops the runs gracefully; resolved when they have ended. */
  stop(signal: StopSignal): Promise<void>;
  /** How long stop() may take before everything is killed. */
  graceMs: number;
  /** Told about each signal (e.g. to print "press Ctrl-C again to force"). */
  onSignal?(signal: StopSignal, forced: boolean): void;
  /** Ends the process; process.exit by default (tests pass their own). */
  exit?(status: number): void;
}

/** Installs the handlers; returns a function that removes them. */
export function stopOnSignals(handling: SignalHandling): () => void {
  let stopping = false;
  const exit = handling.exit ?? ((status: number) => process.exit(status));
  const finish = (signal: StopSignal) => {
    killLiveGroups();
    exit(exitStatusOf(signal));
  };
  const handler = (signal: StopSignal) => {
    if (stopping) {
      handling.onSignal?.(signal, true);
      finish(signal);
      return;
    }
    stopping = true;
    handling.onSignal?.(signal, false);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, handling.graceMs)));
    void Promise.race([handling.stop(signal).catch(() => undefined), deadline]).then(() => {
      clearTimeout(timer);
      finish(signal);
    });
  };
  for (const signal of STOP_SIGNALS) process.on(signal, handler);
  return () => {
    for (const signal of STOP_SIGNALS) process.off(signal, handler);
  };
}
