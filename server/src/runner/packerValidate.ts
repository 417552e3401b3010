// `packer validate`: the command line Bilder runs, and a pure parser from its text output (packer-cli.md §2.2–2.5) to
// LSP diagnostics. Packer has no JSON diagnostics; its HCL text writer prints file + line, no column, so columns come
// from nested ranges in the detail or from the quoted name the message talks about.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Diagnostic, DiagnosticRelatedInformation, Range } from 'vscode-languageserver-types';
import { pathToFileURL } from 'node:url';
import { refusalOf } from './inputFiles';

export const PACKER_VALIDATE_SOURCE = 'packer validate';

export interface ValidateArgsOptions {
  syntaxOnly: boolean;
  /** The template directory, absolute. */
  directory: string;
  /** Relative ones are relative to the directory, as they were when Packer ran there. */
  varFiles: readonly string[];
}

/**
 * Packer runs in Bilder's private empty directory (never the template's: Packer 1.6.6 starts any `packer-plugin-*` in
 * its working directory) with the template directory as its target. Every path is absolute, so none can be read as a
 * flag. Packer resolves `path.root` and relative paths in functions against the target directory either way, so
 * templates mean the same; it prints absolute paths in its messages, which the mapping below accepts.
 */
export function validateArgs({ syntaxOnly, directory, varFiles }: ValidateArgsOptions): string[] {
  const root = path.resolve(directory);
  return ['validate', ...(syntaxOnly ? ['-syntax-only'] : []), ...varFiles.map((file) => `-var-file=${path.resolve(root, file)}`), root];
}

/**
 * The var files to pass: the configured ones, else the directory's `*.pkrvars.hcl` files (files only: a directory
 * named like one is not a var file). `*.auto.pkrvars.hcl` files are left out because Packer loads them by itself;
 * naming them again would only repeat their values.
 */
export async function detectVarFiles(directory: string, configured: readonly string[]): Promise<string[]> {
  if (configured.length > 0) return [...configured];
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fs.readdir(directory, { withFileTypes: true });
  } catch {
    return [];
  }
  const names = entries.filter((entry) => entry.name.endsWith('.pkrvars.hcl') && !entry.name.endsWith('.auto.pkrvars.hcl'));
  const files: string[] = [];
  for (const entry of names) {
    // A symlink counts when it leads to a file; what kind of file it is gets checked before Packer runs.
    const isFile = entry.isFile() || (entry.isSymbolicLink() && (await fs.stat(path.join(directory, entry.name)).then((stat) => stat.isFile(), () => false)));
    if (isFile) files.push(entry.name);
  }
  return files.sort();
}

/** What Packer reads of a directory by itself: templates and auto-loaded var files, HCL or JSON. */
function packerReadsByItself(name: string): boolean {
  return /\.pkr\.(hcl|json)$/.test(name) || /\.auto\.pkrvars\.(hcl|json)$/.test(name);
}

/**
 * Why Packer (validate or build) must not run on a directory, or undefined: every file Packer would read must be a
 * regular file within maxBytes. A symlink to /dev/zero named `x.pkr.hcl` would otherwise have Packer read without end.
 */
export async function packerInputsRefusal(directory: string, varFiles: readonly string[], maxBytes: number): Promise<string | undefined> {
  const names = await fs.readdir(directory).catch(() => [] as string[]);
  const files = [...names.filter(packerReadsByItself).sort().map((name) => path.join(directory, name)), ...varFiles.map((file) => path.resolve(directory, file))];
  for (const file of files) {
    const refusal = await refusalOf(file, maxBytes);
    if (refusal) return `${path.relative(directory, file) || file} ${refusal}`;
  }
  return undefined;
}

/** A range as HCL prints it: 1-based lines and columns, end column exclusive. */
export interface HclRange {
  file: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface PackerDiagnostic {
  severity: 'error' | 'warning';
  summary: string;
  detail: string;
  /** As printed (relative to the run's cwd); absent when Packer gave no location. */
  file?: string;
  line?: number;
  /** Only legacy JSON templates report a column. */
  column?: number;
  context?: string;
  /** The snippet line Packer printed for `line`, when it printed one. */
  sourceLine?: string;
  /** The precise range from a nested `file:L,C-C: summary; detail` line. */
  range?: HclRange;
  related: (HclRange & { message: string })[];
}

export interface ParsedValidateOutput {
  diagnostics: PackerDiagnostic[];
  /** Text that is not a diagnostic: usage errors, a missing path, the syntax-only success line. */
  notes: string[];
}

const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;
const MACHINE_LINE = /^\d*,[^,]*,ui,/;
const BLOCK_HEADER = /^(Error|Warning): (.*)$/;
const SNIPPET_LINE = /^ *(\d+): ?(.*)$/;
const NO_SOURCE = /^  \(source code not available\)$/;
const NESTED_RANGE = /^(?:\t?\* )?((?:[A-Za-z]:)?[^\s:,]+):(\d+),(\d+)-(?:(\d+),)?(\d+): ([^;]*?)(?:; (.*))?$/;
/** The part of a range after its file name; the name is found by walking back from the colon (see findRanges). */
const RANGE_TAIL = /:(\d+),(\d+)-(?:(\d+),)?(\d+)/g;
/** Output lines are cut here: every step below is linear, and this bounds the time and memory one line can cost. */
export const MAX_OUTPUT_LINE = 1024 * 1024;

// Packer quotes user text (block names, values) in its messages, so nothing here may cost more than linear time in a
// line's length: no regular expression built from user text, and none that backtracks over a user-controlled run.

interface OnLine {
  file: string;
  line: number;
  context?: string;
}

/**
 * `  on FILE line N:` or `  on FILE line N, in CONTEXT:`. The first ` line N` that fits wins: the context quotes block
 * names, which may contain anything, while file names are Packer's own `*.pkr.hcl`.
 */
function parseOnLine(text: string): OnLine | undefined {
  if (!text.startsWith('  on ') || !text.endsWith(':')) return undefined;
  const body = text.slice(5, -1);
  for (const match of body.matchAll(/ line (\d+)/g)) {
    const after = match.index + match[0].length;
    if (after === body.length) return { file: body.slice(0, match.index), line: Number(match[1]) };
    if (body.startsWith(', in ', after) && after + 5 < body.length) {
      return { file: body.slice(0, match.index), line: Number(match[1]), context: body.slice(after + 5) };
    }
  }
  return undefined;
}

function isRangeNameCharacter(character: string): boolean {
  return !/[\s:,"'()]/.test(character);
}

/** Every `file:L,C-[L,]C` in a text, in one pass (the name is walked back from its colon, never re-scanned). */
function findRanges(text: string): HclRange[] {
  const ranges: HclRange[] = [];
  let previousEnd = 0;
  for (const match of text.matchAll(RANGE_TAIL)) {
    let start = match.index;
    while (start > previousEnd && isRangeNameCharacter(text[start - 1]!)) start--;
    // A Windows drive letter: `C:` before the name.
    if (start >= 2 && text[start - 1] === ':' && /[A-Za-z]/.test(text[start - 2]!) && (start === 2 || !isRangeNameCharacter(text[start - 3]!))) start -= 2;
    previousEnd = match.index + match[0].length;
    if (start === match.index) continue;
    const startLine = Number(match[1]);
    ranges.push({
      file: text.slice(start, match.index),
      startLine,
      startColumn: Number(match[2]),
      endLine: match[3] !== undefined ? Number(match[3]) : startLine,
      endColumn: Number(match[4]),
    });
  }
  return ranges;
}
const ERRORS_OCCURRED = /^\d+ errors? occurred:$/;
const BULLET = /^\s*\* /;

/** `-machine-readable` wraps the same text in `ts,target,ui,<kind>,<escaped text>` lines (packer-cli.md §2.3). */
export function decodeMachineReadable(text: string): string {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const fields = line.split(',');
    if (fields.length < 4 || fields[2] !== 'ui') continue;
    const message = fields.slice(4).join(',');
    out.push(message.replace(/%!\(PACKER_COMMA\)/g, ',').replace(/\\n/g, '\n').replace(/\\r/g, '\r'));
  }
  return out.join('\n');
}

function normalise(output: string): string {
  const text = output.replace(ANSI, '').replace(/\r\n/g, '\n');
  return text.split('\n').some((line) => MACHINE_LINE.test(line)) ? decodeMachineReadable(text).replace(/\r\n/g, '\n') : text;
}

/** Joins the 80-column wrapping back into sentences; bullets and paragraph breaks stay on their own lines. */
export function unwrap(lines: readonly string[]): string {
  const paragraphs: string[] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length > 0) paragraphs.push(current.join('\n'));
    current = [];
  };
  for (const raw of lines) {
    const line = raw.trimEnd();
    if (line === '') {
      flush();
      continue;
    }
    if (current.length === 0 || BULLET.test(line) || NESTED_RANGE.test(line)) current.push(line);
    else current[current.length - 1] += ` ${line.trim()}`;
  }
  flush();
  return paragraphs.join('\n');
}

function rangeFrom(match: RegExpExecArray | RegExpMatchArray): HclRange {
  const startLine = Number(match[2]);
  return {
    file: match[1]!,
    startLine,
    startColumn: Number(match[3]),
    endLine: match[4] !== undefined ? Number(match[4]) : startLine,
    endColumn: Number(match[5]),
  };
}

function trimBlankLines(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.trim() === '') start++;
  while (end > start && lines[end - 1]!.trim() === '') end--;
  return lines.slice(start, end);
}

function parseBlock(lines: string[]): PackerDiagnostic[] {
  const header = BLOCK_HEADER.exec(lines[0]!)!;
  const severity = header[1] === 'Warning' ? 'warning' : 'error';
  const onIndex = lines.findIndex((line) => parseOnLine(line) !== undefined);
  const diagnostic: PackerDiagnostic = { severity, summary: header[2]!.trim(), detail: '', related: [] };
  let detailLines: string[];
  if (onIndex >= 0) {
    // Multi-error summaries (builder Prepare) put their bullets before the `on` line.
    // Their summary is not word-wrapped: keep its lines, drop only the blank ones.
    diagnostic.summary = [header[2]!, ...lines.slice(1, onIndex)].filter((text) => text.trim() !== '').join('\n').trim();
    const on = parseOnLine(lines[onIndex]!)!;
    const line = on.line;
    if (on.file && line > 0) {
      diagnostic.file = on.file;
      diagnostic.line = line;
    }
    if (on.context) diagnostic.context = on.context;
    let index = onIndex + 1;
    for (; index < lines.length && lines[index] !== ''; index++) {
      const text = lines[index]!;
      if (NO_SOURCE.test(text)) continue;
      const snippet = SNIPPET_LINE.exec(text);
      if (snippet && Number(snippet[1]) === line) diagnostic.sourceLine = snippet[2];
    }
    detailLines = lines.slice(index);
  } else {
    const firstBlank = lines.indexOf('');
    diagnostic.summary = unwrap(lines.slice(0, firstBlank < 0 ? lines.length : firstBlank).map((l, i) => (i === 0 ? header[2]! : l)));
    detailLines = firstBlank < 0 ? [] : lines.slice(firstBlank);
  }
  diagnostic.detail = unwrap(trimBlankLines(detailLines));

  const extra: PackerDiagnostic[] = [];
  const detailRows = diagnostic.detail.split('\n').filter((row) => row !== '' && !ERRORS_OCCURRED.test(row));
  const nested = detailRows.map((row) => NESTED_RANGE.exec(row));
  if (detailRows.length > 0 && nested.every((match) => match !== null)) {
    // The outer diagnostic only names the block a plugin was decoding; the nested one is the real error.
    const outer = diagnostic.file && diagnostic.line ? { file: diagnostic.file, line: diagnostic.line, summary: diagnostic.summary } : undefined;
    nested.forEach((match, i) => {
      const precise: PackerDiagnostic = {
        severity,
        summary: match![6]!.trim(),
        detail: match![7]?.trim() ?? '',
        file: match![1],
        line: Number(match![2]),
        range: rangeFrom(match!),
        related: outer
          ? [{ file: outer.file, startLine: outer.line, startColumn: 1, endLine: outer.line, endColumn: 1, message: outer.summary }]
          : [],
      };
      if (diagnostic.context) precise.context = diagnostic.context;
      if (i === 0) Object.assign(diagnostic, precise, { sourceLine: precise.line === diagnostic.line ? diagnostic.sourceLine : undefined });
      else extra.push(precise);
    });
    if (diagnostic.sourceLine === undefined) delete diagnostic.sourceLine;
  } else {
    for (const text of [diagnostic.summary, diagnostic.detail]) {
      for (const sentence of text.split(/(?<=\.)\s+|\n/)) {
        for (const range of findRanges(sentence)) diagnostic.related.push({ ...range, message: sentence.trim() });
      }
    }
  }
  return [diagnostic, ...extra];
}

/** Parses human or `-machine-readable` output of `packer validate` (1.6.6 and modern). */
export function parseValidateOutput(output: string): ParsedValidateOutput {
  const lines = normalise(output)
    .split('\n')
    .map((line) => (line.length > MAX_OUTPUT_LINE ? line.slice(0, MAX_OUTPUT_LINE) : line));
  const blocks: string[][] = [];
  const loose: string[] = [];
  let current: string[] | undefined;
  lines.forEach((line, i) => {
    if (BLOCK_HEADER.test(line) && (i === 0 || lines[i - 1] === '')) {
      current = [line];
      blocks.push(current);
    } else if (current) current.push(line);
    else loose.push(line);
  });

  const diagnostics: PackerDiagnostic[] = [];
  const seen = new Set<string>();
  const add = (diagnostic: PackerDiagnostic) => {
    // 1.6.6 prints some diagnostics twice (unsupported top-level blocks); one copy is enough.
    const key = JSON.stringify([diagnostic.severity, diagnostic.file, diagnostic.line, diagnostic.range, diagnostic.summary, diagnostic.detail]);
    if (seen.has(key)) return;
    seen.add(key);
    diagnostics.push(diagnostic);
  };
  for (const block of blocks) parseBlock(block).forEach(add);

  const notes: string[] = [];
  const looseText = trimBlankLines(loose);
  for (let i = 0; i < looseText.length; i++) {
    const line = looseText[i]!;
    const json = /^Failed to parse template: (.*)$/.exec(line);
    if (json) {
      const at = /^At line (\d+), column (\d+) \(offset \d+\):$/.exec(looseText[i + 1] ?? '');
      const diagnostic: PackerDiagnostic = { severity: 'error', summary: 'Failed to parse template', detail: json[1]!, related: [] };
      if (at) {
        diagnostic.line = Number(at[1]);
        // Packer's column is one past the offending character.
        diagnostic.column = Math.max(1, Number(at[2]) - 1);
      }
      add(diagnostic);
      // What follows is the caret snippet of that error, not more output.
      break;
    }
    if (line.trim() !== '') notes.push(line);
  }
  return { diagnostics, notes: notes.length > 0 ? [notes.join('\n')] : [] };
}

/** Diagnostic codes are `packer/<kebab summary>`, with the names of the things the summary mentions left out. */
export function packerCode(summary: string): string {
  const first = summary.split('\n')[0]!.trim();
  const parametric: [RegExp, string][] = [
    [/^\d+ error\(s\) occurred:?$|^\d+ errors? occurred:?$/, 'prepare-failed'],
    [/^Failed preparing (\S+?)-block\b/, 'failed-preparing-$1-block'],
    [/^Unknown source type\b/, 'unknown-source-type'],
    [/^Unknown (provisioner|post-processor|builder|data source) type\b/, 'unknown-$1-type'],
    [/^Unknown source\b/, 'unknown-source'],
    [/^Unset variable\b/, 'unset-variable'],
    [/^Failed to prepare build\b/, 'failed-to-prepare-build'],
    [/^this Packer is too old for required_plugins\b.*/, 'too-old-for-required-plugins'],
  ];
  for (const [pattern, code] of parametric) {
    const match = pattern.exec(first);
    if (match) return `packer/${match[0].replace(pattern, code).replace(/\s+/g, '-').toLowerCase()}`;
  }
  const words = first
    .replace(/"[^"]*"/g, ' ')
    .replace(/[^A-Za-z0-9 -]+/g, ' ')
    .trim()
    .toLowerCase()
    .split(/[\s-]+/)
    .filter(Boolean);
  return `packer/${words.join('-') || 'error'}`;
}

/** The name a message is about, to underline it on the reported line when Packer gave no column. */
export function quotedSubject(summary: string, detail: string): string | undefined {
  const text = `${summary}\n${detail}`;
  const patterns = [
    /An argument named "([^"]+)"/,
    /attribute named "([^"]+)"/,
    /function named "([^"]+)"/,
    /variable named "([^"]+)"/,
    /Blocks of type "([^"]+)"/,
    /Unknown provisioner type "([^"]+)"/,
    /Unknown post-processor type "([^"]+)"/,
    /Unknown source type (\S+)/,
    /The argument "([^"]+)" is required/,
    /value for attribute "([^"]+)"/,
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match) return match[1];
  }
  return undefined;
}

/** HCL columns count characters; LSP counts UTF-16 code units. */
function utf16Column(lineText: string | undefined, hclColumn: number): number {
  if (lineText === undefined) return Math.max(0, hclColumn - 1);
  const characters = Array.from(lineText);
  return characters.slice(0, Math.max(0, hclColumn - 1)).join('').length;
}

const isWordCharacter = (character: string | undefined) => character !== undefined && /[A-Za-z0-9_]/.test(character);

/** Where subject stands as a whole word in a line, or -1: indexOf, never a regular expression made of the subject. */
function wordAt(lineText: string, subject: string): number {
  for (let at = lineText.indexOf(subject); at >= 0; at = lineText.indexOf(subject, at + 1)) {
    if (!isWordCharacter(lineText[at - 1]) && !isWordCharacter(lineText[at + subject.length])) return at;
  }
  return -1;
}

function guessRange(lineText: string | undefined, line: number, subject: string | undefined): Range {
  if (lineText === undefined) return { start: { line, character: 0 }, end: { line, character: 0 } };
  if (subject) {
    const quoted = lineText.indexOf(`"${subject}"`);
    if (quoted >= 0) return { start: { line, character: quoted }, end: { line, character: quoted + subject.length + 2 } };
    const bare = wordAt(lineText, subject);
    if (bare >= 0) return { start: { line, character: bare }, end: { line, character: bare + subject.length } };
  }
  const first = lineText.search(/\S/);
  if (first < 0) return { start: { line, character: 0 }, end: { line, character: lineText.length } };
  return { start: { line, character: first }, end: { line, character: lineText.trimEnd().length } };
}

export interface DiagnosticMapping {
  /** The directory Packer ran in; printed paths are relative to it. */
  cwd: string;
  /** Where diagnostics without a usable location go (the directory's first template). */
  entryFile: string;
  /** The current text of a line (0-based) of an absolute file path, for column guessing. */
  lineText(file: string, line: number): string | undefined;
}

export function messageOf(diagnostic: Pick<PackerDiagnostic, 'summary' | 'detail'>): string {
  return diagnostic.detail ? `${diagnostic.summary}: ${diagnostic.detail}` : diagnostic.summary;
}

function relatedInformation(diagnostic: PackerDiagnostic, mapping: DiagnosticMapping): DiagnosticRelatedInformation[] {
  return diagnostic.related.map((related) => {
    const file = path.resolve(mapping.cwd, related.file);
    const startLine = related.startLine - 1;
    const endLine = related.endLine - 1;
    return {
      location: {
        uri: pathToFileURL(file).toString(),
        range: {
          start: { line: startLine, character: utf16Column(mapping.lineText(file, startLine), related.startColumn) },
          end: { line: endLine, character: utf16Column(mapping.lineText(file, endLine), related.endColumn) },
        },
      },
      message: related.message,
    };
  });
}

/** Turns parsed output into LSP diagnostics keyed by absolute file path. */
export function toLspDiagnostics(parsed: readonly PackerDiagnostic[], mapping: DiagnosticMapping): Map<string, Diagnostic[]> {
  const byFile = new Map<string, Diagnostic[]>();
  for (const diagnostic of parsed) {
    const located = diagnostic.file !== undefined && diagnostic.line !== undefined;
    const file = located ? path.resolve(mapping.cwd, diagnostic.file!) : mapping.entryFile;
    let range: Range;
    if (!located) {
      range = guessRange(mapping.lineText(file, 0), 0, undefined);
    } else if (diagnostic.range) {
      const { startLine, startColumn, endLine, endColumn } = diagnostic.range;
      range = {
        start: { line: startLine - 1, character: utf16Column(mapping.lineText(file, startLine - 1), startColumn) },
        end: { line: endLine - 1, character: utf16Column(mapping.lineText(file, endLine - 1), endColumn) },
      };
    } else {
      const line = diagnostic.line! - 1;
      range = guessRange(mapping.lineText(file, line) ?? diagnostic.sourceLine, line, quotedSubject(diagnostic.summary, diagnostic.detail));
    }
    const lsp: Diagnostic = {
      range,
      severity: diagnostic.severity === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error,
      source: PACKER_VALIDATE_SOURCE,
      code: packerCode(diagnostic.summary),
      message: messageOf(diagnostic),
    };
    const related = relatedInformation(diagnostic, mapping);
    if (related.length > 0) lsp.relatedInformation = related;
    let list = byFile.get(file);
    if (!list) byFile.set(file, (list = []));
    list.push(lsp);
  }
  return byFile;
}
