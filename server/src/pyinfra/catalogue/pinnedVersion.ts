// The PyInfra release a project pins (`pyinfra==2.9.2` in requirements*.txt, `"pyinfra>=3.0,<4"` in pyproject.toml),
// found by reading files only: without a process (Restricted Mode, `bilder check`) it still picks the bundled
// catalogue of the right major version.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { readRegularFile } from '../../workspace/regularFile';
import { searchDirectories } from './searchDirectories';

export interface PinnedVersion {
  /** The version the pin names, e.g. `2.9.2` (`2` for a bare `<3`). */
  version: string;
  /** The requirement as written, e.g. `pyinfra==2.9.2`. */
  requirement: string;
  file: string;
}

const MAX_FILE_BYTES = 256 * 1024;

/** `pyinfra==2.9.2`, `pyinfra~=2.9`, `pyinfra>=3.0,<4`, `pyinfra<3`: the version the requirement settles on. */
export function pinnedIn(text: string): { version: string; requirement: string } | undefined {
  for (const line of text.split(/\r?\n/)) {
    const match = /(?:^|["'\s])pyinfra\s*(?:\[[^\]]*\])?\s*((?:[=~<>!]=?\s*[0-9][\w.*]*\s*,?\s*)+)/i.exec(line.replace(/#.*$/, ''));
    if (!match) continue;
    const clauses = match[1]!.split(',').map((clause) => clause.replace(/\s+/g, '')).filter(Boolean);
    const exact = clauses.find((clause) => /^(==|~=|>=|>)/.test(clause));
    const below = clauses.find((clause) => /^<=?/.test(clause));
    const requirement = `pyinfra${clauses.join(',')}`;
    if (exact) return { version: exact.replace(/^[=~<>!]+/, ''), requirement };
    // `<3` alone: the newest release below it, whose major is one less.
    if (below) {
      const [major, minor] = below.replace(/^<=?/, '').split('.').map((part) => Number.parseInt(part, 10));
      if (Number.isFinite(major)) return { version: String(minor === 0 || minor === undefined || Number.isNaN(minor) ? major! - 1 : major!), requirement };
    }
  }
  return undefined;
}

/** The nearest pin from the deploy's directory up to the workspace folder holding it (`roots`), never above. */
export async function findPinnedVersion(start: string, roots: readonly string[]): Promise<PinnedVersion | undefined> {
  for (const directory of searchDirectories(start, roots)) {
    const entries = await fs.readdir(directory).catch(() => [] as string[]);
    const candidates = entries.filter((name) => /^requirements.*\.(txt|in)$/.test(name) || name === 'pyproject.toml').sort();
    for (const name of candidates) {
      const file = path.join(directory, name);
      // Non-blocking and bounded: a FIFO or /dev/zero named requirements.txt is skipped, not read.
      const read = await readRegularFile(file, MAX_FILE_BYTES).catch(() => undefined);
      const found = read && 'text' in read ? pinnedIn(read.text) : undefined;
      if (found) return { ...found, file };
    }
  }
  return undefined;
}
