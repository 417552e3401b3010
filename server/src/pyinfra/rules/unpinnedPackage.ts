// Team convention: every package `apt.packages` installs carries a version, so images built on different days match.
import type { Diagnostic } from 'vscode-languageserver';
import { DiagnosticSeverity, defineRule, makeDiagnostic } from '../../diagnostics/rules';
import type { SyntaxNode } from '../../parsing/treeSitter';
import { rangeOf } from '../deployContext';
import { keywordArgument, pythonStringValue } from '../pythonSyntax';
import type { OperationCallCheck } from './operationCallChecks';

export const unpinnedPackage = defineRule({
  code: 'pyinfra/unpinned-package',
  severity: DiagnosticSeverity.Information,
  description: 'A package in `apt.packages` has no version (`name=version`), so images built on different days differ.',
});

/** The string literals of the first positional argument or of the keyword `name`. */
export function literalsOf(argumentList: SyntaxNode | undefined, keyword: string): SyntaxNode[] {
  const value = keywordArgument(argumentList, keyword) ?? argumentList?.namedChildren.find((child) => child?.type !== 'keyword_argument' && child?.type !== 'comment') ?? undefined;
  if (value?.type === 'string') return [value];
  if (value?.type === 'list' || value?.type === 'tuple') return value.namedChildren.filter((child): child is SyntaxNode => child?.type === 'string');
  return [];
}

export const checkUnpinnedPackages: OperationCallCheck = ({ document, everyCall }) => {
  const text = document.getText();
  const diagnostics: Diagnostic[] = [];
  for (const call of everyCall) {
    if (call.module !== 'apt' || call.name !== 'packages') continue;
    // Removing packages needs no version.
    if (keywordArgument(call.argumentList, 'present')?.text === 'False') continue;
    for (const literal of literalsOf(call.argumentList, 'packages')) {
      const value = pythonStringValue(literal, text);
      if (value && !value.includes('=')) {
        diagnostics.push(makeDiagnostic(unpinnedPackage, rangeOf(document, literal), `"${value}" is not pinned: write "${value}=<version>" so every build installs the same package.`));
      }
    }
  }
  return diagnostics;
};
