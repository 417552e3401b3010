// What every handler may use. Built once by server.ts; handlers never reach for globals.
import type { AnalysisScheduler } from '../../analysis/scheduler';
import type { DiagnosticsStore } from '../../diagnostics/store';
import type { LanguageServices } from '../../languages/service';
import type { Logger } from '../../logger';
import type { Settings } from '../../settings';
import type { OpenDocuments } from '../../workspace/openDocuments';
import type { WorkspaceIndex } from '../../workspace/workspaceIndex';

export interface HandlerContext {
  documents: OpenDocuments;
  diagnostics: DiagnosticsStore;
  analysis: AnalysisScheduler;
  services: LanguageServices;
  /** Every Packer configuration directory; open buffers override disk. */
  workspace: WorkspaceIndex;
  logger: Logger;
  settings(): Settings;
  trusted(): boolean;
}
