// A keyword argument that neither the operation nor PyInfra's global arguments know: PyInfra fails on it at deploy
// time. Names the other major version uses are left to otherVersionArgument.ts.
import { DiagnosticSeverity, defineRule, makeDiagnostic } from '../../diagnostics/rules';
import { namedParameters } from '../catalogue/knowledge';
import { rangeOf } from '../deployContext';
import { closestName } from '../operationCalls';
import { replacementData } from '../quickFixes';
import { hasSplat, keywordArguments } from './operationCallChecks';
import type { OperationCallCheck } from './operationCallChecks';

export const unknownArgument = defineRule({
  code: 'pyinfra/unknown-argument',
  severity: DiagnosticSeverity.Error,
  description: 'A keyword argument that the operation does not take and that is not a global argument of the PyInfra version in use.',
});

export const checkUnknownArguments: OperationCallCheck = ({ document, knowledge, calls }) => {
  const diagnostics = [];
  for (const call of calls) {
    const operation = call.operation;
    if (!operation || operation.extraKeywords || hasSplat(call.argumentList)) continue;
    const own = new Set(namedParameters(operation).map((parameter) => parameter.name));
    for (const keyword of keywordArguments(call.argumentList)) {
      if (own.has(keyword.name) || knowledge.acceptsEverywhere(keyword.name) || knowledge.otherVersionSpelling(keyword.name)) continue;
      const suggestion = closestName(keyword.name, [...own, ...knowledge.globalArguments.map((argument) => argument.name)]);
      diagnostics.push(
        makeDiagnostic(
          unknownArgument,
          rangeOf(document, keyword.node),
          `${operation.module}.${operation.name} takes no argument "${keyword.name}" in PyInfra ${knowledge.version}.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
          replacementData(suggestion),
        ),
      );
    }
  }
  return diagnostics;
};
