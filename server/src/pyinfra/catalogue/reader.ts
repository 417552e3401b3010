// Reads a PyInfra release's own source into a catalogue: operations (`@operation` functions of operations/*.py),
// facts (FactBase subclasses of facts/*.py) and global arguments (api/arguments.py). Only syntax is read, never
// executed, so the same reader serves the committed catalogues and the PyInfra installed on the user's machine.
import type { LanguageParser, SyntaxNode } from '../../parsing/treeSitter';
import type { CatalogueFact, CatalogueGlobalArgument, CatalogueOperation, CatalogueParameter, PyinfraCatalogue } from './types';

export interface PyinfraSourceFile {
  /** Relative to the `pyinfra` package directory, with forward slashes: `operations/apt.py`. */
  path: string;
  text: string;
}

/** The files of a PyInfra package the reader looks at; everything else is ignored. */
export function isCatalogueSource(relativePath: string): boolean {
  return /^(operations|facts)\/[a-z_0-9]+\.py$/.test(relativePath) || /^facts\/util\/[a-z_0-9]+\.py$/.test(relativePath) || relativePath === 'api/arguments.py' || relativePath === 'api/operation.py';
}

const FACT_ROOTS = new Set(['FactBase', 'ShortFactBase']);

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\(\s/g, '(').replace(/\s\)/g, ')').replace(/\[\s/g, '[').replace(/,?\s?\]/g, ']').trim();
}

function stringValue(node: SyntaxNode | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'concatenated_string') {
    const parts = node.namedChildren.map((child) => stringValue(child));
    return parts.every((part) => part !== undefined) ? parts.join('') : undefined;
  }
  if (node.type === 'parenthesized_expression') return stringValue(node.namedChild(0));
  if (node.type !== 'string') return undefined;
  return node.namedChildren
    .filter((child) => child?.type === 'string_content')
    .map((child) => child!.text)
    .join('');
}

/** The parameters of a def, in order; `skipFirst` drops `self` of a method. */
function parametersOf(definition: SyntaxNode, skipFirst: boolean): CatalogueParameter[] {
  const list = definition.childForFieldName('parameters');
  const result: CatalogueParameter[] = [];
  let keywordOnly = false;
  for (const child of list?.namedChildren ?? []) {
    if (!child) continue;
    switch (child.type) {
      case 'identifier':
        result.push({ name: child.text, kind: keywordOnly ? 'keyword' : 'normal' });
        break;
      case 'typed_parameter': {
        const inner = child.namedChildren.find((part) => part?.type === 'identifier' || part?.type === 'list_splat_pattern' || part?.type === 'dictionary_splat_pattern');
        const annotation = child.childForFieldName('type')?.text;
        if (inner?.type === 'list_splat_pattern') result.push({ name: inner.namedChild(0)?.text ?? 'args', kind: 'varargs', ...(annotation ? { annotation: collapse(annotation) } : {}) });
        else if (inner?.type === 'dictionary_splat_pattern') result.push({ name: inner.namedChild(0)?.text ?? 'kwargs', kind: 'kwargs', ...(annotation ? { annotation: collapse(annotation) } : {}) });
        else if (inner) result.push({ name: inner.text, kind: keywordOnly ? 'keyword' : 'normal', ...(annotation ? { annotation: collapse(annotation) } : {}) });
        break;
      }
      case 'default_parameter':
      case 'typed_default_parameter': {
        const name = child.childForFieldName('name')?.text;
        const annotation = child.childForFieldName('type')?.text;
        const value = child.childForFieldName('value')?.text;
        if (name) result.push({ name, kind: keywordOnly ? 'keyword' : 'normal', ...(annotation ? { annotation: collapse(annotation) } : {}), ...(value !== undefined ? { default: collapse(value) } : {}) });
        break;
      }
      case 'list_splat_pattern':
        result.push({ name: child.namedChild(0)?.text ?? 'args', kind: 'varargs' });
        keywordOnly = true;
        break;
      case 'dictionary_splat_pattern':
        result.push({ name: child.namedChild(0)?.text ?? 'kwargs', kind: 'kwargs' });
        break;
      case 'keyword_separator':
        keywordOnly = true;
        break;
      default:
        break;
    }
  }
  if (result.some((parameter) => parameter.kind === 'varargs')) {
    // Parameters after *args are keyword-only too.
    let after = false;
    for (const parameter of result) {
      if (parameter.kind === 'varargs') after = true;
      else if (after && parameter.kind === 'normal') parameter.kind = 'keyword';
    }
  }
  return skipFirst && result[0]?.kind === 'normal' ? result.slice(1) : result;
}

/** `@operation`, `@operation()`, `@operation(is_idempotent=False, …)`: the keyword arguments of the decorator, or undefined when not an operation. */
function operationDecorator(decorated: SyntaxNode): Map<string, SyntaxNode> | undefined {
  for (const decorator of decorated.namedChildren) {
    if (decorator?.type !== 'decorator') continue;
    const expression = decorator.namedChild(0);
    if (expression?.type === 'identifier' && expression.text === 'operation') return new Map();
    if (expression?.type === 'call' && expression.childForFieldName('function')?.text === 'operation') {
      const keywords = new Map<string, SyntaxNode>();
      for (const argument of expression.childForFieldName('arguments')?.namedChildren ?? []) {
        if (argument?.type !== 'keyword_argument') continue;
        const name = argument.childForFieldName('name')?.text;
        const value = argument.childForFieldName('value');
        if (name && value) keywords.set(name, value);
      }
      return keywords;
    }
  }
  return undefined;
}

function readOperations(module: string, root: SyntaxNode): CatalogueOperation[] {
  const operations: CatalogueOperation[] = [];
  for (const statement of root.namedChildren) {
    if (statement?.type !== 'decorated_definition') continue;
    const definition = statement.childForFieldName('definition');
    const keywords = operationDecorator(statement);
    const name = definition?.childForFieldName('name')?.text;
    if (!keywords || definition?.type !== 'function_definition' || !name || name.startsWith('_')) continue;
    const parameters = parametersOf(definition, false);
    const passthrough = parameters.find((parameter) => parameter.kind === 'kwargs');
    const operation: CatalogueOperation = { module, name, parameters, idempotent: keywords.get('is_idempotent')?.text !== 'False' };
    if (passthrough) operation.extraKeywords = passthrough.name;
    if (keywords.get('is_deprecated')?.text === 'True') operation.deprecated = true;
    const replacement = stringValue(keywords.get('deprecated_for'));
    if (replacement) Object.assign(operation, { deprecated: true, deprecatedFor: replacement });
    operations.push(operation);
  }
  return operations;
}

interface FactClass {
  module: string;
  name: string;
  bases: string[];
  /** `FactBase[T]` → T. */
  generic?: string;
  command?: CatalogueParameter[];
  processReturns?: string;
  /** Defined in facts/util/, which deploys do not import from. */
  internal: boolean;
}

function baseName(base: SyntaxNode): { name: string; generic?: string } {
  if (base.type === 'subscript') {
    const value = base.childForFieldName('value');
    const subscript = base.childForFieldName('subscript');
    return { name: value?.text.split('.').pop() ?? '', generic: subscript ? collapse(subscript.text) : undefined };
  }
  return { name: base.text.split('.').pop() ?? '' };
}

function readFactClasses(module: string, root: SyntaxNode, internal: boolean): FactClass[] {
  const classes: FactClass[] = [];
  for (const statement of root.namedChildren) {
    const definition = statement?.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    if (definition?.type !== 'class_definition') continue;
    const name = definition.childForFieldName('name')?.text;
    if (!name) continue;
    const fact: FactClass = { module, name, bases: [], internal };
    for (const base of definition.childForFieldName('superclasses')?.namedChildren ?? []) {
      if (!base || base.type === 'keyword_argument') continue;
      const { name: baseClass, generic } = baseName(base);
      fact.bases.push(baseClass);
      if (generic && FACT_ROOTS.has(baseClass)) fact.generic = generic;
    }
    for (const member of definition.childForFieldName('body')?.namedChildren ?? []) {
      const method = member?.type === 'decorated_definition' ? member.childForFieldName('definition') : member;
      if (method?.type !== 'function_definition') continue;
      const methodName = method.childForFieldName('name')?.text;
      const isStatic = member?.type === 'decorated_definition' && member.namedChildren.some((child) => child?.type === 'decorator' && child.text === '@staticmethod');
      if (methodName === 'command') fact.command = parametersOf(method, !isStatic);
      if (methodName === 'process') {
        const returns = method.childForFieldName('return_type')?.text;
        if (returns) fact.processReturns = collapse(returns);
      }
    }
    classes.push(fact);
  }
  return classes;
}

function resolveFacts(classes: FactClass[]): CatalogueFact[] {
  // Bases resolve within the class's own module first (files.File and windows_files.File are different facts).
  const byName = new Map<string, FactClass>();
  for (const fact of classes) {
    byName.set(`${fact.module}.${fact.name}`, fact);
    if (!byName.has(fact.name) || !fact.internal) byName.set(fact.name, fact);
  }
  const baseOf = (fact: FactClass, base: string) => byName.get(`${fact.module}.${base}`) ?? byName.get(base);
  const isFact = (fact: FactClass, seen = new Set<string>()): boolean =>
    fact.bases.some((base) => {
      const parent = baseOf(fact, base);
      return FACT_ROOTS.has(base) || (!!parent && parent !== fact && !seen.has(base) && isFact(parent, seen.add(base)));
    });
  const inherited = <T>(fact: FactClass, pick: (candidate: FactClass) => T | undefined, seen = new Set<string>()): T | undefined => {
    const own = pick(fact);
    if (own !== undefined) return own;
    for (const base of fact.bases) {
      const parent = baseOf(fact, base);
      if (!parent || parent === fact || seen.has(base)) continue;
      seen.add(base);
      const found = inherited(parent, pick, seen);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  // Abstract helpers (FindFilesBase, DockerSingleMixin, …) are bases for real facts, never used directly.
  const abstract = (name: string) => name.startsWith('_') || /(Base|Mixin|BaseFact)$/.test(name);
  return classes
    .filter((fact) => !fact.internal && !abstract(fact.name) && isFact(fact))
    .map((fact) => {
      const result: CatalogueFact = { module: fact.module, name: fact.name, parameters: inherited(fact, (candidate) => candidate.command) ?? [] };
      const returns = inherited(fact, (candidate) => candidate.generic ?? candidate.processReturns);
      if (returns) result.returns = returns;
      return result;
    });
}

const GLOBAL_GROUP = /^(auth|shell|meta|execution)_(?:argument_meta|kwargs)$/;

/** `lambda config: config.SUDO` → `config.SUDO`; anything else as written. */
function defaultText(node: SyntaxNode | undefined | null): string | undefined {
  if (!node) return undefined;
  if (node.type === 'lambda') {
    const body = node.childForFieldName('body');
    return body ? collapse(body.text) : undefined;
  }
  return collapse(node.text);
}

function readGlobalArguments(root: SyntaxNode): { globals: CatalogueGlobalArgument[]; acceptsUnprefixed: boolean } {
  const typedDictTypes = new Map<string, string>();
  const globals: CatalogueGlobalArgument[] = [];
  let acceptsUnprefixed = false;
  for (const statement of root.namedChildren) {
    const definition = statement?.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    if (definition?.type === 'function_definition' && definition.childForFieldName('name')?.text === 'show_legacy_argument_warning') acceptsUnprefixed = true;
    // 3.x: `class ConnectorArguments(TypedDict, total=False): _sudo: bool …` carries the types.
    if (statement?.type === 'class_definition') {
      for (const member of statement.childForFieldName('body')?.namedChildren ?? []) {
        const assignment = member?.type === 'expression_statement' ? member.namedChild(0) : undefined;
        const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : undefined;
        const type = assignment?.childForFieldName('type');
        if (left?.type === 'identifier' && type) typedDictTypes.set(left.text, collapse(type.text));
      }
      continue;
    }
    const assignment = statement?.type === 'expression_statement' ? statement.namedChild(0) : undefined;
    if (assignment?.type !== 'assignment') continue;
    const group = GLOBAL_GROUP.exec(assignment.childForFieldName('left')?.text ?? '')?.[1];
    const dictionary = assignment.childForFieldName('right');
    if (!group || dictionary?.type !== 'dictionary') continue;
    for (const pair of dictionary.namedChildren) {
      if (pair?.type !== 'pair') continue;
      const name = stringValue(pair.childForFieldName('key'));
      const value = pair.childForFieldName('value');
      if (!name || !value) continue;
      const argument: CatalogueGlobalArgument = { name, group };
      if (value.type === 'call') {
        // 3.x: ArgumentMeta("description", default=lambda …, handler=…)
        for (const part of value.childForFieldName('arguments')?.namedChildren ?? []) {
          if (part?.type === 'keyword_argument' && part.childForFieldName('name')?.text === 'default') {
            const text = defaultText(part.childForFieldName('value'));
            if (text !== undefined) argument.default = text;
          }
        }
      } else if (value.type === 'dictionary') {
        // 2.x: {"description": …, "default": …, "type": …}
        for (const field of value.namedChildren) {
          if (field?.type !== 'pair') continue;
          const key = stringValue(field.childForFieldName('key'));
          const fieldValue = field.childForFieldName('value');
          if (key === 'default') {
            const text = defaultText(fieldValue);
            if (text !== undefined) argument.default = text;
          }
          // A lambda type works around a circular import; its body is the type.
          if (key === 'type' && fieldValue) argument.type = defaultText(fieldValue);
        }
      }
      globals.push(argument);
    }
  }
  for (const argument of globals) {
    const type = typedDictTypes.get(argument.name);
    if (type) argument.type = type;
  }
  return { globals, acceptsUnprefixed };
}

/** `kwargs.pop("state", None)` in api/operation.py: keywords PyInfra drops from every operation call. */
function readIgnoredKeywords(root: SyntaxNode): string[] {
  const ignored = new Set<string>();
  const visit = (node: SyntaxNode) => {
    if (node.type === 'expression_statement') {
      const call = node.namedChild(0);
      if (call?.type === 'call' && call.childForFieldName('function')?.text === 'kwargs.pop') {
        const first = call.childForFieldName('arguments')?.namedChild(0);
        const name = stringValue(first);
        if (name) ignored.add(name);
      }
    }
    for (const child of node.namedChildren) if (child) visit(child);
  };
  visit(root);
  return [...ignored].sort();
}

function moduleName(relativePath: string): string {
  return relativePath.replace(/^.*\//, '').replace(/\.py$/, '');
}

/**
 * Collects a release's files one at a time, so a caller reading a large installed package can yield between files;
 * `finish` gives the catalogue. Deterministic: the result does not depend on the order files are added.
 */
export class CatalogueBuilder {
  private readonly operations: CatalogueOperation[] = [];
  private readonly factClasses: FactClass[] = [];
  private globals: CatalogueGlobalArgument[] = [];
  private acceptsUnprefixedGlobals = false;
  private ignoredKeywords: string[] = [];

  constructor(
    private readonly version: string,
    private readonly python: LanguageParser,
  ) {}

  add(file: PyinfraSourceFile): void {
    if (!isCatalogueSource(file.path) || file.path.endsWith('__init__.py')) return;
    const tree = this.python.parse(file.text, undefined, Number.POSITIVE_INFINITY);
    try {
      const root = tree.rootNode;
      if (file.path.startsWith('operations/')) this.operations.push(...readOperations(moduleName(file.path), root));
      else if (file.path.startsWith('facts/')) this.factClasses.push(...readFactClasses(moduleName(file.path), root, file.path.startsWith('facts/util/')));
      else if (file.path === 'api/arguments.py') ({ globals: this.globals, acceptsUnprefixed: this.acceptsUnprefixedGlobals } = readGlobalArguments(root));
      else if (file.path === 'api/operation.py') this.ignoredKeywords = readIgnoredKeywords(root);
    } finally {
      tree.delete();
    }
  }

  finish(): PyinfraCatalogue {
    const byKey = <T extends { module: string; name: string }>(a: T, b: T) => compare(a.module, b.module) || compare(a.name, b.name);
    const facts = resolveFacts([...this.factClasses].sort(byKey));
    return {
      version: this.version,
      globalArguments: this.globals,
      acceptsUnprefixedGlobals: this.acceptsUnprefixedGlobals,
      ignoredKeywords: this.ignoredKeywords,
      operations: [...this.operations].sort(byKey),
      facts: facts.sort(byKey),
    };
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Builds the catalogue of one PyInfra release from its source files. */
export function readPyinfraCatalogue(version: string, files: readonly PyinfraSourceFile[], python: LanguageParser): PyinfraCatalogue {
  const builder = new CatalogueBuilder(version, python);
  for (const file of files) builder.add(file);
  return builder.finish();
}
