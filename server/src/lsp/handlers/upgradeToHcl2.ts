// "Bilder: Upgrade to HCL2": the server half. The runner does the work; this checks trust and reports where the new
// template is, for the client to open beside the JSON one.
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CommandTarget, UpgradeReport } from '../../../../protocol';
import { upgradeToHcl2 } from '../../runner/hcl2Upgrade';
import type { HandlerContext } from './context';

export async function upgradeToHcl2Command(context: HandlerContext, args: unknown[] | undefined): Promise<UpgradeReport> {
  const target = args?.[0] as Partial<CommandTarget> | undefined;
  if (typeof target?.uri !== 'string' || !target.uri.startsWith('file:')) return { ok: false, message: 'Upgrade to HCL2 needs a JSON template file.' };
  if (!context.trusted()) return { ok: false, message: 'Bilder runs no Packer process in Restricted Mode; trust the workspace first.' };
  const templatePath = fileURLToPath(target.uri);
  if (/\.pkr\.json$/i.test(templatePath)) return { ok: false, message: `${path.basename(templatePath)} is already HCL2 (in JSON syntax); packer hcl2_upgrade converts legacy JSON templates.` };
  const result = await upgradeToHcl2({ packer: context.packer, setting: context.settings().packer.path, templatePath });
  if (result.kind === 'failed') return { ok: false, message: result.message };
  return {
    ok: true,
    message: `packer hcl2_upgrade wrote ${path.basename(result.outputPath)} beside ${path.basename(templatePath)}: review it before use.`,
    outputUri: pathToFileURL(result.outputPath).toString(),
  };
}
