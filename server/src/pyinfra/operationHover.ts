// Hover over a PyInfra operation, one of its keyword arguments, a global argument, or a fact class.
import type { Hover } from 'vscode-languageserver';
import type { PyinfraKnowledge } from './catalogue/knowledge';
import { factMarkdown, globalArgumentMarkdown, namedParameters, operationMarkdown, parameterMarkdown } from './catalogue/knowledge';
import type { DeployDocument } from './deployContext';
import { markdown, rangeOf } from './deployContext';
import { deployImports, factNamed, factOfCall, isGetFactCall, operationCall } from './operationCalls';
import { nodeAt } from './pythonSyntax';

export function operationHover(current: DeployDocument, knowledge: PyinfraKnowledge): Hover | undefined {
  const { tree, offset, document } = current;
  const node = nodeAt(tree, offset);
  if (node.type !== 'identifier') return undefined;
  const imports = deployImports(tree);
  const parent = node.parent;
  const answer = (value: string): Hover => ({ contents: markdown(value), range: rangeOf(document, node) });

  // `apt.packages(` on the operation's name, or a directly imported operation's name.
  const call = parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === node.id ? parent.parent : parent;
  if (call?.type === 'call' && call.childForFieldName('function')?.id === (parent?.type === 'attribute' ? parent.id : node.id)) {
    const found = operationCall(call, imports, knowledge);
    if (found?.operation) return answer(operationMarkdown(knowledge, found.operation));
  }

  if (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === node.id) {
    const owner = parent.parent?.parent;
    if (owner?.type !== 'call') return undefined;
    const operation = operationCall(owner, imports, knowledge)?.operation;
    const fact = !operation && isGetFactCall(owner) ? factOfCall(owner, imports, knowledge) : undefined;
    const parameter = (operation ?? fact) && namedParameters((operation ?? fact)!).find((candidate) => candidate.name === node.text);
    if (operation && parameter) return answer(parameterMarkdown(knowledge, operation, parameter));
    if (fact && parameter) return answer(`\`\`\`python\n${parameter.name}${parameter.default !== undefined ? `=${parameter.default}` : ''}\n\`\`\`\n\n*${fact.name}*`);
    const global = (operation || fact) && knowledge.globalArgument(node.text);
    if (global) return answer(globalArgumentMarkdown(knowledge, global));
    return undefined;
  }

  const fact = factNamed(node, imports, knowledge);
  if (fact) return answer(factMarkdown(knowledge, fact));
  // `apt` in `from pyinfra.operations import apt`, or a use of the module it binds.
  const module = imports.modules.get(node.text);
  if (module && parent?.type !== 'keyword_argument' && knowledge.isOperationModule(module)) return answer(moduleMarkdown(knowledge, module));
  return undefined;
}

function moduleMarkdown(knowledge: PyinfraKnowledge, module: string): string {
  const operations = knowledge.operationsOf(module).map((operation) => `- \`${operation.name}\`${operation.idempotent ? '' : ' (not idempotent)'}${operation.deprecated ? ' (deprecated)' : ''}`);
  return [`**pyinfra.operations.${module}** — ${operations.length} operations in PyInfra ${knowledge.version}`, operations.join('\n'), `[PyInfra ${knowledge.major}.x documentation](https://docs.pyinfra.com/en/${knowledge.major}.x/operations/${module}.html)`].join('\n\n');
}
