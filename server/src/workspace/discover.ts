// Finds Packer files under a folder the way users lay them out, skipping folders that only hold tool output.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules', 'packer_cache', '.venv', 'venv', '__pycache__', '.terraform']);

export function isSkippedDirectory(name: string): boolean {
  return SKIPPED_DIRECTORIES.has(name) || name.startsWith('output-');
}

export function isPackerFile(name: string): boolean {
  return name.endsWith('.pkr.hcl') || name.endsWith('.pkrvars.hcl');
}

/** Files one search returns at most: a tree that big is read for minutes and its models fill hundreds of MB. */
export const MAX_DISCOVERED_FILES = 50_000;

export interface DiscoverOptions {
  /** Stop after this many files so a huge tree cannot exhaust memory. */
  limit?: number;
  accept?: (name: string) => boolean;
  /** Told when the search stopped at the limit, so the caller can say so instead of leaving files out silently. */
  onLimit?: (limit: number) => void;
}

/**
 * Walks breadth-first without following symlinked folders; unreadable folders are skipped, not fatal. Every entry with
 * an accepted name that is not a folder is returned, FIFOs and devices too: the reader says why it skips them.
 */
export async function discoverFiles(root: string, options: DiscoverOptions = {}): Promise<string[]> {
  const limit = options.limit ?? MAX_DISCOVERED_FILES;
  const accept = options.accept ?? isPackerFile;
  const found: string[] = [];
  const queue = [root];
  while (queue.length > 0 && found.length < limit) {
    const directory = queue.shift()!;
    let entries;
    try {
      entries = await fs.readdir(directory, { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) {
        if (!isSkippedDirectory(entry.name)) queue.push(full);
      } else if (accept(entry.name)) {
        found.push(full);
        if (found.length >= limit) {
          options.onLimit?.(limit);
          break;
        }
      }
    }
  }
  return found;
}
