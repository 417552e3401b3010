// One build: the runner's lines → decode → redact → raw log file + parser → batched events for whoever listens (the
// LSP client, the CLI, tests). Memory stays bounded however much Packer prints: lines are streamed, the log file is
// written with backpressure, and the log lines forwarded as events are capped per flush.
import { createWriteStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { BuildEvent, BuildRequest } from '../../../protocol';
import { displayCommand, hclString, packerBuildArgs, startPackerBuild } from '../runner/packerBuild';
import { packerInputsRefusal } from '../runner/packerValidate';
import { createPrivateTemporary } from '../runner/privateTemporaries';
import type { PrivateTemporary } from '../runner/privateTemporaries';
import { buildStateDirectory, createPrivateFile, ensurePrivateDirectory, packerCacheDirectory, privateSubdirectory } from '../runner/stateDirectories';
import type { CancelTimeouts, PackerBuildProcess } from '../runner/packerBuild';
import { colourLine } from './ansi';
import { MAX_ANALYSED_KB } from '../settings';
import { BuildOutputParser, decodeLine } from './outputParser';
import { REDACTED, Redactor, secretNames, secretValues } from './redact';

export interface BuildSessionOptions {
  id: string;
  request: BuildRequest;
  packerPath: string;
  /** Receives events in order, in batches. */
  emit(events: BuildEvent[]): void;
  flushIntervalMs?: number;
  /** Most log lines forwarded per flush; the rest are counted as dropped (the log file has them all). */
  maxLogLinesPerFlush?: number;
  /** false: no `log` events at all (the caller reads the log file or gets lines through onLogLine). */
  forwardLog?: boolean;
  /** Forwarded log lines carry ANSI colours by meaning (for a view that renders them; the log file stays plain). */
  colourLog?: boolean;
  onLogLine?(line: string): void;
  /** The owner's list of running builds, so that its shutdown can stop them. */
  running?: RunningBuilds;
  cancelTimeouts?: CancelTimeouts;
  env?: Record<string, string>;
}

/** The largest template or var file a build hands to Packer: the parser's own limit, far above any real template. */
const MAX_BUILD_INPUT_BYTES = MAX_ANALYSED_KB * 1024;

/** Logs kept per storage folder; each can be up to 100 MB, so older ones go when a build starts. */
export const KEPT_LOGS = 20;

/**
 * Where a build's logs go: the editor's storage folder, else (the CLI) the user's state directory
 * (`$XDG_STATE_HOME/bilder/builds`). Either is made private (0700, ours, not a symlink) before anything is written.
 */
export function storageDirOf(request: BuildRequest): string {
  return request.storageDir ? ensurePrivateDirectory(request.storageDir) : buildStateDirectory();
}

/** Packer's download cache: beside the editor's logs, else in the user's cache directory (it holds images, not state). */
function packerCacheOf(request: BuildRequest): string {
  return request.storageDir ? privateSubdirectory(request.storageDir, 'packer_cache') : packerCacheDirectory();
}

/**
 * The var file that carries secret values to Packer instead of its command line, which every local user can read.
 * Each value is written as `-var` would read it: a string literal for a variable declared `string` or `number` (or
 * without a type), otherwise the value is an HCL expression (`["a", "b"]`, `true`, `{ k = "v" }`).
 */
export function sensitiveVarFile(vars: Record<string, string>, names: readonly string[], types: Readonly<Record<string, string>> = {}): string {
  return names
    .map((name) => {
      const value = vars[name]!;
      if (!isExpressionType(types[name])) return `${name} = ${hclString(value)}\n`;
      const why = whyNotOneExpression(value);
      if (why) throw new Error(`the value of ${name} (declared ${types[name]}) is not one HCL expression: ${why}`);
      return `${name} = ${value.trim()}\n`;
    })
    .join('');
}

/** Packer 1.6.6 reads a `-var` value literally for string, number and untyped variables, and as HCL for the rest. */
function isExpressionType(type: string | undefined): boolean {
  const bare = type?.replace(/\s+/g, '');
  return bare !== undefined && bare !== '' && bare !== 'string' && bare !== 'number';
}

/**
 * A value must stay one attribute of the var file: no line break outside brackets or quotes (which would start another
 * assignment), balanced brackets, closed quotes, no comment hiding the rest.
 */
function whyNotOneExpression(value: string): string | undefined {
  const text = value.trim();
  if (text === '') return 'it is empty';
  const closing: string[] = [];
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const character = text[index]!;
    if (inString) {
      if (character === '\\') index++;
      else if (character === '"') inString = false;
      else if (character === '\n') return 'a string breaks across lines';
      continue;
    }
    if (character === '"') inString = true;
    else if (character === '[' || character === '{' || character === '(') closing.push(character === '[' ? ']' : character === '{' ? '}' : ')');
    else if (character === ']' || character === '}' || character === ')') {
      if (closing.pop() !== character) return `unbalanced "${character}"`;
    } else if (character === '#' || (character === '/' && (text[index + 1] === '/' || text[index + 1] === '*'))) return 'it holds a comment';
    else if ((character === '\n' || character === '\r') && closing.length === 0) return 'it spans lines outside brackets';
    else if (character === '<' && text[index + 1] === '<') return 'heredocs are not accepted here';
  }
  if (inString) return 'a string is not closed';
  if (closing.length > 0) return `"${closing[closing.length - 1]}" is missing`;
  return undefined;
}

/** Deletes all but the newest logs of a folder, leaving room for one more and never touching a running build's log. */
async function pruneLogs(logDir: string, keep: number, inUse: ReadonlySet<string>): Promise<void> {
  const names = await fs.readdir(logDir).catch(() => [] as string[]);
  const logs: { file: string; mtimeMs: number }[] = [];
  for (const name of names) {
    const file = path.join(logDir, name);
    if (!name.endsWith('.log') || inUse.has(file)) continue;
    const stat = await fs.lstat(file).catch(() => undefined);
    if (stat?.isFile()) logs.push({ file, mtimeMs: stat.mtimeMs });
  }
  logs.sort((a, b) => b.mtimeMs - a.mtimeMs);
  await Promise.all(logs.slice(Math.max(0, keep - 1)).map((log) => fs.unlink(log.file).catch(() => undefined)));
}

/**
 * The command line as the user sees it, secrets masked. The arguments returned are masked too: secret values reach
 * Packer only through a private var file (see BuildSession), never a command line or a message to the client.
 */
export function previewBuild(request: BuildRequest, packerPath: string): { args: string[]; commandLine: string } {
  const vars = request.vars ?? {};
  const secret = new Set(secretNames(vars, request.sensitive ?? []));
  const shownVars = Object.fromEntries(Object.entries(vars).map(([name, value]) => [name, secret.has(name) ? REDACTED : value]));
  const args = packerBuildArgs({ vars: shownVars, varFiles: request.varFiles, only: request.only });
  return { args, commandLine: `${displayCommand('cd', [request.templateDir])} && ${displayCommand(packerPath, args)}` };
}

/** What Packer really runs: public `-var`s on the command line, the secret ones in a var file named last. */
export function packerArguments(request: BuildRequest, secretVarFile: string | undefined): string[] {
  const vars = request.vars ?? {};
  const secret = new Set(secretNames(vars, request.sensitive ?? []));
  const publicVars = Object.fromEntries(Object.entries(vars).filter(([name]) => !secret.has(name)));
  // Later var files win over earlier ones and -var over all of them, so the secrets keep the precedence of a -var.
  const varFiles = [...(request.varFiles ?? []), ...(secretVarFile ? [secretVarFile] : [])];
  return packerBuildArgs({ vars: publicVars, varFiles, only: request.only });
}

/** The builds an owner (the engine, a CLI run) has running, by id: what a cancel request finds, what shutdown stops. */
export class RunningBuilds {
  private readonly sessions = new Map<string, BuildSession>();

  add(id: string, session: BuildSession): void {
    this.sessions.set(id, session);
  }

  delete(id: string): void {
    this.sessions.delete(id);
  }

  get(id: string): BuildSession | undefined {
    return this.sessions.get(id);
  }

  get size(): number {
    return this.sessions.size;
  }

  logFiles(): Set<string> {
    return new Set([...this.sessions.values()].map((session) => session.logFile));
  }

  /**
   * Stops every running build the way the user's cancel does (SIGINT to the group, so Packer can clean up what it
   * created), waits at most waitMs for them to end, then kills what is left and gives it a moment to report its end.
   */
  async stopAll(waitMs: number, afterKillMs = 500): Promise<void> {
    const sessions = [...this.sessions.values()];
    if (sessions.length === 0) return;
    for (const session of sessions) session.cancel();
    const ended = Promise.allSettled(sessions.map((session) => session.ended)).then(() => true);
    if (await settlesWithin(ended, waitMs)) return;
    for (const session of sessions) session.kill();
    await settlesWithin(ended, afterKillMs);
  }
}

async function settlesWithin(promise: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

export class BuildSession {
  readonly logFile: string;
  readonly args: string[];
  readonly commandLine: string;
  private readonly parser = new BuildOutputParser();
  private readonly redactor: Redactor;
  private process: PackerBuildProcess | undefined;
  private pending: BuildEvent[] = [];
  private logBatch: string[] = [];
  private droppedLogLines = 0;
  /** Output lines so far: every event says at which one it was parsed, the view scrolls there. */
  private lineCount = 0;
  private logBatchFirstLine = 0;
  private timer: NodeJS.Timeout | undefined;
  private cancelRequested = false;
  private killRequested = false;
  private markEnded!: () => void;
  /** Settles once run() has finished (whatever its outcome). */
  readonly ended = new Promise<void>((resolve) => (this.markEnded = resolve));
  private readonly startedAt = Date.now();

  constructor(private readonly options: BuildSessionOptions) {
    const logDir = privateSubdirectory(storageDirOf(options.request), 'logs');
    this.logFile = path.join(logDir, `${options.id}.log`);
    const preview = previewBuild(options.request, options.packerPath);
    this.args = preview.args;
    this.commandLine = preview.commandLine;
    this.redactor = new Redactor(secretValues(options.request.vars ?? {}, options.request.sensitive ?? []));
  }

  /** Runs the build to its end; resolves with the final event (also emitted). */
  async run(): Promise<Extract<BuildEvent, { type: 'build-finished' }>> {
    this.options.running?.add(this.options.id, this);
    try {
      return await this.runToEnd();
    } finally {
      this.options.running?.delete(this.options.id);
      this.markEnded();
    }
  }

  private async runToEnd(): Promise<Extract<BuildEvent, { type: 'build-finished' }>> {
    const { request } = this.options;
    const cacheDir = packerCacheOf(request);
    await pruneLogs(path.dirname(this.logFile), KEPT_LOGS, this.options.running?.logFiles() ?? new Set([this.logFile]));
    // 0600, new (never an existing file or a planted symlink): the log holds the build's output.
    const log = createWriteStream(this.logFile, { fd: createPrivateFile(this.logFile) });
    log.on('error', () => undefined);
    this.queue({
      type: 'build-started',
      label: request.label ?? path.basename(request.templateDir),
      commandLine: this.commandLine,
      cwd: request.templateDir,
      logFile: this.logFile,
      time: this.startedAt,
    });
    log.write(`$ ${this.commandLine}\n`);
    this.flush();

    const forward = this.options.forwardLog !== false;
    const maxLines = this.options.maxLogLinesPerFlush ?? 500;
    let drained: Promise<void> | undefined;
    const onLine = (raw: string, stream: 'stdout' | 'stderr'): void | Promise<void> => {
      const { lines, record } = decodeLine(raw);
      if (record) this.queue(...this.atLine(this.lineCount, this.parser.pushRecord(record)));
      let writable = true;
      for (const decoded of lines) {
        const text = this.redactor.line(decoded.text);
        const shown = stream === 'stderr' ? `[stderr] ${text}` : text;
        writable = log.write(`${shown}\n`) && writable;
        this.options.onLogLine?.(shown);
        const line = this.lineCount++;
        if (forward) {
          if (this.logBatch.length === 0 && this.droppedLogLines === 0) this.logBatchFirstLine = line;
          const clipped = shown.length > 4000 ? `${shown.slice(0, 4000)}…` : shown;
          if (this.logBatch.length < maxLines) this.logBatch.push(this.options.colourLog ? colourLine(clipped, stream === 'stderr' ? 'error' : decoded.level) : clipped);
          else this.droppedLogLines++;
        }
        if (stream === 'stdout') this.queue(...this.atLine(line, this.parser.pushDecoded(text)));
      }
      this.scheduleFlush();
      if (!writable) {
        drained ??= new Promise<void>((resolve) =>
          log.once('drain', () => {
            drained = undefined;
            resolve();
          }),
        );
        return drained;
      }
    };

    // Only regular files of bounded size reach Packer: a build has no memory limit, and a symlink to /dev/zero named
    // like a template (or a FIFO given as a var file) would have it read without end.
    const refusal = await packerInputsRefusal(request.templateDir, request.varFiles ?? [], MAX_BUILD_INPUT_BYTES);
    if (refusal) {
      const message = `packer build was not started: ${refusal}`;
      this.queue({ type: 'error', message });
      log.write(`${message}\n`);
      return this.end(log, { exitCode: 1, signal: null });
    }

    const secrets = secretNames(request.vars ?? {}, request.sensitive ?? []);
    let secretText: string;
    try {
      secretText = sensitiveVarFile(request.vars ?? {}, secrets, request.variableTypes);
    } catch (error) {
      // The message names the variable and its type, never its value.
      const message = `packer build was not started: ${(error as Error).message}`;
      this.queue({ type: 'error', message });
      log.write(`${message}\n`);
      return this.end(log, { exitCode: 1, signal: null });
    }
    let secretFolder: PrivateTemporary | undefined;
    try {
      let secretVarFile: string | undefined;
      if (secrets.length > 0) {
        secretFolder = await createPrivateTemporary('build');
        secretVarFile = path.join(secretFolder.path, 'sensitive.pkrvars.hcl');
        await fs.writeFile(secretVarFile, secretText, { mode: 0o600, flag: 'wx' });
      }
      try {
        this.process = await startPackerBuild({
          packerPath: this.options.packerPath,
          cwd: request.templateDir,
          args: packerArguments(request, secretVarFile),
          cacheDir,
          env: this.options.env,
          cancelTimeouts: this.options.cancelTimeouts,
          onLine,
        });
      } catch (error) {
        return await this.end(log, { exitCode: null, signal: null, spawnError: error instanceof Error ? error.message : String(error) });
      }
      if (this.killRequested) this.process.kill();
      else if (this.cancelRequested) this.process.cancel();
      return await this.end(log, await this.process.done);
    } finally {
      await secretFolder?.remove().catch(() => undefined);
    }
  }

  cancel(): void {
    if (this.cancelRequested) return;
    this.cancelRequested = true;
    this.queue({ type: 'cancelling' });
    this.flush();
    this.process?.cancel();
  }

  /** Ends the build now, without Packer's cleanup: for when there is no time left to wait for a cancel. */
  kill(): void {
    this.killRequested = true;
    this.cancelRequested = true;
    this.process?.kill();
  }

  get pid(): number | undefined {
    return this.process?.pid;
  }

  private async end(
    log: NodeJS.WritableStream,
    exit: { exitCode: number | null; signal: string | null; spawnError?: string },
  ): Promise<Extract<BuildEvent, { type: 'build-finished' }>> {
    if (exit.spawnError) {
      const message = `could not start ${this.options.packerPath}: ${exit.spawnError} (set bilder.packer.path)`;
      this.queue({ type: 'error', message });
      log.write(`${message}\n`);
    }
    const final = this.parser.finish({
      exitCode: exit.exitCode,
      signal: exit.signal,
      cancelRequested: this.cancelRequested,
      durationMs: Date.now() - this.startedAt,
    });
    this.queue(...final);
    this.flush();
    await new Promise<void>((resolve) => log.end(resolve));
    return final[final.length - 1] as Extract<BuildEvent, { type: 'build-finished' }>;
  }

  private atLine(line: number, events: BuildEvent[]): BuildEvent[] {
    for (const event of events) event.line = line;
    return events;
  }

  private queue(...events: BuildEvent[]): void {
    for (const event of events) this.pending.push(this.redactEvent(event));
  }

  /**
   * Event fields can quote output (errors, host output): the same masking as the log, field by field, so a value with
   * quotes or backslashes is found as printed rather than as JSON would escape it. Log lines are masked already.
   */
  private redactEvent(event: BuildEvent): BuildEvent {
    if (event.type === 'log') return event;
    return this.redactor.value(event);
  }

  private scheduleFlush(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.options.flushIntervalMs ?? 100);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.logBatch.length || this.droppedLogLines) {
      // The lines come first: they are what the batch's events were parsed from, and build-finished stays last.
      this.pending.unshift({
        type: 'log',
        lines: this.logBatch,
        line: this.logBatchFirstLine,
        ...(this.droppedLogLines ? { dropped: this.droppedLogLines } : {}),
      });
      this.logBatch = [];
      this.droppedLogLines = 0;
    }
    if (this.pending.length === 0) return;
    const events = this.pending;
    this.pending = [];
    this.options.emit(events);
  }
}
