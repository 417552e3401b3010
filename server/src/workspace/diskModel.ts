// Reading one closed Packer file into its model: the work of indexing, shared by the server's thread and the
// model-building worker (modelWorker.ts) so both give the same answer.
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position } from 'vscode-languageserver-types';
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
 * clone of it delivers it), e.g. 18.7 KB instead of 25.7 KB per corpus template; with SharedPositions, 11.6 KB.
 */
export type DiskModelWire = { modelJson: string } | NotIndexed;

/** Parses and models a file's text; synchronous, so callers sharing one parser never interleave. */
export function diskModelFromText(uri: string, read: DiskText, parser: LanguageParser, positions?: SharedPositions): DiskModelResult {
  return fromWire(diskModelWire(uri, read, parser), positions);
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

export function fromWire(wire: DiskModelWire, positions?: SharedPositions): DiskModelResult {
  return 'modelJson' in wire ? { model: JSON.parse(wire.modelJson, positions?.reviver) as PackerFileModel } : wire;
}

/** Past this many distinct positions new ones are no longer shared (the table stays bounded, the models correct). */
const MAX_SHARED_POSITIONS = 1_000_000;
/** Positions are keyed by line × this + character; a character beyond it (a 4 MB line) is simply not shared. */
const CHARACTERS_PER_LINE_KEY = 4 * 1024 * 1024;

/**
 * One object per distinct line and character for the models of closed files, shared by every model that has it.
 * Positions are three fifths of a model's objects, and a workspace of 20,000 templates uses only tens of thousands of
 * distinct ones: sharing them takes a model from 18.7 KB to 11.6 KB of heap (JSON.parse with this reviver costs
 * ≈0.15 ms more per model). They are frozen, because shared: nothing edits a model's positions.
 */
export class SharedPositions {
  private readonly positions = new Map<number, Position>();

  readonly reviver = (_key: string, value: unknown): unknown => {
    if (!isPosition(value) || value.character >= CHARACTERS_PER_LINE_KEY) return value;
    const key = value.line * CHARACTERS_PER_LINE_KEY + value.character;
    const known = this.positions.get(key);
    if (known) return known;
    if (this.positions.size >= MAX_SHARED_POSITIONS) return value;
    const shared = Object.freeze(value);
    this.positions.set(key, shared);
    return shared;
  };
}

function isPosition(value: unknown): value is Position {
  return typeof value === 'object' && value !== null && typeof (value as Position).line === 'number' && typeof (value as Position).character === 'number';
}

function problemMessage(fsPath: string, error: unknown): string {
  return `could not index ${fsPath}: ${describeError(error)}`;
}
