// Decides which PyInfra catalogue serves the deploy features. In a trusted workspace it asks the user's Python
// interpreters (the `bilder.pyinfra.python` setting; else the one the Python extension selected, a project .venv and
// python3 on PATH) where PyInfra is installed and reads that package's source; otherwise, or when none has PyInfra,
// the bundled catalogue of the newest release serves. Nothing is loaded until a deploy asks.
import { promises as fs } from 'node:fs';
import type { Stats } from 'node:fs';
import * as path from 'node:path';
import type { Logger } from '../../logger';
import type { LanguageParser } from '../../parsing/treeSitter';
import { BundledCatalogues, DEFAULT_BUNDLED_VERSION, bundledVersionFor, otherMajorBundled } from './bundled';
import { PyinfraKnowledge, majorOf } from './knowledge';
import { findPinnedVersion } from './pinnedVersion';
import { searchDirectories } from './searchDirectories';
import { CatalogueBuilder, isCatalogueSource } from './reader';
import type { PyinfraCatalogue } from './types';

export interface CatalogueStatus {
  version: string;
  origin: 'installed' | 'bundled';
  /** The interpreter whose PyInfra is in use. */
  interpreter?: string;
  packageDir?: string;
  /** Why the bundled catalogue serves, when Bilder looked for an installed PyInfra and found none. */
  message?: string;
}

export interface CatalogueProviderDependencies {
  trusted(): boolean;
  /** The `bilder.pyinfra.python` setting; empty when unset. */
  configuredPython(): string;
  /** The interpreter the Python extension selected, as the client reported it. */
  selectedPython(): string | undefined;
  python(): Promise<LanguageParser>;
  logger: Logger;
  /** A new catalogue serves: diagnostics and the status item need to know. */
  changed(status: CatalogueStatus): void;
  /** Asks one interpreter where its PyInfra is (the engine injects the runner's probe; pyinfra/ runs no process). */
  probe: (interpreter: string) => Promise<PythonProbeResult>;
  /** The workspace folders (absolute paths): a project .venv or pin is looked for up to the one holding the deploy. */
  workspaceRoots(): readonly string[];
}

/** What a probe of one interpreter answers (runner/pythonProbe produces it). */
export type PythonProbeResult =
  | { kind: 'found'; interpreter: string; python: string; packageDir: string; version: string }
  | { kind: 'no-pyinfra'; interpreter: string; python: string }
  | { kind: 'failed'; interpreter: string; message: string };

const FOLDERS = ['operations', 'facts', 'facts/util', 'api'];

export class CatalogueProvider {
  private readonly bundled = new BundledCatalogues();
  private current: Promise<PyinfraKnowledge> | undefined;
  private resolved: PyinfraKnowledge | undefined;
  private lastStatus: CatalogueStatus | undefined;
  private generation = 0;
  /** A deploy the features were asked about: where a project .venv is looked for. */
  private anchor: string | undefined;
  private readonly installedCache = new Map<string, Promise<PyinfraCatalogue>>();

  constructor(private readonly dependencies: CatalogueProviderDependencies) {}

  /** The catalogue in use without waiting; undefined until the first one is ready (loading starts here). */
  peek(filePath?: string): PyinfraKnowledge | undefined {
    void this.get(filePath).catch(() => undefined);
    return this.resolved;
  }

  get(filePath?: string): Promise<PyinfraKnowledge> {
    if (filePath && !this.anchor) this.anchor = filePath;
    if (!this.current) {
      const generation = ++this.generation;
      this.current = this.choose().then((knowledge) => {
        if (generation === this.generation) this.resolved = knowledge;
        return knowledge;
      });
      this.current.catch((error: unknown) => {
        this.dependencies.logger.error(`PyInfra catalogue: ${(error as Error).message}`);
        if (generation === this.generation) this.current = undefined;
      });
    }
    return this.current;
  }

  status(): CatalogueStatus | undefined {
    return this.lastStatus;
  }

  /** Trust, the setting or the selected interpreter changed: look again (the previous answer serves meanwhile). */
  reset(): void {
    if (!this.current) return;
    this.current = undefined;
    void this.get().catch(() => undefined);
  }

  private async choose(): Promise<PyinfraKnowledge> {
    const installed = this.dependencies.trusted() ? await this.findInstalled() : undefined;
    if (installed && 'catalogue' in installed) {
      const other = await this.bundled.load(otherMajorBundled(installed.catalogue.version));
      return this.serve(new PyinfraKnowledge(installed.catalogue, 'installed', other), installed.status);
    }
    // Without an installed PyInfra, the project's own pin decides which bundled release is nearest.
    const pinned = !installed?.version && this.anchor ? await findPinnedVersion(path.dirname(this.anchor), this.dependencies.workspaceRoots()) : undefined;
    const wanted = installed?.version ?? pinned?.version;
    const version = wanted ? bundledVersionFor(wanted) : DEFAULT_BUNDLED_VERSION;
    const [catalogue, other] = await Promise.all([this.bundled.load(version), this.bundled.load(otherMajorBundled(version))]);
    const reasons = [installed?.message, pinned ? `${pinned.requirement} in ${pinned.file}` : undefined].filter(Boolean);
    const status: CatalogueStatus = { version: catalogue.version, origin: 'bundled', ...(reasons.length ? { message: reasons.join('; ') } : {}) };
    return this.serve(new PyinfraKnowledge(catalogue, 'bundled', other), status);
  }

  private serve(knowledge: PyinfraKnowledge, status: CatalogueStatus): PyinfraKnowledge {
    const previous = this.lastStatus;
    this.lastStatus = status;
    if (JSON.stringify(previous) !== JSON.stringify(status)) {
      const where = status.origin === 'installed' ? `installed at ${status.packageDir} (${status.interpreter})` : 'bundled with Bilder';
      this.dependencies.logger.info(`PyInfra ${status.version} ${where}${status.message ? `: ${status.message}` : ''}`);
      this.dependencies.changed(status);
    }
    return knowledge;
  }

  private async candidates(): Promise<string[]> {
    const configured = this.dependencies.configuredPython().trim();
    if (configured) return [configured];
    const found: string[] = [];
    const selected = this.dependencies.selectedPython();
    if (selected) found.push(selected);
    const venv = this.anchor ? await findVenvPython(path.dirname(this.anchor), this.dependencies.workspaceRoots()) : undefined;
    if (venv) found.push(venv);
    found.push('python3');
    return [...new Set(found)];
  }

  /** The user's PyInfra read from its source, or why there is none (one message for the whole look-up). */
  private async findInstalled(): Promise<{ catalogue: PyinfraCatalogue; status: CatalogueStatus } | { version?: string; message: string } | undefined> {
    const probe = this.dependencies.probe;
    const failures: string[] = [];
    const configured = this.dependencies.configuredPython().trim();
    for (const interpreter of await this.candidates()) {
      const answer = await probe(interpreter);
      if (answer.kind === 'failed') {
        failures.push(interpreter === configured ? `bilder.pyinfra.python: ${answer.message}` : answer.message);
        continue;
      }
      if (answer.kind === 'no-pyinfra') {
        failures.push(`${interpreter} (Python ${answer.python}) has no pyinfra`);
        continue;
      }
      if (majorOf(answer.version) < 2) {
        // PyInfra 1 spelled global arguments without "_" and had other operations: 2.9.2 is the nearest Bilder knows.
        return { version: '2', message: `PyInfra ${answer.version} (${interpreter}) is older than the releases Bilder reads; the bundled 2.9.2 catalogue serves` };
      }
      try {
        const catalogue = await this.readInstalled(answer.packageDir, answer.version);
        if (catalogue.operations.length === 0) throw new Error('no operations found in its source');
        if (catalogue.globalArguments.length === 0) throw new Error('no global arguments found in api/arguments.py');
        return { catalogue, status: { version: answer.version, origin: 'installed', interpreter, packageDir: answer.packageDir } };
      } catch (error) {
        return { version: answer.version, message: `PyInfra ${answer.version} at ${answer.packageDir} could not be read (${(error as Error).message})` };
      }
    }
    return { message: `no PyInfra found: ${failures.join('; ')}` };
  }

  private readInstalled(packageDir: string, version: string): Promise<PyinfraCatalogue> {
    const key = `${packageDir}\0${version}`;
    let pending = this.installedCache.get(key);
    if (!pending) {
      pending = this.readPackage(packageDir, version);
      pending.catch(() => this.installedCache.delete(key));
      this.installedCache.set(key, pending);
    }
    return pending;
  }

  private async readPackage(packageDir: string, version: string): Promise<PyinfraCatalogue> {
    const builder = new CatalogueBuilder(version, await this.dependencies.python());
    for (const folder of FOLDERS) {
      const entries = await fs.readdir(path.join(packageDir, folder)).catch(() => [] as string[]);
      for (const entry of entries) {
        const relative = `${folder}/${entry}`;
        if (!isCatalogueSource(relative)) continue;
        const text = await fs.readFile(path.join(packageDir, relative), 'utf8');
        // One file per turn of the event loop: requests keep being answered while a large package is read.
        await new Promise<void>((resolve) => setImmediate(resolve));
        builder.add({ path: relative, text });
      }
    }
    return builder.finish();
  }
}

/** Owned by us or root and writable by nobody else: only then may it decide what runs as us. */
function safelyOwned(stats: Stats): boolean {
  return ownedByUs(stats) && (process.getuid?.() === undefined || (stats.mode & 0o022) === 0);
}

async function findVenvPython(start: string, roots: readonly string[]): Promise<string | undefined> {
  const relative = process.platform === 'win32' ? ['Scripts', 'python.exe'] : ['bin', 'python'];
  for (const directory of searchDirectories(start, roots)) {
    const venv = path.join(directory, '.venv');
    const bin = path.join(venv, relative[0]!);
    const candidate = path.join(bin, relative[1]!);
    // The .venv and its bin folder themselves (never a symlink into someone else's folder), then the interpreter:
    // the link a venv usually has is checked, and so is the file it leads to.
    const [venvStats, binStats, linkStats, targetStats] = await Promise.all([
      fs.lstat(venv).catch(() => undefined),
      fs.lstat(bin).catch(() => undefined),
      fs.lstat(candidate).catch(() => undefined),
      fs.stat(candidate).catch(() => undefined),
    ]);
    if (!venvStats || !binStats || !linkStats || !targetStats) continue;
    if (!venvStats.isDirectory() || !binStats.isDirectory() || !targetStats.isFile()) continue;
    // A symlink's own mode is always 0777 on Linux: only its owner counts.
    if (![venvStats, binStats, targetStats].every(safelyOwned) || !(linkStats.isSymbolicLink() ? ownedByUs(linkStats) : safelyOwned(linkStats))) continue;
    return candidate;
  }
  return undefined;
}

function ownedByUs(stats: Stats): boolean {
  const uid = process.getuid?.();
  return uid === undefined || stats.uid === uid || stats.uid === 0;
}
