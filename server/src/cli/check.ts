// `bilder check`: what the editor shows, for CI. Each file is opened in an engine exactly as the editor opens it (the
// same parsers, index, language services and diagnostics store), one directory at a time, and reported once every
// background look-up it started (deploys, components, template links) has landed. Packer files and the PyInfra
// deploys of a bilder tree are checked alike.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-types';
import { documentKind } from '../analysis/languages';
import type { DocumentKind } from '../analysis/languages';
import { Engine } from '../engine';
import type { Logger } from '../logger';
import { DEFAULT_SETTINGS } from '../settings';
import { discoverFiles, isPackerFile } from '../workspace/discover';
import { readRegularFile, whyNotRead } from '../workspace/regularFile';
import { tooLargeDiagnostic } from '../analysis/analyzeDocument';
import { writeLines } from './output';
import { githubLines } from './reports/github';
import { jsonReport } from './reports/json';
import { sarifReport } from './reports/sarif';
import { textLines } from './reports/text';
import type { FileReport } from './reports/types';
import { diagnosticCount, hasErrors } from './reports/types';

export type { FileReport } from './reports/types';

export const CHECK_FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

export const CHECK_USAGE = `  check [paths...]        Report what the editor shows for Packer files and PyInfra deploys (default: the current folder).
      --format FORMAT     text (file:line:col: severity: message [code], the default), json, sarif (SARIF 2.1.0 for
                          code scanning) or github (workflow annotations on the pull request).
      --disable CODE      Skip a rule or a rule group (repeatable), e.g. --disable syntax/attribute-redefined.`;

interface CheckOptions {
  paths: string[];
  format: CheckFormat;
  disabled: string[];
}

export function parseCheckArgs(args: readonly string[]): CheckOptions | string {
  const options: CheckOptions = { paths: [], format: 'text', disabled: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = (name: string) => {
      const inline = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : undefined;
      const next = inline ?? args[++i];
      if (next === undefined) throw new Error(`${name} needs a value`);
      return next;
    };
    try {
      if (arg === '--format' || arg.startsWith('--format=')) {
        const format = value('--format');
        if (!(CHECK_FORMATS as readonly string[]).includes(format)) return `unknown format "${format}" (use ${CHECK_FORMATS.join(', ')})`;
        options.format = format as CheckFormat;
      } else if (arg === '--disable' || arg.startsWith('--disable=')) options.disabled.push(value('--disable'));
      else if (arg === '--') {
        // Everything after `--` is a path, even one that starts with a dash.
        options.paths.push(...args.slice(i + 1));
        break;
      } else if (arg.startsWith('-')) return `unknown option ${arg}`;
      else options.paths.push(arg);
    } catch (error) {
      return (error as Error).message;
    }
  }
  if (options.paths.length === 0) options.paths.push('.');
  return options;
}

/** Python files Bilder analyses: those inside a `bilder` tree (the editor's `**\/bilder/**\/*.py`), or named outright. */
function isBilderPython(file: string): boolean {
  return file.endsWith('.py') && path.resolve(file).split(path.sep).slice(0, -1).includes('bilder');
}

export interface SkippedFile {
  file: string;
  reason: string;
}

/** The files to check; a named FIFO, socket or device is skipped with the reason instead of being read (and blocking). */
export async function collectFiles(targets: readonly string[]): Promise<{ files: string[]; missing: string[]; skipped: SkippedFile[] }> {
  const files: string[] = [];
  const missing: string[] = [];
  const skipped: SkippedFile[] = [];
  for (const target of targets) {
    const stat = await fs.stat(target).catch(() => undefined);
    if (!stat) missing.push(target);
    else if (stat.isDirectory()) {
      const found = await discoverFiles(target, { accept: (name) => isPackerFile(name) || name.endsWith('.py') });
      files.push(...found.filter((file) => !file.endsWith('.py') || isBilderPython(file)));
    } else if (stat.isFile()) files.push(target);
    else skipped.push({ file: target, reason: whyNotRead(stat, Number.POSITIVE_INFINITY) ?? 'not a regular file' });
  }
  return { files: [...new Set(files)], missing, skipped };
}

function kindOf(file: string): DocumentKind | undefined {
  return documentKind(file) ?? (isPackerFile(path.basename(file)) ? 'packer' : undefined);
}

/**
 * Opens the files of one directory at a time in the engine, as an editor with those files open would, and collects
 * the diagnostics it would publish. Files Bilder has no language for are skipped.
 */
export async function checkFiles(engine: Engine, files: readonly string[], onSkipped: (skipped: SkippedFile) => void = () => undefined): Promise<FileReport[]> {
  const maxAnalysedBytes = engine.documents.maxAnalysedBytes();
  const byDirectory = new Map<string, string[]>();
  for (const file of files) {
    if (!kindOf(file)) continue;
    const directory = path.dirname(path.resolve(file));
    byDirectory.set(directory, [...(byDirectory.get(directory) ?? []), file]);
  }
  const reports = new Map<string, FileReport>();
  for (const batch of byDirectory.values()) {
    const opened: { file: string; uri: string }[] = [];
    for (const file of batch) {
      // Never blocks: a FIFO found in a folder is skipped, and a file over the limit is judged by its size unread.
      const read = await readRegularFile(file, maxAnalysedBytes);
      if ('skipped' in read) {
        if (read.size === undefined) onSkipped({ file, reason: read.skipped });
        else reports.set(file, { file, diagnostics: [tooLargeDiagnostic(read.size, maxAnalysedBytes)] });
        continue;
      }
      const text = read.text;
      const uri = pathToFileURL(path.resolve(file)).toString();
      if (engine.documents.open(uri, kindOf(file)!, 0, text)) {
        opened.push({ file, uri });
        engine.analysis.schedule(uri);
      }
    }
    try {
      await Promise.all(opened.map(({ uri }) => engine.workspace.directoryLoaded(uri)));
      await engine.settled();
      for (const { file, uri } of opened) reports.set(file, { file, diagnostics: engine.diagnostics.get(uri).sort(byPosition) });
    } finally {
      for (const { uri } of opened) {
        engine.analysis.cancel(uri);
        engine.documents.close(uri);
        engine.diagnostics.clear(uri);
        engine.workspace.forgetOpenModel(uri);
      }
    }
  }
  return files.flatMap((file) => reports.get(file) ?? []);
}

/** The editor sorts by position itself; a terminal reads top to bottom. */
function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

/** Problems of the engine itself go to stderr; only `bilder check`'s findings go to stdout. */
function stderrLogger(): Logger {
  const say = (message: string) => void process.stderr.write(`bilder check: ${message}\n`);
  return { error: say, warn: say, info: () => undefined, debug: () => undefined };
}

export async function runCheck(args: readonly string[], usage: string): Promise<number> {
  const options = parseCheckArgs(args);
  if (typeof options === 'string') {
    process.stderr.write(`bilder check: ${options}\n\n${usage}\n`);
    return 2;
  }
  const { files, missing, skipped } = await collectFiles(options.paths);
  for (const file of missing) process.stderr.write(`bilder check: ${file}: no such file or directory\n`);
  const reportSkipped = ({ file, reason }: SkippedFile) => void process.stderr.write(`bilder check: ${file}: skipped: ${reason}\n`);
  skipped.forEach(reportSkipped);
  const logger = stderrLogger();
  const engine = await Engine.create({
    logger,
    publishDiagnostics: () => undefined,
    warnUser: (message) => logger.warn(message),
    settings: { ...DEFAULT_SETTINGS, diagnostics: { disabled: options.disabled } },
    // A check never starts Packer or PyInfra: it reports what Bilder itself finds.
    trusted: false,
    // The project a check runs in: a PyInfra pin is read up to here (never above), as up to a workspace folder.
    roots: [process.cwd()],
  });
  let reports: FileReport[];
  try {
    reports = await checkFiles(engine, files, reportSkipped);
  } finally {
    await engine.dispose(0);
  }
  switch (options.format) {
    case 'json':
      await writeLines([jsonReport(reports)]);
      break;
    case 'sarif':
      await writeLines([sarifReport(reports)]);
      break;
    case 'github':
      await writeLines(githubLines(reports));
      break;
    default:
      await writeLines(textLines(reports));
      process.stderr.write(`bilder check: ${reports.length} file(s), ${diagnosticCount(reports)} diagnostic(s)\n`);
  }
  // A named path that could not be read (missing, or a FIFO or device) is unreadable input.
  if (missing.length > 0 || skipped.length > 0) return 2;
  return hasErrors(reports) ? 1 : 0;
}
