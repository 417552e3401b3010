// The index of every Packer configuration (directory) in the workspace. Closed files are kept as small models built
// from disk; open buffers override them. Directories load lazily (on first use) or in the background from the workspace
// folders, with directories that have open documents first.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import type { Logger } from '../logger';
import { describeError } from '../logger';
import { PackerConfiguration } from '../packer/configuration';
import { buildFileModel } from '../packer/model';
import type { PackerFileModel, Reference } from '../packer/model';
import type { LanguageParser } from '../parsing/treeSitter';
import { fileKindOf } from './diskModel';
import { DiskModelReader } from './diskModelReader';
import { discoverFiles, isPackerFile } from './discover';
import type { OpenDocuments } from './openDocuments';

export interface WorkspaceIndexDependencies {
  documents: OpenDocuments;
  /** The HCL parser; trees it returns are deleted as soon as their model is built. */
  parser: LanguageParser;
  logger: Logger;
  /** Re-analyse these open documents (their configuration changed underneath them). */
  reanalyze(uris: readonly string[]): void;
  /** When the client last sent a message (LSP only): indexing on the server's thread gives way to an active editor. */
  lastClientArrival?: () => number;
}

interface DirectoryEntry {
  loaded: boolean;
  loading?: Promise<void>;
  /** Models of the files on disk, by canonical URI. */
  disk: Map<string, PackerFileModel>;
  /**
   * The configuration last built for this directory. Every request, keystroke and workspace/symbol query asks for it,
   * so it is rebuilt only when one of its models (disk or open buffer) or its completeness changed.
   */
  cached?: PackerConfiguration;
}

/** Directories read at once by background indexing; each queues all its files. */
const DIRECTORIES_IN_FLIGHT = 4;

/** Parsing a URI costs microseconds and every configuration lookup canonicalises each open document's URI. */
const canonicalCache = new Map<string, string>();
const CANONICAL_CACHE_LIMIT = 10_000;

export function canonicalUri(uri: string): string {
  const known = canonicalCache.get(uri);
  if (known !== undefined) return known;
  let canonical: string;
  try {
    canonical = URI.parse(uri).toString();
  } catch {
    canonical = uri;
  }
  if (canonicalCache.size >= CANONICAL_CACHE_LIMIT) canonicalCache.clear();
  canonicalCache.set(uri, canonical);
  return canonical;
}

export function directoryOf(uri: string): string {
  const canonical = canonicalUri(uri);
  const slash = canonical.lastIndexOf('/');
  return slash === -1 ? canonical : canonical.slice(0, slash);
}

/** Told how a background indexing run goes, e.g. to show it in the editor. */
export interface IndexingProgress {
  /** The folders have been searched: this many directories hold Packer files. */
  started(directories: number): void;
  advanced(done: number, total: number): void;
  /** Called exactly once, also when indexing failed or was abandoned. */
  finished(): void;
}

export class WorkspaceIndex {
  private readonly directories = new Map<string, DirectoryEntry>();
  private readonly openModels = new Map<string, { version: number; model: PackerFileModel }>();
  private backgroundRun: Promise<void> | undefined;
  private disposed = false;
  private readonly reader: DiskModelReader;

  constructor(private readonly dependencies: WorkspaceIndexDependencies) {
    this.reader = new DiskModelReader(dependencies.parser, dependencies.logger, undefined, dependencies.lastClientArrival);
  }

  /**
   * The configuration `uri` belongs to, with `current` (the freshly built model of that document) in place of any
   * other version. Starts loading the directory when it is unknown; `complete` is false until it has loaded.
   */
  configurationFor(uri: string, current?: PackerFileModel): PackerConfiguration {
    const directory = directoryOf(uri);
    const entry = this.ensureDirectory(directory);
    const files = new Map<string, PackerFileModel>(entry.disk);
    const currentUri = current && canonicalUri(current.uri);
    for (const open of this.dependencies.documents.all()) {
      if (open.kind === 'python') continue;
      const openUri = canonicalUri(open.document.uri);
      if (directoryOf(openUri) !== directory) continue;
      // `current` stands in for its document: building that document's model here would reparse its newest text.
      const model = openUri === currentUri ? current : this.openModel(open.document.uri);
      if (model) files.set(openUri, model);
    }
    // Over its file on disk in place; a model of no open document and no file comes last.
    if (current) files.set(currentUri!, current);
    const models = [...files.values()];
    const cached = entry.cached;
    if (cached && cached.complete === entry.loaded && sameModels(cached.files, models)) return cached;
    entry.cached = new PackerConfiguration(directory, models, entry.loaded);
    return entry.cached;
  }

  cachedOpenModel(uri: string, version: number): PackerFileModel | undefined {
    const cached = this.openModels.get(uri);
    return cached?.version === version ? cached.model : undefined;
  }

  /** The model last built for an open document, whatever its version: the next build reuses its unchanged parts. */
  lastOpenModel(uri: string): PackerFileModel | undefined {
    return this.openModels.get(uri)?.model;
  }

  /** Resolves once the directory of `uri` has been read from disk (immediately when it already has). */
  async directoryLoaded(uri: string): Promise<void> {
    await this.ensureDirectory(directoryOf(uri)).loading;
  }

  /** Whether a snapshot taken before an await still shows the open document's current text. */
  isCurrent(uri: string, version: number): boolean {
    return this.dependencies.documents.get(uri)?.document.version === version;
  }

  /** Records the model an analysis just built for an open document; returns true when its outline changed. */
  rememberOpenModel(uri: string, version: number, model: PackerFileModel): boolean {
    const previous = this.openModels.get(uri);
    this.openModels.set(uri, { version, model });
    return !previous || !sameOutline(previous.model, model);
  }

  /** Open documents of the same directory as `uri`, other than `uri` itself. */
  openSiblings(uri: string): string[] {
    const directory = directoryOf(uri);
    return this.dependencies.documents
      .all()
      .map((open) => open.document.uri)
      .filter((other) => other !== uri && directoryOf(other) === directory);
  }

  /** All configurations known so far, each with open buffers overriding disk. */
  configurations(): PackerConfiguration[] {
    const directories = new Set(this.directories.keys());
    for (const open of this.dependencies.documents.all()) if (open.kind !== 'python') directories.add(directoryOf(open.document.uri));
    return [...directories].map((directory) => this.configurationFor(`${directory}/_`));
  }

  /** Indexes every Packer directory under the folders in the background; resolves when done. */
  indexFolders(folderUris: readonly string[], progress?: IndexingProgress): Promise<void> {
    // The worker's thread and grammar start while the folders are still being searched.
    if (folderUris.some((folder) => URI.parse(folder).scheme === 'file')) this.reader.prepare();
    const run = (async () => {
      const files: string[] = [];
      for (const folder of folderUris) {
        const parsed = URI.parse(folder);
        if (parsed.scheme !== 'file') continue;
        const onLimit = (limit: number) =>
          this.dependencies.logger.warn(`${parsed.fsPath} holds more than ${limit} Packer files; only the first ${limit} are indexed ahead (the others load when a file of their folder is opened)`);
        files.push(...(await discoverFiles(parsed.fsPath, { accept: isPackerFile, onLimit })));
      }
      const directories = [...new Set(files.map((file) => directoryOf(URI.file(file).toString())))];
      const openDirectories = new Set(this.dependencies.documents.all().map((open) => directoryOf(open.document.uri)));
      directories.sort((a, b) => Number(openDirectories.has(b)) - Number(openDirectories.has(a)));
      progress?.started(directories.length);
      // A few directories at a time, so the model worker and this thread always have files queued to parse.
      let next = 0;
      let done = 0;
      const lane = async () => {
        while (next < directories.length && !this.disposed) {
          await this.ensureDirectory(directories[next++]!).loading;
          progress?.advanced(++done, directories.length);
        }
      };
      await Promise.all(Array.from({ length: DIRECTORIES_IN_FLIGHT }, lane));
    })()
      .catch((error: unknown) => this.dependencies.logger.error(`indexing the workspace failed: ${describeError(error)}`))
      .finally(() => progress?.finished());
    this.backgroundRun = run;
    return run;
  }

  /** Resolves once the latest background indexing finished (tests and the CLI wait on it). */
  whenIdle(): Promise<void> {
    return Promise.all([this.backgroundRun, ...[...this.directories.values()].map((entry) => entry.loading)]).then(() => undefined);
  }

  /** A watched file was created, changed or deleted on disk. */
  async fileChanged(uri: string, deleted: boolean): Promise<void> {
    const canonical = canonicalUri(uri);
    const name = canonical.slice(canonical.lastIndexOf('/') + 1);
    if (!fileKindOf(decodeURIComponent(name))) return;
    const directory = directoryOf(canonical);
    const entry = this.directories.get(directory);
    if (!entry) return;
    await entry.loading;
    if (deleted) entry.disk.delete(canonical);
    else {
      const model = await this.readModel(canonical);
      if (model) entry.disk.set(canonical, model);
      else entry.disk.delete(canonical);
    }
    this.reanalyzeDirectory(directory);
  }

  forgetOpenModel(uri: string): void {
    this.openModels.delete(uri);
  }

  dispose(): void {
    this.disposed = true;
    this.reader.dispose();
    this.directories.clear();
    this.openModels.clear();
  }

  private openModel(uri: string): PackerFileModel | undefined {
    const open = this.dependencies.documents.get(uri);
    if (!open || open.kind === 'python') return undefined;
    const cached = this.openModels.get(uri);
    if (cached && cached.version === open.document.version) return cached.model;
    const tree = this.dependencies.documents.tree(uri);
    if (!tree) return undefined;
    const model = buildFileModel(open.document, tree, open.kind, cached?.model);
    this.openModels.set(uri, { version: open.document.version, model });
    return model;
  }

  private ensureDirectory(directory: string): DirectoryEntry {
    const existing = this.directories.get(directory);
    if (existing) return existing;
    const entry: DirectoryEntry = { loaded: false, disk: new Map() };
    this.directories.set(directory, entry);
    const parsed = URI.parse(directory);
    if (parsed.scheme !== 'file') {
      entry.loaded = true;
      return entry;
    }
    entry.loading = this.loadDirectory(directory, parsed.fsPath, entry).finally(() => {
      entry.loaded = true;
      entry.loading = undefined;
      this.reanalyzeDirectory(directory);
    });
    return entry;
  }

  private async loadDirectory(directory: string, fsPath: string, entry: DirectoryEntry): Promise<void> {
    let names: string[];
    try {
      // Anything but a folder is handed to the reader, which reads regular files (symlinks followed) and says why it
      // skips the rest (a FIFO, a socket, a device), instead of leaving them out without a word.
      names = (await fs.readdir(fsPath, { withFileTypes: true })).filter((item) => !item.isDirectory()).map((item) => item.name);
    } catch {
      return;
    }
    const uris = names
      .sort()
      .filter((name) => fileKindOf(name))
      .map((name) => URI.file(path.join(fsPath, name)).toString());
    // All files of the directory are asked for at once (the reader spreads them over threads); models are stored in
    // name order, as a one-by-one read would.
    const models = await Promise.all(uris.map((uri) => this.readModel(uri)));
    if (this.disposed) return;
    uris.forEach((uri, index) => {
      const model = models[index];
      if (model) entry.disk.set(uri, model);
    });
    void directory;
  }

  private async readModel(uri: string): Promise<PackerFileModel | undefined> {
    const result = await this.reader.read(uri);
    if (this.disposed) return undefined;
    if ('problem' in result) this.dependencies.logger.warn(result.problem);
    return 'model' in result ? result.model : undefined;
  }

  private reanalyzeDirectory(directory: string): void {
    if (this.disposed) return;
    const uris = this.dependencies.documents
      .all()
      .map((open) => open.document.uri)
      .filter((uri) => directoryOf(uri) === directory);
    if (uris.length > 0) this.dependencies.reanalyze(uris);
  }
}

function sameModels(a: readonly PackerFileModel[], b: readonly PackerFileModel[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Whether two models of one file look the same to the other files of the directory: what it declares and which
 * variables and locals it uses. Runs on every keystroke, so it compares in place and stops at the first difference.
 */
function sameOutline(a: PackerFileModel, b: PackerFileModel): boolean {
  return (
    sameItems(a.variables, b.variables, (x, y) => x.name === y.name && x.typeText === y.typeText && x.defaultText === y.defaultText && x.description === y.description) &&
    sameItems(a.locals, b.locals, (x, y) => x.name === y.name) &&
    sameItems(a.sources, b.sources, (x, y) => x.type === y.type && x.name === y.name) &&
    sameItems(a.dataSources, b.dataSources, (x, y) => x.type === y.type && x.name === y.name) &&
    sameItems(a.sourceStrings, b.sourceStrings, (x, y) => x.text === y.text) &&
    sameItems(a.assignments, b.assignments, (x, y) => x.name === y.name) &&
    sameVariableUses(a.references, b.references)
  );
}

function sameItems<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!same(a[i]!, b[i]!)) return false;
  return true;
}

/** The `var.x` and `local.y` references of both lists, in order, name the same things. */
function sameVariableUses(a: readonly Reference[], b: readonly Reference[]): boolean {
  const isUse = (reference: Reference) => reference.root === 'var' || reference.root === 'local';
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < a.length && !isUse(a[i]!)) i++;
    while (j < b.length && !isUse(b[j]!)) j++;
    if (i === a.length || j === b.length) return i === a.length && j === b.length;
    if (a[i]!.root !== b[j]!.root || a[i]!.parts[0] !== b[j]!.parts[0]) return false;
    i++;
    j++;
  }
}
