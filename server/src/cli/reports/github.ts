// GitHub Actions workflow commands (`::error file=…,line=…::message`): each diagnostic becomes an annotation on the
// pull request's diff. Escaping follows the runner's rules: `%`, CR and LF everywhere, plus `:` and `,` in properties.
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { FileReport } from './types';
import { messageText } from './types';

const COMMANDS: Record<number, string> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'notice',
  [DiagnosticSeverity.Hint]: 'notice',
};

function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function* githubLines(reports: readonly FileReport[]): Generator<string> {
  for (const { file, diagnostics } of reports) {
    for (const d of diagnostics) {
      const { start, end } = d.range;
      const properties = [
        `file=${escapeProperty(file.split('\\').join('/'))}`,
        `line=${start.line + 1}`,
        `col=${start.character + 1}`,
        `endLine=${end.line + 1}`,
        // GitHub draws a column range only within one line.
        ...(end.line === start.line ? [`endColumn=${end.character + 1}`] : []),
        `title=${escapeProperty(`bilder ${d.code ?? d.source ?? ''}`.trim())}`,
      ];
      yield `::${COMMANDS[d.severity ?? DiagnosticSeverity.Error] ?? 'error'} ${properties.join(',')}::${escapeData(messageText(d))}`;
    }
  }
}
