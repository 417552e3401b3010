// Build events → the records the "Bilder Builds" view shows and the history keeps. Pure (no `vscode` import), so the
// whole model is unit-tested without an editor. Lists are capped: a runaway build cannot grow the view without bound.
// Times are taken when an event arrives (the server flushes every 100 ms), which is what a person watching sees.
import { isSecretName } from '../../../protocol/secretNames';
import type { BuildEvent, BuildRequest, BuildStatus, HostStatus, PyinfraHostSummary } from '../../../protocol';

export const HISTORY_LIMIT = 20;
/** At most this often the Builds view repaints: ≤ 10 refreshes a second whatever the output rate. */
export const REFRESH_MS = 150;
const MAX_OPERATIONS_PER_STEP = 500;
/** Provisioners and post-processors kept per source; a template that loops output markers cannot grow it further. */
const MAX_STEPS_PER_SOURCE = 200;
const MAX_MESSAGES = 50;

export interface HostResult {
  host: string;
  status: HostStatus;
  detail?: string;
  output?: string[];
}

export interface OperationRecord {
  name: string;
  hosts: HostResult[];
  result?: { hosts: number; success: number; error: number; noChange: number };
  startedAt?: number;
  endedAt?: number;
  /** The output line where it started. */
  line?: number;
}

export interface StepError {
  message: string;
  output?: string[];
  line?: number;
}

export interface StepRecord {
  index: number;
  kind: 'provisioner' | 'post-processor';
  provisioner: string;
  detail: string;
  status: BuildStatus;
  phase?: string;
  operations: OperationRecord[];
  droppedOperations: number;
  errors: StepError[];
  hostSummaries: PyinfraHostSummary[];
  startedAt?: number;
  endedAt?: number;
  line?: number;
}

export interface Hint {
  code: string;
  message: string;
}

export interface Artifact {
  source: string;
  id: string;
  description: string;
}

export interface SourceRecord {
  name: string;
  status: BuildStatus;
  duration?: string;
  error?: string;
  steps: StepRecord[];
  /** Steps left out at the start to stay within MAX_STEPS_PER_SOURCE. */
  droppedSteps?: number;
  artifacts: Artifact[];
  hints: Hint[];
  hosts: { host: string; ok: boolean; detail: string }[];
  startedAt?: number;
  endedAt?: number;
  line?: number;
}

export interface BuildRecord {
  id: string;
  label: string;
  commandLine: string;
  cwd: string;
  logFile: string;
  /** What to run again; sensitive values are never kept here. */
  request: BuildRequest;
  status: BuildStatus;
  startedAt: number;
  durationMs?: number;
  cancelling?: boolean;
  sources: SourceRecord[];
  hints: Hint[];
  errors: string[];
  artifacts: Artifact[];
}

/**
 * The request as history may keep it: no value of a variable declared sensitive or named like a secret (the policy
 * the server masks by); they are asked again on rerun.
 */
export function storableRequest(request: BuildRequest): BuildRequest {
  const sensitive = new Set(request.sensitive ?? []);
  const isSecret = (name: string) => sensitive.has(name) || isSecretName(name);
  const vars = Object.fromEntries(Object.entries(request.vars ?? {}).filter(([name]) => !isSecret(name)));
  // Listed as sensitive, the dropped ones are asked for again on rerun.
  const secretNames = [...new Set([...sensitive, ...Object.keys(request.vars ?? {}).filter(isSecret)])];
  const { storageDir: _storage, ...rest } = request;
  return { ...rest, vars, ...(secretNames.length > 0 ? { sensitive: secretNames } : {}) };
}

export function newRecord(id: string, request: BuildRequest, commandLine: string, logFile: string, now = Date.now()): BuildRecord {
  return {
    id,
    label: request.label ?? request.templateDir,
    commandLine,
    cwd: request.templateDir,
    logFile,
    request: storableRequest(request),
    status: 'running',
    startedAt: now,
    sources: [],
    hints: [],
    errors: [],
    artifacts: [],
  };
}

function pushCapped<T>(list: T[], item: T, limit = MAX_MESSAGES): void {
  if (list.length < limit) list.push(item);
}

function sourceOf(record: BuildRecord, name: string, now: number, line?: number): SourceRecord {
  let source = record.sources.find((candidate) => candidate.name === name);
  if (!source) {
    source = { name, status: 'running', steps: [], artifacts: [], hints: [], hosts: [], startedAt: now, line };
    record.sources.push(source);
  }
  return source;
}

function currentStep(source: SourceRecord): StepRecord | undefined {
  return source.steps[source.steps.length - 1];
}

/** The latest operation of that name; PyInfra names the operation on every host line, and names repeat. */
function operationOf(step: StepRecord, name: string, now: number, line?: number): OperationRecord {
  for (let i = step.operations.length - 1; i >= 0; i--) if (step.operations[i]!.name === name) return step.operations[i]!;
  return addOperation(step, name, now, line);
}

function addOperation(step: StepRecord, name: string, now: number, line?: number): OperationRecord {
  const operation: OperationRecord = { name, hosts: [], startedAt: now, line };
  if (step.operations.length >= MAX_OPERATIONS_PER_STEP) {
    step.operations.shift();
    step.droppedOperations++;
  }
  step.operations.push(operation);
  return operation;
}

/** The operation in progress ends when the next one starts or PyInfra moves on to another phase. */
function endRunningOperation(step: StepRecord, now: number): void {
  const last = step.operations[step.operations.length - 1];
  if (last && last.endedAt === undefined) last.endedAt = now;
}

function endStep(step: StepRecord, status: Exclude<BuildStatus, 'running'>, now: number): void {
  if (step.status === 'running') step.status = status;
  step.endedAt ??= now;
  endRunningOperation(step, now);
}

/** Applies one event. Unknown or out-of-order events are absorbed, never thrown. */
export function applyEvent(record: BuildRecord, event: BuildEvent, now = Date.now()): void {
  switch (event.type) {
    case 'build-started':
      record.commandLine = event.commandLine;
      record.logFile = event.logFile;
      record.startedAt = event.time;
      return;
    case 'source-started':
      sourceOf(record, event.source, now, event.line);
      return;
    case 'step-started': {
      const source = sourceOf(record, event.source, now, event.line);
      const previous = currentStep(source);
      if (previous) endStep(previous, 'succeeded', now);
      if (source.steps.length >= MAX_STEPS_PER_SOURCE) {
        source.steps.shift();
        source.droppedSteps = (source.droppedSteps ?? 0) + 1;
      }
      source.steps.push({
        index: event.index,
        kind: event.kind,
        provisioner: event.provisioner,
        detail: event.detail,
        status: 'running',
        operations: [],
        droppedOperations: 0,
        errors: [],
        hostSummaries: [],
        startedAt: now,
        line: event.line,
      });
      return;
    }
    case 'step-finished': {
      const steps = sourceOf(record, event.source, now).steps;
      // The step that finishes is nearly always the last one.
      let step: StepRecord | undefined;
      for (let i = steps.length - 1; i >= 0 && !step; i--) if (steps[i]!.index === event.index) step = steps[i];
      if (step) {
        step.status = event.status;
        endStep(step, event.status, now);
      }
      return;
    }
    case 'pyinfra-phase': {
      const step = currentStep(sourceOf(record, event.source, now));
      if (!step) return;
      step.phase = event.phase;
      endRunningOperation(step, now);
      return;
    }
    case 'host-connect': {
      const source = sourceOf(record, event.source, now);
      source.hosts = source.hosts.filter((host) => host.host !== event.host);
      pushCapped(source.hosts, { host: event.host, ok: event.ok, detail: event.detail });
      return;
    }
    case 'operation-started': {
      const step = currentStep(sourceOf(record, event.source, now));
      if (!step) return;
      endRunningOperation(step, now);
      addOperation(step, event.operation, now, event.line);
      return;
    }
    case 'operation-host': {
      const source = sourceOf(record, event.source, now);
      const step = currentStep(source);
      if (!step) return;
      const operation = operationOf(step, event.operation, now, event.line);
      operation.hosts = operation.hosts.filter((host) => host.host !== event.host);
      pushCapped(operation.hosts, { host: event.host, status: event.status, detail: event.detail, output: event.output });
      // With one host its answer ends the operation; with several, the next operation or phase does.
      if (source.hosts.filter((host) => host.ok).length <= 1) operation.endedAt ??= now;
      return;
    }
    case 'pyinfra-result': {
      const step = currentStep(sourceOf(record, event.source, now));
      if (!step) return;
      // The table lists operations in run order, one row each, so a row belongs to the first of its name without one.
      const existing = step.operations.find((operation) => operation.name === event.operation && !operation.result);
      if (existing) existing.result = { hosts: event.hosts, success: event.success, error: event.error, noChange: event.noChange };
      return;
    }
    case 'pyinfra-host-summary': {
      const step = currentStep(sourceOf(record, event.source, now));
      if (!step) return;
      const { type: _type, source: _source, line: _line, ...summary } = event;
      step.hostSummaries = step.hostSummaries.filter((known) => known.host !== summary.host || known.stage !== summary.stage);
      pushCapped(step.hostSummaries, summary);
      return;
    }
    case 'pyinfra-error': {
      const step = currentStep(sourceOf(record, event.source, now));
      if (step) pushCapped(step.errors, { message: event.message, output: event.output, line: event.line });
      return;
    }
    case 'source-finished': {
      const source = sourceOf(record, event.source, now);
      source.status = event.status;
      source.duration = event.duration || undefined;
      source.error = event.error;
      source.endedAt ??= now;
      for (const step of source.steps) if (step.status === 'running' || step.endedAt === undefined) endStep(step, event.status === 'succeeded' ? 'succeeded' : event.status, now);
      return;
    }
    case 'artifact': {
      const artifact = { source: event.source, id: event.id, description: event.description };
      const source = sourceOf(record, event.source, now);
      if (!source.artifacts.some((known) => known.id === artifact.id && known.description === artifact.description)) {
        pushCapped(source.artifacts, artifact);
        pushCapped(record.artifacts, artifact);
      }
      return;
    }
    case 'error':
      pushCapped(record.errors, event.message);
      return;
    case 'hint': {
      const hint = { code: event.code, message: event.message };
      const list = event.source ? sourceOf(record, event.source, now).hints : record.hints;
      if (!list.some((known) => known.code === hint.code)) pushCapped(list, hint);
      return;
    }
    case 'cancelling':
      record.cancelling = true;
      return;
    case 'log':
      return;
    case 'build-finished':
      record.status = event.status;
      record.durationMs = event.durationMs;
      record.cancelling = false;
      for (const source of record.sources) {
        if (source.status === 'running') source.status = event.status;
        source.endedAt ??= now;
        for (const step of source.steps) endStep(step, event.status, now);
      }
      return;
  }
}

/** History after a reload: a build that was running when the window closed did not finish; say so. */
export function restoreHistory(stored: unknown): BuildRecord[] {
  if (!Array.isArray(stored)) return [];
  return stored
    .filter((item): item is BuildRecord => !!item && typeof item === 'object' && typeof (item as BuildRecord).id === 'string')
    .slice(0, HISTORY_LIMIT)
    .map((record) => {
      // Records written by older versions lack the newer lists.
      for (const source of record.sources ?? []) {
        for (const step of source.steps ?? []) {
          step.hostSummaries ??= [];
          step.errors = (step.errors ?? []).map((error) => (typeof error === 'string' ? { message: error } : error));
        }
      }
      if (record.status !== 'running') return record;
      const errors = [...(record.errors ?? []), 'interrupted: the window was closed or reloaded while the build ran'];
      return { ...record, status: 'cancelled', cancelling: false, errors };
    });
}

/** Newest first, at most HISTORY_LIMIT. */
export function addToHistory(history: readonly BuildRecord[], record: BuildRecord): BuildRecord[] {
  return [record, ...history.filter((known) => known.id !== record.id)].slice(0, HISTORY_LIMIT);
}

/** One human format for every duration in the view: `0.4 s`, `12 s`, `3 min 12 s`, `1 h 4 min`. */
export function formatDuration(ms: number): string {
  if (ms < 10_000) return `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes} min ${seconds % 60} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

const PACKER_UNITS: Record<string, number> = { hour: 3_600_000, minute: 60_000, second: 1000, millisecond: 1, microsecond: 0.001 };

/** Packer's `3 minutes 12 seconds 615 milliseconds` in ms, so that it can be shown in the view's one format. */
export function parsePackerDuration(text: string | undefined): number | undefined {
  if (!text) return undefined;
  let total = 0;
  let found = false;
  for (const match of text.matchAll(/(\d+(?:\.\d+)?)\s*(hour|minute|second|millisecond|microsecond)s?/g)) {
    total += Number(match[1]) * PACKER_UNITS[match[2]!]!;
    found = true;
  }
  return found ? total : undefined;
}
