// One result row per figure. Ratios come first in the table: both sides are measured in the same run, so they survive
// a noisy machine far better than absolute milliseconds do.
export interface BenchRow {
  /** Stable key for the JSON, e.g. `format.native-vs-packer`. */
  id: string;
  kind: 'ratio' | 'figure';
  label: string;
  /** The figure as people read it, e.g. `p50 0.9 ms · p95 1.6 ms`. */
  measured: string;
  goal?: string;
  /** Whether the goal was met; undefined when there is no goal or the row was skipped. */
  met?: boolean;
  note?: string;
  /** Why the row could not be measured (feature absent, tool missing); measured is then `—`. */
  skipped?: string;
  /** Raw numbers for the JSON file. */
  data?: Record<string, unknown>;
}

export function skippedRow(id: string, kind: BenchRow['kind'], label: string, reason: string, goal?: string): BenchRow {
  return { id, kind, label, measured: '—', goal, skipped: reason };
}

function verdict(row: BenchRow): string {
  if (row.skipped) return 'skipped';
  if (row.met === undefined) return '';
  return row.met ? 'yes' : 'NO';
}

/** A Markdown table, so the output can go into the README as printed. */
export function renderTable(rows: readonly BenchRow[]): string {
  const ordered = [...rows.filter((row) => row.kind === 'ratio'), ...rows.filter((row) => row.kind === 'figure')];
  const cells = ordered.map((row) => [row.label, row.measured, row.goal ?? '', verdict(row), row.skipped ?? row.note ?? '']);
  const header = ['figure', 'measured', 'goal', 'met', 'note'];
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  const lines = [header, header.map(() => '---'), ...cells].map((cols) => `| ${cols.map(escape).join(' | ')} |`);
  return lines.join('\n');
}
