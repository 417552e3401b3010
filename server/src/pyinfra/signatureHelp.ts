// Signature help inside the parentheses of a PyInfra operation call, the active parameter following the cursor.
import type { ParameterInformation, SignatureHelp } from 'vscode-languageserver';
import type { SyntaxNode } from '../parsing/treeSitter';
import type { PyinfraKnowledge } from './catalogue/knowledge';
import { factMarkdown, formatParameter, namedParameters, operationMarkdown, operationSignature } from './catalogue/knowledge';
import type { CatalogueOperation } from './catalogue/types';
import type { DeployDocument } from './deployContext';
import { markdown } from './deployContext';
import { deployImports, factOfCall, isGetFactCall, operationCall } from './operationCalls';
import type { DeployImports } from './operationCalls';
import { enclosing, nodeAt } from './pythonSyntax';

function operationOfList(argumentList: SyntaxNode, imports: DeployImports, knowledge: PyinfraKnowledge): CatalogueOperation | undefined {
  const call = argumentList.parent;
  return call?.type === 'call' ? operationCall(call, imports, knowledge)?.operation : undefined;
}

export function operationSignatureHelp(current: DeployDocument, knowledge: PyinfraKnowledge): SignatureHelp | undefined {
  const { tree, offset, document } = current;
  const imports = deployImports(tree);
  let argumentList = enclosing(nodeAt(tree, offset), 'argument_list');
  // Right after "(" the innermost node is the list itself or its opening token; nested calls defer to the operation.
  while (argumentList && !operationOfList(argumentList, imports, knowledge) && !isGetFactCall(argumentList.parent!)) argumentList = argumentList.parent ? enclosing(argumentList.parent, 'argument_list') : undefined;
  if (!argumentList || offset <= argumentList.startIndex) return undefined;
  if (!operationOfList(argumentList, imports, knowledge)) return factSignatureHelp(current, argumentList, imports, knowledge);
  const operation = operationOfList(argumentList, imports, knowledge)!;
  const label = operationSignature(operation);
  const shown = operation.parameters;
  const parameters: ParameterInformation[] = [];
  let cursor = label.indexOf('(') + 1;
  for (const parameter of shown) {
    const text = formatParameter(parameter);
    const start = label.indexOf(text, cursor);
    const own = knowledge.parameterDescription(operation, parameter.name);
    parameters.push({ label: [start, start + text.length], ...(own ? { documentation: markdown(own) } : {}) });
    cursor = start + text.length;
  }
  const text = document.getText();
  const argumentsBefore = argumentList.namedChildren.filter((child): child is SyntaxNode => !!child && child.type !== 'comment' && child.startIndex < offset);
  const active = argumentsBefore[argumentsBefore.length - 1];
  const positional = namedParameters(operation).filter((parameter) => parameter.kind === 'normal');
  let activeParameter = argumentsBefore.filter((child) => child.type !== 'keyword_argument').length;
  const textBefore = text.slice(active?.endIndex ?? offset, offset);
  // While a value is being typed the keyword may not parse yet, so the text decides which keyword is active.
  const typedKeyword = /(?:^|[(,])\s*(\w+)\s*=[^,=]*$/.exec(text.slice(argumentList.startIndex, offset));
  const indexOf = (name: string | undefined) => shown.findIndex((parameter) => parameter.name === name);
  if (typedKeyword) activeParameter = indexOf(typedKeyword[1]);
  else if (active && !textBefore.includes(',')) {
    if (active.type === 'keyword_argument') activeParameter = indexOf(active.childForFieldName('name')?.text);
    else activeParameter -= 1;
  }
  if (!typedKeyword && activeParameter >= positional.length && !(active?.type === 'keyword_argument')) {
    // Past the positional parameters a further plain argument lands in *args, if the operation has one.
    const varargs = shown.findIndex((parameter) => parameter.kind === 'varargs');
    activeParameter = varargs >= 0 ? varargs : activeParameter;
  }
  return {
    signatures: [{ label, documentation: markdown(operationMarkdown(knowledge, operation)), parameters }],
    activeSignature: 0,
    activeParameter: activeParameter < 0 ? undefined : activeParameter,
  };
}

/** `host.get_fact(File, path=…)`: the fact's own arguments after the fact class. */
function factSignatureHelp(current: DeployDocument, argumentList: SyntaxNode, imports: DeployImports, knowledge: PyinfraKnowledge): SignatureHelp | undefined {
  const fact = factOfCall(argumentList.parent!, imports, knowledge);
  if (!fact) return undefined;
  const texts = fact.parameters.map(formatParameter);
  const label = `get_fact(${[fact.name, ...texts].join(', ')})`;
  const parameters: ParameterInformation[] = [];
  let cursor = label.indexOf('(') + 1 + fact.name.length;
  for (const text of texts) {
    const start = label.indexOf(text, cursor);
    parameters.push({ label: [start, start + text.length] });
    cursor = start + text.length;
  }
  const before = current.document.getText().slice(argumentList.startIndex, current.offset);
  const typedKeyword = /(?:^|[(,])\s*(\w+)\s*=[^,=]*$/.exec(before);
  const commas = argumentList.namedChildren.filter((child) => !!child && child.type !== 'comment' && child.endIndex < current.offset).length;
  const activeParameter = typedKeyword ? fact.parameters.findIndex((parameter) => parameter.name === typedKeyword[1]) : commas - 1;
  return {
    signatures: [{ label, documentation: markdown(factMarkdown(knowledge, fact)), parameters }],
    activeSignature: 0,
    activeParameter: activeParameter < 0 ? undefined : activeParameter,
  };
}
