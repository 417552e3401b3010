// The operation-call rules, in the order their diagnostics are listed.
import { checkDeprecatedOperations } from './deprecatedOperation';
import { checkMissingArguments } from './missingArgument';
import type { OperationCallCheck } from './operationCallChecks';
import { checkOtherVersionArguments } from './otherVersionArgument';
import { checkPreferOperation } from './preferOperation';
import { checkUnknownArguments } from './unknownArgument';
import { checkUnknownOperations } from './unknownOperation';
import { checkUnpinnedPackages } from './unpinnedPackage';

export const OPERATION_CALL_CHECKS: readonly OperationCallCheck[] = [
  checkUnknownOperations,
  checkUnknownArguments,
  checkMissingArguments,
  checkOtherVersionArguments,
  checkDeprecatedOperations,
  checkUnpinnedPackages,
  checkPreferOperation,
];
