// Which Packer is installed decides which flags exist (packer-cli.md §6). Asked once per executable path.
import { DEFAULT_MEMORY_LIMIT_MB, runTool } from './runTool';

export interface PackerVersion {
  major: number;
  minor: number;
  patch: number;
  text: string;
}

export type VersionLookup = { kind: 'version'; version: PackerVersion } | { kind: 'not-found' } | { kind: 'unknown'; reason: string };

/** `packer -machine-readable version` prints `<ts>,,version,1.6.6` among other lines. */
export function parseMachineReadableVersion(stdout: string): PackerVersion | undefined {
  for (const line of stdout.split(/\r?\n/)) {
    const match = /^\d*,[^,]*,version,v?(\d+)\.(\d+)\.(\d+)(\S*)$/.exec(line.trim());
    if (match) {
      return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]), text: `${match[1]}.${match[2]}.${match[3]}${match[4]}` };
    }
  }
  return undefined;
}

export function atLeast(version: PackerVersion, minimum: string): boolean {
  const [major = 0, minor = 0, patch = 0] = minimum.split('.').map(Number);
  if (version.major !== major) return version.major > major;
  if (version.minor !== minor) return version.minor > minor;
  return version.patch >= patch;
}

/** Feature gates that change how Bilder drives Packer. */
export const PACKER_FEATURES = {
  fmtStdin: '1.7.0',
  requiredPlugins: '1.7.0',
  init: '1.7.0',
} as const;

export function supports(version: PackerVersion, feature: keyof typeof PACKER_FEATURES): boolean {
  return atLeast(version, PACKER_FEATURES[feature]);
}

const cache = new Map<string, Promise<VersionLookup>>();

export function packerVersion(executable: string): Promise<VersionLookup> {
  let lookup = cache.get(executable);
  if (!lookup) {
    lookup = detect(executable);
    cache.set(executable, lookup);
    // A failed probe (timeout, odd output) may be transient; only real answers are kept.
    void lookup.then((answer) => {
      if (answer.kind !== 'version') cache.delete(executable);
    });
  }
  return lookup;
}

/** Run from Bilder's private empty directory (runTool's default): Packer 1.6.6 starts plugins found in its cwd. */
async function detect(executable: string): Promise<VersionLookup> {
  const result = await runTool(executable, ['-machine-readable', 'version'], { timeoutMs: 20_000, memoryLimitMb: DEFAULT_MEMORY_LIMIT_MB });
  if (result.kind === 'not-found') return { kind: 'not-found' };
  if (result.kind !== 'exited') return { kind: 'unknown', reason: result.kind === 'failed' ? result.message : result.kind };
  const version = parseMachineReadableVersion(result.stdout);
  return version ? { kind: 'version', version } : { kind: 'unknown', reason: `unrecognised version output: ${result.stdout.slice(0, 200)}` };
}

export function clearVersionCache(): void {
  cache.clear();
}
