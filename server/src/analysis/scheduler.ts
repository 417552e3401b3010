// Coalesces analysis: however many changes arrive, a document is analysed once they stop coming, always against its
// newest text, never once per change. Changes are applied to the text as they arrive (openDocuments.ts); this decides
// when the expensive part runs:
// - it waits for one whole turn of the event loop without a change to the document, so a storm of changes already
//   queued on the connection (a client sending the full text on every keystroke) is applied first and analysed once;
// - it never spends more than about half the time analysing one document: after an analysis that took d ms, the next
//   one starts no sooner than d ms after it ended, so requests and changes are always served in between;
// - during a storm that never pauses it still runs every STORM_REFRESH_MS, so diagnostics do not freeze;
// - large documents wait for a pause in typing that grows with their size;
// - requests go first. An analysis runs in steps with a turn of the event loop between them: the reparse in slices of
//   PARSE_SLICE_MS (tree-sitter's error recovery makes the reparse of half-typed text take tens of milliseconds), the
//   syntax check, the configuration-wide checks; only the storm refresh runs whole. Over LSP, a step (or a look) that
//   sees a message arrived meanwhile waits another turn, so the connection dispatches it first: editors send a
//   completion request right behind the keystroke's didChange.
import type { DiagnosticsStore } from '../diagnostics/store';
import type { Logger } from '../logger';
import { describeError } from '../logger';
import type { LanguageServices } from '../languages/service';
import type { OpenDocuments } from '../workspace/openDocuments';
import { PARSE_UNFINISHED } from '../parsing/documentTrees';
import { analyzeDocument } from './analyzeDocument';

/** Below this size an analysis takes a few milliseconds: it starts at once. */
const LARGE_DOCUMENT_CHARACTERS = 64 * 1024;

/**
 * How long a slice of an open document's reparse runs before requests get a turn. Tree-sitter checks the time only every
 * hundred or so steps, so a slice runs a little over this (well over, in its rarest pathological recoveries).
 */
const PARSE_SLICE_MS = 1;

/** How many turns an analysis step gives way to a client whose messages keep arriving. */
const MAX_YIELDS = 8;

/** The longest a storm of changes may hold back a small document's diagnostics. */
export const STORM_REFRESH_MS = 300;

/** A 1 MB template costs about a second to analyse; waiting ~250 ms of quiet first keeps typing responsive. */
export function analysisDelayMs(length: number): number {
  return length <= LARGE_DOCUMENT_CHARACTERS ? 0 : Math.min(750, Math.round(length / 4096));
}

type Handle = { kind: 'immediate'; handle: NodeJS.Immediate } | { kind: 'timeout'; handle: NodeJS.Timeout };

interface Pending {
  handle: Handle;
  /** When the first change of this burst arrived. */
  since: number;
  /** A change arrived since the last look. */
  changed: boolean;
  /** Turns looked at so far; the first look always waits one more turn for changes already queued. */
  looks: number;
  /** When the last look (or the change that scheduled the first) happened. */
  lookedAt: number;
  /** Time spent in reparse slices so far. */
  parseMs: number;
  /** The storm refresh forced this analysis (changes never paused): it runs whole, in one step. */
  storm: boolean;
}

interface LastRun {
  endedAt: number;
  durationMs: number;
}

export class AnalysisScheduler {
  private readonly pending = new Map<string, Pending>();
  private readonly lastRun = new Map<string, LastRun>();
  /** Analyses past their reparse whose second step has yet to run. */
  private finishing = 0;
  private disposed = false;

  constructor(
    private readonly documents: OpenDocuments,
    private readonly diagnostics: DiagnosticsStore,
    private readonly logger: Logger,
    private readonly services: () => LanguageServices,
    /** When the client last sent a message; absent outside LSP (the CLI has no requests to let through). */
    private readonly lastClientArrival: () => number = () => Number.NEGATIVE_INFINITY,
  ) {}

  schedule(uri: string): void {
    if (this.disposed) return;
    const open = this.documents.get(uri);
    const delay = open && !this.documents.isTooLarge(uri) ? analysisDelayMs(open.document.getText().length) : 0;
    const existing = this.pending.get(uri);
    if (existing && delay === 0) {
      existing.changed = true;
      return;
    }
    // A large document's timer restarts on every change: it is analysed once typing pauses.
    if (existing) clearHandle(existing.handle);
    const now = performance.now();
    const pending: Pending = { handle: undefined as unknown as Handle, since: existing?.since ?? now, changed: false, looks: 0, lookedAt: now, parseMs: 0, storm: false };
    pending.handle = delay === 0 ? { kind: 'immediate', handle: setImmediate(() => this.look(uri, pending)) } : { kind: 'timeout', handle: setTimeout(() => this.fire(uri, pending), delay) };
    this.pending.set(uri, pending);
  }

  cancel(uri: string): void {
    const pending = this.pending.get(uri);
    if (pending) clearHandle(pending.handle);
    this.pending.delete(uri);
    this.lastRun.delete(uri);
  }

  rescheduleAll(uris?: readonly string[]): void {
    for (const uri of uris ?? this.documents.all().map((open) => open.document.uri)) this.schedule(uri);
  }

  /** Documents waiting for an analysis (tests and the storm bench watch this fall back to zero). */
  get waiting(): number {
    return this.pending.size + this.finishing;
  }

  dispose(): void {
    this.disposed = true;
    for (const pending of this.pending.values()) clearHandle(pending.handle);
    this.pending.clear();
    this.lastRun.clear();
  }

  /**
   * One turn of the event loop (or a short wait) has passed: run if it brought no change and no message, or if the
   * storm has gone on long enough.
   */
  private look(uri: string, pending: Pending): void {
    if (this.pending.get(uri) !== pending) return;
    const now = performance.now();
    const stormTooLong = now - pending.since >= STORM_REFRESH_MS;
    const arrival = this.lastClientArrival();
    const messageSinceLastLook = arrival > pending.lookedAt;
    pending.lookedAt = now;
    if ((pending.looks === 0 || pending.changed || messageSinceLastLook) && !stormTooLong) {
      pending.looks++;
      pending.changed = false;
      pending.handle = { kind: 'immediate', handle: setImmediate(() => this.look(uri, pending)) };
      return;
    }
    pending.storm = stormTooLong;
    const last = this.lastRun.get(uri);
    const rest = last ? last.durationMs - (now - last.endedAt) : 0;
    if (rest > 1) {
      pending.handle = { kind: 'timeout', handle: setTimeout(() => this.fire(uri, pending), rest) };
      return;
    }
    this.fire(uri, pending);
  }

  private fire(uri: string, pending: Pending): void {
    if (this.pending.get(uri) !== pending) return;
    const started = performance.now();
    // A storm that never pauses still gets its refresh: then the analysis runs whole, or the storm's next change would
    // make every later step stale.
    const storm = pending.storm;
    const sliceMs = storm ? Number.POSITIVE_INFINITY : PARSE_SLICE_MS;
    let progress;
    try {
      progress = this.documents.treeSlice(uri, sliceMs);
    } catch (error) {
      this.logger.error(`parsing ${uri} failed: ${describeError(error)}`);
    }
    pending.parseMs += performance.now() - started;
    if (progress === PARSE_UNFINISHED) {
      // A change since the last slice restarts the reparse from the newer text: first let the changes stop coming.
      this.afterArrivals(
        () => (pending.changed ? this.look(uri, pending) : this.fire(uri, pending)),
        (handle) => (pending.handle = { kind: 'immediate', handle }),
      );
      return;
    }
    this.pending.delete(uri);
    const analysisStarted = performance.now();
    this.run(uri, storm);
    this.lastRun.set(uri, { endedAt: performance.now(), durationMs: pending.parseMs + performance.now() - analysisStarted });
  }

  private run(uri: string, inOneStep: boolean): void {
    const open = this.documents.get(uri);
    if (!open) return;
    try {
      const snapshot = { document: open.document, kind: open.kind, tree: this.documents.tree(uri), maxAnalysedBytes: this.documents.maxAnalysedBytes() };
      const result = analyzeDocument(snapshot);
      if (!snapshot.tree || inOneStep) {
        this.finish(uri, snapshot, result);
        return;
      }
      // Requests that arrived during the syntax check are answered before the configuration-wide step.
      this.finishing++;
      this.afterArrivals(() => {
        this.finishing--;
        if (this.disposed || !this.isCurrent(uri, snapshot.document.version, snapshot.tree)) return;
        const started = performance.now();
        try {
          this.finish(uri, snapshot, result);
        } catch (error) {
          this.logger.error(`analysis of ${uri} failed: ${describeError(error)}`);
        }
        // This step counts towards the pause the next analysis of the document leaves for requests.
        const last = this.lastRun.get(uri);
        if (last) this.lastRun.set(uri, { endedAt: performance.now(), durationMs: last.durationMs + performance.now() - started });
      });
    } catch (error) {
      this.logger.error(`analysis of ${uri} failed: ${describeError(error)}`);
    }
  }

  /**
   * Runs the next step of an analysis on a later turn, after the connection has dispatched what the client sent
   * meanwhile: a message that arrived during this step would otherwise wait for the next one too. A client that never
   * stops sending gets its analysis anyway, after MAX_YIELDS turns.
   */
  private afterArrivals(step: () => void, scheduled?: (handle: NodeJS.Immediate) => void, yields = 0): void {
    const scheduledAt = performance.now();
    const handle = setImmediate(() => {
      if (this.lastClientArrival() > scheduledAt && yields < MAX_YIELDS) this.afterArrivals(step, scheduled, yields + 1);
      else step();
    });
    scheduled?.(handle);
  }

  /** Whether the document still has the text and (live) tree an analysis step started from. */
  private isCurrent(uri: string, version: number, tree: unknown): boolean {
    const open = this.documents.get(uri);
    return open !== undefined && open.document.version === version && this.documents.tree(uri) === tree;
  }

  private finish(uri: string, snapshot: Parameters<typeof analyzeDocument>[0], result: ReturnType<typeof analyzeDocument>): void {
    if (snapshot.tree) result.push(...(this.services()[snapshot.kind]?.diagnose?.(snapshot) ?? []));
    this.diagnostics.set(uri, 'analysis', result, snapshot.document.version);
  }
}

function clearHandle(pending: Handle): void {
  if (pending.kind === 'immediate') clearImmediate(pending.handle);
  else clearTimeout(pending.handle);
}
