// The CLI's standard output and error, as a Unix tool uses them: output is written as it is produced (with the
// stream's backpressure, never as one string the size of the whole report), and a reader that goes away early
// (`bilder check | head -1`) ends the program quietly with the status a shell reports for SIGPIPE.
import { once } from 'node:events';

/** 128 + SIGPIPE (13): what a shell reports for a program its reader stopped listening to. */
export const EXIT_BROKEN_PIPE = 141;

/** Output is flushed in pieces of about this size. */
const CHUNK_CHARACTERS = 64 * 1024;

/**
 * Node ignores SIGPIPE and reports a closed pipe as an EPIPE error on the stream, which, unhandled, prints a stack
 * trace. The first such error ends the process at once: there is nobody left to tell anything.
 */
export function endQuietlyOnClosedOutput(exit: (code: number) => never = process.exit): void {
  const closed = (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') exit(EXIT_BROKEN_PIPE);
    throw error;
  };
  process.stdout.on('error', closed);
  // A closed stderr must not kill a run whose stdout is still read; what it would have said is lost either way.
  process.stderr.on('error', () => undefined);
}

/** Writes lines to a stream as they come, waiting for the stream to drain whenever its buffer is full. */
export async function writeLines(lines: Iterable<string>, stream: NodeJS.WritableStream = process.stdout): Promise<void> {
  let chunk = '';
  for (const line of lines) {
    chunk += `${line}\n`;
    if (chunk.length >= CHUNK_CHARACTERS) {
      await write(stream, chunk);
      chunk = '';
    }
  }
  if (chunk) await write(stream, chunk);
}

async function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream as NodeJS.EventEmitter, 'drain');
}
