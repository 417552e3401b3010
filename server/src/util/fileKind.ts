// One wording for what a path is when it is not a file Bilder may read, shared by the index, `bilder check` and what
// is handed to Packer, so every message reads alike.
import type { Stats } from 'node:fs';

export function describeFileKind(stats: Stats): string {
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isDirectory()) return 'a directory';
  return 'not a regular file';
}
