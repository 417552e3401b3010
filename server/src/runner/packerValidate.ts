// `packer validate`: the command line Bilder runs, and a pure parser from its text output (packer-cli.md §2.2–2.5) to
// LSP diagnostics. Packer has no JSON diagnostics; its HCL text writer prints file + line, no column, so columns come
// from nested ranges in the detail or from the quoted name the message talks about.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Diagnostic, DiagnosticRelatedInformation, Range } from 'vscode-languageserver-types';
import { pathToFileURL } from 'node:url';

export const PACKER_VALIDATE_SOURCE = 'packer validate';

export interface ValidateArgsOptions {
  syntaxOnly: boolean;
  varFiles: readonly string[];
}

/** Run in the template directory with target `.`, so Packer prints short paths relative to that directory. */
export function validateArgs({ syntaxOnly, varFiles }: ValidateArgsOptions): string[] {
  return ['validate', ...(syntaxOnly ? ['-syntax-only'] : []), ...varFiles.map((file) => `-var-file=${file}`), '.'];
}

/**
 * The var files to pass: the configured ones, else the directory's `*.pkrvars.hcl`. `*.auto.pkrvars.hcl` files are
 * left out because Packer loads them by itself; naming them again would only repeat their values.
 */
export async function detectVarFiles(directory: string, configured: readonly string[]): Promise<string[]> {
  if (configured.length > 0) return [...configured];
  let names: string[];
  try {
    names = await fs.readdir(directory);
  } catch {
    return [];
  }
  return names.filter((name) => name.endsWith('.pkrvars.hcl') && !name.endsWith('.auto.pkrvars.hcl')).sort();
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
const ON_LINE = /^  on (.*) line (\d+)(?:, in (.+))?:$/;
const SNIPPET_LINE = /^ *(\d+): ?(.*)$/;
const NO_SOURCE = /^  \(source code not available\)$/;
const NESTED_RANGE = /^(?:\t?\* )?((?:[A-Za-z]:)?[^\s:,]+):(\d+),(\d+)-(?:(\d+),)?(\d+): ([^;]*?)(?:; (.*))?$/;
const ANY_RANGE = /((?:[A-Za-z]:)?[^\s:,"'()]+):(\d+),(\d+)-(?:(\d+),)?(\d+)/g;
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
    const line = raw.replace(/\s+$/, '');
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
  const onIndex = lines.findIndex((line) => ON_LINE.test(line));
  const diagnostic: PackerDiagnostic = { severity, summary: header[2]!.trim(), detail: '', related: [] };
  let detailLines: string[];
  if (onIndex >= 0) {
    // Multi-error summaries (builder Prepare) put their bullets before the `on` line.
    // Their summary is not word-wrapped: keep its lines, drop only the blank ones.
    diagnostic.summary = [header[2]!, ...lines.slice(1, onIndex)].filter((text) => text.trim() !== '').join('\n').trim();
    const on = ON_LINE.exec(lines[onIndex]!)!;
    const line = Number(on[2]);
    if (on[1] && line > 0) {
      diagnostic.file = on[1];
      diagnostic.line = line;
    }
    if (on[3]) diagnostic.context = on[3];
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
        for (const match of sentence.matchAll(ANY_RANGE)) {
          diagnostic.related.push({ ...rangeFrom(match), message: sentence.trim() });
        }
      }
    }
  }
  return [diagnostic, ...extra];
}

/** Parses human or `-machine-readable` output of `packer validate` (1.6.6 and modern). */
export function parseValidateOutput(output: string): ParsedValidateOutput {
  const lines = normalise(output).split('\n');
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

function guessRange(lineText: string | undefined, line: number, subject: string | undefined): Range {
  if (lineText === undefined) return { start: { line, character: 0 }, end: { line, character: 0 } };
  if (subject) {
    const quoted = lineText.indexOf(`"${subject}"`);
    if (quoted >= 0) return { start: { line, character: quoted }, end: { line, character: quoted + subject.length + 2 } };
    const bare = new RegExp(`(^|[^A-Za-z0-9_])(${subject.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})(?![A-Za-z0-9_])`).exec(lineText);
    if (bare) {
      const start = bare.index + bare[1]!.length;
      return { start: { line, character: start }, end: { line, character: start + subject.length } };
    }
  }
  const first = lineText.search(/\S/);
  if (first < 0) return { start: { line, character: 0 }, end: { line, character: lineText.length } };
  return { start: { line, character: first }, end: { line, character: lineText.replace(/\s+$/, '').length } };
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
