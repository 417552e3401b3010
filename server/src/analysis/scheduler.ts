// Coalesces analysis: however many changes arrive, a document is analysed once they stop coming, always against its
// newest text, never once per change. Changes are applied to the text as they arrive (openDocuments.ts); this decides
// when the expensive part runs:
// - it waits for one whole turn of the event loop without a change to the document, so a storm of changes already
//   queued on the connection (a client sending the full text on every keystroke) is applied first and analysed once;
// - it never spends more than about half the time analysing one document: after an analysis that took d ms, the next
//   one starts no sooner than d ms after it ended, so requests and changes are always served in between;
// - during a storm that never pauses it still runs every STORM_REFRESH_MS, so diagnostics do not freeze;
// - large documents wait for a pause in typing that grows with their size, and run in two steps with a yield between
//   them, so requests are never queued behind a whole analysis.
import type { DiagnosticsStore } from '../diagnostics/store';
import type { Logger } from '../logger';
import { describeError } from '../logger';
import type { LanguageServices } from '../languages/service';
import type { OpenDocuments } from '../workspace/openDocuments';
import { analyzeDocument } from './analyzeDocument';

/** Below this size an analysis takes a few milliseconds: it runs at once, in one step. */
const LARGE_DOCUMENT_CHARACTERS = 64 * 1024;

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
}

interface LastRun {
  endedAt: number;
  durationMs: number;
}

export class AnalysisScheduler {
  private readonly pending = new Map<string, Pending>();
  private readonly lastRun = new Map<string, LastRun>();
  private disposed = false;

  constructor(
    private readonly documents: OpenDocuments,
    private readonly diagnostics: DiagnosticsStore,
    private readonly logger: Logger,
    private readonly services: () => LanguageServices,
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
    const pending: Pending = { handle: undefined as unknown as Handle, since: existing?.since ?? performance.now(), changed: false, looks: 0 };
    pending.handle = delay === 0 ? { kind: 'immediate', handle: setImmediate(() => this.look(uri, pending)) } : { kind: 'timeout', handle: setTimeout(() => this.fire(uri), delay) };
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
    return this.pending.size;
  }

  dispose(): void {
    this.disposed = true;
    for (const pending of this.pending.values()) clearHandle(pending.handle);
    this.pending.clear();
    this.lastRun.clear();
  }

  /** One turn of the event loop has passed: run if it brought no change, or if the storm has gone on long enough. */
  private look(uri: string, pending: Pending): void {
    if (this.pending.get(uri) !== pending) return;
    const stormTooLong = performance.now() - pending.since >= STORM_REFRESH_MS;
    if ((pending.looks === 0 || pending.changed) && !stormTooLong) {
      pending.looks++;
      pending.changed = false;
      pending.handle = { kind: 'immediate', handle: setImmediate(() => this.look(uri, pending)) };
      return;
    }
    const last = this.lastRun.get(uri);
    const rest = last ? last.durationMs - (performance.now() - last.endedAt) : 0;
    if (rest > 1) {
      pending.handle = { kind: 'timeout', handle: setTimeout(() => this.fire(uri), rest) };
      return;
    }
    this.fire(uri);
  }

  private fire(uri: string): void {
    this.pending.delete(uri);
    const started = performance.now();
    this.run(uri);
    this.lastRun.set(uri, { endedAt: performance.now(), durationMs: performance.now() - started });
  }

  private run(uri: string): void {
    const open = this.documents.get(uri);
    if (!open) return;
    try {
      const snapshot = { document: open.document, kind: open.kind, tree: this.documents.tree(uri), maxAnalysedBytes: this.documents.maxAnalysedBytes() };
      const result = analyzeDocument(snapshot);
      if (!snapshot.tree || snapshot.document.getText().length <= LARGE_DOCUMENT_CHARACTERS) {
        this.finish(uri, snapshot, result);
        return;
      }
      // Requests that arrived during the syntax check are answered before the configuration-wide step.
      setImmediate(() => {
        if (this.disposed || !this.isCurrent(uri, snapshot.document.version, snapshot.tree)) return;
        try {
          this.finish(uri, snapshot, result);
        } catch (error) {
          this.logger.error(`analysis of ${uri} failed: ${describeError(error)}`);
        }
      });
    } catch (error) {
      this.logger.error(`analysis of ${uri} failed: ${describeError(error)}`);
    }
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
