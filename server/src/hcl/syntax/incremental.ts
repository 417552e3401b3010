// Keystroke-sized syntax checks. The server re-checks the whole document on every change, but a keystroke touches one
// top-level item. This remembers, per document, the last text that checked clean, split at top-level boundaries into
// pieces that each check clean on their own; the next text is compared with it, and only the pieces the change
// overlaps are scanned and parsed again.
//
// Why that equals the whole-file check: at a top-level boundary (after a newline, outside any string, heredoc,
// template, brace, bracket and parenthesis) the scanner is in its initial state and a parser that has found nothing
// wrong is between two body items, exactly as at the start of a file. So a text whose pieces each check clean checks
// clean as a whole, except for what spans pieces: the duplicate-argument check, done here across pieces. Anything
// else (an error anywhere, which error recovery may carry across items; skipped deep nesting; a byte order mark; a
// different HCL version) is left to the whole-file check, which starts at the first changed piece, since the text
// before it is known to be clean.
import { checkTokens } from './parser';
import type { HclDiagnostic, HclParseOptions, HclParseResult, TopLevelAttribute } from './parser';
import { RecentDocuments } from '../../util/recentDocuments';
import { scanTokens } from './scanner';
import type { Token } from './scanner';

/** A run of whole top-level items between two top-level boundaries that checks clean on its own. */
interface CleanPiece {
  start: number;
  end: number;
  attributes: readonly TopLevelAttribute[];
}

interface CleanText {
  text: string;
  namespacedFunctions: boolean;
  /** Contiguous, covering the whole text. */
  pieces: CleanPiece[];
}

export type SyntaxCheckOptions = Pick<HclParseOptions, 'namespacedFunctions' | 'describeRange'>;

/** Documents are never closed from here, so the memory is bounded instead: a few recent documents, a few megabytes. */
const MAX_DOCUMENTS = 16;
const MAX_REMEMBERED_CHARACTERS = 8 * 1024 * 1024;
const NO_ATTRIBUTES: readonly TopLevelAttribute[] = [];

const remembered = new RecentDocuments<CleanText>(MAX_DOCUMENTS, MAX_REMEMBERED_CHARACTERS);

/**
 * hclsyntax's diagnostics for `text`, identical to `parseHcl(text, options).diagnostics`, reusing what the previous
 * check of the same document (`key`, its URI) learnt.
 */
export function checkSyntax(key: string, text: string, options: SyntaxCheckOptions): HclDiagnostic[] {
  const previous = remembered.get(key);
  const reusable = previous !== undefined && previous.namespacedFunctions === options.namespacedFunctions && text.charCodeAt(0) !== 0xfeff;
  const result = reusable ? checkChange(previous, text, options) : checkFrom(0, NO_ATTRIBUTES, text, options);
  if (result.clean) remember(key, result.clean);
  else if (previous) remember(key, previous);
  return result.diagnostics;
}

/** Forget every document (tests use it to compare a fresh check with an incremental one). */
export function forgetCheckedDocuments(): void {
  remembered.clear();
}

interface CheckOutcome {
  diagnostics: HclDiagnostic[];
  /** What to remember: set when the text checked clean. */
  clean?: CleanText;
}

function checkChange(previous: CleanText, text: string, options: SyntaxCheckOptions): CheckOutcome {
  const old = previous.text;
  if (old === text) return { diagnostics: [], clean: previous };
  const changeStart = commonPrefixLength(old, text);
  const suffix = commonSuffixLength(old, text, Math.min(old.length, text.length) - changeStart);
  const newChangeEnd = text.length - suffix;
  const delta = text.length - old.length;
  const { pieces } = previous;
  if (pieces.length === 0) return checkFrom(0, NO_ATTRIBUTES, text, options);

  // The last piece starting at or before the change: the text before it is unchanged and known to be clean.
  const first = lastPieceStartingAtOrBefore(pieces, changeStart);
  const from = pieces[first].start;

  // Re-check from there up to the first boundary past the change that is also an old boundary: beyond it the text
  // and the scanner state are the same as before, so the old pieces hold.
  const boundaries: number[] = [];
  /** The first old piece at or after the boundary being looked at. */
  let reused = first;
  const isOldBoundary = (offset: number): boolean => {
    const oldOffset = offset - delta;
    while (reused < pieces.length && pieces[reused].start < oldOffset) reused++;
    return oldOffset === old.length || (reused < pieces.length && pieces[reused].start === oldOffset);
  };
  let stoppedAt = text.length;
  const tokens = scanTokens(text, {
    doubleColon: options.namespacedFunctions,
    from,
    onBoundary: (offset) => {
      if (offset >= newChangeEnd && isOldBoundary(offset)) {
        stoppedAt = offset;
        return true;
      }
      boundaries.push(offset);
      return false;
    },
  });
  const region = checkTokens(tokens, text, options);
  if (region.diagnostics.length === 0 && !region.truncated) {
    const after = stoppedAt === text.length ? [] : pieces.slice(reused).map((piece) => shifted(piece, delta));
    const next = [...pieces.slice(0, first), ...piecesBetween(from, boundaries, stoppedAt, region.topLevelAttributes), ...after];
    if (!hasRedefinedAttribute(next)) return { diagnostics: [], clean: { text, namespacedFunctions: options.namespacedFunctions, pieces: next } };
  }
  // The whole-file check from `from` on. The region's tokens serve again: where it stopped the scanner was in its
  // initial state, so scanning on from there continues the same token stream.
  if (stoppedAt < text.length) {
    tokens.pop(); // the region's EOF
    boundaries.push(stoppedAt);
    const rest = scanTokens(text, { doubleColon: options.namespacedFunctions, from: stoppedAt, onBoundary: collectInto(boundaries) });
    for (const token of rest) tokens.push(token);
  }
  const earlier = pieces.slice(0, first).flatMap((piece) => piece.attributes);
  const result = checkFrom(from, earlier, text, options, { tokens, boundaries });
  if (result.clean) result.clean.pieces.unshift(...pieces.slice(0, first));
  return result;
}

function collectInto(boundaries: number[]): (offset: number) => boolean {
  return (offset) => {
    boundaries.push(offset);
    return false;
  };
}

/**
 * The whole-file check of `text`, starting at a boundary `from` before which the text is clean, on the tokens from
 * there on when they are already scanned.
 */
function checkFrom(
  from: number,
  earlierAttributes: readonly TopLevelAttribute[],
  text: string,
  options: SyntaxCheckOptions,
  scanned?: { tokens: Token[]; boundaries: number[] },
): CheckOutcome {
  const boundaries = scanned?.boundaries ?? [];
  const tokens = scanned?.tokens ?? scanTokens(text, { doubleColon: options.namespacedFunctions, from, onBoundary: collectInto(boundaries) });
  const result: HclParseResult = checkTokens(tokens, text, { ...options, earlierAttributes });
  if (result.diagnostics.length > 0 || result.truncated || text.charCodeAt(0) === 0xfeff) return { diagnostics: result.diagnostics };
  const pieces = piecesBetween(from, boundaries, text.length, result.topLevelAttributes);
  return { diagnostics: result.diagnostics, clean: { text, namespacedFunctions: options.namespacedFunctions, pieces } };
}

function piecesBetween(from: number, boundaries: readonly number[], end: number, attributes: readonly TopLevelAttribute[]): CleanPiece[] {
  const pieces: CleanPiece[] = [];
  let next = 0;
  let start = from;
  for (const boundary of [...boundaries, end]) {
    if (boundary <= start) continue;
    let last = next;
    while (last < attributes.length && attributes[last].start < boundary) last++;
    pieces.push({ start, end: boundary, attributes: last === next ? NO_ATTRIBUTES : attributes.slice(next, last) });
    next = last;
    start = boundary;
  }
  return pieces;
}

function shifted(piece: CleanPiece, delta: number): CleanPiece {
  if (delta === 0) return piece;
  const attributes = piece.attributes.length === 0 ? NO_ATTRIBUTES : piece.attributes.map((a) => ({ ...a, start: a.start + delta, end: a.end + delta }));
  return { start: piece.start + delta, end: piece.end + delta, attributes };
}

function hasRedefinedAttribute(pieces: readonly CleanPiece[]): boolean {
  const names = new Set<string>();
  for (const piece of pieces) {
    for (const attribute of piece.attributes) {
      if (names.has(attribute.name)) return true;
      names.add(attribute.name);
    }
  }
  return false;
}

function lastPieceStartingAtOrBefore(pieces: readonly CleanPiece[], offset: number): number {
  let low = 0;
  let high = pieces.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (pieces[middle].start <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}

/**
 * Runs of text are compared natively, in slices that double while they match and halve where they do not, so only
 * a few characters around the first difference are compared one by one.
 */
function commonPrefixLength(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let length = 0;
  let step = 64;
  while (length < max) {
    const end = Math.min(max, length + step);
    if (a.slice(length, end) === b.slice(length, end)) {
      length = end;
      step *= 2;
    } else if (end - length <= 16) break;
    else step = (end - length) >> 1;
  }
  while (length < max && a.charCodeAt(length) === b.charCodeAt(length)) length++;
  return length;
}

function commonSuffixLength(a: string, b: string, max: number): number {
  let length = 0;
  let step = 64;
  while (length < max) {
    const end = Math.min(max, length + step);
    if (a.slice(a.length - end, a.length - length) === b.slice(b.length - end, b.length - length)) {
      length = end;
      step *= 2;
    } else if (end - length <= 16) break;
    else step = (end - length) >> 1;
  }
  while (length < max && a.charCodeAt(a.length - length - 1) === b.charCodeAt(b.length - length - 1)) length++;
  return length;
}

function remember(key: string, clean: CleanText): void {
  remembered.set(key, clean, clean.text.length);
}
