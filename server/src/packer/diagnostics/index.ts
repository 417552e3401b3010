// All Packer diagnostics for one open file, computed against its whole configuration directory.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { makeDiagnostic } from '../../diagnostics/rules';
import type { SyntaxTree } from '../../parsing/treeSitter';
import type { Located, PackerConfiguration } from '../configuration';
import type { PackerFileModel } from '../model';
import { functions } from '../schema';
import {
  defaultTypeMismatch,
  duplicateLocal,
  duplicateSource,
  duplicateVariable,
  restrictedFunction,
  undeclaredAssignment,
  undeclaredData,
  undeclaredLocal,
  undeclaredSource,
  undeclaredVariable,
  unknownBuildSource,
  unusedLocal,
  unusedVariable,
} from './rules';
import { missingRequiredPlugins } from './requiredPlugins';
import { schemaDiagnostics } from './schemaChecks';
import type { InstalledPlugin } from '../schema/installedPlugins';
import { conversionProblem } from './typeCompatibility';

export interface PackerDiagnosticsInput {
  document: TextDocument;
  tree: SyntaxTree;
  model: PackerFileModel;
  configuration: PackerConfiguration;
  /** Newest installed binary of each plugin, by name (schemaChecks: another release than the schema's). */
  installedPlugins?: ReadonlyMap<string, InstalledPlugin>;
}

export function packerDiagnostics(input: PackerDiagnosticsInput): Diagnostic[] {
  if (input.model.kind === 'packervars') return variableFileDiagnostics(input);
  return [
    ...schemaDiagnostics(input.document, input.tree, input.configuration, input.installedPlugins),
    ...referenceDiagnostics(input),
    ...declarationDiagnostics(input),
    ...missingRequiredPlugins(input.model, input.configuration),
  ];
}

function variableFileDiagnostics({ model, configuration }: PackerDiagnosticsInput): Diagnostic[] {
  // A directory without templates holds shared var-files passed with -var-file to other directories.
  if (!configuration.complete || !configuration.files.some((file) => file.kind === 'packer')) return [];
  return model.assignments
    .filter((assignment) => !configuration.variables.has(assignment.name))
    .map((assignment) =>
      makeDiagnostic(
        undeclaredAssignment,
        assignment.nameRange,
        `A value was given for "${assignment.name}", but the configuration declares no variable of that name; Packer ignores it.`,
      ),
    );
}

function referenceDiagnostics({ model, configuration }: PackerDiagnosticsInput): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const call of model.functionCalls) {
    const restriction = functions[call.name]?.restriction;
    if (restriction && !call.inVariableDefault) {
      diagnostics.push(makeDiagnostic(restrictedFunction, call.nameRange, `The function "${call.name}" cannot be called here. ${restriction}`));
    }
  }
  if (!configuration.complete) return diagnostics;
  for (const reference of model.references) {
    const [first, second] = reference.parts;
    if (first === undefined) continue;
    const firstRange = reference.partRanges[0]!;
    if (reference.root === 'var' && !configuration.variables.has(first)) {
      diagnostics.push(makeDiagnostic(undeclaredVariable, firstRange, `There is no variable named "${first}" in this configuration directory.`));
    } else if (reference.root === 'local' && !configuration.locals.has(first)) {
      diagnostics.push(makeDiagnostic(undeclaredLocal, firstRange, `There is no local named "${first}" in this configuration directory.`));
    } else if (reference.root === 'data' && second !== undefined && !configuration.dataSources.has(`${first}.${second}`)) {
      const range = { start: firstRange.start, end: reference.partRanges[1]!.end };
      diagnostics.push(makeDiagnostic(undeclaredData, range, `There is no data source "${first}" "${second}" in this configuration directory.`));
    }
  }
  for (const sourceString of model.sourceStrings) {
    if (sourceString.context !== 'sources' && sourceString.context !== 'source-block') continue;
    const key = `${sourceString.type}.${sourceString.name}`;
    if (sourceString.type && configuration.sources.has(key)) continue;
    const rule = sourceString.context === 'sources' ? unknownBuildSource : undeclaredSource;
    const message = sourceString.type
      ? `There is no source "${sourceString.type}" "${sourceString.name}" in this configuration directory.`
      : `"${sourceString.text}" is not a source reference; write "source.<type>.<name>".`;
    diagnostics.push(makeDiagnostic(rule, sourceString.range, message));
  }
  return diagnostics;
}

function declarationDiagnostics({ model, configuration }: PackerDiagnosticsInput): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const selfStandalone = configuration.isStandalone(model);
  const elsewhere = (entries: Located<unknown>[] | undefined, self: unknown): Located<unknown> | undefined => {
    if (!entries || entries.length < 2) return undefined;
    return entries.find((entry) => {
      if (entry.item === self) return false;
      if (entry.uri === model.uri) return true;
      const other = configuration.file(entry.uri);
      if (!other) return true;
      // Two templates that each have a build (or one complete template) are run one file at a time, not together.
      const independent = (model.builds.length > 0 && other.builds.length > 0) || selfStandalone || configuration.isStandalone(other);
      return !independent;
    });
  };

  for (const variable of model.variables) {
    const other = elsewhere(configuration.variables.get(variable.name), variable);
    if (other) {
      diagnostics.push(makeDiagnostic(duplicateVariable, variable.nameRange, `The variable "${variable.name}" is also declared ${where(other, model.uri)}.`));
    }
    if (variable.typeText && variable.defaultLiteral && variable.defaultRange) {
      const problem = conversionProblem(variable.typeText, variable.defaultLiteral);
      if (problem) {
        diagnostics.push(makeDiagnostic(defaultTypeMismatch, variable.defaultRange, `The default does not match type ${variable.typeText}: ${problem}.`));
      }
    }
    if (configuration.complete && configuration.referenceCount('var', variable.name) === 0) {
      diagnostics.push(makeDiagnostic(unusedVariable, variable.nameRange, `The variable "${variable.name}" is never used.`));
    }
  }
  for (const local of model.locals) {
    const other = elsewhere(configuration.locals.get(local.name), local);
    if (other) diagnostics.push(makeDiagnostic(duplicateLocal, local.nameRange, `The local "${local.name}" is also declared ${where(other, model.uri)}.`));
    if (configuration.complete && configuration.referenceCount('local', local.name) === 0) {
      diagnostics.push(makeDiagnostic(unusedLocal, local.nameRange, `The local "${local.name}" is never used.`));
    }
  }
  for (const [list, table, noun] of [
    [model.sources, configuration.sources, 'source'],
    [model.dataSources, configuration.dataSources, 'data source'],
  ] as const) {
    for (const declaration of list) {
      const other = elsewhere(table.get(`${declaration.type}.${declaration.name}`), declaration);
      if (!other) continue;
      const range = { start: declaration.typeRange.start, end: declaration.nameRange.end };
      diagnostics.push(
        makeDiagnostic(duplicateSource, range, `The ${noun} "${declaration.type}" "${declaration.name}" is also declared ${where(other, model.uri)}.`),
      );
    }
  }
  return diagnostics;
}

function where(other: Located<unknown>, uri: string): string {
  const item = other.item as { nameRange?: { start: { line: number } } };
  const line = item.nameRange ? ` on line ${item.nameRange.start.line + 1}` : '';
  if (other.uri === uri) return `in this file${line}`;
  return `in ${decodeURIComponent(other.uri.slice(other.uri.lastIndexOf('/') + 1))}${line}`;
}
