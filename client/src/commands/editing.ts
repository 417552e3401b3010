// Client halves of two editing features: the reference code lens opens VS Code's references view (its command takes
// VS Code types, so LSP values are converted here), and "Upgrade to HCL2" asks the server to run packer hcl2_upgrade,
// then opens the new file beside the JSON template for review.
import * as vscode from 'vscode';
import { ExecuteCommandRequest } from 'vscode-languageclient/node';
import { CLIENT_COMMANDS, SERVER_COMMANDS } from '../../../protocol';
import type { UpgradeReport } from '../../../protocol';
import type { Ctx } from '../ctx';

export const EDITING_COMMANDS = {
  showReferences: CLIENT_COMMANDS.showReferences,
  upgradeToHcl2: 'bilder.upgradeToHcl2',
} as const;

interface LspPosition {
  line: number;
  character: number;
}
interface LspLocation {
  uri: string;
  range: { start: LspPosition; end: LspPosition };
}

const position = (at: LspPosition) => new vscode.Position(at.line, at.character);

/** A legacy JSON template: `*.json`, but not `*.pkr.json`, which is already HCL2 (in JSON syntax). */
function jsonTemplate(explicit: unknown): vscode.Uri | undefined {
  const uri = explicit instanceof vscode.Uri ? explicit : vscode.window.activeTextEditor?.document.uri;
  return uri && /\.json$/i.test(uri.path) && !/\.pkr\.json$/i.test(uri.path) ? uri : undefined;
}

export function editingCommands(ctx: Ctx): Record<string, (...args: unknown[]) => unknown> {
  return {
    [EDITING_COMMANDS.showReferences]: async (uri: unknown, at: unknown, locations: unknown) => {
      if (typeof uri !== 'string' || !at || !Array.isArray(locations)) return;
      const found = (locations as LspLocation[]).map(
        (location) => new vscode.Location(vscode.Uri.parse(location.uri), new vscode.Range(position(location.range.start), position(location.range.end))),
      );
      await vscode.commands.executeCommand('editor.action.showReferences', vscode.Uri.parse(uri), position(at as LspPosition), found);
    },

    [EDITING_COMMANDS.upgradeToHcl2]: async (explicit?: unknown) => {
      const template = jsonTemplate(explicit);
      if (!template) return void vscode.window.showWarningMessage('Upgrade to HCL2: open a legacy JSON Packer template (*.json; *.pkr.json is HCL2 already) first.');
      if (!vscode.workspace.isTrusted) return void vscode.window.showWarningMessage('Bilder runs no Packer process in Restricted Mode; trust the workspace first.');
      if (!ctx.client) return void vscode.window.showWarningMessage('The Bilder language server is not running.');
      const client = ctx.client;
      // packer hcl2_upgrade reads the file on disk.
      await vscode.workspace.textDocuments.find((document) => document.uri.toString() === template.toString() && document.isDirty)?.save();
      let report: UpgradeReport | undefined;
      try {
        report = (await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'packer hcl2_upgrade' }, () =>
          client.sendRequest(ExecuteCommandRequest.type, { command: SERVER_COMMANDS.upgradeToHcl2, arguments: [{ uri: template.toString() }] }),
        )) as UpgradeReport | undefined;
      } catch (error) {
        return void vscode.window.showWarningMessage(`Upgrade to HCL2 failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (!report) return;
      if (!report.ok || !report.outputUri) return void vscode.window.showWarningMessage(report.message);
      await vscode.window.showTextDocument(vscode.Uri.parse(report.outputUri), { viewColumn: vscode.ViewColumn.Beside, preview: false });
      void vscode.window.showInformationMessage(report.message);
    },
  };
}
