// An operation its PyInfra release marks deprecated (`is_deprecated=True`): PyInfra warns at every deploy, and the
// operation goes away in a later release.
import { DiagnosticSeverity, DiagnosticTag, defineRule, makeDiagnostic } from '../../diagnostics/rules';
import { rangeOf } from '../deployContext';
import type { OperationCallCheck } from './operationCallChecks';

export const deprecatedOperation = defineRule({
  code: 'pyinfra/deprecated-operation',
  severity: DiagnosticSeverity.Information,
  description: 'An operation that the PyInfra version in use marks deprecated (it warns on every deploy and names the replacement where it has one).',
  tags: [DiagnosticTag.Deprecated],
});

export const checkDeprecatedOperations: OperationCallCheck = ({ document, knowledge, calls }) =>
  calls
    .filter((call) => call.operation?.deprecated)
    .map((call) => {
      const replacement = call.operation!.deprecatedFor;
      return makeDiagnostic(
        deprecatedOperation,
        rangeOf(document, call.nameNode),
        `${call.module}.${call.name} is deprecated in PyInfra ${knowledge.version}${replacement ? `; use ${replacement}` : ''}.`,
      );
    });
