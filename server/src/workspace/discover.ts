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

export interface DiscoverOptions {
  /** Stop after this many files so a huge tree cannot exhaust memory. */
  limit?: number;
  accept?: (name: string) => boolean;
}

/** Walks breadth-first without following symlinks; unreadable folders are skipped, not fatal. */
export async function discoverFiles(root: string, options: DiscoverOptions = {}): Promise<string[]> {
  const limit = options.limit ?? 20_000;
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
      } else if (entry.isFile() && accept(entry.name)) {
        found.push(full);
        if (found.length >= limit) break;
      }
    }
  }
  return found;
}
