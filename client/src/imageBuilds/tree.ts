// Build records → the rows of the "Bilder Builds" view, as plain data (no `vscode`), modelled on a CI run page: what
// runs is open down to the operation in progress, what finished is one line with its duration and counts, what failed
// is open with the failing host, its last output lines and the hint. Rows never show Packer's temporary paths.
import type { BuildStatus, HostStatus } from '../../../protocol';
import { formatDuration, parsePackerDuration } from './model';
import type { BuildRecord, Hint, OperationRecord, SourceRecord, StepError, StepRecord } from './model';

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
  | 'gear'
  | 'circle-outline';

export interface TreeNodeModel {
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  icon: TreeIcon;
  /** Drives the view's context menus: build-running, build-finished, artifact, … */
  contextValue: string;
  children: TreeNodeModel[];
  /** Open by default: running, failed, or explaining a failure. The view lets the person's own choice win. */
  expanded: boolean;
  buildId: string;
  /** For artifact nodes: the id to copy. */
  artifactId?: string;
  /** The output line where this step began, for "scroll the output to it". */
  line?: number;
  /** The operation (or step) in progress: the row the view reveals. */
  current?: boolean;
}

const STATUS_ICON: Record<BuildStatus, TreeIcon> = { running: 'sync~spin', succeeded: 'pass', failed: 'error', cancelled: 'circle-slash' };
const HOST_ICON: Record<HostStatus, TreeIcon> = { success: 'pass', 'no-changes': 'dash', skipped: 'dash', error: 'error', 'ignored-error': 'warning' };
const HOST_LABEL: Record<HostStatus, string> = {
  success: 'changed',
  'no-changes': 'no change',
  skipped: 'skipped',
  error: 'failed',
  'ignored-error': 'failed (ignored)',
};
/** Output lines shown under a failure; the log view has the rest. */
const SHOWN_OUTPUT_LINES = 10;

/** Packer's temporary copies of inline scripts say nothing to a person. */
const TEMPORARY_PATH = /(^|[\\/])packer-shell\d+$|^\/tmp\/|^\/var\/folders\/|[\\/]Temp[\\/]/;

export function describeStepDetail(step: Pick<StepRecord, 'detail' | 'provisioner'>): string | undefined {
  const detail = step.detail.trim();
  if (!detail || detail === step.provisioner || TEMPORARY_PATH.test(detail)) return undefined;
  // A script's file name is what identifies it; its directory is in the tooltip.
  return /^[./~]|^[A-Za-z]:[\\/]/.test(detail) && !detail.includes(' ') ? detail.split(/[\\/]/).pop() : detail;
}

function elapsed(startedAt: number | undefined, endedAt: number | undefined, now: number): number | undefined {
  if (startedAt === undefined) return undefined;
  return (endedAt ?? now) - startedAt;
}

function join(parts: (string | undefined | false)[]): string | undefined {
  const kept = parts.filter((part): part is string => !!part);
  return kept.length ? kept.join(' · ') : undefined;
}

function leaf(buildId: string, id: string, label: string, icon: TreeIcon, contextValue: string, extra: Partial<TreeNodeModel> = {}): TreeNodeModel {
  return { id, label, icon, contextValue, children: [], expanded: false, buildId, ...extra };
}

function outputNodes(buildId: string, prefix: string, output: readonly string[] | undefined, line?: number): TreeNodeModel[] {
  if (!output?.length) return [];
  const shown = output.slice(-SHOWN_OUTPUT_LINES);
  const nodes = shown.map((text, index) => leaf(buildId, `${prefix}/out/${index}`, text, 'output', 'output', { tooltip: text, line }));
  if (output.length > shown.length) nodes.unshift(leaf(buildId, `${prefix}/out/more`, `… ${output.length - shown.length} lines before (in the output)`, 'dash', 'note', { line }));
  return nodes;
}

function hintNodes(buildId: string, prefix: string, hints: readonly Hint[]): TreeNodeModel[] {
  return hints.map((hint) => leaf(buildId, `${prefix}/hint/${hint.code}`, hint.message, 'lightbulb', 'hint', { tooltip: hint.message }));
}

function operationStatus(operation: OperationRecord, running: boolean): { icon: TreeIcon; failed: boolean } {
  const failed = operation.hosts.some((host) => host.status === 'error');
  if (failed) return { icon: 'error', failed };
  if (operation.hosts.length === 0) return { icon: running ? 'sync~spin' : 'circle-outline', failed };
  if (operation.hosts.some((host) => host.status === 'ignored-error')) return { icon: 'warning', failed };
  return { icon: operation.hosts.some((host) => host.status === 'success') ? 'pass' : 'dash', failed };
}

function operationNode(buildId: string, prefix: string, operation: OperationRecord, position: number, context: { running: boolean; several: boolean; now: number }): TreeNodeModel {
  const id = `${prefix}/op/${position}`;
  const inProgress = context.running && operation.endedAt === undefined;
  const { icon, failed } = operationStatus(operation, inProgress);
  const duration = elapsed(operation.startedAt, operation.endedAt, context.now);
  const failedHosts = operation.hosts.filter((host) => host.status === 'error');
  let children: TreeNodeModel[];
  let summary: string | undefined;
  if (context.several || operation.hosts.length > 1) {
    children = operation.hosts.map((host) => ({
      ...leaf(buildId, `${id}/host/${host.host}`, host.host, HOST_ICON[host.status], 'host', { line: operation.line }),
      description: join([HOST_LABEL[host.status], host.detail]),
      tooltip: host.output?.join('\n'),
      children: outputNodes(buildId, `${id}/host/${host.host}`, host.output, operation.line),
      expanded: host.status === 'error',
    }));
    const counts = new Map<string, number>();
    for (const host of operation.hosts) counts.set(HOST_LABEL[host.status], (counts.get(HOST_LABEL[host.status]) ?? 0) + 1);
    summary = [...counts].map(([label, count]) => `${count} ${label}`).join(', ') || undefined;
  } else {
    const host = operation.hosts[0];
    children = outputNodes(buildId, id, host?.output, operation.line);
    summary = host && host.status !== 'success' ? (host.status === 'error' ? `failed on ${host.host}${host.detail ? `: ${host.detail}` : ''}` : HOST_LABEL[host.status]) : undefined;
  }
  return {
    id,
    label: operation.name,
    description: join([inProgress ? 'running' : summary, duration !== undefined && formatDuration(duration)]),
    tooltip: failedHosts.length ? failedHosts.map((host) => `${host.host}: ${host.detail ?? 'failed'}`).join('\n') : undefined,
    icon,
    contextValue: 'operation',
    children,
    expanded: failed,
    buildId,
    line: operation.line,
    current: inProgress,
  };
}

function errorNode(buildId: string, prefix: string, error: StepError, index: number): TreeNodeModel {
  const children = outputNodes(buildId, `${prefix}/error/${index}`, error.output, error.line);
  return { ...leaf(buildId, `${prefix}/error/${index}`, error.message, 'error', 'error', { tooltip: error.message, line: error.line }), children, expanded: children.length > 0 };
}

/** `4 changed · 1 no change · 1 error`: PyInfra's own totals when it printed them, else the host answers seen. */
function stepCounts(step: StepRecord): string | undefined {
  let changed = 0;
  let noChange = 0;
  let errors = 0;
  const results = step.operations.filter((operation) => operation.result);
  if (results.length > 0) {
    for (const { result } of results) {
      changed += result!.success;
      noChange += result!.noChange;
      errors += result!.error;
    }
  } else if (step.hostSummaries.some((summary) => summary.stage === 'results')) {
    for (const summary of step.hostSummaries.filter((known) => known.stage === 'results')) {
      changed += summary.changed;
      noChange += summary.noChange;
      errors += summary.errors ?? 0;
    }
  } else {
    for (const operation of step.operations) {
      for (const host of operation.hosts) {
        if (host.status === 'success') changed++;
        else if (host.status === 'error' || host.status === 'ignored-error') errors++;
        else noChange++;
      }
    }
  }
  if (changed + noChange + errors === 0) return undefined;
  return join([`${changed} changed`, `${noChange} no change`, errors > 0 && `${errors} error${errors === 1 ? '' : 's'}`]);
}

function stepNode(buildId: string, prefix: string, step: StepRecord, source: SourceRecord, hints: readonly Hint[], now: number): TreeNodeModel {
  const id = `${prefix}/step/${step.index}`;
  const running = step.status === 'running';
  const several = source.hosts.filter((host) => host.ok).length > 1;
  const children: TreeNodeModel[] = [];
  if (step.droppedOperations) children.push(leaf(buildId, `${id}/dropped`, `… ${step.droppedOperations} earlier operations (see the output)`, 'dash', 'note'));
  step.operations.forEach((operation, position) => children.push(operationNode(buildId, id, operation, position + step.droppedOperations, { running, several, now })));
  step.errors.forEach((error, index) => children.push(errorNode(buildId, id, error, index)));
  children.push(...hintNodes(buildId, id, hints));
  const proposed = step.hostSummaries.filter((summary) => summary.stage === 'proposed');
  const duration = elapsed(step.startedAt, step.endedAt, now);
  const what = step.kind === 'post-processor' ? 'post-processor' : 'provisioner';
  const detail = describeStepDetail(step);
  return {
    id,
    label: `${what} ${step.index + 1}: ${step.provisioner}${detail ? ` ${detail}` : ''}`,
    description: running
      ? join([step.phase?.replace(/\.\.\.$/, '…'), proposed.length > 0 && `${proposed.reduce((sum, summary) => sum + summary.changed, 0)} changes proposed`, duration !== undefined && formatDuration(duration)])
      : join([step.status === 'succeeded' ? undefined : step.status, duration !== undefined && formatDuration(duration), stepCounts(step)]),
    tooltip: step.detail,
    icon: STATUS_ICON[step.status],
    contextValue: 'step',
    children,
    expanded: step.status === 'running' || step.status === 'failed',
    buildId,
    line: step.line,
    current: running && !step.operations.some((operation) => operation.endedAt === undefined),
  };
}

function sourceNode(buildId: string, source: SourceRecord, now: number): TreeNodeModel {
  const id = `${buildId}/source/${source.name}`;
  // Hints explain a failure: they go with the step that failed, or stay on the source when no step did.
  const failedStep = [...source.steps].reverse().find((step) => step.status === 'failed');
  const children: TreeNodeModel[] = [
    ...(failedStep ? [] : hintNodes(buildId, id, source.hints)),
    ...source.hosts.filter((host) => !host.ok).map((host) => leaf(buildId, `${id}/host/${host.host}`, host.host, 'plug', 'host', { description: host.detail, tooltip: host.detail })),
    ...(source.droppedSteps ? [leaf(buildId, `${id}/dropped`, `… ${source.droppedSteps} earlier steps (see the output)`, 'dash', 'note')] : []),
    ...source.steps.map((step) => stepNode(buildId, id, step, source, step === failedStep ? source.hints : [], now)),
    ...source.artifacts.map((artifact, index) =>
      leaf(buildId, `${id}/artifact/${index}`, artifact.id, 'package', 'artifact', {
        description: artifact.description !== artifact.id ? artifact.description : 'artifact',
        tooltip: `${artifact.description}\n(copy with the row's action)`,
        artifactId: artifact.id,
      }),
    ),
  ];
  if (source.error && !failedStep) children.push(leaf(buildId, `${id}/error`, source.error, 'error', 'error', { tooltip: source.error }));
  const duration = parsePackerDuration(source.duration) ?? elapsed(source.startedAt, source.endedAt, now);
  return {
    id,
    label: source.name,
    description: join([source.status === 'succeeded' ? undefined : source.status, duration !== undefined && formatDuration(duration)]),
    tooltip: source.error,
    icon: STATUS_ICON[source.status],
    contextValue: 'source',
    children,
    expanded: source.status === 'running' || source.status === 'failed',
    buildId,
    line: source.line,
  };
}

function clockTime(time: number): string {
  const date = new Date(time);
  const today = new Date().toDateString() === date.toDateString();
  return today ? date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : date.toLocaleString([], { dateStyle: 'short', timeStyle: 'short' });
}

export function buildNode(record: BuildRecord, now = Date.now()): TreeNodeModel {
  const duration = record.durationMs ?? now - record.startedAt;
  const status = record.status === 'running' && record.cancelling ? 'cancelling' : record.status;
  return {
    id: record.id,
    label: record.label,
    description: join([status, formatDuration(duration), clockTime(record.startedAt)]),
    tooltip: record.commandLine,
    icon: STATUS_ICON[record.status],
    contextValue: record.status === 'running' ? 'build-running' : 'build-finished',
    children: [
      ...hintNodes(record.id, record.id, record.hints),
      ...record.errors.map((message, index) => leaf(record.id, `${record.id}/error/${index}`, message, 'error', 'error', { tooltip: message })),
      ...record.sources.map((source) => sourceNode(record.id, source, now)),
    ],
    expanded: record.status === 'running' || record.status === 'failed',
    buildId: record.id,
    line: 0,
  };
}

/** Every node of a tree with its parent, for revealing a row deep down. */
export function indexTree(root: TreeNodeModel, parents = new Map<string, TreeNodeModel | undefined>()): Map<string, TreeNodeModel | undefined> {
  if (!parents.has(root.id)) parents.set(root.id, undefined);
  for (const child of root.children) {
    parents.set(child.id, root);
    indexTree(child, parents);
  }
  return parents;
}

/** The deepest row marked current: the operation in progress, else the running step. */
export function currentNode(root: TreeNodeModel): TreeNodeModel | undefined {
  for (const child of root.children) {
    const found = currentNode(child);
    if (found) return found;
  }
  return root.current ? root : undefined;
}
