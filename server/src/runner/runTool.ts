// Runs a tool to completion and captures its output (validate, fmt, version). Every run gets its own process group so
// a cancel reaches the whole tree: `packer` is two processes (panicwrap) and plugins or scripts sit below them.
import { loadExeca, releaseGroup, signalGroup, trackGroup } from './processGroups';

export interface RunToolOptions {
  cwd: string;
  /** Text for stdin; without it stdin is closed so nothing can block waiting for input. */
  input?: string;
  env?: Record<string, string>;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** How long SIGTERM may take before the group gets SIGKILL. */
  killGraceMs?: number;
  maxBuffer?: number;
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

export async function runTool(command: string, args: readonly string[], options: RunToolOptions): Promise<RunToolResult> {
  const { execa } = await loadExeca();
  const started = Date.now();
  if (options.signal?.aborted) return { kind: 'cancelled', stdout: '', stderr: '', durationMs: 0 };
  const subprocess = execa(command, [...args], {
    cwd: options.cwd,
    detached: true,
    shell: false,
    reject: false,
    cleanup: false,
    stripFinalNewline: false,
    encoding: 'utf8',
    maxBuffer: options.maxBuffer ?? DEFAULT_MAX_BUFFER,
    env: { CHECKPOINT_DISABLE: '1', ...options.env },
    extendEnv: true,
    ...(options.input === undefined ? { stdin: 'ignore' as const } : { input: options.input }),
  });
  const pgid = subprocess.pid;
  if (pgid !== undefined) trackGroup(pgid);

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
  const timer = options.timeoutMs !== undefined ? setTimeout(() => terminate('timed-out'), options.timeoutMs) : undefined;

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
    if (result.isMaxBuffer) return { kind: 'failed', message: `${command} printed more than ${options.maxBuffer ?? DEFAULT_MAX_BUFFER} bytes`, ...captured };
    if (typeof result.exitCode === 'number') return { kind: 'exited', exitCode: result.exitCode, ...captured };
    const reason = result.signal ? `killed by ${result.signal}` : (result.shortMessage ?? 'failed to run');
    return { kind: 'failed', message: `${command}: ${reason}`, ...captured };
  } finally {
    if (timer) clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    if (pgid !== undefined) {
      // The leader is gone, but a script below it may have ignored SIGTERM or kept running on its own: sweep the group.
      if (signalGroup(pgid, 0)) signalGroup(pgid, 'SIGKILL');
      releaseGroup(pgid);
    }
    if (escalation) clearTimeout(escalation);
  }
}
