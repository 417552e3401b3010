// Where a project's own files (.venv, requirement pins) are looked for above a deploy: up to its workspace folder.
import * as path from 'node:path';

/**
 * The directories a project file is looked for in, from the deploy's up to the workspace folder that holds it (the
 * innermost one); a deploy outside every workspace folder searches its own directory only. Never above the workspace:
 * `/tmp/.venv` or a parent folder belongs to whoever could write there, not to this project.
 */
export function searchDirectories(start: string, roots: readonly string[]): string[] {
  const from = path.resolve(start);
  const root = roots
    .map((candidate) => path.resolve(candidate))
    .filter((candidate) => from === candidate || from.startsWith(candidate.endsWith(path.sep) ? candidate : candidate + path.sep))
    .sort((a, b) => b.length - a.length)[0];
  if (!root) return [from];
  const directories: string[] = [];
  for (let directory = from; ; directory = path.dirname(directory)) {
    directories.push(directory);
    if (directory === root || path.dirname(directory) === directory) break;
  }
  return directories;
}
