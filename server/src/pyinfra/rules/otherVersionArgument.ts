// A global argument written as the other major version of PyInfra spells it: `sudo=` (PyInfra 1's spelling, which
// 2.x still accepts with a warning and 3.x rejects), `_use_sudo_password` (2.x) for `_sudo_password` (3.x), `_if`
// (3.x only), `_precondition` (2.x only).
import { DiagnosticSeverity, defineRule, makeDiagnostic } from '../../diagnostics/rules';
import { namedParameters } from '../catalogue/knowledge';
import { rangeOf } from '../deployContext';
import { replacementData } from '../quickFixes';
import { keywordArguments } from './operationCallChecks';
import type { OperationCallCheck } from './operationCallChecks';

export const otherVersionArgument = defineRule({
  code: 'pyinfra/other-version-argument',
  severity: DiagnosticSeverity.Error,
  description: 'A global argument spelled as another major version of PyInfra spells it (`sudo=` for `_sudo=`, `_use_sudo_password` for `_sudo_password`); information only where the version in use still accepts it.',
});

export const checkOtherVersionArguments: OperationCallCheck = ({ document, knowledge, calls }) => {
  const diagnostics = [];
  for (const call of calls) {
    const operation = call.operation;
    if (!operation) continue;
    const own = new Set(namedParameters(operation).map((parameter) => parameter.name));
    for (const keyword of keywordArguments(call.argumentList)) {
      if (own.has(keyword.name)) continue;
      const spelling = knowledge.otherVersionSpelling(keyword.name);
      // An operation passing extra keywords on (files.template's **data) takes unknown names as its own.
      if (!spelling || (operation.extraKeywords && !spelling.accepted && !keyword.name.startsWith('_'))) continue;
      diagnostics.push(
        makeDiagnostic(otherVersionArgument, rangeOf(document, keyword.node), spelling.message, {
          ...(spelling.accepted ? { severity: DiagnosticSeverity.Information } : {}),
          ...replacementData(spelling.replacement),
        }),
      );
    }
  }
  return diagnostics;
};
