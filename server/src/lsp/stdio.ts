// The --stdio transport, tuned: one write per message, and nothing but messages on stdout.
import { Writable } from 'node:stream';
import { format } from 'node:util';

const HEADER_START = Buffer.from('Content-Length:', 'ascii');
const HEADER_END = Buffer.from('\r\n\r\n', 'ascii');

/**
 * vscode-jsonrpc writes each message as two writes, header then body, the second after the first has completed. On a
 * pipe each is a system call that wakes the editor for half a message (≈0.2 ms apiece on a keystroke's path). This
 * stream holds the header back and writes it together with its body.
 */
export function oneWritePerMessage(target: NodeJS.WritableStream): Writable {
  let header: Buffer | undefined;
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      // A body is JSON, so it never looks like a header.
      if (header === undefined && chunk.subarray(0, HEADER_START.length).equals(HEADER_START) && chunk.subarray(-HEADER_END.length).equals(HEADER_END)) {
        header = chunk;
        callback();
        return;
      }
      const frame = header ? Buffer.concat([header, chunk]) : chunk;
      header = undefined;
      target.write(frame, (error) => callback(error ?? null));
    },
    final(callback) {
      if (header) target.write(header);
      callback();
    },
  });
}

/**
 * When the client last sent anything (performance.now() clock), read as bytes or IPC messages arrive, before the
 * connection dispatches them: the analysis scheduler lets a request that came right behind a keystroke go first.
 * Attach after the connection listens, so its reader is in place before the input starts flowing.
 */
export function watchClientArrivals(transport: 'stdio' | 'node-ipc'): () => number {
  let lastArrival = Number.NEGATIVE_INFINITY;
  const note = () => {
    lastArrival = performance.now();
  };
  if (transport === 'stdio') process.stdin.on('data', note);
  else process.on('message', note);
  return () => lastArrival;
}

interface RemoteLog {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  log(message: string): void;
}

/**
 * With stdout carrying the protocol, a stray console.log from any dependency would corrupt it. vscode-languageserver
 * redirects the console itself only when it picks the transport from the command line; Bilder picks it, so it does this.
 */
export function redirectConsole(remote: RemoteLog): void {
  const send = (target: (message: string) => void) => (...args: unknown[]) => target.call(remote, format(...args));
  console.log = send(remote.log);
  console.debug = send(remote.log);
  console.trace = send(remote.log);
  console.dir = send(remote.log);
  console.table = send(remote.log);
  console.info = send(remote.info);
  console.warn = send(remote.warn);
  console.error = send(remote.error);
  console.assert = (assertion?: unknown, ...args: unknown[]) => {
    if (!assertion) remote.error(`Assertion failed${args.length ? `: ${format(...args)}` : ''}`);
  };
}
