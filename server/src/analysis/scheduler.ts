// Coalesces analysis requests: a burst of didChange events for one document produces one analysis, run as soon as the
// event loop is free, always against the newest text.
import type { DiagnosticsStore } from '../diagnostics/store';
import type { Logger } from '../logger';
import { describeError } from '../logger';
import type { OpenDocuments } from '../workspace/openDocuments';
import { analyzeDocument } from './analyzeDocument';

export class AnalysisScheduler {
  private readonly pending = new Map<string, NodeJS.Immediate>();

  constructor(
    private readonly documents: OpenDocuments,
    private readonly diagnostics: DiagnosticsStore,
    private readonly logger: Logger,
  ) {}

  schedule(uri: string): void {
    if (this.pending.has(uri)) return;
    this.pending.set(
      uri,
      setImmediate(() => {
        this.pending.delete(uri);
        this.run(uri);
      }),
    );
  }

  cancel(uri: string): void {
    const handle = this.pending.get(uri);
    if (handle) clearImmediate(handle);
    this.pending.delete(uri);
  }

  rescheduleAll(): void {
    for (const open of this.documents.all()) this.schedule(open.document.uri);
  }

  dispose(): void {
    for (const handle of this.pending.values()) clearImmediate(handle);
    this.pending.clear();
  }

  private run(uri: string): void {
    const open = this.documents.get(uri);
    if (!open) return;
    try {
      const result = analyzeDocument({ document: open.document, kind: open.kind, tree: this.documents.tree(uri) });
      this.diagnostics.set(uri, 'analysis', result, open.document.version);
    } catch (error) {
      this.logger.error(`analysis of ${uri} failed: ${describeError(error)}`);
    }
  }
}
