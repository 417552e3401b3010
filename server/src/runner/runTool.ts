// Runs a tool to completion and captures its output (validate, fmt, version, init). Every run gets its own process group
// so a cancel reaches the whole tree: `packer` is two processes (panicwrap) and plugins or scripts sit below them.
// A run is on a leash: a wall-clock timeout (SIGTERM to the group, then SIGKILL), a memory limit where the platform
// has one, and an end-of-run sweep of the group and of every process that carries the run's marker.
import { newRunMarker, RUN_MARKER_VARIABLE, killMarkedProcesses, loadExeca, releaseGroup, signalGroup, trackGroup } from './processGroups';
import { packerWorkingDirectory } from './stateDirectories';

export interface RunToolOptions {
  /** Defaults to the private empty directory: a tool run on a workspace must not pick up files from it. */
  cwd?: string;
  /** Text for stdin; without it stdin is closed so nothing can block waiting for input. */
  input?: string;
  env?: Record<string, string>;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** How long SIGTERM may take before the group gets SIGKILL. */
  killGraceMs?: number;
  maxBuffer?: number;
  /** Limit on each process's data segment (RLIMIT_DATA, which is what a Go heap grows); undefined for none. */
  memoryLimitMb?: number;
}

interface Captured {
  stdout: string;
  stderr: string;
  durationMs: number;
}

export type RunToolResult =
  | ({ kind: 'exited'; exitCode: number } & Captured)
  | { kind: 'not-found'; command: string; message: string }
  | ({ kind: 'timed-out'; timeoutMs: number } & Captured)
  | ({ kind: 'cancelled' } & Captured)
  | ({ kind: 'failed'; message: string } & Captured);

const DEFAULT_GRACE_MS = 2000;
const DEFAULT_MAX_BUFFER = 16 * 1024 * 1024;
/** Packer validates a large directory in well under 200 MB; a template that makes it grow past this is hostile. */
export const DEFAULT_MEMORY_LIMIT_MB = 2048;
/** Node's timers overflow past 2^31-1 ms and then fire at once: a huge timeout must not become an instant one. */
const MAX_TIMER_MS = 2_147_483_647;

// `ulimit -d` then exec: the limit applies to the tool and every process it starts, and the pid stays the tool's own.
const LIMIT_WRAPPER = 'ulimit -d "$1" 2>/dev/null; shift; exec "$@"';
const WRAPPER_NAME = 'bilder-limit';

function commandLine(command: string, args: readonly string[], memoryLimitMb: number | undefined): [string, string[]] {
  if (memoryLimitMb === undefined || process.platform !== 'linux') return [command, [...args]];
  return ['/bin/sh', ['-c', LIMIT_WRAPPER, WRAPPER_NAME, String(Math.max(1, Math.floor(memoryLimitMb * 1024))), command, ...args]];
}

/** The wrapper's `exec` failing reads like a missing tool, which is what it is. */
function wrapperCouldNotExec(exitCode: number | undefined, stderr: string): boolean {
  return (exitCode === 127 || exitCode === 126) && stderr.startsWith(`${WRAPPER_NAME}: `) && /exec: .*: (not found|Permission denied)/.test(stderr);
}

export async function runTool(command: string, args: readonly string[], options: RunToolOptions): Promise<RunToolResult> {
  const { execa } = await loadExeca();
  const started = Date.now();
  if (options.signal?.aborted) return { kind: 'cancelled', stdout: '', stderr: '', durationMs: 0 };
  let cwd: string;
  try {
    cwd = options.cwd ?? packerWorkingDirectory();
  } catch (error) {
    return { kind: 'failed', message: `no private directory to run ${command} in: ${(error as Error).message}`, stdout: '', stderr: '', durationMs: 0 };
  }
  const marker = newRunMarker();
  const [file, fileArgs] = commandLine(command, args, options.memoryLimitMb);
  const subprocess = execa(file, fileArgs, {
    cwd,
    detached: true,
    shell: false,
    reject: false,
    cleanup: false,
    stripFinalNewline: false,
    encoding: 'utf8',
    maxBuffer: options.maxBuffer ?? DEFAULT_MAX_BUFFER,
    env: { CHECKPOINT_DISABLE: '1', ...options.env, [RUN_MARKER_VARIABLE]: marker },
    extendEnv: true,
    ...(options.input === undefined ? { stdin: 'ignore' as const } : { input: options.input }),
  });
  const pgid = subprocess.pid;
  if (pgid !== undefined) trackGroup(pgid, marker);
  // Once the leader is gone, a script below it may have ignored SIGTERM or kept running on its own, holding the output
  // pipes open: kill the group, then whatever escaped it with setsid but still carries the run's marker.
  let swept: Promise<unknown> | undefined;
  const sweep = () =>
    (swept ??= pgid === undefined ? Promise.resolve() : Promise.resolve(signalGroup(pgid, 0) && signalGroup(pgid, 'SIGKILL')).then(() => killMarkedProcesses(marker)));
  subprocess.once('exit', () => void sweep());

  let ending: 'timed-out' | 'cancelled' | undefined;
  let escalation: NodeJS.Timeout | undefined;
  const terminate = (why: 'timed-out' | 'cancelled') => {
    if (ending || pgid === undefined) return;
    ending = why;
    signalGroup(pgid, 'SIGTERM');
    escalation = setTimeout(() => signalGroup(pgid, 'SIGKILL'), options.killGraceMs ?? DEFAULT_GRACE_MS);
  };
  const onAbort = () => terminate('cancelled');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const timer = options.timeoutMs !== undefined ? setTimeout(() => terminate('timed-out'), Math.min(Math.max(0, options.timeoutMs), MAX_TIMER_MS)) : undefined;

  try {
    const result = await subprocess;
    const captured: Captured = {
      stdout: typeof result.stdout === 'string' ? result.stdout : '',
      stderr: typeof result.stderr === 'string' ? result.stderr : '',
      durationMs: Date.now() - started,
    };
    if ((result as { code?: string }).code === 'ENOENT' && pgid === undefined) {
      return { kind: 'not-found', command, message: `${command}: not found` };
    }
    if (ending === 'timed-out') return { kind: 'timed-out', timeoutMs: options.timeoutMs ?? 0, ...captured };
    if (ending === 'cancelled') return { kind: 'cancelled', ...captured };
    if (options.memoryLimitMb !== undefined && wrapperCouldNotExec(result.exitCode, captured.stderr)) {
      return { kind: 'not-found', command, message: `${command}: not found` };
    }
    if (result.isMaxBuffer) return { kind: 'failed', message: `${command} printed more than ${options.maxBuffer ?? DEFAULT_MAX_BUFFER} bytes`, ...captured };
    if (typeof result.exitCode === 'number') return { kind: 'exited', exitCode: result.exitCode, ...captured };
    const reason = result.signal ? `killed by ${result.signal}` : (result.shortMessage ?? 'failed to run');
    return { kind: 'failed', message: `${command}: ${reason}`, ...captured };
  } finally {
    if (timer) clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    if (pgid !== undefined) {
      await sweep();
      releaseGroup(pgid);
    }
    if (escalation) clearTimeout(escalation);
  }
}
