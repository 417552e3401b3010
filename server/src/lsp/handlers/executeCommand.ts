// workspace/executeCommand: the work behind "Bilder: Validate Template", "Format with packer fmt", "Packer Init" and
// "Format All Templates". The client only picks the target and shows the report.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Connection, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver';
import { minimalEdits } from '../../hcl/format';
import { SERVER_COMMANDS } from '../../../../protocol';
import type { CommandReport, CommandTarget, FormatAllReport } from '../../../../protocol';
import { formatSource } from '../../runner/format';
import { readInputText } from '../../runner/inputFiles';
import { supports } from '../../runner/packerVersion';
import { DEFAULT_MEMORY_LIMIT_MB } from '../../runner/runTool';
import { discoverFiles } from '../../workspace/discover';
import type { HandlerContext } from './context';
import { formatOpenDocument } from './formatting';
import { upgradeToHcl2Command } from './upgradeToHcl2';

const RESTRICTED = 'Bilder runs no Packer process in Restricted Mode; trust the workspace first.';
const INIT_TIMEOUT_MS = 10 * 60 * 1000;

function targetPath(args: unknown[] | undefined): { uri: string; file: string } | undefined {
  const target = args?.[0] as Partial<CommandTarget> | undefined;
  if (!target || typeof target.uri !== 'string') return undefined;
  try {
    return { uri: target.uri, file: fileURLToPath(target.uri) };
  } catch {
    return undefined;
  }
}

async function validate(context: HandlerContext, args: unknown[] | undefined): Promise<CommandReport> {
  const target = targetPath(args);
  if (!target) return { ok: false, message: 'Validate Template needs a Packer file.' };
  if (!context.trusted()) return { ok: false, message: RESTRICTED };
  const outcome = await context.validation.validateNow(target.uri, 'full');
  if (outcome.kind === 'skipped') return { ok: false, message: `packer validate did not run: ${outcome.reason}` };
  return {
    ok: outcome.exitCode === 0,
    message:
      outcome.problems === 0 && outcome.exitCode === 0
        ? `packer validate: ${outcome.directory} is valid.`
        : `packer validate: ${outcome.problems} problem(s) in ${outcome.directory} (see Problems).`,
  };
}

async function formatWithPacker(connection: Connection, context: HandlerContext, args: unknown[] | undefined): Promise<CommandReport> {
  const target = targetPath(args);
  if (!target) return { ok: false, message: 'Format with packer fmt needs an open Packer file.' };
  if (!context.trusted()) return { ok: false, message: RESTRICTED };
  const before = context.documents.get(target.uri)?.document.version;
  const { edits, outcome } = await formatOpenDocument(context, target.uri, 'packer');
  if (outcome.kind !== 'formatted' || edits === null) {
    return { ok: false, message: `packer fmt did not format the file: ${'reason' in outcome ? outcome.reason : 'unknown reason'}` };
  }
  if (edits.length === 0) return { ok: true, message: 'packer fmt: already formatted.' };
  const edit: WorkspaceEdit = { documentChanges: [{ textDocument: { uri: target.uri, version: before ?? null }, edits }] };
  const applied = await connection.workspace.applyEdit({ label: 'packer fmt', edit });
  return applied.applied ? { ok: true, message: 'packer fmt: formatted.' } : { ok: false, message: `the editor did not apply the edit${applied.failureReason ? `: ${applied.failureReason}` : ''}` };
}

async function packerInit(context: HandlerContext, args: unknown[] | undefined): Promise<CommandReport> {
  const target = targetPath(args);
  if (!target) return { ok: false, message: 'Packer Init needs a Packer file or folder.' };
  if (!context.trusted()) return { ok: false, message: RESTRICTED };
  const stat = await fs.stat(target.file).catch(() => undefined);
  const directory = stat?.isDirectory() ? target.file : path.dirname(target.file);
  const { packer, validation } = context;
  const setting = context.settings().packer.path;
  const located = await packer.locate(setting);
  if (located.kind === 'missing') return { ok: false, message: located.message };
  if (located.version && !supports(located.version, 'init')) {
    return { ok: false, message: `Packer ${located.version.text} has no "packer init" (it came with 1.7); upgrade Packer to use required_plugins.` };
  }
  // From Bilder's private directory, the folder as an absolute path (never read as a flag): Packer must not start
  // plugins that the workspace planted in its working directory.
  const result = await packer.run(located.executable, setting, ['init', path.resolve(directory)], { timeoutMs: INIT_TIMEOUT_MS, memoryLimitMb: DEFAULT_MEMORY_LIMIT_MB });
  if (result.kind !== 'exited') return { ok: false, message: `packer init did not finish: ${result.kind === 'failed' ? result.message : result.kind}` };
  const output = `${result.stdout}${result.stderr}`.trim();
  if (output) context.logger.info(`packer init in ${directory}:\n${output}`);
  if (result.exitCode !== 0) return { ok: false, message: `packer init failed (exit ${result.exitCode}); see the Bilder log.` };
  void validation.validateDirectoryNow(directory);
  return { ok: true, message: `packer init: plugins installed for ${directory}.` };
}

async function formatAll(connection: Connection, context: HandlerContext, args: unknown[] | undefined): Promise<FormatAllReport> {
  const target = targetPath(args);
  const report: FormatAllReport = { ok: false, message: '', files: 0, changed: [], refused: [] };
  if (!target) return { ...report, message: 'Format All Templates needs a folder.' };
  const files = await discoverFiles(target.file);
  report.files = files.length;
  const settings = context.settings();
  const changes: TextDocumentEdit[] = [];
  for (const file of files) {
    const uri = pathToFileURL(file).toString();
    const open = context.documents.get(uri);
    if (open) {
      const { edits, outcome } = await formatOpenDocument(context, uri, settings.format.engine);
      if (outcome.kind !== 'formatted') report.refused.push({ uri, reason: 'reason' in outcome ? outcome.reason : 'not formatted' });
      else if (edits && edits.length > 0) changes.push({ textDocument: { uri, version: open.document.version }, edits });
      continue;
    }
    // Only regular UTF-8 files within the analysis limit reach a formatter (a FIFO, /dev/zero or Latin-1 must not).
    const input = await readInputText(file, settings.analysis.maxFileSizeKB * 1024);
    if (input.kind === 'refused') {
      report.refused.push({ uri, reason: `${path.basename(file)} ${input.reason}` });
      continue;
    }
    const text = input.text;
    const outcome = await formatSource({
      text,
      fileName: path.basename(file),
      engine: settings.format.engine,
      packer: context.trusted() ? { tool: context.packer, setting: settings.packer.path } : undefined,
      native: context.formatNative,
    });
    if (outcome.kind !== 'formatted') report.refused.push({ uri, reason: outcome.reason });
    else if (outcome.changed) changes.push({ textDocument: { uri, version: null }, edits: minimalEdits(text, outcome.text) });
  }
  for (const refusal of report.refused) context.logger.warn(`Format All: ${refusal.uri}: ${refusal.reason}`);
  if (changes.length > 0) {
    const applied = await connection.workspace.applyEdit({ label: 'Format All Templates', edit: { documentChanges: changes } });
    if (!applied.applied) return { ...report, message: `the editor did not apply the edits${applied.failureReason ? `: ${applied.failureReason}` : ''}` };
    report.changed = changes.map((change) => change.textDocument.uri);
  }
  const unchanged = report.files - report.changed.length - report.refused.length;
  report.ok = report.refused.length === 0;
  report.message =
    `Formatted ${report.changed.length} of ${report.files} Packer file(s); ${unchanged} already formatted` +
    (report.refused.length > 0 ? `; ${report.refused.length} left alone (syntax errors or refused, see the log).` : '.');
  return report;
}

export function registerExecuteCommand(connection: Connection, context: HandlerContext): void {
  const commands: Record<string, (args: unknown[] | undefined) => Promise<CommandReport>> = {
    [SERVER_COMMANDS.validate]: (args) => validate(context, args),
    [SERVER_COMMANDS.formatWithPacker]: (args) => formatWithPacker(connection, context, args),
    [SERVER_COMMANDS.packerInit]: (args) => packerInit(context, args),
    [SERVER_COMMANDS.formatAll]: (args) => formatAll(connection, context, args),
    [SERVER_COMMANDS.upgradeToHcl2]: (args) => upgradeToHcl2Command(context, args),
  };
  connection.onExecuteCommand(async ({ command, arguments: args }) => {
    const run = commands[command];
    if (!run) return { ok: false, message: `unknown command ${command}` };
    try {
      return await run(args);
    } catch (error) {
      context.logger.error(`${command} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return { ok: false, message: `${command} failed; see the Bilder log.` };
    }
  });
}
