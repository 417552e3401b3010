// Which service answers which document kind. Services are built once per server from the shared dependencies.
import type { Logger } from '../logger';
import { createPackerService } from '../packer/service';
import { createPyinfraService } from '../pyinfra/service';
import type { Settings } from '../settings';
import type { OpenDocuments } from '../workspace/openDocuments';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import type { LanguageServices } from './service';

export interface ServiceDependencies {
  documents: OpenDocuments;
  logger: Logger;
  settings(): Settings;
  trusted(): boolean;
  /** Asks for the open documents of these URIs (or all, when omitted) to be analysed again, e.g. after an index change. */
  reanalyze(uris?: readonly string[]): void;
  /** Every Packer configuration directory of the workspace, with open buffers overriding disk. */
  workspace: WorkspaceIndex;
}

export function createLanguageServices(dependencies: ServiceDependencies): LanguageServices {
  const packer = createPackerService({ workspace: dependencies.workspace, reanalyze: (uris) => dependencies.reanalyze(uris) });
  return { packer, packervars: packer, python: createPyinfraService(dependencies) };
}
