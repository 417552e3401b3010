// After `var.x` and `local.x`, the value Packer would use: a variable's default, overridden by the directory's
// `*.auto.pkrvars.hcl` files (in name order) and then the var files the user selected, as Packer applies them.
import type { InlayHint, Range } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { PackerConfiguration } from './configuration';
import { isSecretName } from '../../../protocol/secretNames';
import type { Declaration, PackerFileModel } from './model';

const MAX_LABEL = 40;
const AUTO_VAR_FILE = '.auto.pkrvars.hcl';

export interface InlayHintInput {
  model: PackerFileModel;
  configuration: PackerConfiguration;
  range: Range;
  /** Var files the user selected (`bilder.validate.varFiles`), relative to the template directory. */
  selectedVarFiles: readonly string[];
  textOf(uri: string): Promise<string | undefined>;
}

interface ResolvedValue {
  text: string;
  from: string;
}

export async function packerInlayHints(input: InlayHintInput): Promise<InlayHint[]> {
  const { model, range } = input;
  const visible = model.references.filter(
    (reference) => (reference.root === 'var' || reference.root === 'local') && reference.parts.length === 1 && within(reference.range, range),
  );
  if (visible.length === 0) return [];
  const assignments = await varFileAssignments(input);
  const localTexts = new Map<string, TextDocument | undefined>();
  const hints: InlayHint[] = [];
  for (const reference of visible) {
    const name = reference.parts[0]!;
    const value = reference.root === 'var' ? variableValue(name, input.configuration, assignments) : await localValue(name, input, localTexts);
    if (!value) continue;
    hints.push({ position: reference.range.end, label: `= ${shortened(value.text)}`, paddingLeft: true, tooltip: `${reference.root}.${name} — ${value.from}` });
  }
  return hints;
}

function variableValue(name: string, configuration: PackerConfiguration, assignments: Map<string, ResolvedValue>): ResolvedValue | undefined {
  const declaration = configuration.variables.get(name)?.[0];
  if (!declaration) return undefined;
  // The same policy as build logs and history: declared sensitive, or named like a secret.
  if (declaration.item.sensitive || isSecretName(name)) return { text: '(sensitive)', from: 'sensitive: its value is not shown' };
  const assigned = assignments.get(name);
  if (assigned) return assigned;
  return declaration.item.defaultText === undefined ? undefined : { text: declaration.item.defaultText, from: `default in ${baseName(declaration.uri)}` };
}

async function localValue(name: string, input: InlayHintInput, texts: Map<string, TextDocument | undefined>): Promise<ResolvedValue | undefined> {
  const declaration = input.configuration.locals.get(name)?.[0];
  if (!declaration) return undefined;
  if (!texts.has(declaration.uri)) texts.set(declaration.uri, await documentOf(input, declaration.uri));
  const document = texts.get(declaration.uri);
  const value = document === undefined ? undefined : assignedText(document, declaration.item);
  return value === undefined ? undefined : { text: value, from: `local in ${baseName(declaration.uri)}` };
}

/** Later files win: auto var files in name order, then the selected ones in the order given. */
async function varFileAssignments(input: InlayHintInput): Promise<Map<string, ResolvedValue>> {
  const byName = new Map<string, ResolvedValue>();
  const varFiles = input.configuration.files.filter((file) => file.kind === 'packervars');
  // Packer applies them in lexical byte order of their names.
  const auto = varFiles.filter((file) => file.uri.endsWith(AUTO_VAR_FILE)).sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  const selected = input.selectedVarFiles
    .map((relative) => varFiles.find((file) => file.uri.endsWith(`/${relative.replace(/^\.\//, '')}`)))
    .filter((file): file is PackerFileModel => file !== undefined);
  for (const file of [...auto, ...selected]) {
    if (file.assignments.length === 0) continue;
    const document = await documentOf(input, file.uri);
    if (document === undefined) continue;
    for (const assignment of file.assignments) {
      const value = assignedText(document, assignment);
      if (value !== undefined) byName.set(assignment.name, { text: value, from: `set in ${baseName(file.uri)}` });
    }
  }
  return byName;
}

/** A file's text with its line offsets, computed once for all of its declarations. */
async function documentOf(input: InlayHintInput, uri: string): Promise<TextDocument | undefined> {
  const text = await input.textOf(uri);
  return text === undefined ? undefined : TextDocument.create(uri, 'packer', 0, text);
}

/** The expression after `=` of an attribute declaration. */
function assignedText(document: TextDocument, declaration: Declaration): string | undefined {
  const source = document.getText({ start: declaration.nameRange.end, end: declaration.range.end });
  const equals = source.indexOf('=');
  return equals === -1 ? undefined : source.slice(equals + 1).trim();
}

function shortened(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length <= MAX_LABEL ? oneLine : `${oneLine.slice(0, MAX_LABEL - 1)}…`;
}

function within(inner: Range, outer: Range): boolean {
  const startsAfter = inner.start.line > outer.start.line || (inner.start.line === outer.start.line && inner.start.character >= outer.start.character);
  const endsBefore = inner.end.line < outer.end.line || (inner.end.line === outer.end.line && inner.end.character <= outer.end.character);
  return startsAfter && endsBefore;
}

function baseName(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}
