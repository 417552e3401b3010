// Worker-thread entry (dist/modelWorker.js): builds models of closed files so indexing a workspace uses a second core
// and leaves the server's thread free for requests. The server thread reads the files; each { id, uri, read } is
// answered with { id, result }.
import { parentPort } from 'node:worker_threads';
import { LanguageParser, loadHclGrammar } from '../parsing/treeSitter';
import { diskModelFromText } from './diskModel';
import type { DiskModelResult, DiskText } from './diskModel';

export interface ModelRequest {
  id: number;
  uri: string;
  read: DiskText;
}

export interface ModelResponse {
  id: number;
  result: DiskModelResult;
}

const port = parentPort;
if (port) {
  const parser = loadHclGrammar().then((hcl) => new LanguageParser(hcl));
  // Each parse runs to completion synchronously, so the one parser is never used re-entrantly.
  port.on('message', (request: ModelRequest) => {
    void parser
      .then((ready) => diskModelFromText(request.uri, request.read, ready))
      .catch((error: unknown): DiskModelResult => ({ problem: `could not index ${request.uri}: ${error instanceof Error ? error.message : String(error)}` }))
      .then((result) => port.postMessage({ id: request.id, result } satisfies ModelResponse));
  });
}
