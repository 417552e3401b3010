// Runs `packer validate` on a template's directory after a save or on request. Packer costs ≈0.3–0.6 s per run and
// reads the whole directory, so runs are debounced per directory, never overlap there, and a newer request kills the
// older run. Results go to the `packer` diagnostics layer of every file in the directory.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { DiagnosticsStore } from '../diagnostics/store';
import type { Logger } from '../logger';
import type { Settings } from '../settings';
import type { PackerTool } from '../runner/packer';
import { supports } from '../runner/packerVersion';
import type { PackerVersion } from '../runner/packerVersion';
import { PACKER_VALIDATE_SOURCE, detectVarFiles, parseValidateOutput, toLspDiagnostics, validateArgs, packerInputsRefusal } from '../runner/packerValidate';
import type { PrivateTemporary } from '../runner/privateTemporaries';
import { DEFAULT_MEMORY_LIMIT_MB } from '../runner/runTool';
import type { RunToolResult } from '../runner/runTool';
import { createShadowDirectory } from '../runner/shadowDirectory';
import type { PackerDiagnostic } from '../runner/packerValidate';
import type { OpenDocuments } from '../workspace/openDocuments';

export type ValidateMode = 'syntax' | 'full';

export interface ValidationHost {
  documents: OpenDocuments;
  diagnostics: DiagnosticsStore;
  logger: Logger;
  packer: PackerTool;
  settings(): Settings;
  trusted(): boolean;
}

export type ValidationOutcome =
  | { kind: 'validated'; directory: string; exitCode: number; problems: number; files: number }
  | { kind: 'skipped'; reason: string };

interface DirectoryState {
  timer: NodeJS.Timeout | undefined;
  pending: ValidateMode | undefined;
  waiters: ((outcome: ValidationOutcome) => void)[];
  current: AbortController | undefined;
  /** Runs of one directory are chained: the next starts only after the previous one has ended. */
  chain: Promise<void>;
  published: Set<string>;
}

export const SAVE_DEBOUNCE_MS = 300;
export const REQUIRED_PLUGINS_HINT = 'this Packer is too old for required_plugins; upgrade to ≥ 1.7';

function isTemplate(name: string): boolean {
  return name.endsWith('.pkr.hcl');
}

function isDirectoryFile(name: string): boolean {
  return name.endsWith('.pkr.hcl') || name.endsWith('.pkrvars.hcl');
}

/** Packer 1.6.6 rejects the whole template for a block newer Packer needs; one hint says what to do instead. */
export function explainOldPacker(diagnostics: PackerDiagnostic[], version: PackerVersion | undefined): PackerDiagnostic[] {
  if (!version || supports(version, 'requiredPlugins')) return diagnostics;
  const requiredPlugins = diagnostics.find((d) => /Blocks of type "required_plugins"/.test(d.detail));
  if (!requiredPlugins) return diagnostics;
  const noise = (d: PackerDiagnostic) => d === requiredPlugins || d.summary === 'Unsupported Packer Core version';
  const hint: PackerDiagnostic = {
    ...requiredPlugins,
    severity: 'warning',
    summary: REQUIRED_PLUGINS_HINT,
    detail: `Packer ${version.text} cannot read this configuration; validation resumes once Packer ≥ 1.7 is installed.`,
    related: [],
  };
  return [hint, ...diagnostics.filter((d) => !noise(d))];
}

/** Modern Packer needs `packer init` before a full validate of a template with required_plugins. */
function suggestInit(diagnostic: Diagnostic): Diagnostic {
  if (typeof diagnostic.message !== 'string' || !/^Missing plugins/.test(diagnostic.message)) return diagnostic;
  return { ...diagnostic, message: `${diagnostic.message}\nRun "Bilder: Packer Init" to install them.` };
}

export class ValidateScheduler {
  private readonly directories = new Map<string, DirectoryState>();
  private restrictedLogged = false;
  private disposed = false;

  constructor(
    private readonly host: ValidationHost,
    private readonly debounceMs = SAVE_DEBOUNCE_MS,
  ) {}

  /** After a save: runs per the `bilder.validate.onSave` setting. */
  onSave(uri: string): Promise<ValidationOutcome> {
    const onSave = this.host.settings().validate.onSave;
    if (onSave === 'off') return Promise.resolve({ kind: 'skipped', reason: 'bilder.validate.onSave is off' });
    return this.request(uri, onSave, this.debounceMs);
  }

  /** "Bilder: Validate Template": a full validate, now. */
  validateNow(uri: string, mode: ValidateMode = 'full'): Promise<ValidationOutcome> {
    return this.request(uri, mode, 0);
  }

  dispose(): void {
    this.disposed = true;
    for (const state of this.directories.values()) {
      if (state.timer) clearTimeout(state.timer);
      state.current?.abort();
      for (const resolve of state.waiters.splice(0)) resolve({ kind: 'skipped', reason: 'server shutting down' });
    }
  }

  private request(uri: string, mode: ValidateMode, delayMs: number): Promise<ValidationOutcome> {
    if (this.disposed) return Promise.resolve({ kind: 'skipped', reason: 'server shutting down' });
    if (!this.host.trusted()) {
      if (!this.restrictedLogged) this.host.logger.info('packer validate does not run in Restricted Mode; trust the workspace to enable it');
      this.restrictedLogged = true;
      return Promise.resolve({ kind: 'skipped', reason: 'the workspace is not trusted' });
    }
    let file: string;
    try {
      file = fileURLToPath(uri);
    } catch {
      return Promise.resolve({ kind: 'skipped', reason: `${uri} is not a file on disk` });
    }
    return this.requestDirectory(path.dirname(file), mode, delayMs);
  }

  /** After `packer init` the plugins a directory needs exist: look again. */
  validateDirectoryNow(directory: string): Promise<ValidationOutcome> {
    if (this.disposed || !this.host.trusted()) return Promise.resolve({ kind: 'skipped', reason: 'not allowed to run now' });
    return this.requestDirectory(directory, 'full', 0);
  }

  private requestDirectory(directory: string, mode: ValidateMode, delayMs: number): Promise<ValidationOutcome> {
    const state = this.stateOf(directory);
    // A full validate requested in the same window covers a syntax-only one.
    state.pending = state.pending === 'full' ? 'full' : mode;
    if (state.timer) clearTimeout(state.timer);
    state.timer = setTimeout(() => this.flush(directory, state), delayMs);
    return new Promise((resolve) => state.waiters.push(resolve));
  }

  private stateOf(directory: string): DirectoryState {
    let state = this.directories.get(directory);
    if (!state) {
      state = { timer: undefined, pending: undefined, waiters: [], current: undefined, chain: Promise.resolve(), published: new Set() };
      this.directories.set(directory, state);
    }
    return state;
  }

  private flush(directory: string, state: DirectoryState): void {
    state.timer = undefined;
    const mode = state.pending;
    const waiters = state.waiters.splice(0);
    state.pending = undefined;
    if (!mode) return;
    // The running validation looks at files that changed since: kill it rather than wait for a stale answer.
    state.current?.abort();
    const controller = new AbortController();
    state.current = controller;
    state.chain = state.chain.then(async () => {
      let outcome: ValidationOutcome = { kind: 'skipped', reason: 'superseded by a newer request' };
      try {
        if (!controller.signal.aborted && !this.disposed) outcome = await this.run(directory, state, mode, controller.signal);
      } catch (error) {
        this.host.logger.error(`packer validate in ${directory} failed: ${error instanceof Error ? error.message : String(error)}`);
        outcome = { kind: 'skipped', reason: 'internal error (see the log)' };
      } finally {
        if (state.current === controller) state.current = undefined;
      }
      for (const resolve of waiters) resolve(outcome);
    });
  }

  private async run(directory: string, state: DirectoryState, mode: ValidateMode, signal: AbortSignal): Promise<ValidationOutcome> {
    const settings = this.host.settings();
    const packer = await this.host.packer.locate(settings.packer.path);
    if (packer.kind === 'missing') return { kind: 'skipped', reason: packer.message };
    if (signal.aborted) return { kind: 'skipped', reason: 'superseded by a newer request' };

    const names = (await fs.readdir(directory).catch(() => [] as string[])).filter(isDirectoryFile).sort();
    const templates = names.filter(isTemplate);
    if (templates.length === 0) return { kind: 'skipped', reason: `no *.pkr.hcl template in ${directory}` };

    const varFiles = await detectVarFiles(directory, settings.validate.varFiles);
    const versionsAtStart = new Map<string, number>();
    for (const { document } of this.host.documents.all()) versionsAtStart.set(document.uri, document.version);

    const refusal = await packerInputsRefusal(directory, varFiles, settings.analysis.maxFileSizeKB * 1024);
    if (refusal) {
      const hint = refusal.includes(' limit') ? ' (bilder.analysis.maxFileSizeKB)' : '';
      this.host.packer.tellOnce(`validate ${directory} ${refusal}`, `packer validate does not run on ${directory}: ${refusal}${hint}.`);
      return { kind: 'skipped', reason: refusal };
    }
    const args = validateArgs({ syntaxOnly: mode === 'syntax', directory, varFiles });
    const timeoutMs = settings.validate.timeoutSeconds * 1000;
    this.host.logger.debug(`running ${packer.executable} ${args.join(' ')}`);
    // Never the template's folder as cwd (see validateArgs): a full validate runs in a private shadow of it without
    // `packer-*` files, so plugins find relative paths (`scripts/x.sh`); a syntax-only one needs none.
    let shadow: PrivateTemporary | undefined;
    if (mode !== 'syntax') {
      try {
        shadow = await createShadowDirectory(directory);
      } catch (error) {
        this.host.logger.warn(`packer validate in ${directory}: could not prepare its working directory: ${(error as Error).message}`);
        return { kind: 'skipped', reason: (error as Error).message };
      }
    }
    let result: RunToolResult;
    try {
      result = await this.host.packer.run(packer.executable, settings.packer.path, args, { signal, timeoutMs, memoryLimitMb: DEFAULT_MEMORY_LIMIT_MB, ...(shadow ? { cwd: shadow.path } : {}) });
    } finally {
      await shadow?.remove().catch(() => undefined);
    }
    switch (result.kind) {
      case 'cancelled':
        return { kind: 'skipped', reason: 'superseded by a newer request' };
      case 'not-found':
        return { kind: 'skipped', reason: result.message };
      case 'timed-out':
        this.host.logger.warn(`packer validate in ${directory} was killed after ${settings.validate.timeoutSeconds} s (bilder.validate.timeoutSeconds)`);
        return { kind: 'skipped', reason: 'timed out' };
      case 'failed':
        this.host.logger.warn(`packer validate in ${directory}: ${result.message}`);
        return { kind: 'skipped', reason: result.message };
      case 'exited':
        break;
    }
    if (result.stderr.trim()) this.host.logger.debug(`packer validate stderr: ${result.stderr.trim()}`);
    const parsed = parseValidateOutput(result.stdout);
    for (const note of parsed.notes) if (!/^Syntax-only check passed|^The configuration is valid/.test(note)) this.host.logger.warn(`packer validate: ${note}`);
    if (result.exitCode !== 0 && parsed.diagnostics.length === 0) {
      this.host.logger.warn(`packer validate in ${directory} exited with ${result.exitCode} without a diagnostic: ${result.stdout.trim()}`);
    }

    const diagnostics = explainOldPacker(parsed.diagnostics, packer.version);
    const fileLines = new Map<string, string[] | undefined>();
    const linesOf = async (file: string) => {
      if (fileLines.has(file)) return;
      const open = this.host.documents.get(pathToFileURL(file).toString());
      const text = open ? open.document.getText() : await fs.readFile(file, 'utf8').catch(() => undefined);
      fileLines.set(file, text?.split(/\r\n|\r|\n/));
    };
    const entryFile = path.join(directory, templates[0]!);
    await Promise.all([...names.map((name) => path.join(directory, name)), ...diagnostics.flatMap((d) => (d.file ? [path.resolve(directory, d.file)] : []))].map(linesOf));
    const byFile = toLspDiagnostics(diagnostics, {
      cwd: directory,
      entryFile,
      lineText: (file, line) => fileLines.get(file)?.[line],
    });
    if (signal.aborted) return { kind: 'skipped', reason: 'superseded by a newer request' };

    const targets = new Map<string, Diagnostic[]>();
    for (const name of names) targets.set(pathToFileURL(path.join(directory, name)).toString(), []);
    for (const [file, list] of byFile) targets.set(pathToFileURL(file).toString(), list.map(suggestInit));
    let problems = 0;
    for (const [uri, list] of targets) {
      const open = this.host.documents.get(uri);
      // Packer read the file on disk as it was when the run started; a buffer edited since then gets newer results later.
      if (open && versionsAtStart.has(uri) && open.document.version !== versionsAtStart.get(uri)) continue;
      this.host.diagnostics.set(uri, 'packer', list, open?.document.version);
      problems += list.length;
    }
    for (const uri of state.published) {
      if (!targets.has(uri)) this.host.diagnostics.clear(uri, 'packer');
    }
    state.published = new Set(targets.keys());
    this.host.logger.info(
      `packer validate${mode === 'syntax' ? ' -syntax-only' : ''} ${directory}: exit ${result.exitCode}, ${problems} problem(s) in ${result.durationMs} ms` +
        (packer.version ? ` (Packer ${packer.version.text})` : ''),
    );
    return { kind: 'validated', directory, exitCode: result.exitCode, problems, files: targets.size };
  }
}

/** The diagnostic a test or a command can look for when Packer itself is too old. */
export function isRequiredPluginsHint(diagnostic: Diagnostic): boolean {
  return diagnostic.source === PACKER_VALIDATE_SOURCE && typeof diagnostic.message === 'string' && diagnostic.message.startsWith(REQUIRED_PLUGINS_HINT) && diagnostic.severity === DiagnosticSeverity.Warning;
}
