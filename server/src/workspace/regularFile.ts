// Reading a file named like a template without ever blocking on it: a FIFO named `x.pkr.hcl` would block a plain read
// until some writer appears (forever), a device could stream without end. The file is opened non-blocking, checked
// with fstat on the open descriptor (so it cannot be swapped between the check and the read), and read only when it is
// a regular file within the size limit.
import { constants, promises as fs, closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { describeFileKind } from '../util/fileKind';

/** The text, or why it was not read; `size` is set when a regular file was left unread for its size alone. */
export type RegularFileText = { text: string } | { skipped: string; size?: number };

// O_NONBLOCK makes opening a FIFO return at once; O_NOCTTY keeps a terminal device from becoming ours.
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY;

/** Why a file of this kind is not read, or undefined for a regular file within the limit. */
export function whyNotRead(stats: Stats, maxBytes: number): string | undefined {
  if (stats.isFile()) return stats.size > maxBytes ? `it is ${megabytes(stats.size)}, over the ${megabytes(maxBytes)} limit` : undefined;
  const kind = describeFileKind(stats);
  return `it is ${kind}, not a regular file`;
}

export function readRegularFileSync(fsPath: string, maxBytes: number): RegularFileText {
  let fd: number;
  try {
    fd = openSync(fsPath, OPEN_FLAGS);
  } catch (error) {
    return unopenable(error);
  }
  try {
    const stats = fstatSync(fd);
    const why = whyNotRead(stats, maxBytes);
    return why ? skipped(why, stats) : { text: readFileSync(fd, 'utf8') };
  } finally {
    closeSync(fd);
  }
}

export async function readRegularFile(fsPath: string, maxBytes: number): Promise<RegularFileText> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(fsPath, OPEN_FLAGS);
  } catch (error) {
    return unopenable(error);
  }
  try {
    const stats = await handle.stat();
    const why = whyNotRead(stats, maxBytes);
    return why ? skipped(why, stats) : { text: await handle.readFile('utf8') };
  } finally {
    await handle.close();
  }
}

function skipped(why: string, stats: Stats): RegularFileText {
  return stats.isFile() ? { skipped: why, size: stats.size } : { skipped: why };
}

/** A socket cannot be opened at all (ENXIO); anything else that fails to open is a real error for the caller. */
function unopenable(error: unknown): RegularFileText {
  if ((error as NodeJS.ErrnoException).code === 'ENXIO') return { skipped: 'it is a socket, not a regular file' };
  throw error;
}

function megabytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
