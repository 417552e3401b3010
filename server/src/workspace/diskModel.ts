// Reading one closed Packer file into its model: the work of indexing, shared by the server's thread and the
// model-building worker (modelWorker.ts) so both give the same answer.
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { documentKind } from '../analysis/languages';
import { describeError } from '../logger';
import { buildFileModel } from '../packer/model';
import type { FileKind, PackerFileModel } from '../packer/model';
import { whyUnparsable } from '../parsing/documentTrees';
import type { LanguageParser } from '../parsing/treeSitter';
import { readRegularFileSync } from './regularFile';

/** Files larger than this are not indexed from disk (they are still analysed when opened). */
export const MAX_INDEXED_BYTES = 2 * 1024 * 1024;

/** A model, nothing (not a Packer file, binary), or why the file was not read (FIFO, device, too large, unreadable). */
export type DiskModelResult = { model: PackerFileModel } | { skipped: true } | { problem: string };

export function fileKindOf(name: string): FileKind | undefined {
  const kind = documentKind(name);
  return kind === 'packer' || kind === 'packervars' ? kind : undefined;
}

/** The text of a file worth indexing, or the reason it is left out. Only this part waits for the disk. */
export type DiskText = { kind: FileKind; fsPath: string; text: string } | { result: DiskModelResult };

/**
 * Reads a file to index, blocking: both indexing threads do, one file at a time, as tsserver reads its files; a
 * non-blocking read costs ten times the CPU, through a thread pool that competes with the parsing threads.
 */
export function readDiskTextSync(uri: string): DiskText {
  const target = indexTarget(uri);
  if ('result' in target) return target;
  try {
    const read = readRegularFileSync(target.fsPath, MAX_INDEXED_BYTES);
    if ('skipped' in read) return { result: { problem: `not indexing ${target.fsPath}: ${read.skipped}` } };
    return diskText(target, read.text);
  } catch (error) {
    return { result: { problem: problemMessage(target.fsPath, error) } };
  }
}

function indexTarget(uri: string): { kind: FileKind; fsPath: string } | { result: DiskModelResult } {
  const fsPath = URI.parse(uri).fsPath;
  const kind = fileKindOf(path.basename(fsPath));
  return kind ? { kind, fsPath } : { result: { skipped: true } };
}

function diskText(target: { kind: FileKind; fsPath: string }, text: string): DiskText {
  return whyUnparsable(text) ? { result: { skipped: true } } : { ...target, text };
}

/** Parses and models a file's text; synchronous, so callers sharing one parser never interleave. */
export function diskModelFromText(uri: string, read: DiskText, parser: LanguageParser): DiskModelResult {
  if ('result' in read) return read.result;
  try {
    const tree = parser.parse(read.text);
    try {
      // Nobody edits a file read from disk, so its model keeps no fragments for reuse by a next version.
      return { model: buildFileModel(TextDocument.create(uri, read.kind, 0, read.text), tree, read.kind, undefined, false) };
    } finally {
      tree.delete();
    }
  } catch (error) {
    return { problem: problemMessage(read.fsPath, error) };
  }
}

function problemMessage(fsPath: string, error: unknown): string {
  return `could not index ${fsPath}: ${describeError(error)}`;
}
