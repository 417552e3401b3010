// One JSON document: every diagnostic with 1-based positions, for scripts.
import type { FileReport } from './types';
import { messageText, severityName } from './types';

export function jsonReport(reports: readonly FileReport[]): string {
  const entries = reports.flatMap(({ file, diagnostics }) =>
    diagnostics.map((d) => ({
      file,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      endLine: d.range.end.line + 1,
      endColumn: d.range.end.character + 1,
      severity: severityName(d.severity),
      code: d.code ?? null,
      source: d.source ?? null,
      message: messageText(d),
    })),
  );
  return JSON.stringify({ files: reports.length, diagnostics: entries }, null, 2);
}
