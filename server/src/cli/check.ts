// `bilder check`: the server's analysis over files on disk, for CI.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Diagnostic } from 'vscode-languageserver-types';
import { analyzeDocument } from '../analysis/analyzeDocument';
import { documentKind, grammarOf } from '../analysis/languages';
import { isDisabled } from '../diagnostics/rules';
import { whyUnparsable } from '../parsing/documentTrees';
import { PackerConfiguration } from '../packer/configuration';
import { packerDiagnostics } from '../packer/diagnostics';
import { buildFileModel } from '../packer/model';
import type { PackerFileModel } from '../packer/model';
import { ParseBudgetExceeded } from '../parsing/treeSitter';
import type { Parsers, SyntaxTree } from '../parsing/treeSitter';
import { discoverFiles, isPackerFile } from '../workspace/discover';

export interface FileReport {
  file: string;
  diagnostics: Diagnostic[];
}

export async function collectFiles(targets: readonly string[]): Promise<{ files: string[]; missing: string[] }> {
  const files: string[] = [];
  const missing: string[] = [];
  for (const target of targets) {
    const stat = await fs.stat(target).catch(() => undefined);
    if (!stat) missing.push(target);
    else if (stat.isDirectory()) files.push(...(await discoverFiles(target)));
    else files.push(target);
  }
  return { files: [...new Set(files)], missing };
}

/**
 * Analyses the files the way the server does: each Packer file together with every Packer file of its directory (the
 * configuration Packer would load), so cross-file references and duplicates are judged on the whole directory.
 */
function parseWithinBudget(parser: Parsers['hcl'], text: string): SyntaxTree | undefined {
  try {
    return parser.parse(text);
  } catch (error) {
    if (error instanceof ParseBudgetExceeded) return undefined;
    throw error;
  }
}

export async function checkFiles(parsers: Parsers, files: readonly string[], disabled: readonly string[] = []): Promise<FileReport[]> {
  const configurations = new Map<string, Promise<Map<string, PackerFileModel>>>();
  const modelsOf = (directory: string) => {
    let models = configurations.get(directory);
    if (!models) configurations.set(directory, (models = directoryModels(parsers, directory)));
    return models;
  };
  const reports: FileReport[] = [];
  for (const file of files) {
    const kind = documentKind(file) ?? (isPackerFile(path.basename(file)) ? 'packer' : undefined);
    if (!kind || kind === 'python') continue;
    const text = await fs.readFile(file, 'utf8');
    const document = TextDocument.create(fileUriOf(file), kind, 0, text);
    const tree = whyUnparsable(text) ? undefined : parseWithinBudget(parsers[grammarOf(kind)], text);
    try {
      const diagnostics = analyzeDocument({ document, kind, tree });
      if (tree) {
        const models = new Map(await modelsOf(path.dirname(path.resolve(file))));
        const model = buildFileModel(document, tree, kind);
        models.set(document.uri, model);
        const configuration = new PackerConfiguration(path.dirname(document.uri), [...models.values()], true);
        diagnostics.push(...packerDiagnostics({ document, tree, model, configuration }));
      }
      reports.push({ file, diagnostics: diagnostics.filter((d) => !isDisabled(d.code, disabled)) });
    } finally {
      tree?.delete();
    }
  }
  return reports;
}

function fileUriOf(file: string): string {
  return pathToFileURL(path.resolve(file)).toString();
}

/** Models of the Packer files directly in a directory (not subfolders); unreadable or unparsable files are skipped. */
async function directoryModels(parsers: Parsers, directory: string): Promise<Map<string, PackerFileModel>> {
  const models = new Map<string, PackerFileModel>();
  const entries = await fs.readdir(directory, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const kind = entry.isFile() ? documentKind(entry.name) : undefined;
    if (kind !== 'packer' && kind !== 'packervars') continue;
    const file = path.join(directory, entry.name);
    const text = await fs.readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined || whyUnparsable(text)) continue;
    const document = TextDocument.create(fileUriOf(file), kind, 0, text);
    const tree = parseWithinBudget(parsers.hcl, text);
    if (!tree) continue;
    try {
      models.set(document.uri, buildFileModel(document, tree, kind));
    } finally {
      tree.delete();
    }
  }
  return models;
}

const SEVERITY_NAMES: Record<number, string> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info',
  [DiagnosticSeverity.Hint]: 'hint',
};

export function severityName(severity: DiagnosticSeverity | undefined): string {
  return SEVERITY_NAMES[severity ?? DiagnosticSeverity.Error] ?? 'error';
}

/** `file:line:col: severity: message [code]`, 1-based like compilers print, so editors and CI logs can link it. */
/** LSP 3.18 allows markup in messages; the CLI prints plain text. */
export function messageText(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

export function formatText(reports: readonly FileReport[]): string {
  const lines: string[] = [];
  for (const { file, diagnostics } of reports) {
    for (const d of diagnostics) {
      const code = d.code ? ` [${d.code}]` : '';
      lines.push(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${severityName(d.severity)}: ${messageText(d).replace(/\n/g, ' ')}${code}`);
    }
  }
  return lines.join('\n');
}

export function formatJson(reports: readonly FileReport[]): string {
  const entries = reports.flatMap(({ file, diagnostics }) =>
    diagnostics.map((d) => ({
      file,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      endLine: d.range.end.line + 1,
      endColumn: d.range.end.character + 1,
      severity: severityName(d.severity),
      code: d.code ?? null,
      source: d.source ?? null,
      message: messageText(d),
    })),
  );
  return JSON.stringify({ files: reports.length, diagnostics: entries }, null, 2);
}

export function hasErrors(reports: readonly FileReport[]): boolean {
  return reports.some((report) => report.diagnostics.some((d) => (d.severity ?? DiagnosticSeverity.Error) === DiagnosticSeverity.Error));
}
