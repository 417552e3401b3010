// One build: the runner's lines → decode → redact → raw log file + parser → batched events for whoever listens (the
// LSP client, the CLI, tests). Memory stays bounded however much Packer prints: lines are streamed, the log file is
// written with backpressure, and the log lines forwarded as events are capped per flush.
import { createWriteStream, mkdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BuildEvent, BuildRequest } from '../protocol';
import { displayCommand, packerBuildArgs, startPackerBuild } from '../tools/build/packerBuild';
import type { CancelTimeouts, PackerBuildProcess } from '../tools/build/packerBuild';
import { BuildOutputParser, decodeLine } from './outputParser';
import { REDACTED, Redactor, isSecretName, secretValues } from './redact';

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
  onLogLine?(line: string): void;
  cancelTimeouts?: CancelTimeouts;
  env?: Record<string, string>;
}

export function storageDirOf(request: BuildRequest): string {
  return request.storageDir ?? path.join(os.tmpdir(), 'bilder');
}

/** The command line as the user sees it: secrets masked. */
export function previewBuild(request: BuildRequest, packerPath: string): { args: string[]; commandLine: string } {
  const args = packerBuildArgs({ vars: request.vars, varFiles: request.varFiles, only: request.only });
  const sensitive = new Set(request.sensitive ?? []);
  const shown = args.map((arg, index) => {
    if (args[index - 1] !== '-var') return arg;
    const name = arg.slice(0, arg.indexOf('='));
    return sensitive.has(name) || isSecretName(name) ? `${name}=${REDACTED}` : arg;
  });
  return { args, commandLine: `${displayCommand('cd', [request.templateDir])} && ${displayCommand(packerPath, shown)}` };
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
  private timer: NodeJS.Timeout | undefined;
  private cancelRequested = false;
  private readonly startedAt = Date.now();

  constructor(private readonly options: BuildSessionOptions) {
    const storage = storageDirOf(options.request);
    const logDir = path.join(storage, 'logs');
    mkdirSync(logDir, { recursive: true });
    this.logFile = path.join(logDir, `${options.id}.log`);
    const preview = previewBuild(options.request, options.packerPath);
    this.args = preview.args;
    this.commandLine = preview.commandLine;
    this.redactor = new Redactor(secretValues(options.request.vars ?? {}, options.request.sensitive ?? []));
  }

  /** Runs the build to its end; resolves with the final event (also emitted). */
  async run(): Promise<Extract<BuildEvent, { type: 'build-finished' }>> {
    const { request } = this.options;
    const storage = storageDirOf(request);
    const cacheDir = path.join(storage, 'packer_cache');
    mkdirSync(cacheDir, { recursive: true });
    const log = createWriteStream(this.logFile);
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
      if (record) this.queue(...this.parser.pushRecord(record));
      let writable = true;
      for (const decoded of lines) {
        const text = this.redactor.line(decoded.text);
        const shown = stream === 'stderr' ? `[stderr] ${text}` : text;
        writable = log.write(`${shown}\n`) && writable;
        this.options.onLogLine?.(shown);
        if (forward) {
          if (this.logBatch.length < maxLines) this.logBatch.push(shown.length > 4000 ? `${shown.slice(0, 4000)}…` : shown);
          else this.droppedLogLines++;
        }
        if (stream === 'stdout') this.queue(...this.parser.pushDecoded(text));
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

    try {
      this.process = await startPackerBuild({
        packerPath: this.options.packerPath,
        cwd: request.templateDir,
        args: this.args,
        cacheDir,
        env: this.options.env,
        cancelTimeouts: this.options.cancelTimeouts,
        onLine,
      });
    } catch (error) {
      return this.end(log, { exitCode: null, signal: null, spawnError: error instanceof Error ? error.message : String(error) });
    }
    if (this.cancelRequested) this.process.cancel();
    return this.end(log, await this.process.done);
  }

  cancel(): void {
    if (this.cancelRequested) return;
    this.cancelRequested = true;
    this.queue({ type: 'cancelling' });
    this.flush();
    this.process?.cancel();
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

  private queue(...events: BuildEvent[]): void {
    for (const event of events) this.pending.push(this.redactEvent(event));
  }

  /** Event fields can quote output (errors, host output): the same masking as the log. */
  private redactEvent(event: BuildEvent): BuildEvent {
    if (event.type === 'log') return event;
    const json = JSON.stringify(event);
    const masked = this.redactor.text(json);
    return masked === json ? event : (JSON.parse(masked) as BuildEvent);
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
      this.pending.unshift({ type: 'log', lines: this.logBatch, ...(this.droppedLogLines ? { dropped: this.droppedLogLines } : {}) });
      this.logBatch = [];
      this.droppedLogLines = 0;
    }
    if (this.pending.length === 0) return;
    const events = this.pending;
    this.pending = [];
    this.options.emit(events);
  }
}
