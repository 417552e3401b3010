// The only place that spawns `packer build`. Packer runs in its own process group so that cancelling reaches every
// process it started (the panicwrap parent ignores SIGINT, plugins ignore both SIGINT and SIGTERM, and provisioning
// scripts such as pyinfra are grandchildren): SIGINT to the group, then SIGTERM, then SIGKILL, and a final sweep of
// the group after Packer exits so no process survives (packer-cli.md §4).
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { resolveExecutable, unacceptableExecutable } from './resolveExecutable';
import { RUN_MARKER_VARIABLE, killMarkedProcesses, loadExeca, newRunMarker, releaseGroup, signalGroup, trackGroup } from './processGroups';

export interface BuildArgsInput {
  vars?: Record<string, string>;
  varFiles?: string[];
  only?: string[];
  machineReadable?: boolean;
}

/** `packer build` arguments. The target is `.` with cwd = the template folder, so messages carry short paths. */
export function packerBuildArgs(input: BuildArgsInput): string[] {
  const args = ['build'];
  if (input.machineReadable !== false) args.push('-machine-readable');
  else args.push('-color=false');
  for (const file of input.varFiles ?? []) args.push(`-var-file=${file}`);
  for (const [name, value] of Object.entries(input.vars ?? {})) args.push('-var', `${name}=${value}`);
  if (input.only?.length) args.push(`-only=${input.only.join(',')}`);
  args.push('.');
  return args;
}

/**
 * An HCL quoted-string literal of a value, for a var file Packer reads: only the escapes HCL knows (JSON's \\b and \\f
 * are not among them), and `${` / `%{` doubled so Packer reads no template in the value.
 */
export function hclString(value: string): string {
  let literal = '"';
  for (let index = 0; index < value.length; index++) {
    const character = value[index]!;
    const code = character.charCodeAt(0);
    if (character === '"' || character === '\\') literal += `\\${character}`;
    else if (character === '\n') literal += '\\n';
    else if (character === '\r') literal += '\\r';
    else if (character === '\t') literal += '\\t';
    else if (code < 0x20 || code === 0x7f) literal += `\\u${code.toString(16).padStart(4, '0')}`;
    else if ((character === '$' || character === '%') && value[index + 1] === '{') literal += character + character;
    else literal += character;
  }
  return `${literal}"`;
}

/** A shell-style rendering of a command for display; values are quoted only when they need it. */
export function displayCommand(command: string, args: readonly string[]): string {
  const quote = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);
  return [command, ...args].map(quote).join(' ');
}

export interface CancelTimeouts {
  /** After SIGINT, how long Packer may clean up (cloud builders delete instances) before SIGTERM. */
  interruptMs: number;
  /** After SIGTERM, how long before SIGKILL. */
  terminateMs: number;
}

export const DEFAULT_CANCEL_TIMEOUTS: CancelTimeouts = { interruptMs: 180_000, terminateMs: 15_000 };

export interface PackerBuildOptions {
  packerPath: string;
  cwd: string;
  args: string[];
  /** Keeps the Packer cache out of the repository (1.6.6 defaults to ./packer_cache). */
  cacheDir: string;
  env?: Record<string, string>;
  cancelTimeouts?: CancelTimeouts;
  /** Called for every complete line. Return a promise to pause reading until it settles (backpressure). */
  onLine(line: string, stream: 'stdout' | 'stderr'): void | Promise<void>;
}

export interface PackerExit {
  exitCode: number | null;
  signal: string | null;
  /** Set when Packer could not be started at all (not found, not executable). */
  spawnError?: string;
}

/** A line longer than this is cut: one endless line must not hold the whole output in memory. */
export const MAX_LINE_LENGTH = 64 * 1024;

function pumpLines(stream: Readable, name: 'stdout' | 'stderr', onLine: PackerBuildOptions['onLine']): Promise<void> {
  return new Promise((resolve) => {
    const decoder = new StringDecoder('utf8');
    let partial = '';
    let truncated = false;
    const deliver = (line: string): Promise<void> | undefined => {
      const result = onLine(line, name);
      return result instanceof Promise ? result : undefined;
    };
    const consume = (text: string) => {
      const waits: Promise<void>[] = [];
      let start = 0;
      for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', start)) {
        const piece = text.slice(start, newline);
        const line = truncated ? partial : partial + piece;
        partial = '';
        truncated = false;
        const wait = deliver(line.length > MAX_LINE_LENGTH ? line.slice(0, MAX_LINE_LENGTH) : line);
        if (wait) waits.push(wait);
        start = newline + 1;
      }
      if (!truncated) {
        partial += text.slice(start);
        if (partial.length > MAX_LINE_LENGTH) {
          partial = partial.slice(0, MAX_LINE_LENGTH);
          truncated = true;
        }
      }
      if (waits.length) {
        stream.pause();
        void Promise.allSettled(waits).then(() => stream.resume());
      }
    };
    stream.on('data', (chunk: Buffer | string) => consume(typeof chunk === 'string' ? chunk : decoder.write(chunk)));
    stream.on('error', () => undefined);
    stream.on('close', () => {
      const rest = partial + decoder.end();
      if (rest) void deliver(rest);
      resolve();
    });
  });
}

/** Spawns `packer build`; output starts flowing to options.onLine at once. */
export async function startPackerBuild(options: PackerBuildOptions): Promise<PackerBuildProcess> {
  const { execa } = await loadExeca();
  // The build runs in the template folder, so a relative executable (or a relative PATH entry such as `.`) would name
  // a file of the workspace: only an absolute path or a command on PATH's absolute entries is run.
  const refused = unacceptableExecutable(options.packerPath);
  if (refused) throw new Error(refused);
  const executable = await resolveExecutable(options.packerPath);
  if (!executable) throw new Error(`${options.packerPath}: not found`);
  return new PackerBuildProcess({ ...options, packerPath: executable }, execa);
}

export class PackerBuildProcess {
  readonly pid: number | undefined;
  /** Resolves once Packer has exited, the group is swept and both output streams are drained. */
  readonly done: Promise<PackerExit>;
  private exited = false;
  private cancelTimers: NodeJS.Timeout[] = [];
  private cancelStarted = false;

  constructor(
    private readonly options: PackerBuildOptions,
    execa: (typeof import('execa'))['execa'],
  ) {
    const marker = newRunMarker();
    const subprocess = execa(options.packerPath, options.args, {
      cwd: options.cwd,
      env: { ...options.env, CHECKPOINT_DISABLE: '1', PACKER_CACHE_DIR: options.cacheDir, [RUN_MARKER_VARIABLE]: marker },
      extendEnv: true,
      detached: true,
      stdin: 'ignore',
      buffer: false,
      reject: false,
      cleanup: false,
      encoding: 'buffer',
    });
    this.pid = subprocess.pid;
    if (this.pid !== undefined) trackGroup(this.pid, marker);
    const pumps = [pumpLines(subprocess.stdout, 'stdout', options.onLine), pumpLines(subprocess.stderr, 'stderr', options.onLine)];
    // Packer's own exit, not execa's promise: that one also waits for the pipes, which an orphan would hold open.
    const exited = new Promise<PackerExit>((resolve) => {
      subprocess.once('exit', (code, signal) => {
        // Scripts that detached from Packer's signals (or backgrounded themselves) would otherwise outlive it, and
        // keep the output pipes open: the group, then what left it with setsid but carries the run's marker.
        if (this.pid !== undefined) signalGroup(this.pid, 'SIGKILL');
        void killMarkedProcesses(marker).finally(() => resolve({ exitCode: code, signal }));
      });
      subprocess.once('error', (error) => resolve({ exitCode: null, signal: null, spawnError: error.message }));
    });
    this.done = (async (): Promise<PackerExit> => {
      const exit = await exited;
      this.exited = true;
      for (const timer of this.cancelTimers) clearTimeout(timer);
      if (this.pid !== undefined) releaseGroup(this.pid);
      const result = await subprocess;
      await Promise.all(pumps);
      if (exit.spawnError || (result.failed && result.exitCode === undefined && !result.signal && !exit.signal && exit.exitCode === null)) {
        return { exitCode: null, signal: null, spawnError: exit.spawnError ?? result.shortMessage };
      }
      return exit;
    })();
  }

  get cancelling(): boolean {
    return this.cancelStarted;
  }

  /** Graceful first (Packer cleans up), harder on each timeout. Calling it again changes nothing. */
  cancel(): void {
    if (this.cancelStarted || this.exited || this.pid === undefined) return;
    this.cancelStarted = true;
    const pgid = this.pid;
    const timeouts = this.options.cancelTimeouts ?? DEFAULT_CANCEL_TIMEOUTS;
    signalGroup(pgid, 'SIGINT');
    this.cancelTimers.push(
      setTimeout(() => {
        if (!this.exited) signalGroup(pgid, 'SIGTERM');
      }, timeouts.interruptMs),
      setTimeout(() => {
        if (!this.exited) signalGroup(pgid, 'SIGKILL');
      }, timeouts.interruptMs + timeouts.terminateMs),
    );
  }

  /** No more waiting (the server is going away): SIGKILL to the whole group at once. */
  kill(): void {
    if (this.exited || this.pid === undefined) return;
    this.cancelStarted = true;
    signalGroup(this.pid, 'SIGKILL');
  }
}
