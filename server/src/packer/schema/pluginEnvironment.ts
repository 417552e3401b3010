// The plugins of this machine as the Packer service sees them: which releases the schema covers and which binaries are
// installed (directories read once at start, again on refresh; nothing is ever run). Listeners hear the summary the
// language status item shows.
import { homedir } from 'node:os';
import { schemaLoadProblem, schemaReleases } from './catalog';
import { findInstalledPlugins, newestByName, pluginDirectories } from './installedPlugins';
import type { InstalledPlugin } from './installedPlugins';
import { compareVersions, parseVersion } from './pluginVersions';

export interface PluginEnvironmentStatus {
  /** Releases the schema covers, e.g. `amazon 1.8.2`; Packer's own components as `packer 1.16.0`. */
  schema: { name: string; source: string; version: string }[];
  /** Newest installed binary of each plugin found. */
  installed: { name: string; version: string; source?: string }[];
  /** Installed plugins newer than the schema's release: their new attributes are information, not warnings. */
  newer: string[];
  /** Why the schema data could not be read, if so. */
  problem?: string;
}

export class PluginEnvironment {
  private installedByName: ReadonlyMap<string, InstalledPlugin> = new Map();
  private readonly listeners: ((status: PluginEnvironmentStatus) => void)[] = [];
  private scan: Promise<void> | undefined;
  private scanned = false;

  constructor(private readonly directories: readonly string[] = pluginDirectories(process.env, homedir())) {}

  /** Reads the plugin folders (again); resolves when done. A failure leaves the previous result. */
  refresh(): Promise<void> {
    this.scan = findInstalledPlugins(this.directories)
      .then((found) => {
        this.installedByName = newestByName(found);
        this.scanned = true;
        const status = this.status();
        for (const listener of this.listeners) listener(status);
      })
      .catch(() => undefined);
    return this.scan;
  }

  /** Whether the folders have been read at least once. */
  ready(): boolean {
    return this.scanned;
  }

  whenScanned(): Promise<void> {
    return this.scan ?? this.refresh();
  }

  installed(): ReadonlyMap<string, InstalledPlugin> {
    return this.installedByName;
  }

  onChanged(listener: (status: PluginEnvironmentStatus) => void): void {
    this.listeners.push(listener);
    if (this.scanned) listener(this.status());
  }

  status(): PluginEnvironmentStatus {
    const schema = schemaReleases().map(({ name, source, version }) => ({ name, source, version }));
    const installed = [...this.installedByName.values()]
      .map(({ name, version, source }) => ({ name, version, ...(source ? { source } : {}) }))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    const newer = installed
      .filter((plugin) => {
        const ours = schema.find((release) => release.name === plugin.name);
        const theirs = parseVersion(plugin.version);
        const known = ours ? parseVersion(ours.version) : undefined;
        return theirs && known && compareVersions(theirs, known) > 0;
      })
      .map((plugin) => `${plugin.name} ${plugin.version}`);
    const problem = schemaLoadProblem();
    return { schema, installed, newer, ...(problem ? { problem } : {}) };
  }
}
