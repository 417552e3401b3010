// Every command of the extension is an entry of one table (id → handler), registered in one place, so a command's
// home is found by its id and none is registered twice or forgotten at dispose.
import * as vscode from 'vscode';

/** Handlers take what VS Code passes (a URI from a menu, a tree node, nothing from the palette) and check it. */
export type CommandTable = Record<string, (...args: never[]) => unknown>;

/** Registers every command of the tables; one id twice is a bug, reported at once rather than failing at run time. */
export function registerCommandTable(...tables: CommandTable[]): vscode.Disposable {
  const registered: vscode.Disposable[] = [];
  const seen = new Set<string>();
  for (const table of tables) {
    for (const [id, run] of Object.entries(table)) {
      if (seen.has(id)) throw new Error(`command ${id} is in two command tables`);
      seen.add(id);
      registered.push(vscode.commands.registerCommand(id, run as (...args: unknown[]) => unknown));
    }
  }
  return vscode.Disposable.from(...registered);
}
