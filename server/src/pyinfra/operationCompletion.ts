// Completion from the PyInfra catalogue: modules after `from pyinfra.operations import`, facts after
// `from pyinfra.facts.<module> import`, operations after `apt.`, keyword arguments (the operation's own, then the
// global arguments as this release names them), and fact classes and their arguments inside `host.get_fact(`.
import { CompletionItemKind, CompletionItemTag } from 'vscode-languageserver';
import type { CompletionItem, TextEdit } from 'vscode-languageserver';
import type { SyntaxNode, SyntaxTree } from '../parsing/treeSitter';
import type { PyinfraKnowledge } from './catalogue/knowledge';
import { factMarkdown, factSignature, formatParameter, globalArgumentDetail, globalArgumentMarkdown, namedParameters, operationMarkdown, operationSignature, parameterMarkdown } from './catalogue/knowledge';
import type { CatalogueFact } from './catalogue/types';
import type { DeployDocument } from './deployContext';
import { markdown } from './deployContext';
import { deployImports, factOfCall, isBareOperationModule, isGetFactCall, operationCall } from './operationCalls';
import { enclosing, importsOf, nodeAt } from './pythonSyntax';

/** `from pyinfra.operations import a, b` / `from pyinfra.facts.server import X`, and `from pyinfra.facts.` itself. */
export function pyinfraImportCompletion(before: string, knowledge: PyinfraKnowledge): CompletionItem[] | undefined {
  const partialModule = /^\s*from\s+pyinfra\.(operations|facts)\.(\w*)$/.exec(before);
  if (partialModule) {
    const modules = partialModule[1] === 'facts' ? knowledge.factModules : knowledge.operationModules;
    return modules.map((module) => ({ label: module, kind: CompletionItemKind.Module, detail: `pyinfra.${partialModule[1]}.${module}` }));
  }
  const fromImport = /\bfrom\s+(pyinfra\.(?:operations|facts)(?:\.\w+)?)\s+import\s+(?:\(\s*)?(?:\w+(?:\s+as\s+\w+)?\s*,\s*)*\w*$/.exec(before);
  if (!fromImport) return undefined;
  const target = fromImport[1]!;
  if (target === 'pyinfra.operations') {
    return knowledge.operationModules.map((module) => ({
      label: module,
      kind: CompletionItemKind.Module,
      detail: `pyinfra.operations.${module} (${knowledge.operationsOf(module).length} operations)`,
      documentation: markdown(knowledge.operationsOf(module).map((operation) => `- \`${operation.name}\``).join('\n')),
    }));
  }
  if (target === 'pyinfra.facts') return knowledge.factModules.map((module) => ({ label: module, kind: CompletionItemKind.Module, detail: `pyinfra.facts.${module}` }));
  const [, kind, module] = /^pyinfra\.(operations|facts)\.(\w+)$/.exec(target) ?? [];
  if (kind === 'facts' && module) return knowledge.factsOf(module).map((fact) => factItem(knowledge, fact));
  if (kind === 'operations' && module) {
    return knowledge.operationsOf(module).map((operation) => ({
      label: operation.name,
      kind: CompletionItemKind.Function,
      detail: operationSignature(operation),
      documentation: markdown(operationMarkdown(knowledge, operation)),
    }));
  }
  return undefined;
}

/** `apt.` → apt's operations, when `apt` names a PyInfra operations module in this file. */
export function operationNameCompletion(before: string, tree: SyntaxTree, knowledge: PyinfraKnowledge): CompletionItem[] | undefined {
  const match = /(?:^|[^\w.])([A-Za-z_]\w*)\.(\w*)$/.exec(before);
  if (!match) return undefined;
  const imports = deployImports(tree);
  const module = imports.modules.get(match[1]!) ?? (isBareOperationModule(match[1]!, imports, knowledge) ? match[1]! : undefined);
  if (!module || !knowledge.isOperationModule(module)) return undefined;
  return knowledge.operationsOf(module).map((operation) => ({
    label: operation.name,
    kind: CompletionItemKind.Function,
    detail: operationSignature(operation),
    documentation: markdown(operationMarkdown(knowledge, operation)),
    ...(operation.deprecated ? { tags: [CompletionItemTag.Deprecated] } : {}),
  }));
}

/** Inside the argument list of an operation or of `host.get_fact(`: keyword arguments, or fact classes first. */
export function argumentCompletion(current: DeployDocument, knowledge: PyinfraKnowledge): CompletionItem[] | undefined {
  const { document, tree, offset } = current;
  const argumentList = enclosing(nodeAt(tree, offset), 'argument_list');
  const call = argumentList?.parent;
  if (!argumentList || call?.type !== 'call') return undefined;
  const sinceOpen = document.getText().slice(argumentList.startIndex, offset);
  if (!/(?:^\(|,)\s*\w*$/.test(sinceOpen)) return undefined;
  const imports = deployImports(tree);
  const given = givenKeywords(argumentList);
  const operation = operationCall(call, imports, knowledge)?.operation;
  if (operation) {
    const own = namedParameters(operation)
      .filter((parameter) => !given.has(parameter.name))
      .map((parameter, order) => keywordItem(parameter.name, formatParameter(parameter), parameterMarkdown(knowledge, operation, parameter), `0${String(order).padStart(3, '0')}`));
    return [...own, ...globalItems(knowledge, given, new Set(namedParameters(operation).map((parameter) => parameter.name)))];
  }
  if (!isGetFactCall(call)) return undefined;
  const fact = factOfCall(call, imports, knowledge);
  if (fact) {
    const own = namedParameters(fact)
      .filter((parameter) => !given.has(parameter.name))
      .map((parameter, order) => keywordItem(parameter.name, formatParameter(parameter), `\`\`\`python\n${formatParameter(parameter)}\n\`\`\`\n\n*${fact.name}*`, `0${String(order).padStart(3, '0')}`));
    return [...own, ...globalItems(knowledge, given, new Set())];
  }
  const first = argumentList.namedChildren.find((child) => child && child.type !== 'comment');
  if (first && first.endIndex < offset) return undefined;
  return factClassItems(current, knowledge, imports.facts);
}

function givenKeywords(argumentList: SyntaxNode): Set<string> {
  return new Set(
    argumentList.namedChildren
      .filter((child) => child?.type === 'keyword_argument')
      .map((child) => child!.childForFieldName('name')?.text)
      .filter((name): name is string => !!name),
  );
}

function keywordItem(name: string, detail: string, documentation: string, sortText: string): CompletionItem {
  return { label: `${name}=`, kind: CompletionItemKind.Property, detail, documentation: markdown(documentation), insertText: `${name}=`, sortText };
}

function globalItems(knowledge: PyinfraKnowledge, given: Set<string>, own: Set<string>): CompletionItem[] {
  return knowledge.globalArguments
    .filter((argument) => !given.has(argument.name) && !own.has(argument.name))
    .map((argument) => keywordItem(argument.name, `${globalArgumentDetail(argument)} (global argument)`, globalArgumentMarkdown(knowledge, argument), `1${argument.name}`));
}

function factItem(knowledge: PyinfraKnowledge, fact: CatalogueFact): CompletionItem {
  return { label: fact.name, kind: CompletionItemKind.Class, detail: factSignature(fact), documentation: markdown(factMarkdown(knowledge, fact)) };
}

/**
 * Fact classes for the first argument of `get_fact`: the imported ones first, then every other fact of the release
 * with the import it needs added on accept.
 */
function factClassItems(current: DeployDocument, knowledge: PyinfraKnowledge, importedFacts: Map<string, { module: string; name: string }>): CompletionItem[] {
  const items: CompletionItem[] = [];
  const importedKeys = new Set<string>();
  for (const [local, imported] of importedFacts) {
    const fact = knowledge.fact(imported.module, imported.name);
    if (!fact) continue;
    importedKeys.add(`${fact.module}.${fact.name}`);
    items.push({ ...factItem(knowledge, fact), label: local, sortText: `0${local}` });
  }
  const taken = new Set(importedFacts.keys());
  for (const module of knowledge.factModules) {
    for (const fact of knowledge.factsOf(module)) {
      if (importedKeys.has(`${fact.module}.${fact.name}`) || taken.has(fact.name)) continue;
      items.push({
        ...factItem(knowledge, fact),
        label: fact.name,
        labelDetails: { description: `pyinfra.facts.${fact.module}` },
        sortText: `1${fact.name}.${fact.module}`,
        additionalTextEdits: [importEdit(current, fact)],
      });
    }
  }
  return items;
}

/** Adds the fact to an existing `from pyinfra.facts.<module> import …` line, or a new import after the last one. */
function importEdit(current: DeployDocument, fact: CatalogueFact): TextEdit {
  const { document, tree } = current;
  const imports = importsOf(tree);
  const same = imports.find((imported) => imported.module === `pyinfra.facts.${fact.module}` && imported.names.length > 0);
  if (same) {
    const last = same.names[same.names.length - 1]!.node;
    const at = document.positionAt(last.parent?.type === 'aliased_import' ? last.parent.endIndex : last.endIndex);
    return { range: { start: at, end: at }, newText: `, ${fact.name}` };
  }
  const lastImport = imports.filter((imported) => imported.statement.parent?.type === 'module').pop();
  const line = lastImport ? document.positionAt(lastImport.statement.endIndex).line + 1 : 0;
  return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `from pyinfra.facts.${fact.module} import ${fact.name}\n` };
}
