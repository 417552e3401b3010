// What `bilder check` found, per file, and the helpers every output format shares.
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Diagnostic } from 'vscode-languageserver-types';

export interface FileReport {
  /** The path as the user named it (relative stays relative), so output links resolve where the command ran. */
  file: string;
  diagnostics: Diagnostic[];
}

const SEVERITY_NAMES: Record<number, string> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info',
  [DiagnosticSeverity.Hint]: 'hint',
};

export function severityName(severity: DiagnosticSeverity | undefined): string {
  return SEVERITY_NAMES[severity ?? DiagnosticSeverity.Error] ?? 'error';
}

/** LSP 3.18 allows markup in messages; every output format prints plain text. */
export function messageText(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

export function hasErrors(reports: readonly FileReport[]): boolean {
  return reports.some((report) => report.diagnostics.some((d) => (d.severity ?? DiagnosticSeverity.Error) === DiagnosticSeverity.Error));
}

export function diagnosticCount(reports: readonly FileReport[]): number {
  return reports.reduce((sum, report) => sum + report.diagnostics.length, 0);
}
