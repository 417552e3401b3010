// Which service answers which document kind. Each kind's service is its language's features (packer/, pyinfra/) plus
// what needs a process (formatting through `packer fmt`, `packer validate` on save), composed here above runner/.
import { fileURLToPath } from 'node:url';
import type { FormatResult } from '../hcl/format';
import type { Logger } from '../logger';
import { createPackerService } from '../packer/service';
import type { PythonProbeResult } from '../pyinfra/catalogue/provider';
import { createPyinfraService } from '../pyinfra/service';
import type { LinkParsers, PyinfraLinks } from '../pyinfra/links';
import type { PackerTool } from '../runner/packer';
import type { Settings } from '../settings';
import type { ValidateScheduler } from '../validate/scheduler';
import type { OpenDocuments } from '../workspace/openDocuments';
import { readRegularFile } from '../workspace/regularFile';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import { packerFormatter } from './packerFormatting';
import type { LanguageService, LanguageServices } from './service';

export interface ServiceDependencies {
  documents: OpenDocuments;
  parsers: LinkParsers;
  logger: Logger;
  settings(): Settings;
  trusted(): boolean;
  /** Asks for the open documents of these URIs (or all, when omitted) to be analysed again, e.g. after an index change. */
  reanalyze(uris?: readonly string[]): void;
  /** Told of background work whose result asks for a reanalysis, so a one-shot check can wait for it. */
  background(work: Promise<unknown>): void;
  /** Every Packer configuration directory of the workspace, with open buffers overriding disk. */
  workspace: WorkspaceIndex;
  /** Which template runs which deploy: one reader for both languages. */
  links: PyinfraLinks;
  packer: PackerTool;
  validation: ValidateScheduler;
  /** Asks a Python interpreter where its PyInfra is (runner/pythonProbe, checked like bilder.packer.path). */
  pythonProbe(interpreter: string): Promise<PythonProbeResult>;
  /** The workspace folders as absolute paths. */
  workspaceRoots(): readonly string[];
  /** An editor is attached (not a one-shot check): warm what its first requests need. */
  interactive: boolean;
  /** The native formatter on the engine's parser, for text without a tree (quick fixes keep their files formatted). */
  formatNative(text: string): FormatResult;
}

export function createLanguageServices(dependencies: ServiceDependencies): LanguageServices {
  const packer: LanguageService = {
    ...createPackerService({
      workspace: dependencies.workspace,
      links: dependencies.links,
      reanalyze: (uris) => dependencies.reanalyze(uris),
      background: (work) => dependencies.background(work),
      warmCompletion: dependencies.interactive,
      editing: {
        textOf: (uri) => openOrDiskText(dependencies.documents, uri),
        format: (text) => dependencies.formatNative(text),
        settings: () => dependencies.settings(),
      },
    }),
    format: packerFormatter(dependencies),
    saved: (uri) => void dependencies.validation.onSave(uri),
  };
  return { packer, packervars: packer, python: createPyinfraService(dependencies) };
}

/** Each distinct service once (templates and variable files share one), for workspace-wide questions. */
export function distinctServices(services: LanguageServices): LanguageService[] {
  return [...new Set(Object.values(services))];
}

/** The editor's buffer when the file is open (it overrides disk), else the regular file on disk within 2 MB. */
async function openOrDiskText(documents: OpenDocuments, uri: string): Promise<string | undefined> {
  const open = documents.get(uri);
  if (open) return open.document.getText();
  if (!uri.startsWith('file:')) return undefined;
  const read = await readRegularFile(fileURLToPath(uri), 2 * 1024 * 1024).catch(() => undefined);
  return read && 'text' in read ? read.text : undefined;
}
