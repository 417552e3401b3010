// The closing summary `bilder build` prints in text mode: what finished, failed or was produced, PyInfra's counts,
// and for each failure the lines that explain it. A build can report an error per host and operation, so the summary
// keeps its beginning and its end and counts what it leaves out (the log file has everything).
import type { BuildEvent } from '../../../protocol';

const STATUS_MARK: Record<string, string> = { succeeded: '✔', failed: '✖', cancelled: '■' };
/** Output lines quoted under a failure; its end is what explains it. */
const QUOTED_LINES = 8;

interface ResultCounts {
  operations: number;
  changed: number;
  noChange: number;
  errors: number;
}

function quoted(lines: readonly string[] | undefined): string[] {
  if (!lines?.length) return [];
  const kept = lines.slice(-QUOTED_LINES);
  return [...(lines.length > kept.length ? [`    │ … ${lines.length - kept.length} lines before`] : []), ...kept.map((line) => `    │ ${line}`)];
}

function countsLine(source: string, counts: ResultCounts): string {
  const operations = `${counts.operations} operation${counts.operations === 1 ? '' : 's'}`;
  return `  ${source}: PyInfra ran ${operations}: ${counts.changed} changed, ${counts.noChange} no change, ${counts.errors} error${counts.errors === 1 ? '' : 's'}`;
}

/** The lines one event contributes; `counts` is PyInfra's results table of the event's source so far. */
export function summaryLines(event: BuildEvent, counts?: ResultCounts): string[] {
  switch (event.type) {
    case 'source-finished':
      return [
        ...(counts ? [countsLine(event.source, counts)] : []),
        `${STATUS_MARK[event.status]} ${event.source} ${event.status}${event.duration ? ` after ${event.duration}` : ''}${event.error ? `: ${event.error}` : ''}`,
      ];
    case 'operation-host':
      return event.status === 'error' ? [`✖ ${event.source}: [${event.host}] ${event.operation}: ${event.detail ?? 'error'}`, ...quoted(event.output)] : [];
    case 'pyinfra-error':
      return [`✖ ${event.source}: ${event.message}`, ...quoted(event.output)];
    case 'pyinfra-host-summary':
      return event.stage === 'results' ? [`  ${event.source}: [${event.host}] ${event.changed} changed, ${event.noChange} no change, ${event.errors ?? 0} errors`] : [];
    case 'error':
      return [`✖ ${event.source ? `${event.source}: ` : ''}${event.message}`];
    case 'artifact':
      return [`artifact ${event.source}: ${event.id}`];
    case 'hint':
      return [`hint${event.source ? ` (${event.source})` : ''}: ${event.message}`];
    case 'build-finished':
      return [`${STATUS_MARK[event.status]} build ${event.status} in ${(event.durationMs / 1000).toFixed(1)} s`];
    default:
      return [];
  }
}

export class BuildSummary {
  private readonly head: string[] = [];
  private tail: string[] = [];
  private omitted = 0;
  /** Per source: one entry per source of the build, however long it runs. */
  private readonly results = new Map<string, ResultCounts>();

  /** Keeps the first and the last `half` lines (sources finish and the build ends last). */
  constructor(private readonly half = 100) {}

  add(event: BuildEvent): void {
    if (event.type === 'pyinfra-result') {
      const counts = this.results.get(event.source) ?? { operations: 0, changed: 0, noChange: 0, errors: 0 };
      counts.operations++;
      counts.changed += event.success;
      counts.noChange += event.noChange;
      counts.errors += event.error;
      this.results.set(event.source, counts);
      return;
    }
    const counts = event.type === 'source-finished' ? this.results.get(event.source) : undefined;
    for (const line of summaryLines(event, counts)) this.push(line);
  }

  private push(line: string): void {
    if (this.head.length < this.half) this.head.push(line);
    else {
      this.tail.push(line);
      if (this.tail.length > 2 * this.half) {
        this.omitted += this.tail.length - this.half;
        this.tail = this.tail.slice(-this.half);
      }
    }
  }

  lines(): string[] {
    const dropped = this.omitted + Math.max(0, this.tail.length - this.half);
    const tail = this.tail.slice(-this.half);
    return dropped > 0 ? [...this.head, `… ${dropped} more (see the log)`, ...tail] : [...this.head, ...tail];
  }
}
