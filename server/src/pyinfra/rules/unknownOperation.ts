// `apt.pakages(...)`: the module is a PyInfra operations module the deploy imports, but has no such operation.
import { DiagnosticSeverity, defineRule, makeDiagnostic } from '../../diagnostics/rules';
import { rangeOf } from '../deployContext';
import { closestName } from '../operationCalls';
import { replacementData } from '../quickFixes';
import type { OperationCallCheck } from './operationCallChecks';

export const unknownOperation = defineRule({
  code: 'pyinfra/unknown-operation',
  severity: DiagnosticSeverity.Error,
  description: 'A call names an operation that the imported PyInfra operations module does not have in the PyInfra version in use.',
});

export const checkUnknownOperations: OperationCallCheck = ({ document, knowledge, calls }) =>
  calls
    .filter((call) => !call.operation)
    .map((call) => {
      const suggestion = closestName(call.name, knowledge.operationsOf(call.module).map((operation) => operation.name));
      const hint = suggestion ? ` Did you mean "${suggestion}"?` : '';
      return makeDiagnostic(unknownOperation, rangeOf(document, call.nameNode), `pyinfra.operations.${call.module} has no operation "${call.name}" in PyInfra ${knowledge.version}.${hint}`, replacementData(suggestion));
    });
