// `"${path.root}/files/setup.sh"`: a link to the file, and a warning when there is no such file. Packer resolves
// path.root to the template's directory, so the target is known without running anything.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Diagnostic, DocumentLink, Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, defineRule, makeDiagnostic } from '../diagnostics/rules';
import { ancestors, attributeExpression, attributeName, attributesOf, namedNodeAt } from '../parsing/nodes';
import type { SyntaxTree } from '../parsing/treeSitter';
import type { PackerFileModel } from './model';

export const missingPathRootFile = defineRule({
  code: 'reference/missing-file',
  severity: DiagnosticSeverity.Warning,
  description: 'A `"${path.root}/…"` path that a build reads (a script, an uploaded file, a playbook, …) names nothing beside the template.',
});

/**
 * Attributes whose path Packer or a plugin reads from this machine. Everything else may name what a build writes (a
 * manifest's `output`, a download's `destination`), which does not exist before the build.
 */
const LOCAL_INPUTS = new Set([
  'script',
  'scripts',
  'source',
  'sources',
  'playbook_file',
  'playbook_dir',
  'galaxy_file',
  'inventory_file',
  'inventory_directory',
  'role_paths',
  'http_directory',
  'floppy_files',
  'floppy_dirs',
  'cd_files',
  'user_data_file',
  'environment_vars_file',
]);

/** How long a file's existence is trusted before it is checked again (files appear while people work). */
const RECHECK_AFTER_MS = 5_000;
const MAX_REMEMBERED = 4_096;
/** How far around `path.root` its `${` and `}` may be (blanks are allowed inside the braces). */
const NEAR = 16;

export interface PathRootReference {
  /** The path after `${path.root}/`, as written. */
  relative: string;
  /** From `${` to the end of the path. */
  range: Range;
  target: string;
}

export interface PathRootFeatures {
  links(document: TextDocument, model: PackerFileModel): DocumentLink[];
  /**
   * Warnings for paths a build reads that are known to be missing; unknown ones are checked in the background, then
   * `reanalyze` is asked.
   */
  diagnostics(document: TextDocument, model: PackerFileModel, tree: SyntaxTree): Diagnostic[];
}

export function pathRootReferences(document: TextDocument, model: PackerFileModel): PathRootReference[] {
  if (!document.uri.startsWith('file:')) return [];
  const text = document.getText();
  const directory = path.dirname(fileURLToPath(document.uri));
  const found: PathRootReference[] = [];
  for (const reference of model.references) {
    if (reference.root !== 'path' || reference.parts[0] !== 'root' || reference.parts.length !== 1) continue;
    const start = document.offsetAt(reference.range.start);
    const end = document.offsetAt(reference.range.end);
    // Only `${ path.root }/`: look a few characters around the reference, never across the file (this runs per keystroke).
    const before = text.slice(Math.max(0, start - NEAR), start);
    const open = before.lastIndexOf('${');
    if (open === -1 || before.slice(open + 2).trim() !== '') continue;
    const closeAt = text.slice(end, end + NEAR).indexOf('}');
    const close = closeAt === -1 ? -1 : end + closeAt;
    if (close === -1 || text.slice(end, close).trim() !== '' || text[close + 1] !== '/') continue;
    const openAt = start - before.length + open;
    // The literal path runs to the closing quote; a path with more interpolation after it is not a fixed file.
    let stop = close + 2;
    while (stop < text.length && !'"\n'.includes(text[stop]!) && !(text[stop] === '$' && text[stop + 1] === '{')) stop++;
    if (text[stop] !== '"') continue;
    const relative = text.slice(close + 2, stop);
    if (relative === '' || relative.includes('\\')) continue;
    found.push({ relative, range: { start: document.positionAt(openAt), end: document.positionAt(stop) }, target: path.join(directory, relative) });
  }
  return found;
}

export function createPathRootFeatures(reanalyze: (uris: readonly string[]) => void): PathRootFeatures {
  // While a re-check runs, the last answer stands, so a warning does not flicker.
  const existence = new Map<string, { exists?: boolean; checkedAt: number; pending: boolean }>();

  const check = (target: string, uri: string) => {
    if (existence.size > MAX_REMEMBERED) existence.clear();
    const before = existence.get(target);
    existence.set(target, { exists: before?.exists, checkedAt: before?.checkedAt ?? 0, pending: true });
    void stat(target)
      .then(
        () => true,
        () => false,
      )
      .then((exists) => {
        existence.set(target, { exists, checkedAt: Date.now(), pending: false });
        if (before?.exists !== exists) reanalyze([uri]);
      });
  };

  return {
    links(document, model) {
      return pathRootReferences(document, model).map((reference) => ({
        range: reference.range,
        target: pathToFileURL(reference.target).toString(),
        tooltip: `Open ${reference.relative}`,
      }));
    },

    diagnostics(document, model, tree) {
      const diagnostics: Diagnostic[] = [];
      for (const reference of pathRootReferences(document, model)) {
        if (!readsLocalFile(tree, document.getText(), document.offsetAt(reference.range.start))) continue;
        const known = existence.get(reference.target);
        if (!known || (!known.pending && Date.now() - known.checkedAt > RECHECK_AFTER_MS)) check(reference.target, document.uri);
        if (known?.exists === false) {
          diagnostics.push(makeDiagnostic(missingPathRootFile, reference.range, `There is no "${reference.relative}" in the template's folder (path.root).`));
        }
      }
      return diagnostics;
    },
  };
}

/** Whether the path at `offset` is the value of an attribute a build reads from this machine. */
function readsLocalFile(tree: SyntaxTree, text: string, offset: number): boolean {
  const attribute = ancestors(namedNodeAt(tree, offset + 1)).find((node) => node.type === 'attribute');
  if (!attribute || !LOCAL_INPUTS.has(attributeName(attribute))) return false;
  // The file provisioner's `source` is on the machine being built when it downloads.
  const siblings = attribute.parent ? attributesOf(attribute.parent) : [];
  const direction = siblings.find((sibling) => attributeName(sibling) === 'direction');
  const value = direction && attributeExpression(direction);
  return !(value && text.slice(value.startIndex, value.endIndex).trim() === '"download"');
}
