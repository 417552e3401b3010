// The working directory of a full `packer validate`: plugins resolve relative paths (`script = "scripts/x.sh"`, a file
// provisioner's `source`, `iso_url`, `http_directory`) against Packer's working directory, not the template's, so an
// empty directory gives false "no such file" errors. The template folder itself must not be the working directory
// either: Packer 1.6.6 runs every `packer-plugin-*` there, and a `packer-builder-*` / `packer-provisioner-*` a
// template names. So Packer runs in a private, per-run "shadow": a 0700 folder under the user's cache directory with a
// symlink to every entry of the template folder except names starting with `packer-`, removed when the run ends (and
// at exit, or by the next Bilder after a SIGKILL; see privateTemporaries).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createPrivateTemporary } from './privateTemporaries';
import type { PrivateTemporary } from './privateTemporaries';

/** Names Packer would start as plugins from its working directory (any case: some file systems ignore it). */
export function isPluginName(name: string): boolean {
  return /^packer-/i.test(name);
}

/** At most this many entries are mirrored: a template folder is small, a huge one must not cost thousands of links. */
const MAX_ENTRIES = 10_000;

export async function createShadowDirectory(templateDirectory: string, env: NodeJS.ProcessEnv = process.env): Promise<PrivateTemporary> {
  const source = path.resolve(templateDirectory);
  const shadow = await createPrivateTemporary('validate', env);
  try {
    const names = (await fs.readdir(source)).filter((name) => !isPluginName(name)).slice(0, MAX_ENTRIES);
    for (const name of names) await fs.symlink(path.join(source, name), path.join(shadow.path, name));
    return shadow;
  } catch (error) {
    await shadow.remove();
    throw error;
  }
}
