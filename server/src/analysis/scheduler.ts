// Coalesces analysis requests: a burst of didChange events for one document produces one analysis, run as soon as the
// event loop is free, always against the newest text. Large documents are analysed after a pause in typing that grows
// with their size, and in two steps with a yield between them, so requests are never queued behind a whole analysis.
import type { DiagnosticsStore } from '../diagnostics/store';
import type { Logger } from '../logger';
import { describeError } from '../logger';
import type { LanguageServices } from '../languages/service';
import type { OpenDocuments } from '../workspace/openDocuments';
import { analyzeDocument } from './analyzeDocument';

/** Below this size an analysis takes a few milliseconds: it runs at once, in one step. */
const LARGE_DOCUMENT_CHARACTERS = 64 * 1024;

/** A 1 MB template costs about a second to analyse; waiting ~250 ms of quiet first keeps typing responsive. */
export function analysisDelayMs(length: number): number {
  return length <= LARGE_DOCUMENT_CHARACTERS ? 0 : Math.min(750, Math.round(length / 4096));
}

type Pending = { kind: 'immediate'; handle: NodeJS.Immediate } | { kind: 'timeout'; handle: NodeJS.Timeout };

export class AnalysisScheduler {
  private readonly pending = new Map<string, Pending>();
  private disposed = false;

  constructor(
    private readonly documents: OpenDocuments,
    private readonly diagnostics: DiagnosticsStore,
    private readonly logger: Logger,
    private readonly services: () => LanguageServices,
  ) {}

  schedule(uri: string): void {
    const open = this.documents.get(uri);
    const delay = open && this.documents.tree(uri) ? analysisDelayMs(open.document.getText().length) : 0;
    const existing = this.pending.get(uri);
    if (existing && delay === 0) return;
    // A large document's timer restarts on every change: it is analysed once typing pauses.
    if (existing) this.cancel(uri);
    const fire = () => {
      this.pending.delete(uri);
      this.run(uri);
    };
    this.pending.set(uri, delay === 0 ? { kind: 'immediate', handle: setImmediate(fire) } : { kind: 'timeout', handle: setTimeout(fire, delay) });
  }

  cancel(uri: string): void {
    const pending = this.pending.get(uri);
    if (pending) clearPending(pending);
    this.pending.delete(uri);
  }

  rescheduleAll(uris?: readonly string[]): void {
    for (const uri of uris ?? this.documents.all().map((open) => open.document.uri)) this.schedule(uri);
  }

  dispose(): void {
    this.disposed = true;
    for (const pending of this.pending.values()) clearPending(pending);
    this.pending.clear();
  }

  private run(uri: string): void {
    const open = this.documents.get(uri);
    if (!open) return;
    try {
      const snapshot = { document: open.document, kind: open.kind, tree: this.documents.tree(uri) };
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

function clearPending(pending: Pending): void {
  if (pending.kind === 'immediate') clearImmediate(pending.handle);
  else clearTimeout(pending.handle);
}
