// Local files a deploy uploads (`src="files/…"`, `Path(__file__).parent / "templates" / …`): completion inside the
// string, document links, go to definition, and a diagnostic when the file does not exist.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CompletionItemKind, InsertTextFormat } from 'vscode-languageserver';
import type { CompletionItem, Diagnostic, DocumentLink, Location } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { makeDiagnostic } from '../diagnostics/rules';
import type { DeployDocument } from './deployContext';
import { exists, isDeployFile, rangeOf } from './deployContext';
import { deployImports, operationResolver } from './operationCalls';
import { PathEvaluator, localPaths, operationSourceDirectory } from './paths';
import type { LocalPath } from './paths';
import { enclosing, nodeAt, stringContentSpan } from './pythonSyntax';
import type { Refreshing } from './refreshing';
import { missingFile } from './rules';

function localPathsOf({ tree, document, filePath }: DeployDocument): LocalPath[] {
  return localPaths(tree, document.getText(), filePath, { deployDirectory: isDeployFile(filePath) ? path.dirname(filePath) : undefined, operationOf: operationResolver(deployImports(tree)) });
}

export function pathDiagnostics(current: DeployDocument, existence: Refreshing<boolean>): Diagnostic[] {
  const { document, filePath } = current;
  const diagnostics: Diagnostic[] = [];
  for (const local of localPathsOf(current)) {
    const found = existence.peek(local.target, () => exists(local.target), document.uri);
    if (found !== false) continue;
    const shown = path.relative(path.dirname(filePath), local.target);
    diagnostics.push(makeDiagnostic(missingFile, rangeOf(document, local.literal), `${shown} does not exist (resolved to ${local.target}).`));
  }
  return diagnostics;
}

export async function pathCompletion(current: DeployDocument): Promise<CompletionItem[] | undefined> {
  const { document, tree, offset, filePath } = current;
  const literal = enclosing(nodeAt(tree, offset), 'string', 3);
  if (!literal) return undefined;
  const span = stringContentSpan(literal);
  if (offset < span.start || offset > span.end) return undefined;
  const text = document.getText();
  const evaluator = new PathEvaluator(tree, text, filePath);
  const base =
    evaluator.baseForSegment(literal) ?? (isDeployFile(filePath) ? operationSourceDirectory(literal, path.dirname(filePath), operationResolver(deployImports(tree))) : undefined);
  if (!base) return undefined;
  const typed = text.slice(span.start, offset);
  const slash = typed.lastIndexOf('/');
  const directory = path.join(base, typed.slice(0, slash + 1));
  const entries = await fs.readdir(directory, { withFileTypes: true }).catch(() => []);
  const replace = { start: document.positionAt(span.start + slash + 1), end: document.positionAt(offset) };
  return entries
    .filter((entry) => !entry.name.startsWith('.') && entry.name !== '__pycache__')
    .map((entry) => ({
      label: entry.isDirectory() ? `${entry.name}/` : entry.name,
      kind: entry.isDirectory() ? CompletionItemKind.Folder : CompletionItemKind.File,
      detail: path.relative(path.dirname(filePath), path.join(directory, entry.name)),
      textEdit: { range: replace, newText: entry.name },
      insertTextFormat: InsertTextFormat.PlainText,
    }));
}

export async function pathDefinition(current: DeployDocument): Promise<Location[] | undefined> {
  const literal = enclosing(nodeAt(current.tree, current.offset), 'string', 3);
  if (!literal) return undefined;
  const local = localPathsOf(current).find((entry) => entry.literal.id === literal.id);
  if (local && (await exists(local.target))) return [{ uri: URI.file(local.target).toString(), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }];
  return undefined;
}

export async function pathLinks(current: DeployDocument): Promise<DocumentLink[]> {
  const { document, filePath } = current;
  const result: DocumentLink[] = [];
  for (const local of localPathsOf(current)) {
    const isFile = await fs.stat(local.target).then((stat) => stat.isFile(), () => false);
    if (!isFile) continue;
    const span = stringContentSpan(local.literal);
    result.push({ range: { start: document.positionAt(span.start), end: document.positionAt(span.end) }, target: URI.file(local.target).toString(), tooltip: path.relative(path.dirname(filePath), local.target) });
  }
  return result;
}
