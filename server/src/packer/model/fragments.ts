// Incremental reuse: the part of a model each top-level item (and each child of a top-level block) contributed, kept
// with the model so the next version of the document rebuilds only the items whose text changed, and moves the rest.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position } from 'vscode-languageserver-types';
import { movedPosition } from './ranges';
import type { FileKind, PackerFileModel } from './types';

/**
 * The part of a model one item contributes, and where that item started. Top-level blocks also keep their body's
 * direct children's parts, so a keystroke inside a large block rebuilds only the attribute or nested block it changed.
 */
export interface ItemFragment {
  origin: Position;
  model: PackerFileModel;
  children?: Map<string, ItemFragment>;
}

export const FRAGMENT_LISTS = ['variables', 'locals', 'sources', 'dataSources', 'builds', 'references', 'sourceStrings', 'functionCalls', 'assignments', 'requiredPlugins'] as const;

export function emptyModel(uri: string, kind: FileKind): PackerFileModel {
  return { uri, kind, variables: [], locals: [], sources: [], dataSources: [], builds: [], references: [], sourceStrings: [], functionCalls: [], assignments: [], requiredPlugins: [] };
}

export interface BuildContext {
  document: TextDocument;
  text: string;
}

/** Reuse of the body children of a top-level block rebuilt for a keystroke: the previous version's, and this block's. */
export interface ChildReuse {
  earlier(key: string): ItemFragment | undefined;
  children: Map<string, ItemFragment>;
}

/** The fragment, moved to `origin` when the same text now starts elsewhere. Its children keep their own origins. */
export function reusedFragment(fragment: ItemFragment | undefined, origin: Position): ItemFragment | undefined {
  if (!fragment || (fragment.origin.line === origin.line && fragment.origin.character === origin.character)) return fragment;
  return { origin, model: movedTo(fragment.model, fragment.origin, origin), ...(fragment.children ? { children: fragment.children } : {}) };
}

/** A copy of a fragment's items for the same text starting at `to` instead of `from`. */
function movedTo(fragment: PackerFileModel, from: Position, to: Position): PackerFileModel {
  // Recursion is bounded by the fixed shape of model items (a few levels), not by the document's nesting.
  const move = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(move);
    if (value === null || typeof value !== 'object') return value;
    const record = value as Record<string, unknown>;
    if (typeof record.line === 'number' && typeof record.character === 'number' && Object.keys(record).length === 2) {
      return movedPosition(record as unknown as Position, from, to);
    }
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(record)) copy[key] = move(record[key]);
    return copy;
  };
  return move(fragment) as PackerFileModel;
}

/** Where a model keeps its fragments: on the model itself, hidden from enumeration, JSON and equality checks. */
const FRAGMENTS = Symbol('bilder.modelFragments');

export function fragmentsOf(model: PackerFileModel): Map<string, ItemFragment> | undefined {
  return (model as { [FRAGMENTS]?: Map<string, ItemFragment> })[FRAGMENTS];
}

export function keepFragments(model: PackerFileModel, fragments: Map<string, ItemFragment>): void {
  Object.defineProperty(model, FRAGMENTS, { value: fragments, enumerable: false });
}
