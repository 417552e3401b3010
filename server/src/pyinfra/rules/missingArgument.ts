// A required argument of an operation (one without a default) that the call does not give.
import { DiagnosticSeverity, defineRule, makeDiagnostic } from '../../diagnostics/rules';
import { namedParameters } from '../catalogue/knowledge';
import { rangeOf } from '../deployContext';
import { hasSplat, keywordArguments, positionalCount } from './operationCallChecks';
import type { OperationCallCheck } from './operationCallChecks';

export const missingArgument = defineRule({
  code: 'pyinfra/missing-argument',
  severity: DiagnosticSeverity.Error,
  description: 'An operation call lacks an argument that the operation requires (it has no default).',
});

export const checkMissingArguments: OperationCallCheck = ({ document, knowledge, calls }) => {
  const diagnostics = [];
  for (const call of calls) {
    const operation = call.operation;
    if (!operation || !call.argumentList || hasSplat(call.argumentList)) continue;
    const given = new Set(keywordArguments(call.argumentList).map((keyword) => keyword.name));
    const positional = positionalCount(call.argumentList);
    const parameters = namedParameters(operation);
    const missing = parameters.filter((parameter, index) => parameter.default === undefined && !given.has(parameter.name) && !(parameter.kind === 'normal' && index < positional));
    if (missing.length === 0) continue;
    const names = missing.map((parameter) => `"${parameter.name}"`).join(', ');
    diagnostics.push(
      makeDiagnostic(missingArgument, rangeOf(document, call.nameNode), `${operation.module}.${operation.name} needs ${names} (PyInfra ${knowledge.version}).`),
    );
  }
  return diagnostics;
};
