// What every deploy.py feature receives: the open document, its Python tree and where it lives, plus the small
// conversions they all need.
import { promises as fs } from 'node:fs';
import { MarkupKind } from 'vscode-languageserver';
import type { MarkupContent, Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import type { SyntaxNode, SyntaxTree } from '../parsing/treeSitter';

export interface DeployDocument {
  document: TextDocument;
  tree: SyntaxTree;
  filePath: string;
  /** The request's position as an offset; 0 for document-wide questions. */
  offset: number;
}

export function uriToPath(uri: string): string | undefined {
  try {
    const parsed = URI.parse(uri);
    return parsed.scheme === 'file' ? parsed.fsPath : undefined;
  } catch {
    return undefined;
  }
}

export function rangeOf(document: TextDocument, node: SyntaxNode): Range {
  return { start: document.positionAt(node.startIndex), end: document.positionAt(node.endIndex) };
}

/** `deploy.py` and `sample_deploy.py`: files PyInfra runs directly, whose relative `src=` paths start at their folder. */
export function isDeployFile(filePath: string): boolean {
  return /(^|[_/\\])deploy\.py$/.test(filePath);
}

export function markdown(value: string): MarkupContent {
  return { kind: MarkupKind.Markdown, value };
}

export async function exists(filePath: string): Promise<boolean> {
  try {
    await fs.stat(filePath);
    return true;
  } catch {
    return false;
  }
}
