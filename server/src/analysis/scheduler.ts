// Coalesces analysis requests: a burst of didChange events for one document produces one analysis, run as soon as the
// event loop is free, always against the newest text.
import type { DiagnosticsStore } from '../diagnostics/store';
import type { Logger } from '../logger';
import { describeError } from '../logger';
import type { LanguageServices } from '../languages/service';
import type { OpenDocuments } from '../workspace/openDocuments';
import { analyzeDocument } from './analyzeDocument';

export class AnalysisScheduler {
  private readonly pending = new Map<string, NodeJS.Immediate>();

  constructor(
    private readonly documents: OpenDocuments,
    private readonly diagnostics: DiagnosticsStore,
    private readonly logger: Logger,
    private readonly services: () => LanguageServices,
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

  rescheduleAll(uris?: readonly string[]): void {
    for (const uri of uris ?? this.documents.all().map((open) => open.document.uri)) this.schedule(uri);
  }

  dispose(): void {
    for (const handle of this.pending.values()) clearImmediate(handle);
    this.pending.clear();
  }

  private run(uri: string): void {
    const open = this.documents.get(uri);
    if (!open) return;
    try {
      const snapshot = { document: open.document, kind: open.kind, tree: this.documents.tree(uri) };
      const result = analyzeDocument(snapshot);
      if (snapshot.tree) result.push(...(this.services()[open.kind]?.diagnose?.(snapshot) ?? []));
      this.diagnostics.set(uri, 'analysis', result, open.document.version);
    } catch (error) {
      this.logger.error(`analysis of ${uri} failed: ${describeError(error)}`);
    }
  }
}
