// Symbols under the cursor and every place they occur across the configuration directory: the base of definition,
// references, rename and document highlight.
import type { Position, Range } from 'vscode-languageserver-types';
import type { PackerConfiguration } from './configuration';
import type { PackerFileModel } from './model';
import { rangeContains } from './model';

export type SymbolKey =
  | { kind: 'variable'; name: string }
  | { kind: 'local'; name: string }
  | { kind: 'source'; type: string; name: string }
  | { kind: 'data'; type: string; name: string };

export interface Occurrence {
  uri: string;
  /** Exactly the text a rename replaces. */
  range: Range;
  declaration: boolean;
}

/** The symbol whose name (not root keyword or type) is at the position, and that name's range. */
export function symbolAt(model: PackerFileModel, position: Position): { key: SymbolKey; range: Range } | undefined {
  for (const reference of model.references) {
    if (!rangeContains(reference.range, position)) continue;
    const [first, second] = reference.parts;
    if (first === undefined) return undefined;
    if (reference.root === 'var') return { key: { kind: 'variable', name: first }, range: reference.partRanges[0]! };
    if (reference.root === 'local') return { key: { kind: 'local', name: first }, range: reference.partRanges[0]! };
    if (reference.root === 'data' && second !== undefined) return { key: { kind: 'data', type: first, name: second }, range: reference.partRanges[1]! };
    return undefined;
  }
  for (const variable of model.variables) if (rangeContains(variable.nameRange, position)) return { key: { kind: 'variable', name: variable.name }, range: variable.nameRange };
  for (const assignment of model.assignments) if (rangeContains(assignment.nameRange, position)) return { key: { kind: 'variable', name: assignment.name }, range: assignment.nameRange };
  for (const local of model.locals) if (rangeContains(local.nameRange, position)) return { key: { kind: 'local', name: local.name }, range: local.nameRange };
  for (const source of model.sources) {
    if (rangeContains(source.nameRange, position) || rangeContains(source.typeRange, position)) {
      return { key: { kind: 'source', type: source.type, name: source.name }, range: source.nameRange };
    }
  }
  for (const data of model.dataSources) {
    if (rangeContains(data.nameRange, position) || rangeContains(data.typeRange, position)) {
      return { key: { kind: 'data', type: data.type, name: data.name }, range: data.nameRange };
    }
  }
  for (const sourceString of model.sourceStrings) {
    if (!sourceString.type || !sourceString.nameRange || !rangeContains(sourceString.range, position)) continue;
    return { key: { kind: 'source', type: sourceString.type, name: sourceString.name }, range: sourceString.nameRange };
  }
  return undefined;
}

export function occurrences(configuration: PackerConfiguration, key: SymbolKey): Occurrence[] {
  const found: Occurrence[] = [];
  for (const model of configuration.files) {
    const add = (range: Range, declaration: boolean) => found.push({ uri: model.uri, range, declaration });
    switch (key.kind) {
      case 'variable':
        for (const variable of model.variables) if (variable.name === key.name && model.kind === 'packer') add(variable.nameRange, true);
        for (const assignment of model.assignments) if (assignment.name === key.name) add(assignment.nameRange, false);
        for (const reference of model.references) if (reference.root === 'var' && reference.parts[0] === key.name) add(reference.partRanges[0]!, false);
        break;
      case 'local':
        for (const local of model.locals) if (local.name === key.name) add(local.nameRange, true);
        for (const reference of model.references) if (reference.root === 'local' && reference.parts[0] === key.name) add(reference.partRanges[0]!, false);
        break;
      case 'source':
        for (const source of model.sources) if (source.type === key.type && source.name === key.name) add(source.nameRange, true);
        for (const sourceString of model.sourceStrings) {
          if (sourceString.type === key.type && sourceString.name === key.name && sourceString.nameRange) add(sourceString.nameRange, false);
        }
        break;
      case 'data':
        for (const data of model.dataSources) if (data.type === key.type && data.name === key.name) add(data.nameRange, true);
        for (const reference of model.references) {
          if (reference.root === 'data' && reference.parts[0] === key.type && reference.parts[1] === key.name) add(reference.partRanges[1]!, false);
        }
        break;
    }
  }
  return found;
}

export function symbolName(key: SymbolKey): string {
  return key.name;
}

/** Names Packer accepts for variables, locals, sources and data sources (HCL identifiers). */
export function isValidName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(name);
}
