// Worker-thread entry (dist/modelWorker.js): builds models of closed files so indexing a workspace uses a second core
// and leaves the server's thread free for requests. The server first posts its compiled wasm ({ wasm }), so this thread
// compiles none; then each { id, uri } is read here (blocking only this thread, which has nothing else to do) and
// answered with { id, result }.
import { parentPort } from 'node:worker_threads';
import { LanguageParser, loadHclGrammar } from '../parsing/treeSitter';
import type { CompiledHcl } from '../parsing/treeSitter';
import { diskModelWire, readDiskTextSync } from './diskModel';
import type { DiskModelWire } from './diskModel';

/** The server's compiled runtime and HCL grammar; undefined when it has none, and this thread compiles its own. */
export interface GrammarMessage {
  wasm: CompiledHcl | undefined;
}

export interface ModelRequest {
  id: number;
  uri: string;
}

export interface ModelResponse {
  id: number;
  result: DiskModelWire;
}

const port = parentPort;
if (port) {
  let grammarArrived: (message: GrammarMessage) => void = () => undefined;
  const parser = new Promise<GrammarMessage>((resolve) => (grammarArrived = resolve)).then(({ wasm }) => loadHclGrammar(wasm)).then((hcl) => new LanguageParser(hcl));
  // Each parse runs to completion synchronously, so the one parser is never used re-entrantly.
  port.on('message', (message: GrammarMessage | ModelRequest) => {
    if ('wasm' in message) return grammarArrived(message);
    void parser
      .then((ready) => diskModelWire(message.uri, readDiskTextSync(message.uri), ready))
      .catch((error: unknown): DiskModelWire => ({ problem: `could not index ${message.uri}: ${error instanceof Error ? error.message : String(error)}` }))
      .then((result) => port.postMessage({ id: message.id, result } satisfies ModelResponse));
  });
}
