// Turns `packer build` output, line by line, into structured build events. Accepts both output modes (plain, with or
// without colour and -timestamp-ui, and -machine-readable), both provisioner prefixes (`    name:` up to Packer 1.12,
// `==> name:` from 1.13) and PyInfra 2 and 3 lines nested inside a provisioner. State is O(sources), never O(output),
// so 100 MB of output costs no more memory than 100 lines.
import type { BuildEvent, BuildStatus, HostStatus } from '../../../protocol';
import { stripAnsi } from './ansi';
import type { UiLevel } from './ansi';
import { HCL_ERROR_HINT, LINE_HINTS, NO_ARTIFACT_HINT, PYINFRA_MISSING_HINT, PYINFRA_USAGE_HINT } from './hints';
import type { FixedHint } from './hints';

export type { UiLevel };
type FinalStatus = Exclude<BuildStatus, 'running'>;

export interface DecodedLine {
  text: string;
  level: UiLevel;
}

interface MachineRecord {
  target: string;
  type: string;
  fields: string[];
}

/** Record types of `-machine-readable`; anything else on a line is plain text that merely starts with digits. */
const MACHINE_TYPES = new Set(['ui', 'artifact-count', 'artifact', 'error-count', 'error', 'version', 'version-prelease', 'version-prerelease', 'version-commit']);
const MACHINE_LINE = /^(\d+),([^,]*),([a-z-]+),(.*)$/;
const TIMESTAMP_PREFIX = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ: /;

/** `==> null.alpha: text`, `    null.alpha: text`, `==> null.alpha (shell-local): text`; empty lines lose the space. */
const SOURCE_PREFIX = /^(==> |    )([A-Za-z][\w.-]*)(?: \(([^)]+)\))?:(?: (.*))?$/;

/** Lines with which a provisioner announces itself; the first of each starts a new provisioner step. */
const STEP_MARKERS: readonly { pattern: RegExp; provisioner: string }[] = [
  { pattern: /^Running local shell script: (.*)$/, provisioner: 'shell-local' },
  { pattern: /^Provisioning with shell script: (.*)$/, provisioner: 'shell' },
  { pattern: /^Provisioning with Powershell\.*(.*)$/i, provisioner: 'powershell' },
  { pattern: /^Provisioning with Ansible\.*(.*)$/, provisioner: 'ansible' },
  { pattern: /^Uploading (.+ => .+)$/, provisioner: 'file' },
  { pattern: /^Provisioning with (.*)$/, provisioner: 'provisioner' },
];
const POST_PROCESSOR_START = /^Running post-processor:\s*(.*?)\s*\(type ([^)]+)\)\s*$/;
const PROVISIONING_FAILED = /^Provisioning step had errors/;

const BUILD_FINISHED = /^Build '([^']+)' finished after (.+?)\.?$/;
const BUILD_ERRORED = /^Build '([^']+)' errored after (.+?): (.*)$/;
const CANCELLING = /^Cancelling build after receiving /;
const CLEANLY_CANCELLED = /^Cleanly cancelled builds after being interrupted/;
const ARTIFACTS_HEADER = /^==> Builds finished\. The artifacts of successful builds are:/;
const ERRORS_HEADER = /^==> Some builds didn't complete successfully and had errors:/;
const SECTION_END = /^==> (Builds finished but no artifacts were created|Wait completed)/;
const SUMMARY_ITEM = /^--> ([A-Za-z][\w.-]*): (.*)$/;
const REGION_AMI = /^([a-z]{2}(?:-[a-z]+)+-\d+): (ami-[0-9a-f]+)\s*$/;
const AMI_ID = /\bami-[0-9a-f]{8,17}\b/;
const HCL_ERROR = /^Error: (.+)$/;

// PyInfra (§7.4 of packer-cli.md), applied to the text after Packer's prefix.
const PY_OPERATION = /^--> Starting (?:(.+) )?operation: (.*?)\s*$/;
const PY_FATAL = /^--> (pyinfra error|Operation error|Argument type error|An internal exception occurred|An unexpected exception occurred|An exception occurred in: .*?)(?: in (\S+) line (\d+))?:\s?(.*)$/;
/** What PyInfra prints after a traceback: where the rest of it went, and where to report bugs. */
const PY_CLOSING = /^--> (The full traceback has been written to|If this is unexpected)/;
const PY_PHASE = /^--> (.*?)\s*$/;
const PY_HOST_STATUS = /^\s+\[([^\]]+)\]\s+(?:nested\s+)?(Success|No changes|Skipped)\s*$/;
const PY_HOST_ERROR = /^\s+\[([^\]]+)\]\s+(?:nested\s+)?(Error(?: \(ignored[^)]*\))?)(?::\s*(.*?))?\s*$/;
const PY_CONNECT = /^\s+\[([^\]]+)\]\s+(Connected|Could not connect.*|Authentication error.*)$/;
/** 2.x prints per-host counts instead of a table: before the run (Proposed changes) and after it (Results). */
const PY_V2_HOST_PROPOSED = /^\s+\[([^\]]+)\]\s+Operations: (\d+)\s+Change: (\d+)\s+No change: (\d+)/;
const PY_V2_HOST_RESULT = /^\s+\[([^\]]+)\]\s+Changed: (\d+)(?:\s+\(\d+ partial\))?\s+No change: (\d+)\s+Errors: (\d+)/;
/** Table headers name their columns; rows are read by column, so a release that adds or reorders one still parses. */
const PY_TABLE_HEADER = /^\s+Operation\s{2,}(\S.*?)\s*$/;
/** A line of `--diff` output: a removed or added line of a changed file. */
const DIFF_LINE = /^\s*[-+] /;
const PY_HOST_LINE = /^\s*\[([^\]]+)\]\s?(.*)$/;
/** Python's last traceback line, the one that says what went wrong. */
const PY_EXCEPTION_LINE = /^([A-Za-z_][\w.]*(?:Error|Exception|Interrupt|Exit)|[A-Za-z_][\w.]*Warning)(?::\s*(.*))?$/;
const PY_TRACEBACK_FILE = /^\s*File "([^"]+)", line (\d+)/;
/** The shell of shell-local could not find the command: dash, bash, busybox and env say it differently. */
const COMMAND_NOT_FOUND = /(?:^|[\s:])(pyinfra|python3?)(?::| -m pyinfra:)? (?:command )?not found\s*$|env: '?(pyinfra|python3?)'?: No such file or directory|No module named '?(pyinfra)'?/;
const CLICK_USAGE = /^Usage: (pyinfra)\b/;
const CLICK_ERROR = /^Error: (.+)$/;

/** Host output kept per operation to explain an error; the rest is in the log. */
const HOST_OUTPUT_LINES = 20;
/** Traceback lines kept with an error: its end says what happened, the log has all of it. */
const ERROR_OUTPUT_LINES = 12;
const MAX_LINE_IN_EVENT = 2000;

interface Step {
  index: number;
  kind: 'provisioner' | 'post-processor';
  provisioner: string;
  open: boolean;
}

/** A fatal line whose cause PyInfra prints on the lines after it (a traceback, a Python error). */
interface PendingError {
  title: string;
  where: string;
  message: string;
  lines: string[];
}

interface OutputLine {
  host?: string;
  text: string;
}

interface SourceState {
  name: string;
  step?: Step;
  stepCount: number;
  operation?: string;
  output: OutputLine[];
  /** Which table or per-host block the following indented lines belong to. */
  section: 'none' | 'proposed' | 'results';
  /** Column names of the results table being read. */
  columns?: string[];
  pendingError?: PendingError;
  usageSeen: boolean;
  failureExplained: boolean;
  finished?: FinalStatus;
  hints: Set<string>;
}

export interface BuildExit {
  exitCode: number | null;
  signal: string | null;
  cancelRequested: boolean;
  durationMs: number;
}

function unescapeMachine(field: string): string {
  return field.replaceAll('%!(PACKER_COMMA)', ',').replaceAll('\\n', '\n').replaceAll('\\r', '\r');
}

/** Packer escapes newlines in machine-readable text but not backslashes, so `\n` is ambiguous. A line a provisioner
 * printed (`==> name: …`) is one line by construction: its `\n` is the provisioner's own backslash and n. */
function unescapeUiText(text: string): string {
  return SOURCE_PREFIX.test(text) ? text.replaceAll('%!(PACKER_COMMA)', ',') : unescapeMachine(text);
}

function clip(text: string): string {
  return text.length > MAX_LINE_IN_EVENT ? `${text.slice(0, MAX_LINE_IN_EVENT)}…` : text;
}

/** Splits one raw output line into the human text lines it stands for, and the machine record if it is one. */
export function decodeLine(raw: string): { lines: DecodedLine[]; record?: MachineRecord } {
  const line = stripAnsi(raw).replace(/\r$/, '');
  const machine = MACHINE_LINE.exec(line);
  if (!machine || !MACHINE_TYPES.has(machine[3]!)) return { lines: [{ text: line, level: 'plain' }] };
  const [, , target, type, data] = machine as unknown as [string, string, string, string, string];
  if (type === 'ui') {
    const comma = data.indexOf(',');
    const level = (comma === -1 ? data : data.slice(0, comma)) as UiLevel;
    const text = comma === -1 ? '' : unescapeUiText(data.slice(comma + 1));
    const known: UiLevel = level === 'say' || level === 'message' || level === 'error' ? level : 'plain';
    return { lines: text.split('\n').map((part) => ({ text: stripAnsi(part.replace(/\r$/, '')), level: known })) };
  }
  return { lines: [], record: { target, type, fields: data.split(',').map(unescapeMachine) } };
}

export class BuildOutputParser {
  private readonly sources = new Map<string, SourceState>();
  private section: 'none' | 'artifacts' | 'errors' = 'none';
  private readonly pendingMachineArtifacts = new Map<string, { id?: string; description?: string }>();
  private machineArtifacts = false;
  private pendingAmiSource: string | undefined;
  private cancelSeen = false;
  private hclErrorSeen = false;
  private artifactCount = 0;
  private events: BuildEvent[] = [];

  /** Feeds one raw line; returns the human-readable text lines (for the log) and the events it produced. */
  push(raw: string): { text: string[]; events: BuildEvent[] } {
    this.events = [];
    const { lines, record } = decodeLine(raw);
    if (record) this.machineRecord(record);
    const text: string[] = [];
    for (const line of lines) {
      const clean = line.text.replace(TIMESTAMP_PREFIX, '');
      text.push(clean);
      this.consume(clean);
    }
    return { text, events: this.events };
  }

  /** Feeds a line that is already decoded (and, say, redacted); returns its events. */
  pushDecoded(text: string): BuildEvent[] {
    this.events = [];
    this.consume(text.replace(TIMESTAMP_PREFIX, ''));
    return this.events;
  }

  /** Feeds a machine record (from decodeLine); returns its events. */
  pushRecord(record: MachineRecord): BuildEvent[] {
    this.events = [];
    this.machineRecord(record);
    return this.events;
  }

  /** Closes everything still open once the process has exited and states the outcome. */
  finish(exit: BuildExit): BuildEvent[] {
    this.events = [];
    const cancelled = this.cancelSeen || exit.cancelRequested;
    const status: FinalStatus = exit.exitCode === 0 && !this.cancelSeen ? 'succeeded' : cancelled ? 'cancelled' : 'failed';
    for (const source of this.sources.values()) {
      if (source.finished) continue;
      this.finishSource(source, status === 'succeeded' ? 'succeeded' : status, '');
    }
    // Only sources that failed without a better explanation (a PyInfra error, a failed operation) get it; without a
    // source (Packer never started, or rejected its input) the error itself is the explanation.
    if (status === 'failed' && this.artifactCount === 0 && !this.hclErrorSeen) {
      for (const source of this.sources.values()) {
        if (source.finished === 'failed' && !source.failureExplained) this.hint(source, NO_ARTIFACT_HINT.code, NO_ARTIFACT_HINT.message);
      }
    }
    this.emit({ type: 'build-finished', status, exitCode: exit.exitCode, signal: exit.signal, durationMs: exit.durationMs });
    return this.events;
  }

  private emit(event: BuildEvent): void {
    this.events.push(event);
  }

  private source(name: string): SourceState {
    let state = this.sources.get(name);
    if (!state) {
      state = { name, stepCount: 0, output: [], section: 'none', usageSeen: false, failureExplained: false, hints: new Set() };
      this.sources.set(name, state);
      this.emit({ type: 'source-started', source: name });
    }
    return state;
  }

  private hint(source: SourceState | undefined, code: string, message: string): void {
    if (source) {
      if (source.hints.has(code)) return;
      source.hints.add(code);
    }
    this.emit({ type: 'hint', source: source?.name, code, message });
  }

  private checkHints(source: SourceState | undefined, text: string): void {
    for (const hint of LINE_HINTS) if (hint.pattern.test(text)) this.hint(source, hint.code, hint.message);
  }

  // The ui level (say/message/error) is not used: PyInfra's stderr makes every one of its lines an "error", and from
  // Packer 1.13 provisioner output is "say"; the text alone decides.
  private consume(text: string): void {
    const prefixed = SOURCE_PREFIX.exec(text);
    if (prefixed) {
      this.sourceLine(prefixed[2]!, prefixed[3], prefixed[4] ?? '');
      return;
    }
    this.topLevelLine(text);
  }

  private topLevelLine(text: string): void {
    let match: RegExpExecArray | null;
    if ((match = BUILD_FINISHED.exec(text))) {
      this.finishSource(this.source(match[1]!), this.cancelSeen ? 'cancelled' : 'succeeded', match[2]!);
    } else if ((match = BUILD_ERRORED.exec(text))) {
      this.finishSource(this.source(match[1]!), this.cancelSeen ? 'cancelled' : 'failed', match[2]!, match[3]!);
    } else if (CANCELLING.test(text)) {
      if (!this.cancelSeen) this.emit({ type: 'cancelling' });
      this.cancelSeen = true;
    } else if (CLEANLY_CANCELLED.test(text)) {
      this.cancelSeen = true;
    } else if (ARTIFACTS_HEADER.test(text)) {
      this.section = 'artifacts';
    } else if (ERRORS_HEADER.test(text)) {
      this.section = 'errors';
    } else if (SECTION_END.test(text)) {
      this.section = 'none';
    } else if ((match = SUMMARY_ITEM.exec(text))) {
      this.summaryItem(match[1]!, match[2]!);
    } else if (this.section === 'artifacts' && this.pendingAmiSource && (match = REGION_AMI.exec(text))) {
      this.artifact(this.pendingAmiSource, `${match[1]}:${match[2]}`, text.trim());
    } else if ((match = HCL_ERROR.exec(text))) {
      this.emit({ type: 'error', message: clip(match[1]!) });
      if (!this.hclErrorSeen) this.emit({ type: 'hint', code: HCL_ERROR_HINT.code, message: HCL_ERROR_HINT.message });
      this.hclErrorSeen = true;
    } else if (text.trim()) {
      this.checkHints(undefined, text);
    }
  }

  private summaryItem(name: string, detail: string): void {
    if (this.section === 'artifacts') {
      if (this.machineArtifacts) return;
      if (detail.trimEnd().endsWith(':')) {
        this.pendingAmiSource = name;
        return;
      }
      this.artifact(name, AMI_ID.exec(detail)?.[0] ?? detail, detail);
    } else if (this.section === 'errors') {
      const source = this.source(name);
      if (!source.finished) this.finishSource(source, 'failed', '', detail);
    }
  }

  private artifact(source: string, id: string, description: string): void {
    this.source(source);
    this.artifactCount++;
    this.emit({ type: 'artifact', source, id, description: clip(description) });
  }

  private machineRecord(record: MachineRecord): void {
    const { target, type, fields } = record;
    if (type === 'artifact') {
      this.machineArtifacts = true;
      const [index, key, ...rest] = fields;
      const slot = `${target}#${index}`;
      const pending = this.pendingMachineArtifacts.get(slot) ?? {};
      if (key === 'id') pending.id = rest.join(',');
      else if (key === 'string') pending.description = rest.join(',');
      else if (key === 'end') {
        this.pendingMachineArtifacts.delete(slot);
        this.artifact(target, pending.id ?? pending.description ?? '', pending.description ?? pending.id ?? '');
        return;
      }
      this.pendingMachineArtifacts.set(slot, pending);
    } else if (type === 'error' && target) {
      const source = this.source(target);
      if (!source.finished) this.finishSource(source, 'failed', '', fields.join(','));
    }
  }

  private finishSource(source: SourceState, status: FinalStatus, duration: string, error?: string): void {
    if (source.finished) return;
    this.flushError(source);
    this.closeStep(source, status);
    source.finished = status;
    this.emit({ type: 'source-finished', source: source.name, status, duration, ...(error ? { error: clip(error) } : {}) });
  }

  private closeStep(source: SourceState, status: FinalStatus): void {
    this.flushError(source);
    const step = source.step;
    if (!step?.open) return;
    step.open = false;
    this.emit({ type: 'step-finished', source: source.name, index: step.index, status });
  }

  private startStep(source: SourceState, kind: Step['kind'], provisioner: string, detail: string): void {
    this.closeStep(source, 'succeeded');
    source.step = { index: source.stepCount++, kind, provisioner, open: true };
    source.operation = undefined;
    source.output = [];
    source.section = 'none';
    source.columns = undefined;
    source.usageSeen = false;
    this.emit({ type: 'step-started', source: source.name, index: source.step.index, kind, provisioner, detail: clip(detail) });
  }

  private sourceLine(name: string, postProcessor: string | undefined, body: string): void {
    const source = this.source(name);
    if (body.trim()) this.checkHints(source, body);
    if (postProcessor) {
      const step = source.step;
      if (!step?.open || step.kind !== 'post-processor' || step.provisioner !== postProcessor) {
        this.startStep(source, 'post-processor', postProcessor, body);
      }
      return;
    }
    const postStart = POST_PROCESSOR_START.exec(body);
    if (postStart) {
      this.startStep(source, 'post-processor', postStart[2]!, postStart[1] || postStart[2]!);
      return;
    }
    if (PROVISIONING_FAILED.test(body)) {
      this.closeStep(source, 'failed');
      return;
    }
    for (const marker of STEP_MARKERS) {
      const match = marker.pattern.exec(body);
      // A pyinfra line is never a step marker, whatever it says.
      if (match && !body.startsWith(' ')) {
        this.startStep(source, 'provisioner', marker.provisioner, match[1] ?? body);
        return;
      }
    }
    if (source.pendingError && this.continuesError(source, body)) return;
    if (this.toolFailure(source, body)) return;
    if (body.trim()) this.pyinfraLine(source, body);
  }

  /** Lines after a fatal header belong to it until PyInfra starts a new `-->` line. */
  private continuesError(source: SourceState, body: string): boolean {
    if (body.startsWith('--> ')) {
      this.flushError(source);
      return PY_CLOSING.test(body);
    }
    const pending = source.pendingError!;
    if (body.trim()) {
      pending.lines.push(clip(body.trimEnd()));
      if (pending.lines.length > ERROR_OUTPUT_LINES) pending.lines.shift();
    }
    return true;
  }

  private flushError(source: SourceState): void {
    const pending = source.pendingError;
    if (!pending) return;
    source.pendingError = undefined;
    const exception = [...pending.lines].reverse().find((line) => PY_EXCEPTION_LINE.test(line));
    const message = pending.message || exception?.trim() || pending.lines.at(-1)?.trim() || 'no details (see the log)';
    let where = pending.where;
    const frame = [...pending.lines].reverse().map((line) => PY_TRACEBACK_FILE.exec(line)).find(Boolean);
    // A frame inside PyInfra itself says nothing about the user's deploy.
    if (!where && frame && !/[\\/](site|dist)-packages[\\/]|[\\/]pyinfra(_cli)?[\\/]/.test(frame[1]!)) where = ` (${frame[1]} line ${frame[2]})`;
    this.pyinfraError(source, `${pending.title}${where}: ${message}`, pending.lines);
  }

  private pyinfraError(source: SourceState, message: string, output?: string[]): void {
    source.failureExplained = true;
    this.emit({ type: 'pyinfra-error', source: source.name, message: clip(message), ...(output?.length ? { output } : {}) });
  }

  private fixedHint(source: SourceState, hint: FixedHint): void {
    this.hint(source, hint.code, hint.message);
  }

  /** PyInfra never ran (the shell cannot find it) or refused its command line: one clear error, not a silent exit. */
  private toolFailure(source: SourceState, body: string): boolean {
    let match: RegExpExecArray | null;
    if (!body.startsWith(' ') && (match = COMMAND_NOT_FOUND.exec(body))) {
      // The shell's own words name Packer's temporary script; the command it missed is what matters.
      const command = match[1] ?? match[2] ?? match[3] ?? 'pyinfra';
      const missing = match[3] ? 'the pyinfra module' : `no "${command}" command`;
      this.pyinfraError(source, `pyinfra is not installed where Packer runs: the provisioner's shell found ${missing}`);
      this.fixedHint(source, PYINFRA_MISSING_HINT);
      return true;
    }
    if (CLICK_USAGE.test(body)) {
      source.usageSeen = true;
      return true;
    }
    if (source.usageSeen && (match = CLICK_ERROR.exec(body))) {
      source.usageSeen = false;
      this.pyinfraError(source, `pyinfra rejected its command line: ${match[1]}`);
      this.fixedHint(source, PYINFRA_USAGE_HINT);
      return true;
    }
    if (body === 'Traceback (most recent call last):') {
      source.pendingError = { title: 'Python error', where: '', message: '', lines: [] };
      return true;
    }
    return false;
  }

  private pyinfraLine(source: SourceState, body: string): void {
    const name = source.name;
    let match: RegExpExecArray | null;
    if ((match = PY_OPERATION.exec(body))) {
      source.operation = match[2]!;
      source.output = [];
      source.section = 'none';
      this.emit({ type: 'operation-started', source: name, operation: clip(source.operation) });
    } else if (PY_CLOSING.test(body)) {
      return;
    } else if ((match = PY_FATAL.exec(body))) {
      const where = match[2] ? ` (${match[2]} line ${match[3]})` : '';
      if (match[4]!.trim()) this.pyinfraError(source, `${match[1]}${where}: ${match[4]}`);
      else source.pendingError = { title: match[1]!, where, message: '', lines: [] };
    } else if ((match = PY_PHASE.exec(body))) {
      const phase = match[1]!;
      source.section = phase.startsWith('Proposed changes') ? 'proposed' : phase === 'Results:' ? 'results' : 'none';
      source.columns = undefined;
      if (source.section !== 'none' || phase.startsWith('Disconnecting') || phase.startsWith('Detected changes')) source.operation = undefined;
      this.emit({ type: 'pyinfra-phase', source: name, phase: clip(phase) });
    } else if ((match = PY_HOST_STATUS.exec(body))) {
      if (!source.operation) return;
      const host = match[1]!;
      const status: HostStatus = match[2] === 'Success' ? 'success' : match[2] === 'No changes' ? 'no-changes' : 'skipped';
      // A change's `--diff` lines say what it changed; other output of a success is only in the log.
      const diff = status === 'success' ? source.output.filter((line) => line.host === host && DIFF_LINE.test(line.text)).map((line) => line.text) : [];
      this.emit({ type: 'operation-host', source: name, operation: source.operation, host, status, ...(diff.length ? { output: diff } : {}) });
    } else if ((match = PY_HOST_ERROR.exec(body))) {
      if (!source.operation) return;
      const host = match[1]!;
      const status: HostStatus = match[2]!.includes('ignored') ? 'ignored-error' : 'error';
      if (status === 'error') source.failureExplained = true;
      const output = source.output.filter((line) => line.host === undefined || line.host === host).map((line) => line.text);
      this.emit({
        type: 'operation-host',
        source: name,
        operation: source.operation,
        host,
        status,
        detail: clip(match[3] ? `${match[2]}: ${match[3]}` : match[2]!),
        ...(output.length ? { output } : {}),
      });
    } else if ((match = PY_CONNECT.exec(body))) {
      this.emit({ type: 'host-connect', source: name, host: match[1]!, ok: match[2] === 'Connected', detail: clip(match[2]!) });
    } else if (source.section === 'proposed' && (match = PY_V2_HOST_PROPOSED.exec(body))) {
      const [operations, changed, noChange] = [Number(match[2]), Number(match[3]), Number(match[4])];
      this.emit({ type: 'pyinfra-host-summary', source: name, host: match[1]!, stage: 'proposed', operations, changed, noChange });
    } else if (source.section === 'results' && (match = PY_V2_HOST_RESULT.exec(body))) {
      const [changed, noChange, errors] = [Number(match[2]), Number(match[3]), Number(match[4])];
      this.emit({ type: 'pyinfra-host-summary', source: name, host: match[1]!, stage: 'results', changed, noChange, errors });
    } else if (source.section === 'results' && !source.columns && (match = PY_TABLE_HEADER.exec(body))) {
      source.columns = match[1]!.split(/\s{2,}/);
    } else if (source.section === 'results' && source.columns) {
      this.resultRow(source, body);
    } else if (source.operation) {
      // Command output (host-prefixed), and unprefixed stderr or --debug lines of the operation in progress.
      const hostLine = PY_HOST_LINE.exec(body);
      source.output.push(hostLine ? { host: hostLine[1]!, text: clip(hostLine[2]!.trimEnd()) } : { text: clip(body.trim()) });
      if (source.output.length > HOST_OUTPUT_LINES) source.output.shift();
    }
  }

  /** One row of the results table, read by the header's column names (cells are padded to the widest + 3). */
  private resultRow(source: SourceState, body: string): void {
    const columns = source.columns!;
    const cells = body.trim().split(/\s{3,}/);
    if (cells.length !== columns.length + 1) return;
    const cell = (...names: string[]): number => {
      const index = columns.findIndex((column) => names.includes(column.toLowerCase()));
      const value = index === -1 ? '-' : cells[index + 1]!;
      return /^\d+$/.test(value) ? Number(value) : 0;
    };
    this.emit({
      type: 'pyinfra-result',
      source: source.name,
      operation: clip(cells[0]!),
      hosts: cell('hosts'),
      success: cell('success', 'changed', 'change'),
      error: cell('error', 'errors'),
      noChange: cell('no change', 'no changes'),
    });
  }
}
