// Build events → the records the "Bilder Builds" view shows and the history keeps. Pure (no `vscode` import), so the
// whole tree is unit-tested without an editor. Lists are capped: a runaway build cannot grow the view without bound.
import type { BuildEvent, BuildRequest, BuildStatus, HostStatus } from '../../../protocol';

export const HISTORY_LIMIT = 20;
const MAX_OPERATIONS_PER_STEP = 500;
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
  errors: string[];
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
  artifacts: Artifact[];
  hints: Hint[];
  hosts: { host: string; ok: boolean; detail: string }[];
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

/** The request as history may keep it: values of sensitive variables removed (they are asked again on rerun). */
export function storableRequest(request: BuildRequest): BuildRequest {
  const sensitive = new Set(request.sensitive ?? []);
  const vars = Object.fromEntries(Object.entries(request.vars ?? {}).filter(([name]) => !sensitive.has(name)));
  return { ...request, vars };
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

function sourceOf(record: BuildRecord, name: string): SourceRecord {
  let source = record.sources.find((candidate) => candidate.name === name);
  if (!source) {
    source = { name, status: 'running', steps: [], artifacts: [], hints: [], hosts: [] };
    record.sources.push(source);
  }
  return source;
}

function currentStep(source: SourceRecord): StepRecord | undefined {
  return source.steps[source.steps.length - 1];
}

function operationOf(step: StepRecord, name: string): OperationRecord {
  for (let i = step.operations.length - 1; i >= 0; i--) if (step.operations[i]!.name === name) return step.operations[i]!;
  const operation: OperationRecord = { name, hosts: [] };
  if (step.operations.length >= MAX_OPERATIONS_PER_STEP) {
    step.operations.shift();
    step.droppedOperations++;
  }
  step.operations.push(operation);
  return operation;
}

/** Applies one event. Unknown or out-of-order events are absorbed, never thrown. */
export function applyEvent(record: BuildRecord, event: BuildEvent): void {
  switch (event.type) {
    case 'build-started':
      record.commandLine = event.commandLine;
      record.logFile = event.logFile;
      record.startedAt = event.time;
      return;
    case 'source-started':
      sourceOf(record, event.source);
      return;
    case 'step-started':
      sourceOf(record, event.source).steps.push({
        index: event.index,
        kind: event.kind,
        provisioner: event.provisioner,
        detail: event.detail,
        status: 'running',
        operations: [],
        droppedOperations: 0,
        errors: [],
      });
      return;
    case 'step-finished': {
      const step = sourceOf(record, event.source).steps.find((candidate) => candidate.index === event.index);
      if (step) step.status = event.status;
      return;
    }
    case 'pyinfra-phase': {
      const step = currentStep(sourceOf(record, event.source));
      if (step) step.phase = event.phase;
      return;
    }
    case 'host-connect': {
      const source = sourceOf(record, event.source);
      source.hosts = source.hosts.filter((host) => host.host !== event.host);
      pushCapped(source.hosts, { host: event.host, ok: event.ok, detail: event.detail });
      return;
    }
    case 'operation-started': {
      const step = currentStep(sourceOf(record, event.source));
      if (step) operationOf(step, event.operation);
      return;
    }
    case 'operation-host': {
      const step = currentStep(sourceOf(record, event.source));
      if (!step) return;
      const operation = operationOf(step, event.operation);
      operation.hosts = operation.hosts.filter((host) => host.host !== event.host);
      pushCapped(operation.hosts, { host: event.host, status: event.status, detail: event.detail, output: event.output });
      return;
    }
    case 'pyinfra-result': {
      const step = currentStep(sourceOf(record, event.source));
      if (!step) return;
      const existing = step.operations.find((operation) => operation.name === event.operation);
      if (existing) existing.result = { hosts: event.hosts, success: event.success, error: event.error, noChange: event.noChange };
      return;
    }
    case 'pyinfra-error': {
      const step = currentStep(sourceOf(record, event.source));
      if (step) pushCapped(step.errors, event.message);
      return;
    }
    case 'source-finished': {
      const source = sourceOf(record, event.source);
      source.status = event.status;
      source.duration = event.duration || undefined;
      source.error = event.error;
      for (const step of source.steps) if (step.status === 'running') step.status = event.status === 'succeeded' ? 'succeeded' : event.status;
      return;
    }
    case 'artifact': {
      const artifact = { source: event.source, id: event.id, description: event.description };
      const source = sourceOf(record, event.source);
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
      const list = event.source ? sourceOf(record, event.source).hints : record.hints;
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
        for (const step of source.steps) if (step.status === 'running') step.status = event.status;
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
      if (record.status !== 'running') return record;
      const errors = [...(record.errors ?? []), 'interrupted: the window was closed or reloaded while the build ran'];
      return { ...record, status: 'cancelled', cancelling: false, errors };
    });
}

/** Newest first, at most HISTORY_LIMIT. */
export function addToHistory(history: readonly BuildRecord[], record: BuildRecord): BuildRecord[] {
  return [record, ...history.filter((known) => known.id !== record.id)].slice(0, HISTORY_LIMIT);
}

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes} min ${seconds % 60} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

// ---- Tree nodes: what the view renders, as plain data. ----

export type TreeIcon =
  | 'sync~spin'
  | 'pass'
  | 'error'
  | 'circle-slash'
  | 'package'
  | 'lightbulb'
  | 'warning'
  | 'server'
  | 'dash'
  | 'output'
  | 'plug'
  | 'gear';

export interface TreeNodeModel {
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  icon: TreeIcon;
  /** Drives the view's context menus: build-running, build-finished, artifact, … */
  contextValue: string;
  children: TreeNodeModel[];
  expanded: boolean;
  buildId: string;
  /** For artifact nodes: the id to copy. */
  artifactId?: string;
}

const STATUS_ICON: Record<BuildStatus, TreeIcon> = { running: 'sync~spin', succeeded: 'pass', failed: 'error', cancelled: 'circle-slash' };
const HOST_ICON: Record<HostStatus, TreeIcon> = { success: 'pass', 'no-changes': 'dash', skipped: 'dash', error: 'error', 'ignored-error': 'warning' };
const HOST_LABEL: Record<HostStatus, string> = {
  success: 'Success',
  'no-changes': 'No changes',
  skipped: 'Skipped',
  error: 'Error',
  'ignored-error': 'Error (ignored)',
};

function hintNodes(buildId: string, prefix: string, hints: readonly Hint[]): TreeNodeModel[] {
  return hints.map((hint) => ({
    id: `${prefix}/hint/${hint.code}`,
    label: hint.message,
    tooltip: hint.message,
    icon: 'lightbulb',
    contextValue: 'hint',
    children: [],
    expanded: false,
    buildId,
  }));
}

function operationNode(buildId: string, prefix: string, operation: OperationRecord, position: number): TreeNodeModel {
  const failed = operation.hosts.some((host) => host.status === 'error');
  const status: TreeIcon = operation.hosts.length === 0 ? 'sync~spin' : failed ? 'error' : operation.hosts.every((host) => host.status === 'success') ? 'pass' : operation.hosts.some((host) => host.status === 'ignored-error') ? 'warning' : 'dash';
  const id = `${prefix}/op/${position}`;
  const hosts = operation.hosts.map(
    (host): TreeNodeModel => ({
      id: `${id}/host/${host.host}`,
      label: `[${host.host}] ${HOST_LABEL[host.status]}`,
      description: host.detail,
      tooltip: host.output?.join('\n'),
      icon: HOST_ICON[host.status],
      contextValue: 'host',
      children: (host.output ?? []).map((line, index) => ({
        id: `${id}/host/${host.host}/out/${index}`,
        label: line,
        icon: 'output',
        contextValue: 'output',
        children: [],
        expanded: false,
        buildId,
      })),
      expanded: host.status === 'error',
      buildId,
    }),
  );
  return {
    id,
    label: operation.name,
    description: operation.hosts.map((host) => `${host.host}: ${HOST_LABEL[host.status]}`).join(', ') || undefined,
    icon: status,
    contextValue: 'operation',
    children: hosts,
    expanded: failed,
    buildId,
  };
}

function stepNode(buildId: string, prefix: string, step: StepRecord): TreeNodeModel {
  const id = `${prefix}/step/${step.index}`;
  const children: TreeNodeModel[] = [];
  if (step.droppedOperations) {
    children.push({ id: `${id}/dropped`, label: `… ${step.droppedOperations} earlier operations (see the log)`, icon: 'dash', contextValue: 'note', children: [], expanded: false, buildId });
  }
  step.operations.forEach((operation, position) => children.push(operationNode(buildId, id, operation, position + step.droppedOperations)));
  step.errors.forEach((message, index) =>
    children.push({ id: `${id}/error/${index}`, label: message, icon: 'error', contextValue: 'error', children: [], expanded: false, buildId }),
  );
  const what = step.kind === 'post-processor' ? 'post-processor' : 'provisioner';
  return {
    id,
    label: `${what} ${step.index + 1}: ${step.provisioner}`,
    description: step.status === 'running' && step.phase ? step.phase : step.detail,
    tooltip: step.detail,
    icon: STATUS_ICON[step.status],
    contextValue: 'step',
    children,
    expanded: step.status !== 'succeeded',
    buildId,
  };
}

function sourceNode(buildId: string, source: SourceRecord): TreeNodeModel {
  const id = `${buildId}/source/${source.name}`;
  const children: TreeNodeModel[] = [
    ...hintNodes(buildId, id, source.hints),
    ...source.hosts
      .filter((host) => !host.ok)
      .map((host): TreeNodeModel => ({ id: `${id}/host/${host.host}`, label: `[${host.host}] ${host.detail}`, icon: 'plug', contextValue: 'host', children: [], expanded: false, buildId })),
    ...source.steps.map((step) => stepNode(buildId, id, step)),
    ...source.artifacts.map(
      (artifact, index): TreeNodeModel => ({
        id: `${id}/artifact/${index}`,
        label: artifact.id,
        description: artifact.description !== artifact.id ? artifact.description : undefined,
        icon: 'package',
        contextValue: 'artifact',
        children: [],
        expanded: false,
        buildId,
        artifactId: artifact.id,
      }),
    ),
  ];
  return {
    id,
    label: source.name,
    description: [source.status, source.duration].filter(Boolean).join(' · '),
    tooltip: source.error,
    icon: STATUS_ICON[source.status],
    contextValue: 'source',
    children,
    expanded: source.status !== 'succeeded',
    buildId,
  };
}

export function buildNode(record: BuildRecord, now = Date.now()): TreeNodeModel {
  const elapsed = record.durationMs ?? now - record.startedAt;
  const status = record.status === 'running' && record.cancelling ? 'cancelling' : record.status;
  return {
    id: record.id,
    label: record.label,
    description: `${status} · ${formatDuration(elapsed)} · ${new Date(record.startedAt).toLocaleString()}`,
    tooltip: record.commandLine,
    icon: STATUS_ICON[record.status],
    contextValue: record.status === 'running' ? 'build-running' : 'build-finished',
    children: [
      ...hintNodes(record.id, record.id, record.hints),
      ...record.errors.map(
        (message, index): TreeNodeModel => ({ id: `${record.id}/error/${index}`, label: message, icon: 'error', contextValue: 'error', children: [], expanded: false, buildId: record.id }),
      ),
      ...record.sources.map((source) => sourceNode(record.id, source)),
    ],
    expanded: record.status !== 'succeeded',
    buildId: record.id,
  };
}
