// What the operation-call rules share: the operation calls of one file, found once per analysis.
import type { Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { SyntaxNode, SyntaxTree } from '../../parsing/treeSitter';
import type { PyinfraKnowledge } from '../catalogue/knowledge';
import { deployImports, operationCall } from '../operationCalls';
import type { OperationCall } from '../operationCalls';
import { callsOf } from '../pythonSyntax';

export interface OperationCallCheckInput {
  document: TextDocument;
  knowledge: PyinfraKnowledge;
  /** Calls of operations whose module the file imports from pyinfra.operations. */
  calls: OperationCall[];
  /** Those and calls on a bare module name the file does not import (`apt.packages` in a half-written deploy). */
  everyCall: OperationCall[];
}

export type OperationCallCheck = (input: OperationCallCheckInput) => Diagnostic[];

export function operationCallsOf(tree: SyntaxTree, knowledge: PyinfraKnowledge): OperationCall[] {
  const imports = deployImports(tree);
  const result: OperationCall[] = [];
  for (const site of callsOf(tree)) {
    const found = operationCall(site.node, imports, knowledge);
    if (found) result.push(found);
  }
  return result;
}

/** A call passing `*args` or `**kwargs` on: what it supplies cannot be known, so argument checks stay silent. */
export function hasSplat(argumentList: SyntaxNode | undefined): boolean {
  return !!argumentList?.namedChildren.some((child) => child?.type === 'list_splat' || child?.type === 'dictionary_splat');
}

export function keywordArguments(argumentList: SyntaxNode | undefined): { name: string; node: SyntaxNode }[] {
  const result: { name: string; node: SyntaxNode }[] = [];
  for (const child of argumentList?.namedChildren ?? []) {
    const name = child?.type === 'keyword_argument' ? child.childForFieldName('name') : undefined;
    if (name) result.push({ name: name.text, node: name });
  }
  return result;
}

export function positionalCount(argumentList: SyntaxNode | undefined): number {
  return (argumentList?.namedChildren ?? []).filter((child) => child && child.type !== 'keyword_argument' && child.type !== 'comment').length;
}
