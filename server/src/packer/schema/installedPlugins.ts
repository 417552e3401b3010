// The plugin binaries installed where Packer looks for them, found by reading directories only: a plugin binary is
// never run. Packer ≥ 1.8 installs `<dir>/github.com/<owner>/<name>/packer-plugin-<name>_v<version>_x5.0_<os>_<arch>`
// under PACKER_PLUGIN_PATH or ~/.config/packer/plugins (~/.packer.d/plugins before that).
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { compareVersions, parseVersion } from './pluginVersions';

export interface InstalledPlugin {
  /** Plugin name, e.g. `qemu`. */
  name: string;
  version: string;
  /** The source address from the folders above the binary (`github.com/hashicorp/qemu`), when installed that way. */
  source?: string;
  path: string;
}

const BINARY = /^packer-plugin-([a-z0-9][a-z0-9-]*)_v(\d+\.\d+\.\d+[0-9A-Za-z.+-]*)_x\d+\.\d+_[a-z0-9]+_[a-z0-9]+(?:\.exe)?$/;
/** github.com/<owner>/<name>/binary is four levels below a plugin folder; deeper trees are not Packer's. */
const MAX_DEPTH = 4;
/** Directory entries looked at in all, so a huge or looping folder cannot stall the scan. */
const MAX_ENTRIES = 5000;

/** The folders Packer reads plugins from, in its order of preference. */
export function pluginDirectories(env: NodeJS.ProcessEnv, home: string): string[] {
  const configured = (env.PACKER_PLUGIN_PATH ?? '').split(path.delimiter).filter(Boolean);
  const configDir = env.PACKER_CONFIG_DIR ? path.join(env.PACKER_CONFIG_DIR, 'plugins') : undefined;
  return [...new Set([...configured, ...(configDir ? [configDir] : []), path.join(home, '.config', 'packer', 'plugins'), path.join(home, '.packer.d', 'plugins')])];
}

export async function findInstalledPlugins(directories: readonly string[]): Promise<InstalledPlugin[]> {
  const found: InstalledPlugin[] = [];
  let budget = MAX_ENTRIES;
  for (const root of directories) {
    const pending: { dir: string; depth: number }[] = [{ dir: root, depth: 0 }];
    while (pending.length > 0 && budget > 0) {
      const { dir, depth } = pending.shift()!;
      let entries: Dirent[];
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
        if (--budget <= 0) break;
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (depth < MAX_DEPTH) pending.push({ dir: full, depth: depth + 1 });
          continue;
        }
        const match = BINARY.exec(entry.name);
        if (!match) continue;
        const relative = path.relative(root, dir).split(path.sep).join('/');
        found.push({ name: match[1]!, version: match[2]!, ...(relative && relative.includes('/') ? { source: relative } : {}), path: full });
      }
    }
  }
  return found;
}

/** The newest installed release of each plugin. */
export function newestByName(plugins: readonly InstalledPlugin[]): Map<string, InstalledPlugin> {
  const newest = new Map<string, InstalledPlugin>();
  for (const plugin of plugins) {
    const current = newest.get(plugin.name);
    const version = parseVersion(plugin.version);
    const currentVersion = current ? parseVersion(current.version) : undefined;
    if (!current || (version && currentVersion && compareVersions(version, currentVersion) > 0)) newest.set(plugin.name, plugin);
  }
  return newest;
}
