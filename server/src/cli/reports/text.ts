// `file:line:col: severity: message [code]`, 1-based like compilers print, so editors and CI logs can link it.
import type { FileReport } from './types';
import { messageText, severityName } from './types';

export function* textLines(reports: readonly FileReport[]): Generator<string> {
  for (const { file, diagnostics } of reports) {
    for (const d of diagnostics) {
      const code = d.code ? ` [${d.code}]` : '';
      yield `${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${severityName(d.severity)}: ${messageText(d).replace(/\r?\n/g, ' ')}${code}`;
    }
  }
}
