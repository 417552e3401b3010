// Which calls of a deploy are PyInfra operations and which names are fact classes, from the file's own imports:
// `from pyinfra.operations import apt, files as f`, `from pyinfra.operations.apt import packages`,
// `from pyinfra.facts.server import LinuxName`.
import type { SyntaxNode, SyntaxTree } from '../parsing/treeSitter';
import type { PyinfraKnowledge } from './catalogue/knowledge';
import type { CatalogueFact, CatalogueOperation } from './catalogue/types';
import { callSite, importsOf } from './pythonSyntax';
import { clearlyClosest } from '../util/editDistance';

const OPERATIONS_PACKAGE = 'pyinfra.operations';
const FACTS_PACKAGE = 'pyinfra.facts';

export interface DeployImports {
  /** Local name → operations module, for every module the file imports from pyinfra.operations. */
  modules: Map<string, string>;
  /** Local name → `module.operation`, for operations imported one by one. */
  functions: Map<string, { module: string; name: string }>;
  /** Local name → fact class, for facts imported from pyinfra.facts.<module>. */
  facts: Map<string, { module: string; name: string }>;
  /** Names bound by any other import: such a name is never taken for an operations module it happens to match. */
  others: Set<string>;
}

export function deployImports(tree: SyntaxTree): DeployImports {
  const result: DeployImports = { modules: new Map(), functions: new Map(), facts: new Map(), others: new Set() };
  for (const imported of importsOf(tree)) {
    if (imported.module === OPERATIONS_PACKAGE) {
      for (const name of imported.names) result.modules.set(name.alias ?? name.name, name.name);
    } else if (imported.module.startsWith(`${OPERATIONS_PACKAGE}.`)) {
      const module = imported.module.slice(OPERATIONS_PACKAGE.length + 1);
      for (const name of imported.names) result.functions.set(name.alias ?? name.name, { module, name: name.name });
    } else if (imported.module.startsWith(`${FACTS_PACKAGE}.`)) {
      const module = imported.module.slice(FACTS_PACKAGE.length + 1);
      for (const name of imported.names) result.facts.set(name.alias ?? name.name, { module, name: name.name });
    } else if (imported.names.length > 0) {
      for (const name of imported.names) result.others.add(name.alias ?? name.name);
    } else {
      result.others.add(imported.module.split('.')[0]!);
    }
  }
  return result;
}

export interface OperationCall {
  call: SyntaxNode;
  /** The operation's name node (`packages` of `apt.packages`), where diagnostics about the call point. */
  nameNode: SyntaxNode;
  module: string;
  name: string;
  /** Undefined when the module is known but the catalogue has no such operation. */
  operation: CatalogueOperation | undefined;
  argumentList: SyntaxNode | undefined;
  /** The module came from an import of pyinfra.operations (not merely a name that matches one). */
  imported: boolean;
}

/**
 * The operation a call names, or undefined for any other call. A bare module name that the file does not import
 * still counts for completion and hover (deploys in progress often lack the import yet); diagnostics ask for `imported`.
 */
export function operationCall(call: SyntaxNode, imports: DeployImports, knowledge: PyinfraKnowledge): OperationCall | undefined {
  if (call.type !== 'call') return undefined;
  const site = callSite(call);
  if (site.object && site.method) {
    const importedModule = imports.modules.get(site.object);
    const module = importedModule ?? (isBareOperationModule(site.object, imports, knowledge) ? site.object : undefined);
    if (!module || !knowledge.isOperationModule(module)) return undefined;
    const nameNode = site.functionNode.childForFieldName('attribute')!;
    return { call, nameNode, module, name: site.method, operation: knowledge.operation(module, site.method), argumentList: site.argumentList, imported: importedModule !== undefined };
  }
  if (site.functionNode.type === 'identifier') {
    const direct = imports.functions.get(site.functionNode.text);
    if (!direct || !knowledge.isOperationModule(direct.module)) return undefined;
    return { call, nameNode: site.functionNode, module: direct.module, name: direct.name, operation: knowledge.operation(direct.module, direct.name), argumentList: site.argumentList, imported: true };
  }
  return undefined;
}

/** A name that matches an operations module and that no import of the file binds to something else. */
export function isBareOperationModule(name: string, imports: DeployImports, knowledge: PyinfraKnowledge): boolean {
  return knowledge.isOperationModule(name) && !imports.facts.has(name) && !imports.others.has(name) && !imports.functions.has(name);
}

/** `host.get_fact(...)` (or `get_fact` on any host object): the call and its argument list. */
export function isGetFactCall(call: SyntaxNode | null | undefined): boolean {
  if (call?.type !== 'call' || !call.childForFieldName('function')) return false;
  const site = callSite(call);
  return site.method === 'get_fact' || (site.functionNode.type === 'attribute' && site.functionNode.childForFieldName('attribute')?.text === 'get_fact');
}

/** The fact class the first argument of a `get_fact` call names, when it is an imported one the catalogue knows. */
export function factOfCall(call: SyntaxNode, imports: DeployImports, knowledge: PyinfraKnowledge): CatalogueFact | undefined {
  const first = call.childForFieldName('arguments')?.namedChildren.find((child) => child && child.type !== 'comment');
  if (!first) return undefined;
  return factNamed(first, imports, knowledge);
}

export function factNamed(node: SyntaxNode, imports: DeployImports, knowledge: PyinfraKnowledge): CatalogueFact | undefined {
  if (node.type === 'identifier') {
    const imported = imports.facts.get(node.text);
    return imported ? knowledge.fact(imported.module, imported.name) : undefined;
  }
  return undefined;
}

/** `(object, method) → "module.operation"` for the path features, which know their few operations by name. */
export function operationResolver(imports: DeployImports) {
  return (object: string, method: string): string => `${imports.modules.get(object) ?? object}.${method}`;
}

/** The closest of `candidates` to `name` by edit distance, when close enough to be a typo. */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates];
  // `ssh_user` for `user`: an old prefixed spelling is closer in meaning than any one-letter neighbour.
  const affix = list.find((candidate) => name.endsWith(`_${candidate}`) || candidate.endsWith(`_${name}`));
  if (affix) return affix;
  // Two candidates as close as each other would make the rename a guess: then there is no suggestion.
  return clearlyClosest(name, list, Math.max(2, Math.floor(name.length / 3)));
}
