// The one composition under the editor, the CLI and the views. It owns the parsers, the open documents, the project
// index, the language services, the Packer tool, validation and image discovery; lsp/ and cli/ are thin adapters that
// hand it text and turn its answers into protocol messages or terminal output. Everything stateful lives in an
// engine instance, so two engines (a test beside a server, the CLI) never share anything by accident.
import type { Diagnostic } from 'vscode-languageserver-types';
import type { BuildImage } from '../../protocol';
import { AnalysisScheduler } from './analysis/scheduler';
import { DiagnosticsStore } from './diagnostics/store';
import { formatHcl } from './hcl/format';
import type { FormatResult } from './hcl/format';
import { discoverImages } from './imageBuilds/images';
import { RunningBuilds } from './imageBuilds/session';
import { createLanguageServices } from './languages';
import type { DocumentSnapshot, LanguageService, LanguageServices } from './languages/service';
import { documentKind } from './analysis/languages';
import type { Logger } from './logger';
import { createParsers } from './parsing/treeSitter';
import type { Parsers } from './parsing/treeSitter';
import { PyinfraLinks } from './pyinfra/links';
import { PackerTool } from './runner/packer';
import { probePyinfra } from './runner/pythonProbe';
import type { PythonProbeResult } from './runner/pythonProbe';
import { resolveExecutable, unacceptableExecutable } from './runner/resolveExecutable';
import { DEFAULT_SETTINGS } from './settings';
import type { Settings } from './settings';
import { ValidateScheduler } from './validate/scheduler';
import { OpenDocuments } from './workspace/openDocuments';
import { WorkspaceIndex } from './workspace/workspaceIndex';
import type { IndexingProgress } from './workspace/workspaceIndex';
import { URI } from 'vscode-uri';

export interface EngineHost {
  logger: Logger;
  /** Where merged diagnostics go: the editor's publishDiagnostics, or nowhere for the CLI, which reads the store. */
  publishDiagnostics(uri: string, diagnostics: Diagnostic[], version: number | undefined): void;
  /** A one-off message for the person (window/showMessage in the editor, stderr in a terminal). */
  warnUser(message: string): void;
  settings?: Settings;
  /** Only true lets Packer run; absent means Restricted Mode, where no process is started. */
  trusted?: boolean;
  /**
   * Absolute folders that count as workspace folders besides those indexed (the CLI: its working directory): a
   * project's .venv or PyInfra pin is looked for up to the one holding a deploy, never above.
   */
  roots?: readonly string[];
  /** When the client last sent a message: analyses give way to requests that are still arriving (LSP only). */
  lastClientArrival?: () => number;
  /** An editor is attached (the language server), not a one-shot check: warm what its first requests need. */
  interactive?: boolean;
}

/** How long a one-shot check waits between looks at a scheduler that still has analyses queued. */
const SETTLE_POLL_MS = 5;

export class Engine {
  readonly logger: Logger;
  readonly documents: OpenDocuments;
  readonly diagnostics: DiagnosticsStore;
  readonly analysis: AnalysisScheduler;
  readonly workspace: WorkspaceIndex;
  readonly packer: PackerTool;
  readonly validation: ValidateScheduler;
  readonly links: PyinfraLinks;
  readonly services: LanguageServices;
  /** `packer build` runs in progress: what a cancel finds and what dispose stops. */
  readonly builds = new RunningBuilds();
  private currentSettings: Settings;
  private isTrusted: boolean;
  private folders: string[] = [];
  private readonly extraRoots: string[];
  /** Background computations whose results ask for a reanalysis; bounded by the services' own caches. */
  private readonly backgroundWork = new Set<Promise<unknown>>();
  private disposed = false;

  /** Arrow properties, not methods: the schedulers copy these functions out of the engine. */
  readonly settings = (): Settings => this.currentSettings;
  readonly trusted = (): boolean => this.isTrusted;

  static async create(host: EngineHost): Promise<Engine> {
    return new Engine(host, await createParsers());
  }

  constructor(
    host: EngineHost,
    private readonly parsers: Parsers,
  ) {
    this.logger = host.logger;
    this.currentSettings = host.settings ?? DEFAULT_SETTINGS;
    this.isTrusted = host.trusted === true;
    this.extraRoots = [...(host.roots ?? [])];
    this.documents = new OpenDocuments(parsers, { maxAnalysedBytes: () => this.currentSettings.analysis.maxFileSizeKB * 1024 });
    this.diagnostics = new DiagnosticsStore({ publish: host.publishDiagnostics }, this.currentSettings.diagnostics.disabled);
    const reanalyze = (uris?: readonly string[]) => this.analysis.rescheduleAll(uris);
    this.analysis = new AnalysisScheduler(this.documents, this.diagnostics, this.logger, () => this.services, host.lastClientArrival);
    this.workspace = new WorkspaceIndex({ documents: this.documents, parser: parsers.hcl, logger: this.logger, reanalyze, lastClientArrival: host.lastClientArrival });
    this.packer = new PackerTool({ logger: this.logger, warnUser: host.warnUser });
    this.validation = new ValidateScheduler({
      documents: this.documents,
      diagnostics: this.diagnostics,
      logger: this.logger,
      packer: this.packer,
      settings: this.settings,
      trusted: this.trusted,
    });
    this.links = new PyinfraLinks(() => Promise.resolve(parsers), { openText: (filePath) => this.openText(filePath) });
    this.services = createLanguageServices({
      documents: this.documents,
      parsers,
      logger: this.logger,
      settings: this.settings,
      trusted: this.trusted,
      reanalyze,
      background: (work) => this.track(work),
      workspace: this.workspace,
      links: this.links,
      packer: this.packer,
      validation: this.validation,
      pythonProbe: probeInterpreter,
      workspaceRoots: () => this.workspaceRoots(),
      interactive: host.interactive === true,
      formatNative: this.formatNative,
    });
  }

  /** The workspace folders on disk, as absolute paths. */
  private folderPaths(): string[] {
    return this.folders.map((uri) => URI.parse(uri)).filter((uri) => uri.scheme === 'file').map((uri) => uri.fsPath);
  }

  /** The folders a deploy's project files are looked for in: the workspace folders and the host's own roots. */
  private workspaceRoots(): string[] {
    return [...this.folderPaths(), ...this.extraRoots];
  }

  updateSettings(next: Settings): void {
    // Documents that crossed the size limit either way are parsed again (or their tree is dropped).
    if (next.analysis.maxFileSizeKB !== this.currentSettings.analysis.maxFileSizeKB) this.documents.invalidateTrees();
    this.currentSettings = next;
    this.diagnostics.setDisabled(next.diagnostics.disabled);
    this.analysis.rescheduleAll();
  }

  setTrusted(trusted: boolean): void {
    this.isTrusted = trusted;
  }

  /** The service for a document, open or not (a closed file is judged by its name). */
  serviceFor(uri: string): LanguageService | undefined {
    const kind = this.documents.get(uri)?.kind ?? documentKind(uri);
    return kind && this.services[kind];
  }

  /**
   * What a request sees of an open document; the tree is the live one, valid until the next change. It is parsed when
   * first read, and only while the document is still at this version: a request that reads none (completion right
   * after a keystroke) never waits for tree-sitter's reparse of half-typed text, which the analysis pays instead.
   */
  snapshot(uri: string): DocumentSnapshot | undefined {
    const open = this.documents.get(uri);
    if (!open) return undefined;
    const documents = this.documents;
    const version = open.document.version;
    return {
      document: open.document,
      kind: open.kind,
      get tree() {
        return documents.get(uri)?.document.version === version ? documents.tree(uri) : undefined;
      },
    };
  }

  /** The native formatter on the engine's own parser, for text that has no syntax tree (files that are not open). */
  readonly formatNative = (text: string): FormatResult => formatHcl(text, { parse: this.parsers.hcl });

  /** Indexes the workspace folders in the background; they are also where images are looked for by default. */
  indexFolders(folderUris: readonly string[], progress?: IndexingProgress): Promise<void> {
    this.folders = [...new Set([...this.folders, ...folderUris])];
    return this.workspace.indexFolders(folderUris, progress);
  }

  /** Every image the folders (absolute paths; none means the workspace folders) can build: the view and the picker ask this. */
  images(roots: readonly string[] = []): Promise<BuildImage[]> {
    const searched = roots.length > 0 ? roots : this.folderPaths();
    return discoverImages(this.parsers.hcl, searched, {
      maxBytes: this.currentSettings.analysis.maxFileSizeKB * 1024,
      skipped: (file, reason) => this.logger.info(`Images: skipped ${file}: ${reason}`),
    });
  }

  /**
   * Resolves once every analysis has run and every background computation it started has landed and been analysed
   * again: what the editor would show once it stops changing. For one-shot use (the CLI, tests).
   */
  async settled(): Promise<void> {
    while (!this.disposed) {
      await this.workspace.whenIdle();
      if (this.backgroundWork.size > 0) {
        await Promise.allSettled([...this.backgroundWork]);
        continue;
      }
      if (this.analysis.waiting > 0) {
        await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
        continue;
      }
      // A result may have asked for a reanalysis on its way out: look once more after the event loop turns.
      await new Promise((resolve) => setImmediate(resolve));
      if (this.backgroundWork.size === 0 && this.analysis.waiting === 0) return;
    }
  }

  /** Stops every timer, process and thread the engine started. Builds get `buildGraceMs` to stop cleanly. */
  async dispose(buildGraceMs = 1200): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    // Kills a running `packer validate` and its timers, so closing the editor leaves no process behind.
    this.validation.dispose();
    // Builds get the user's cancel (Packer cleans up), then are killed.
    await this.builds.stopAll(buildGraceMs);
    this.analysis.dispose();
    this.documents.dispose();
    this.workspace.dispose();
    // The parsers stay: a background read that already holds one may still be parsing, and they die with the process.
  }

  private track(work: Promise<unknown>): void {
    this.backgroundWork.add(work);
    void work.finally(() => this.backgroundWork.delete(work)).catch(() => undefined);
  }

  private openText(filePath: string): string | undefined {
    for (const open of this.documents.all()) {
      const uri = URI.parse(open.document.uri);
      if (uri.scheme === 'file' && uri.fsPath === filePath) return open.document.getText();
    }
    return undefined;
  }
}

/**
 * An interpreter is asked only when it is named like `bilder.packer.path` must be: an absolute path, or a bare command
 * found on the absolute entries of PATH — never relative to the workspace or the server's working directory.
 */
export async function probeInterpreter(interpreter: string): Promise<PythonProbeResult> {
  const why = unacceptableExecutable(interpreter);
  if (why) return { kind: 'failed', interpreter, message: `refused ${why}` };
  const resolved = await resolveExecutable(interpreter);
  if (!resolved) {
    const where = interpreter.includes('/') ? 'is not an executable file' : 'was not found on the absolute entries of PATH';
    return { kind: 'failed', interpreter, message: `${interpreter} ${where}` };
  }
  const answer = await probePyinfra(resolved);
  return { ...answer, interpreter };
}
