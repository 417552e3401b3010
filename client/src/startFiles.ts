// `npm start` (scripts/start.sh) opens the sample with a template and the deploy.py it runs side by side. VS Code's
// command line and URL open one file at most, so the script names them in BILDER_OPEN_ON_START (paths separated by
// the platform's delimiter): the first opens in the first column, each next one beside it.
import * as path from 'node:path';
import * as vscode from 'vscode';

export async function openStartFiles(variable = process.env.BILDER_OPEN_ON_START): Promise<void> {
  const files = (variable ?? '').split(path.delimiter).filter(Boolean);
  for (const [index, file] of files.entries()) {
    try {
      await vscode.window.showTextDocument(vscode.Uri.file(file), { viewColumn: index + 1, preview: false, preserveFocus: index > 0 });
    } catch {
      // A file that is gone is not worth an error at startup.
    }
  }
}
