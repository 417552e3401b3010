// One PyInfra release as the deploy features see it: lookups over a catalogue, our own descriptions on top, and
// what the other major version spells differently.
import { GLOBAL_ARGUMENT_DESCRIPTIONS, GLOBAL_ARGUMENT_RENAMES, OPERATION_DESCRIPTIONS } from './descriptions';
import type { CatalogueFact, CatalogueGlobalArgument, CatalogueOperation, CatalogueParameter, PyinfraCatalogue } from './types';

/** Where the catalogue came from: the user's installed PyInfra, or the copy Bilder ships. */
export type CatalogueOrigin = 'installed' | 'bundled';

export class PyinfraKnowledge {
  readonly major: number;
  private readonly operations = new Map<string, CatalogueOperation>();
  private readonly operationsByModule = new Map<string, CatalogueOperation[]>();
  private readonly factsByModule = new Map<string, CatalogueFact[]>();
  private readonly globals = new Map<string, CatalogueGlobalArgument>();
  private readonly otherGlobals: Map<string, CatalogueGlobalArgument>;

  /** `other` is the bundled catalogue of the other major version, to recognise its spellings. */
  constructor(
    readonly catalogue: PyinfraCatalogue,
    readonly origin: CatalogueOrigin,
    other?: PyinfraCatalogue,
  ) {
    this.major = majorOf(catalogue.version);
    for (const operation of catalogue.operations) {
      this.operations.set(`${operation.module}.${operation.name}`, operation);
      const list = this.operationsByModule.get(operation.module) ?? [];
      list.push(operation);
      this.operationsByModule.set(operation.module, list);
    }
    for (const fact of catalogue.facts) {
      const list = this.factsByModule.get(fact.module) ?? [];
      list.push(fact);
      this.factsByModule.set(fact.module, list);
    }
    for (const argument of catalogue.globalArguments) this.globals.set(argument.name, argument);
    this.otherGlobals = new Map((other?.globalArguments ?? []).map((argument) => [argument.name, argument]));
    this.otherVersion = other?.version;
  }

  readonly otherVersion: string | undefined;

  get version(): string {
    return this.catalogue.version;
  }

  get operationModules(): string[] {
    return [...this.operationsByModule.keys()].sort();
  }

  get factModules(): string[] {
    return [...this.factsByModule.keys()].sort();
  }

  isOperationModule(module: string): boolean {
    return this.operationsByModule.has(module);
  }

  operation(module: string, name: string): CatalogueOperation | undefined {
    return this.operations.get(`${module}.${name}`);
  }

  operationsOf(module: string): CatalogueOperation[] {
    return this.operationsByModule.get(module) ?? [];
  }

  factsOf(module: string): CatalogueFact[] {
    return this.factsByModule.get(module) ?? [];
  }

  fact(module: string, name: string): CatalogueFact | undefined {
    return this.factsOf(module).find((fact) => fact.name === name);
  }

  get globalArguments(): CatalogueGlobalArgument[] {
    return this.catalogue.globalArguments;
  }

  globalArgument(name: string): CatalogueGlobalArgument | undefined {
    return this.globals.get(name);
  }

  /** A keyword every call of an operation accepts: a global argument, its 2.x unprefixed spelling, or a dropped one. */
  acceptsEverywhere(keyword: string): boolean {
    if (this.globals.has(keyword) || this.catalogue.ignoredKeywords.includes(keyword)) return true;
    return this.catalogue.acceptsUnprefixedGlobals && this.globals.has(`_${keyword}`);
  }

  /**
   * Why `keyword` looks like a global argument of the other major version, or undefined. Only asked for keywords
   * the operation itself does not take.
   */
  otherVersionSpelling(keyword: string): { message: string; replacement?: string; accepted: boolean } | undefined {
    const mine = `PyInfra ${this.version}`;
    if (!keyword.startsWith('_') && this.globals.has(`_${keyword}`)) {
      // 2.x still takes the unprefixed spelling of 1.x, with a warning; 3.x passes it to the operation, which fails.
      return this.catalogue.acceptsUnprefixedGlobals
        ? { message: `${mine} still accepts "${keyword}" but warns that it is deprecated; write "_${keyword}", the only spelling PyInfra 3 knows.`, replacement: `_${keyword}`, accepted: true }
        : { message: `${mine} has no "${keyword}" argument: global arguments start with "_" since PyInfra 2; write "_${keyword}".`, replacement: `_${keyword}`, accepted: false };
    }
    if (this.globals.has(keyword) || !this.otherGlobals.has(keyword)) return undefined;
    const renamed = GLOBAL_ARGUMENT_RENAMES[keyword];
    const other = `PyInfra ${this.otherVersion ?? (this.major >= 3 ? '2' : '3')}`;
    if (renamed && this.globals.has(renamed)) return { message: `"${keyword}" is how ${other} spells it; ${mine} calls it "${renamed}".`, replacement: renamed, accepted: false };
    return { message: `"${keyword}" is a global argument of ${other} only; ${mine} does not have it.`, accepted: false };
  }

  description(operation: CatalogueOperation): string | undefined {
    return OPERATION_DESCRIPTIONS[`${operation.module}.${operation.name}`]?.doc;
  }

  parameterDescription(operation: CatalogueOperation, parameter: string): string | undefined {
    return OPERATION_DESCRIPTIONS[`${operation.module}.${operation.name}`]?.parameters[parameter];
  }

  globalDescription(name: string): string | undefined {
    return GLOBAL_ARGUMENT_DESCRIPTIONS[name];
  }

  /** PyInfra's documentation page of the operation, for the major version in use. */
  operationUrl(operation: CatalogueOperation): string {
    return `https://docs.pyinfra.com/en/${this.major}.x/operations/${operation.module}.html#${operation.module}-${operation.name.replace(/_/g, '-')}`;
  }

  factUrl(fact: CatalogueFact): string {
    return `https://docs.pyinfra.com/en/${this.major}.x/facts/${fact.module}.html#${fact.module}-${fact.name.toLowerCase()}`;
  }

  globalArgumentsUrl(): string {
    return `https://docs.pyinfra.com/en/${this.major}.x/arguments.html`;
  }
}

export function majorOf(version: string): number {
  const major = Number.parseInt(version, 10);
  return Number.isFinite(major) ? major : 0;
}

// ---------- rendering ----------

export function formatParameter(parameter: CatalogueParameter): string {
  const prefix = parameter.kind === 'varargs' ? '*' : parameter.kind === 'kwargs' ? '**' : '';
  const annotated = parameter.annotation ? `${prefix}${parameter.name}: ${parameter.annotation}` : `${prefix}${parameter.name}`;
  return parameter.default === undefined ? annotated : `${annotated}${parameter.annotation ? ' = ' : '='}${parameter.default}`;
}

/** The call as Python would show it, `*` before the first keyword-only parameter. */
export function operationSignature(operation: CatalogueOperation): string {
  return `${operation.module}.${operation.name}(${parameterList(operation.parameters)})`;
}

export function factSignature(fact: CatalogueFact): string {
  return `${fact.name}(${parameterList(fact.parameters)})${fact.returns ? ` -> ${fact.returns}` : ''}`;
}

function parameterList(parameters: readonly CatalogueParameter[]): string {
  const parts: string[] = [];
  let starred = false;
  for (const parameter of parameters) {
    if (parameter.kind === 'varargs') starred = true;
    if (parameter.kind === 'keyword' && !starred) {
      parts.push('*');
      starred = true;
    }
    parts.push(formatParameter(parameter));
  }
  return parts.join(', ');
}

/** Parameters a call may name as keywords (everything but `*args`/`**kwargs`). */
export function namedParameters(operation: { parameters: readonly CatalogueParameter[] }): CatalogueParameter[] {
  return operation.parameters.filter((parameter) => parameter.kind === 'normal' || parameter.kind === 'keyword');
}

export function operationMarkdown(knowledge: PyinfraKnowledge, operation: CatalogueOperation): string {
  const parts = [`\`\`\`python\n${operationSignature(operation)}\n\`\`\``];
  const own = knowledge.description(operation);
  if (own) parts.push(own);
  if (!operation.idempotent) parts.push('*Not idempotent: its commands run on every deploy.*');
  if (operation.deprecated) parts.push(`*Deprecated${operation.deprecatedFor ? `: use \`${operation.deprecatedFor}\`` : ''}.*`);
  if (operation.extraKeywords) parts.push(`Extra keyword arguments go to \`**${operation.extraKeywords}\`.`);
  parts.push(`[PyInfra ${knowledge.major}.x documentation](${knowledge.operationUrl(operation)}) · catalogue of PyInfra ${knowledge.version}`);
  return parts.join('\n\n');
}

export function parameterMarkdown(knowledge: PyinfraKnowledge, operation: CatalogueOperation, parameter: CatalogueParameter): string {
  const own = knowledge.parameterDescription(operation, parameter.name);
  return [`\`\`\`python\n${formatParameter(parameter)}\n\`\`\``, own, `*${operation.module}.${operation.name}*`].filter(Boolean).join('\n\n');
}

export function globalArgumentDetail(argument: CatalogueGlobalArgument): string {
  return `${argument.name}${argument.type ? `: ${argument.type}` : ''}${argument.default !== undefined ? ` = ${argument.default}` : ''}`;
}

export function globalArgumentMarkdown(knowledge: PyinfraKnowledge, argument: CatalogueGlobalArgument): string {
  const own = knowledge.globalDescription(argument.name);
  return [
    `\`\`\`python\n${globalArgumentDetail(argument)}\n\`\`\``,
    own,
    `*Global argument (${argument.group}) of PyInfra ${knowledge.version}: every operation accepts it.* [Documentation](${knowledge.globalArgumentsUrl()})`,
  ]
    .filter(Boolean)
    .join('\n\n');
}

export function factMarkdown(knowledge: PyinfraKnowledge, fact: CatalogueFact): string {
  return [`\`\`\`python\n${factSignature(fact)}\n\`\`\``, `*pyinfra.facts.${fact.module}*`, `[PyInfra ${knowledge.major}.x documentation](${knowledge.factUrl(fact)})`].join('\n\n');
}
