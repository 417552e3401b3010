import type { ExtensionContext } from 'vscode';
import { Ctx } from './ctx';

let ctx: Ctx | undefined;

export async function activate(context: ExtensionContext): Promise<Ctx> {
  ctx = new Ctx(context);
  await ctx.start();
  return ctx;
}

export async function deactivate(): Promise<void> {
  await ctx?.dispose();
  ctx = undefined;
}
