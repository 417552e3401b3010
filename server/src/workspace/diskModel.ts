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
export type DiskModelResult = { model: PackerFileModel } | NotIndexed;
type NotIndexed = { skipped: true } | { problem: string };

export function fileKindOf(name: string): FileKind | undefined {
  const kind = documentKind(name);
  return kind === 'packer' || kind === 'packervars' ? kind : undefined;
}

/** The text of a file worth indexing, or the reason it is left out. Only this part waits for the disk. */
export type DiskText = { kind: FileKind; fsPath: string; text: string } | { result: NotIndexed };

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

function indexTarget(uri: string): { kind: FileKind; fsPath: string } | { result: NotIndexed } {
  const fsPath = URI.parse(uri).fsPath;
  const kind = fileKindOf(path.basename(fsPath));
  return kind ? { kind, fsPath } : { result: { skipped: true } };
}

function diskText(target: { kind: FileKind; fsPath: string }, text: string): DiskText {
  return whyUnparsable(text) ? { result: { skipped: true } } : { ...target, text };
}

/**
 * A model as it travels from the indexing worker, and as it is kept: JSON. The index keeps a model per closed file for
 * as long as the workspace is open, thousands of them. Rebuilt by JSON.parse, its objects are laid out exactly to size
 * and its strings stop holding on to the file's text: a quarter less heap than the model as built (or as a structured
 * clone of it delivers it), e.g. 18.7 KB instead of 25.7 KB per corpus template.
 */
export type DiskModelWire = { modelJson: string } | NotIndexed;

/** Parses and models a file's text; synchronous, so callers sharing one parser never interleave. */
export function diskModelFromText(uri: string, read: DiskText, parser: LanguageParser): DiskModelResult {
  return fromWire(diskModelWire(uri, read, parser));
}

/** diskModelFromText for the worker, which posts the JSON (cheaper to post than the objects, too). */
export function diskModelWire(uri: string, read: DiskText, parser: LanguageParser): DiskModelWire {
  if ('result' in read) return read.result;
  try {
    const tree = parser.parse(read.text);
    try {
      // Nobody edits a file read from disk, so its model keeps no fragments for reuse by a next version.
      return { modelJson: JSON.stringify(buildFileModel(TextDocument.create(uri, read.kind, 0, read.text), tree, read.kind, undefined, false)) };
    } finally {
      tree.delete();
    }
  } catch (error) {
    return { problem: problemMessage(read.fsPath, error) };
  }
}

export function fromWire(wire: DiskModelWire): DiskModelResult {
  return 'modelJson' in wire ? { model: JSON.parse(wire.modelJson) as PackerFileModel } : wire;
}

function problemMessage(fsPath: string, error: unknown): string {
  return `could not index ${fsPath}: ${describeError(error)}`;
}
