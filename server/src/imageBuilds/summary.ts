// The closing summary `bilder build` prints in text mode: what finished, failed or was produced. A build can report
// an error per host and operation, so the summary keeps its beginning and its end and counts what it leaves out (the
// log file has everything).
import type { BuildEvent } from '../../../protocol';

const STATUS_MARK: Record<string, string> = { succeeded: '✔', failed: '✖', cancelled: '■' };

export function summaryLines(event: BuildEvent): string[] {
  switch (event.type) {
    case 'source-finished':
      return [`${STATUS_MARK[event.status]} ${event.source} ${event.status}${event.duration ? ` after ${event.duration}` : ''}${event.error ? `: ${event.error}` : ''}`];
    case 'operation-host':
      return event.status === 'error' ? [`✖ ${event.source}: [${event.host}] ${event.operation}: ${event.detail ?? 'error'}`] : [];
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

  /** Keeps the first and the last `half` lines (sources finish and the build ends last). */
  constructor(private readonly half = 100) {}

  add(event: BuildEvent): void {
    for (const line of summaryLines(event)) {
      if (this.head.length < this.half) this.head.push(line);
      else {
        this.tail.push(line);
        if (this.tail.length > 2 * this.half) {
          this.omitted += this.tail.length - this.half;
          this.tail = this.tail.slice(-this.half);
        }
      }
    }
  }

  lines(): string[] {
    const dropped = this.omitted + Math.max(0, this.tail.length - this.half);
    const tail = this.tail.slice(-this.half);
    return dropped > 0 ? [...this.head, `… ${dropped} more (see the log)`, ...tail] : [...this.head, ...tail];
  }
}
