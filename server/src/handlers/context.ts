// What every handler may use. Built once by server.ts; handlers never reach for globals.
import type { DiagnosticsStore } from '../diagnostics/store';
import type { Logger } from '../logger';
import type { Settings } from '../settings';
import type { OpenDocuments } from '../workspace/openDocuments';
import type { AnalysisScheduler } from '../analysis/scheduler';

export interface HandlerContext {
  documents: OpenDocuments;
  diagnostics: DiagnosticsStore;
  analysis: AnalysisScheduler;
  logger: Logger;
  settings(): Settings;
  trusted(): boolean;
}
