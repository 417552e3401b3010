// "Bilder: Upgrade to HCL2": `packer hcl2_upgrade` on a legacy JSON template, into a new `.pkr.hcl` beside it. Packer
// runs in the private empty directory and writes a private temporary file; only then is the result copied beside the
// template under a name that does not exist yet, so no file of the user's is ever overwritten.
import { constants } from 'node:fs';
import { copyFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { PackerTool } from './packer';
import { readInputText } from './inputFiles';
import { createPrivateTemporary } from './privateTemporaries';
import type { PrivateTemporary } from './privateTemporaries';
import { DEFAULT_MEMORY_LIMIT_MB } from './runTool';

/** hcl2_upgrade reads the whole template; legacy templates are a few KB, so anything this large is not one. */
const MAX_TEMPLATE_BYTES = 5 * 1024 * 1024;
const TIMEOUT_MS = 60_000;

export type Hcl2UpgradeResult = { kind: 'upgraded'; outputPath: string } | { kind: 'failed'; message: string };

export interface Hcl2UpgradeRequest {
  packer: PackerTool;
  /** The `bilder.packer.path` setting as the user gave it. */
  setting: string;
  /** Absolute path of the JSON template. */
  templatePath: string;
  signal?: AbortSignal;
}

/** `web.json` and `web.pkr.json` become `web.pkr.hcl`; when that exists, `web.upgraded.pkr.hcl`, then `-2`, `-3`, … */
export async function freeOutputPath(templatePath: string): Promise<string> {
  const stem = path.basename(templatePath).replace(/(\.pkr)?\.json$/i, '');
  const directory = path.dirname(templatePath);
  const candidates = [`${stem}.pkr.hcl`, `${stem}.upgraded.pkr.hcl`, ...Array.from({ length: 98 }, (_, i) => `${stem}.upgraded-${i + 2}.pkr.hcl`)];
  for (const name of candidates) {
    const candidate = path.join(directory, name);
    if (!(await exists(candidate))) return candidate;
  }
  throw new Error(`every name for the upgraded template of ${templatePath} is taken`);
}

export async function upgradeToHcl2(request: Hcl2UpgradeRequest): Promise<Hcl2UpgradeResult> {
  const { templatePath } = request;
  if (!path.isAbsolute(templatePath)) return { kind: 'failed', message: `${templatePath} is not an absolute path.` };
  const refused = await refusedTemplate(templatePath);
  if (refused) return { kind: 'failed', message: refused };
  const lookup = await request.packer.locate(request.setting);
  if (lookup.kind === 'missing') return { kind: 'failed', message: lookup.message };

  // A private folder of its own, not inside Packer's working directory, which must stay empty.
  let scratch: PrivateTemporary | undefined;
  try {
    scratch = await createPrivateTemporary('upgrade');
    const temporary = path.join(scratch.path, 'upgraded.pkr.hcl');
    const result = await request.packer.run(lookup.executable, request.setting, ['hcl2_upgrade', `-output-file=${temporary}`, templatePath], {
      timeoutMs: TIMEOUT_MS,
      memoryLimitMb: DEFAULT_MEMORY_LIMIT_MB,
      signal: request.signal,
    });
    if (result.kind === 'not-found') return { kind: 'failed', message: result.message };
    if (result.kind !== 'exited') return { kind: 'failed', message: `packer hcl2_upgrade did not finish (${result.kind}).` };
    if (result.exitCode !== 0 || !(await exists(temporary))) {
      const said = `${result.stderr}\n${result.stdout}`.trim().split('\n').slice(-5).join('\n');
      return { kind: 'failed', message: `packer hcl2_upgrade could not convert ${path.basename(templatePath)}${said ? `:\n${said}` : '.'}` };
    }
    const outputPath = await freeOutputPath(templatePath);
    // COPYFILE_EXCL: if a file of that name appeared meanwhile, fail rather than overwrite it.
    await copyFile(temporary, outputPath, constants.COPYFILE_EXCL);
    return { kind: 'upgraded', outputPath };
  } catch (error) {
    return { kind: 'failed', message: `Upgrading ${path.basename(templatePath)} failed: ${(error as Error).message}` };
  } finally {
    await scratch?.remove();
  }
}

/**
 * Only a regular, bounded, JSON-looking file reaches Packer. One non-blocking, bounded read checks the open file itself
 * (a FIFO, a device or a file swapped or grown after a check is refused, never read without end).
 */
async function refusedTemplate(templatePath: string): Promise<string | undefined> {
  const name = path.basename(templatePath);
  const read = await readInputText(templatePath, MAX_TEMPLATE_BYTES);
  if (read.kind === 'refused') {
    switch (read.cause) {
      case 'missing':
        return `${templatePath} does not exist.`;
      case 'not-regular':
        return `${name} is not a regular file.`;
      case 'too-large':
        return `${name} is larger than ${MAX_TEMPLATE_BYTES / 1024 / 1024} MB; legacy Packer templates are far smaller.`;
      default:
        return `${name} ${read.reason}.`;
    }
  }
  if (!read.text.trimStart().startsWith('{')) return `${name} is not a JSON Packer template.`;
  return undefined;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
