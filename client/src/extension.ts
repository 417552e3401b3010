import type { ExtensionContext } from 'vscode';
import { Ctx } from './ctx';
import { registerCheckTasks } from './tasks/checkTask';
import { openStartFiles } from './startFiles';
import { registerWelcome } from './welcome';

let ctx: Ctx | undefined;

export async function activate(context: ExtensionContext): Promise<Ctx> {
  // Before the language server starts, so first-run guidance and tasks do not wait for (or fail with) it.
  const welcome = registerWelcome(context);
  context.subscriptions.push(welcome, registerCheckTasks(context));
  ctx = new Ctx(context);
  await ctx.start();
  // Activation resolves once the walkthrough is decided, so whoever awaits it (tests too) sees the outcome.
  await welcome.firstStart;
  void openStartFiles();
  return ctx;
}

export async function deactivate(): Promise<void> {
  await ctx?.dispose();
  ctx = undefined;
}
