// Team convention: a raw shell command that an idempotent PyInfra operation does better (it checks state first, so a
// rebuild changes nothing that is already right).
import type { Diagnostic } from 'vscode-languageserver';
import { DiagnosticSeverity, defineRule, makeDiagnostic } from '../../diagnostics/rules';
import { rangeOf } from '../deployContext';
import type { OperationCallCheck } from './operationCallChecks';
import { literalsOf } from './unpinnedPackage';

export const preferOperation = defineRule({
  code: 'pyinfra/prefer-operation',
  severity: DiagnosticSeverity.Information,
  description: '`server.shell` runs a command that an idempotent PyInfra operation does better (it checks state first).',
});

/**
 * Raw shell commands that an idempotent operation does better, by the command's first words. Order matters: the first
 * pattern that matches names the suggestion. An operation the PyInfra in use lacks is never suggested.
 */
export const SHELL_ALTERNATIVES: readonly { pattern: RegExp; operation: string }[] = [
  { pattern: /\bapt(-get)?\s+(-\S+\s+)*install\b/, operation: 'apt.packages' },
  { pattern: /\bapt(-get)?\s+(-\S+\s+)*update\b/, operation: 'apt.update' },
  { pattern: /\bpip3?\s+install\b/, operation: 'pip.packages' },
  { pattern: /\bsystemctl\s+(enable|disable|start|stop|restart|reload)\b/, operation: 'systemd.service' },
  { pattern: /\bsystemctl\s+daemon-reload\b/, operation: 'systemd.daemon_reload' },
  { pattern: /\buseradd\b|\badduser\b/, operation: 'server.user' },
  { pattern: /\bgroupadd\b|\baddgroup\b/, operation: 'server.group' },
  { pattern: /\bmkdir\b/, operation: 'files.directory' },
  { pattern: /\bln\s+-s/, operation: 'files.link' },
  { pattern: /\bgit\s+clone\b/, operation: 'git.repo' },
  { pattern: /\b(curl|wget)\b/, operation: 'files.download' },
  { pattern: /\bhostnamectl\s+set-hostname\b/, operation: 'server.hostname' },
  { pattern: /\bsysctl\s+-w\b/, operation: 'server.sysctl' },
  { pattern: /\bmodprobe\b/, operation: 'server.modprobe' },
  { pattern: /\bch(own|mod)\b/, operation: 'files.file' },
];

export const checkPreferOperation: OperationCallCheck = ({ document, knowledge, everyCall }) => {
  const diagnostics: Diagnostic[] = [];
  for (const call of everyCall) {
    if (call.module !== 'server' || call.name !== 'shell') continue;
    for (const literal of literalsOf(call.argumentList, 'commands')) {
      const alternative = SHELL_ALTERNATIVES.find((candidate) => {
        const [module, name] = candidate.operation.split('.');
        return candidate.pattern.test(literal.text) && !!knowledge.operation(module!, name!);
      });
      if (alternative) {
        const operation = alternative.operation === 'files.file' ? 'files.file or files.directory' : alternative.operation;
        diagnostics.push(makeDiagnostic(preferOperation, rangeOf(document, literal), `server.shell runs this on every deploy; ${operation} does the same idempotently.`));
      }
    }
  }
  return diagnostics;
};
