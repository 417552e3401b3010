// "Bilder: Validate Template", "Format with packer fmt", "Packer Init" and "Format All Templates". Thin on purpose:
// pick the target, ask the server (workspace/executeCommand), show its report.
import * as vscode from 'vscode';
import { ExecuteCommandRequest } from 'vscode-languageclient/node';
import { CLIENT_COMMANDS, SERVER_COMMANDS } from '../../../protocol';
import type { CommandReport, FormatAllReport } from '../../../protocol';
import type { Ctx } from '../ctx';

export const PACKER_COMMANDS = {
  validate: 'bilder.validateTemplate',
  formatWithPacker: 'bilder.formatWithPacker',
  packerInit: CLIENT_COMMANDS.packerInit,
  formatAll: 'bilder.formatAllTemplates',
} as const;

const PACKER_LANGUAGES = new Set(['packer', 'packervars']);

function activePackerFile(explicit: unknown): vscode.Uri | undefined {
  if (explicit instanceof vscode.Uri) return explicit;
  const document = vscode.window.activeTextEditor?.document;
  return document && PACKER_LANGUAGES.has(document.languageId) ? document.uri : undefined;
}

async function targetFolder(explicit: unknown): Promise<vscode.Uri | undefined> {
  if (explicit instanceof vscode.Uri) return explicit;
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return folders[0]?.uri;
  return (await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Format every Packer template under…' }))?.uri;
}

function show(report: CommandReport): void {
  if (report.ok) void vscode.window.showInformationMessage(report.message);
  else void vscode.window.showWarningMessage(report.message);
}

export function packerCommands(ctx: Ctx): Record<string, (...args: unknown[]) => unknown> {
  const run = async <R extends CommandReport>(command: string, uri: vscode.Uri): Promise<R | undefined> => {
    if (!ctx.client) {
      void vscode.window.showWarningMessage('The Bilder language server is not running.');
      return undefined;
    }
    return (await ctx.client.sendRequest(ExecuteCommandRequest.type, { command, arguments: [{ uri: uri.toString() }] })) as R;
  };
  // Restricted Mode: say so here instead of asking a server that would refuse anyway.
  const trusted = () => {
    if (vscode.workspace.isTrusted) return true;
    void vscode.window.showWarningMessage('Bilder runs no Packer process in Restricted Mode; trust the workspace first.');
    return false;
  };
  const needsFile = (what: string) => void vscode.window.showWarningMessage(`${what}: open a Packer file first.`);

  return {
    [PACKER_COMMANDS.validate]: async (uri?: unknown) => {
      const file = activePackerFile(uri);
      if (!file) return needsFile('Validate Template');
      if (!trusted()) return;
      // packer validate reads the files on disk.
      await vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.toString() && d.isDirty)?.save();
      const report = await run(SERVER_COMMANDS.validate, file);
      if (report) show(report);
    },
    [PACKER_COMMANDS.formatWithPacker]: async (uri?: unknown) => {
      const file = activePackerFile(uri);
      if (!file) return needsFile('Format with packer fmt');
      if (!trusted()) return;
      const report = await run(SERVER_COMMANDS.formatWithPacker, file);
      if (report && !report.ok) void vscode.window.showWarningMessage(report.message);
    },
    [PACKER_COMMANDS.packerInit]: async (uri?: unknown) => {
      const target = activePackerFile(uri) ?? (await targetFolder(undefined));
      if (!target) return needsFile('Packer Init');
      if (!trusted()) return;
      const report = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'packer init' },
        () => run(SERVER_COMMANDS.packerInit, target),
      );
      if (report) show(report);
    },
    [PACKER_COMMANDS.formatAll]: async (uri?: unknown) => {
      const folder = await targetFolder(uri);
      if (!folder) return void vscode.window.showWarningMessage('Format All Templates: open a folder first.');
      const dirtyBefore = new Set(vscode.workspace.textDocuments.filter((d) => d.isDirty).map((d) => d.uri.fsPath));
      const report = await run<FormatAllReport>(SERVER_COMMANDS.formatAll, folder);
      if (!report) return;
      // The edits went through the editor's buffers; files the user had not touched are saved, like packer fmt would.
      for (const changed of report.changed) {
        const fsPath = vscode.Uri.parse(changed).fsPath;
        if (dirtyBefore.has(fsPath)) continue;
        await vscode.workspace.textDocuments.find((d) => d.uri.fsPath === fsPath)?.save();
      }
      show(report);
      if (report.refused.length > 0) ctx.log.show(true);
    },
  };
}
