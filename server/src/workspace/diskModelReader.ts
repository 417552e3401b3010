// Builds the models of closed files, on a worker thread when the bundle ships one (dist/modelWorker.js) and on the
// server's thread as well, while the editor is quiet: parsing is most of indexing, and two cores halve it. Files wait
// in one queue that both sides pull from, so the faster side does more. Each side reads its own files with blocking reads (a tenth of the CPU
// of non-blocking ones); the worker parses with the wasm the server already compiled. From source (unit tests) there
// is no worker script, and every file is read on the calling thread, with the same result.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../logger';
import { compiledHcl } from '../parsing/treeSitter';
import type { CompiledHcl, LanguageParser } from '../parsing/treeSitter';
import { SharedPositions, diskModelFromText, fromWire, readDiskTextSync } from './diskModel';
import type { DiskModelResult } from './diskModel';
import type { GrammarMessage, ModelRequest, ModelResponse } from './modelWorker';

const WORKER_SCRIPT = path.join(__dirname, 'modelWorker.js');
/** An idle worker is stopped so an indexed workspace does not keep a second heap and wasm memory alive. */
const WORKER_IDLE_MS = 2000;
/** Files handed to the worker ahead, so it never waits for the next one. */
const WORKER_IN_FLIGHT = 4;
/**
 * While the editor has sent something this recently, the server's thread leaves indexing to the worker: a file parsed
 * here holds up every request behind it (a few ms for a typical template, tens for a large one).
 */
const CLIENT_QUIET_MS = 200;

interface Job {
  uri: string;
  resolve(result: DiskModelResult): void;
}

interface WorkerLane {
  worker: Worker;
  waiting: Map<number, Job>;
  idleTimer?: NodeJS.Timeout;
}

export class DiskModelReader {
  private readonly queue: Job[] = [];
  private lane: WorkerLane | undefined;
  private workerBroken: boolean;
  private nextId = 0;
  private localBusy = false;
  private disposed = false;
  private quietTimer: NodeJS.Timeout | undefined;
  /** Shared by every model this reader makes: they live as long as the index does. */
  private readonly positions = new SharedPositions();

  constructor(
    private readonly parser: LanguageParser,
    private readonly logger: Logger,
    private readonly workerScript = WORKER_SCRIPT,
    /** When the client last sent a message (LSP); absent, the server's thread always helps. */
    private readonly lastClientArrival: () => number = () => Number.NEGATIVE_INFINITY,
  ) {
    this.workerBroken = !fs.existsSync(workerScript);
  }

  read(uri: string): Promise<DiskModelResult> {
    return new Promise<DiskModelResult>((resolve) => {
      this.queue.push({ uri, resolve });
      this.pump();
    });
  }

  /**
   * Starts the worker (its thread, bundle and grammar take a few hundred ms) before files arrive, e.g. while the
   * workspace folders are still being searched. Unused, it is stopped like any idle worker.
   */
  prepare(): void {
    const lane = this.workerLane();
    if (lane && lane.waiting.size === 0 && !lane.idleTimer) lane.idleTimer = setTimeout(() => this.stopWorker(), WORKER_IDLE_MS).unref();
  }

  dispose(): void {
    this.disposed = true;
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.stopWorker();
    // A disposed index drops every answer.
    for (const job of this.queue.splice(0)) job.resolve({ skipped: true });
  }

  private pump(): void {
    const lane = this.workerLane();
    while (lane && this.lane === lane && lane.waiting.size < WORKER_IN_FLIGHT && this.queue.length > 0) this.sendToWorker(lane, this.queue.shift()!);
    if (this.localBusy || this.queue.length === 0) return;
    // With a worker at hand, this thread helps only while the editor is quiet; without one it must do all the work.
    const sinceClient = performance.now() - this.lastClientArrival();
    if (lane && sinceClient < CLIENT_QUIET_MS) {
      this.quietTimer ??= setTimeout(() => {
        this.quietTimer = undefined;
        if (!this.disposed) this.pump();
      }, CLIENT_QUIET_MS - sinceClient).unref();
      return;
    }
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = undefined;
    this.localBusy = true;
    void this.readHere(this.queue.shift()!);
  }

  /**
   * One file at a time on this thread, with a yield after each, so requests are answered in between. The file is read
   * with a blocking read, as tsserver reads its files: for a template (at most 4 MB) it takes a tenth of the CPU of a
   * non-blocking read, whose thread-pool work competes with the two parsing threads for the same cores.
   */
  private async readHere(job: Job): Promise<void> {
    job.resolve(diskModelFromText(job.uri, readDiskTextSync(job.uri), this.parser, this.positions));
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.localBusy = false;
    if (!this.disposed) this.pump();
  }

  private sendToWorker(lane: WorkerLane, job: Job): void {
    if (lane.idleTimer) clearTimeout(lane.idleTimer);
    lane.idleTimer = undefined;
    const id = this.nextId++;
    // Work in flight keeps the process alive (the CLI waits for its index); an idle worker does not.
    if (lane.waiting.size === 0) lane.worker.ref();
    lane.waiting.set(id, job);
    lane.worker.postMessage({ id, uri: job.uri } satisfies ModelRequest);
  }

  private workerLane(): WorkerLane | undefined {
    if (this.lane || this.workerBroken || this.disposed) return this.lane;
    let worker: Worker;
    try {
      // Its garbage is short-lived (trees' wrappers, models until posted): a small young generation keeps its heap small.
      worker = new Worker(this.workerScript, { resourceLimits: { maxYoungGenerationSizeMb: 4 } });
    } catch (error) {
      this.giveUpOnWorker(`could not start the indexing worker (${String(error)}); indexing on the server thread`);
      return undefined;
    }
    const lane: WorkerLane = { worker, waiting: new Map() };
    worker.unref();
    // Requests posted meanwhile wait in the worker for its grammar; without the server's wasm it compiles its own.
    const sendGrammar = (wasm: CompiledHcl | undefined) => {
      if (this.lane !== lane) return;
      try {
        worker.postMessage({ wasm } satisfies GrammarMessage);
      } catch {
        // A compiled module that cannot be posted (structured clone refused it): the worker compiles its own.
        if (wasm) sendGrammar(undefined);
      }
    };
    void compiledHcl().then(sendGrammar, () => sendGrammar(undefined));
    worker.on('message', (response: ModelResponse) => {
      lane.waiting.get(response.id)?.resolve(fromWire(response.result, this.positions));
      lane.waiting.delete(response.id);
      if (this.lane !== lane) return;
      this.pump();
      if (lane.waiting.size === 0) {
        lane.worker.unref();
        lane.idleTimer = setTimeout(() => this.stopWorker(), WORKER_IDLE_MS).unref();
      }
    });
    const failed = (why: string) => {
      if (this.lane !== lane) return;
      this.lane = undefined;
      if (this.disposed) return;
      this.giveUpOnWorker(`the indexing worker stopped (${why}); indexing on the server thread`);
      // Whatever the worker still owed is read here instead: nothing is lost.
      this.queue.unshift(...lane.waiting.values());
      lane.waiting.clear();
      this.pump();
    };
    worker.on('error', (error) => failed(error.message));
    worker.on('exit', (code) => failed(`exit code ${code}`));
    this.lane = lane;
    return lane;
  }

  private giveUpOnWorker(message: string): void {
    this.workerBroken = true;
    this.logger.warn(message);
  }

  private stopWorker(): void {
    const lane = this.lane;
    if (!lane) return;
    this.lane = undefined;
    if (lane.idleTimer) clearTimeout(lane.idleTimer);
    for (const job of lane.waiting.values()) job.resolve({ skipped: true });
    lane.waiting.clear();
    void lane.worker.terminate();
  }
}
