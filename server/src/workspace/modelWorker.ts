// Worker-thread entry (dist/modelWorker.js): builds models of closed files so indexing a workspace uses a second core
// and leaves the server's thread free for requests. Answers each { id, uri } with { id, result }.
import { parentPort } from 'node:worker_threads';
import { LanguageParser, loadGrammars } from '../parsing/treeSitter';
import { diskModelFromText, readDiskText } from './diskModel';
import type { DiskModelResult } from './diskModel';

export interface ModelRequest {
  id: number;
  uri: string;
}

export interface ModelResponse {
  id: number;
  result: DiskModelResult;
}

const port = parentPort;
if (port) {
  const parser = loadGrammars().then((grammars) => new LanguageParser(grammars.hcl));
  // Reads overlap; each parse runs to completion synchronously, so the one parser is never used re-entrantly.
  port.on('message', (request: ModelRequest) => {
    void Promise.all([readDiskText(request.uri), parser])
      .then(([read, ready]) => diskModelFromText(request.uri, read, ready))
      .catch((error: unknown): DiskModelResult => ({ problem: `could not index ${request.uri}: ${error instanceof Error ? error.message : String(error)}` }))
      .then((result) => port.postMessage({ id: request.id, result } satisfies ModelResponse));
  });
}
