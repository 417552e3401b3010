// What may be handed to Packer or to the formatter: regular files of bounded size holding UTF-8 text. A FIFO would
// block a reader forever, a device such as /dev/zero (even behind a symlink named `x.pkr.hcl`) never ends, and
// Latin-1 bytes decoded leniently would come back as U+FFFD and be written over the user's file.
import { constants, promises as fs } from 'node:fs';
import { describeFileKind } from '../util/fileKind';

/** Why a file was refused, for callers that word it their own way; `reason` is the wording for everyone else. */
export type RefusalCause = 'missing' | 'unreadable' | 'not-regular' | 'too-large' | 'not-utf8';

export type InputText = { kind: 'text'; text: string } | { kind: 'refused'; cause: RefusalCause; reason: string };

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** Why a file may not be handed on (undefined when it may): follows symlinks, as Packer would. */
export async function refusalOf(file: string, maxBytes: number): Promise<string | undefined> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (error) {
    return `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  if (!stat.isFile()) return `is ${describeFileKind(stat)}, not a file Packer can read`;
  if (stat.size > maxBytes) return `is ${sizeText(stat.size)}, over the ${sizeText(maxBytes)} limit`;
  return undefined;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Reads a file as UTF-8 text, refusing anything but a regular file within maxBytes, and bytes that are not UTF-8.
 * The file is opened without blocking (a FIFO would otherwise hang the open) and checked on the open descriptor, so it
 * cannot be swapped between the check and the read.
 */
export async function readInputText(file: string, maxBytes: number): Promise<InputText> {
  let handle;
  try {
    handle = await fs.open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { kind: 'refused', cause: code === 'ENOENT' ? 'missing' : 'unreadable', reason: `cannot be read (${code ?? 'error'})` };
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return { kind: 'refused', cause: 'not-regular', reason: `is ${describeFileKind(stat)}, not a regular file` };
    if (stat.size > maxBytes) return { kind: 'refused', cause: 'too-large', reason: `is ${sizeText(stat.size)}, over the ${sizeText(maxBytes)} limit` };
    // One byte more than allowed tells a file that grew since the stat.
    const buffer = Buffer.alloc(Math.min(maxBytes, stat.size) + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buffer.length) return { kind: 'refused', cause: 'too-large', reason: `grew past the ${sizeText(maxBytes)} limit while being read` };
    }
    try {
      return { kind: 'text', text: strictUtf8.decode(buffer.subarray(0, length)) };
    } catch {
      return { kind: 'refused', cause: 'not-utf8', reason: 'is not UTF-8 text (Packer reads templates as UTF-8); convert it first, e.g. with iconv' };
    }
  } finally {
    await handle.close();
  }
}
