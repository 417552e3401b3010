// Which service answers which document kind. Services are built once per server from the shared dependencies.
import type { Logger } from '../logger';
import type { Settings } from '../settings';
import type { OpenDocuments } from '../workspace/openDocuments';
import type { LanguageServices } from './service';

export interface ServiceDependencies {
  documents: OpenDocuments;
  logger: Logger;
  settings(): Settings;
  trusted(): boolean;
  /** Asks for the open documents of these URIs (or all, when omitted) to be analysed again, e.g. after an index change. */
  reanalyze(uris?: readonly string[]): void;
}

export function createLanguageServices(dependencies: ServiceDependencies): LanguageServices {
  void dependencies;
  return {};
}
