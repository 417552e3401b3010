// Turns the `bilder.packer.path` setting into an absolute executable path, looking bare names up on PATH without
// spawning anything. Only an absolute path or a bare command name is accepted: a relative path would resolve against
// whatever directory the server happens to run in (often the workspace), and so would a relative PATH entry such as
// `.`, which is skipped. Answers are cached: every save must not cost a PATH scan, and a missing tool must not be
// searched for again and again.
import { constants, promises as fs } from 'node:fs';
import * as path from 'node:path';

/** A negative answer is re-checked after this long, so installing Packer does not need a server restart. */
const MISSING_TTL_MS = 30_000;

interface CacheEntry {
  resolved: Promise<string | undefined>;
  at: number;
}

const cache = new Map<string, CacheEntry>();

async function isExecutableFile(candidate: string): Promise<boolean> {
  try {
    const stat = await fs.stat(candidate);
    if (!stat.isFile()) return false;
    await fs.access(candidate, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Why a configured executable is refused before any lookup, or undefined when its form is acceptable. */
export function unacceptableExecutable(command: string): string | undefined {
  if (command.startsWith('-')) return `"${command}" would be read as an option`;
  if ((command.includes('/') || command.includes(path.sep)) && !path.isAbsolute(command)) {
    return `"${command}" is a relative path; use an absolute path or a command name found on PATH`;
  }
  return undefined;
}

async function lookUp(command: string, searchPath: string): Promise<string | undefined> {
  if (unacceptableExecutable(command)) return undefined;
  if (path.isAbsolute(command)) return (await isExecutableFile(command)) ? command : undefined;
  for (const directory of searchPath.split(path.delimiter)) {
    if (!directory || !path.isAbsolute(directory)) continue;
    const candidate = path.join(directory, command);
    if (await isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

export interface ResolveOptions {
  searchPath?: string;
  now?: number;
}

export function resolveExecutable(command: string, options: ResolveOptions = {}): Promise<string | undefined> {
  const searchPath = options.searchPath ?? process.env.PATH ?? '';
  const now = options.now ?? Date.now();
  const key = `${command}\0${searchPath}`;
  const cached = cache.get(key);
  if (cached) {
    const stale = now - cached.at > MISSING_TTL_MS;
    if (!stale) return cached.resolved;
    // Positive answers stay valid until the file disappears; negative ones expire.
    return cached.resolved.then((found) => (found ? found : refresh()));
  }
  return refresh();

  function refresh(): Promise<string | undefined> {
    const resolved = lookUp(command, searchPath);
    cache.set(key, { resolved, at: now });
    return resolved;
  }
}

export function clearExecutableCache(): void {
  cache.clear();
}
