// Which plugin release a configuration runs, as far as Bilder can tell without running anything: the `required_plugins`
// constraints of the template and the plugin binaries installed where Packer looks for them. When that release is not
// the one Bilder's schema was generated from, an attribute our schema lacks may well exist there.

export type Version = readonly [number, number, number];

export function parseVersion(text: string): Version | undefined {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(text.trim());
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
}

export function compareVersions(a: Version, b: Version): number {
  for (let index = 0; index < 3; index++) if (a[index] !== b[index]) return a[index]! - b[index]!;
  return 0;
}

/**
 * Whether a version meets a Packer/Terraform-style constraint (`1.1.6`, `>= 1.0, < 2.0`, `~> 1.2`). An unreadable
 * constraint counts as met: it must never turn into a claim about the user's release.
 */
export function satisfies(version: Version, constraint: string): boolean {
  for (const part of constraint.split(',')) {
    const match = /^\s*(=|!=|>=|<=|>|<|~>)?\s*v?([\d.]+)\s*$/.exec(part);
    const bound = match ? parseVersion(match[2]!) : undefined;
    if (!match || !bound) return true;
    const order = compareVersions(version, bound);
    const segments = match[2]!.split('.').filter(Boolean).length;
    switch (match[1] ?? '=') {
      case '=':
        if (order !== 0) return false;
        break;
      case '!=':
        if (order === 0) return false;
        break;
      case '>':
        if (order <= 0) return false;
        break;
      case '>=':
        if (order < 0) return false;
        break;
      case '<':
        if (order >= 0) return false;
        break;
      case '<=':
        if (order > 0) return false;
        break;
      case '~>': {
        // ~> 1.2 allows 1.x from 1.2; ~> 1.2.3 allows 1.2.x from 1.2.3.
        if (order < 0) return false;
        const fixed = Math.max(1, segments - 1);
        for (let index = 0; index < fixed; index++) if (version[index] !== bound[index]) return false;
        break;
      }
    }
  }
  return true;
}

/** The last element of a plugin source address (`github.com/hashicorp/qemu` → `qemu`), which names the plugin. */
export function pluginNameOfSource(source: string): string {
  return source.split('/').pop()!.replace(/^packer-plugin-/, '').toLowerCase();
}

export interface RequiredPlugin {
  /** The local name in required_plugins (`qemu = { … }`). */
  name: string;
  source: string;
  version?: string;
}

/**
 * required_plugins entries in a file's text. Entries are HCL objects of literal strings in practice
 * (`qemu = { version = ">= 1.1", source = "github.com/hashicorp/qemu" }`), so reading the literals is enough.
 */
export function requiredPluginsIn(text: string): RequiredPlugin[] {
  const found: RequiredPlugin[] = [];
  const block = /\brequired_plugins\s*\{/g;
  for (let match = block.exec(text); match; match = block.exec(text)) {
    let depth = 1;
    let index = match.index + match[0].length;
    const start = index;
    for (; index < text.length && depth > 0; index++) {
      if (text[index] === '{') depth++;
      else if (text[index] === '}') depth--;
    }
    const body = text.slice(start, index - 1);
    for (const entry of body.matchAll(/([\w-]+)\s*=\s*\{([^{}]*)\}/g)) {
      const source = /\bsource\s*=\s*"([^"]*)"/.exec(entry[2]!)?.[1];
      const version = /\bversion\s*=\s*"([^"]*)"/.exec(entry[2]!)?.[1];
      if (source) found.push({ name: entry[1]!, source, ...(version ? { version } : {}) });
    }
  }
  return found;
}

/** What Bilder knows of the releases a configuration runs, by plugin name. */
export interface PluginReleaseContext {
  /** The constraint required_plugins puts on the plugin, if any. */
  constraintOf(pluginName: string): string | undefined;
  /** The newest installed release of the plugin, if any binary was found. */
  installedVersionOf(pluginName: string): string | undefined;
}

export const NO_RELEASE_CONTEXT: PluginReleaseContext = { constraintOf: () => undefined, installedVersionOf: () => undefined };

/**
 * Why an attribute our schema lacks may still be valid: the configuration requires, or the machine has, another
 * release of the plugin than the one the schema comes from. Undefined when nothing says so.
 */
export function otherReleaseReason(pluginName: string, schemaVersion: string, context: PluginReleaseContext): string | undefined {
  const ours = parseVersion(schemaVersion);
  if (!ours) return undefined;
  const constraint = context.constraintOf(pluginName);
  if (constraint && !satisfies(ours, constraint)) return `this configuration requires ${pluginName} ${constraint.trim()}`;
  const installed = context.installedVersionOf(pluginName);
  const installedVersion = installed ? parseVersion(installed) : undefined;
  if (installedVersion && compareVersions(installedVersion, ours) > 0 && (!constraint || satisfies(installedVersion, constraint))) {
    return `${pluginName} v${installed} is installed`;
  }
  return undefined;
}
