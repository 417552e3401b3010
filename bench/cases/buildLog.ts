// Build-log parsing: how fast the `packer build` output parser eats a 100 MB log, and whether its memory stays flat.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { REPO_ROOT } from '../../test/helpers/lspClient';
import { SHARED_DIR } from '../../test/helpers/shared';
import type { BenchRow } from '../lib/report';
import { skippedRow } from '../lib/report';
import { round } from '../lib/measure';
import { applyEvent, newRecord, REFRESH_MS } from '../../client/src/imageBuilds/model';
import { colourLine } from '../../server/src/imageBuilds/ansi';
import { BuildOutputParser as PanelParser } from '../../server/src/imageBuilds/outputParser';

const PARSER_MODULE = path.join(REPO_ROOT, 'server', 'src', 'imageBuilds', 'outputParser.ts');
const TRANSCRIPT = path.join(SHARED_DIR, 'packer-cli', 'transcripts', 'pyinfra', 'packer_pyinfra_v3_success.txt');
const GOAL_MB_PER_S = 20;

/** The part of BuildOutputParser the bench drives; loaded at run time so the bench still runs where it is absent. */
interface OutputParser {
  push(raw: string): { text: string[]; events: unknown[] };
  finish(exit: { exitCode: number | null; signal: string | null; durationMs: number; cancelRequested?: boolean }): unknown[];
}

/** A real build: header, provisioning output repeated to size, then the closing lines. */
function logLines(): { header: string[]; body: string[]; tail: string[] } {
  const fallback = [
    '==> null.alpha: Running local shell script: /build/temp/packer-shell1345218411',
    '\u001b[0;32m    null.alpha: hello from alpha\u001b[0m',
    '\u001b[1;31m==> null.alpha: this goes to stderr\u001b[0m',
    '    null.alpha: a line, with, commas',
  ];
  if (!existsSync(TRANSCRIPT)) return { header: [], body: fallback, tail: [] };
  const lines = readFileSync(TRANSCRIPT, 'utf8').split('\n');
  const finished = lines.findIndex((line) => line.startsWith("Build '"));
  return { header: lines.slice(0, 1), body: lines.slice(1, finished === -1 ? lines.length : finished), tail: finished === -1 ? [] : lines.slice(finished) };
}

/** A full GC on demand without `--expose-gc` on the command line, so retained memory is measured, not garbage. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

export async function buildLogBench(targetBytes: number): Promise<BenchRow[]> {
  const label = `build-log parsing, ${round(targetBytes / 1024 / 1024, 0)} MB log`;
  if (!existsSync(PARSER_MODULE)) return [skippedRow('build-log.parse', 'figure', label, 'server/src/build/outputParser.ts is not there yet', `≥ ${GOAL_MB_PER_S} MB/s`)];
  const loaded = (await import(PARSER_MODULE)) as { BuildOutputParser?: new () => OutputParser };
  if (typeof loaded.BuildOutputParser !== 'function') return [skippedRow('build-log.parse', 'figure', label, 'outputParser.ts exports no BuildOutputParser', `≥ ${GOAL_MB_PER_S} MB/s`)];

  const { header, body, tail } = logLines();
  const bodyBytes = body.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0);
  const parser = new loaded.BuildOutputParser();
  collectGarbage();
  const heapBefore = process.memoryUsage().heapUsed;
  let bytes = 0;
  let events = 0;
  const start = performance.now();
  for (const line of header) events += parser.push(line).events.length;
  while (bytes < targetBytes) {
    for (const line of body) events += parser.push(line).events.length;
    bytes += bodyBytes;
  }
  for (const line of tail) events += parser.push(line).events.length;
  events += parser.finish({ exitCode: 0, signal: null, durationMs: 0 }).length;
  const elapsed = performance.now() - start;
  const mbPerSecond = bytes / 1024 / 1024 / (elapsed / 1000);
  // The parser is still referenced here: whatever it kept of the 100 MB shows up as retained heap.
  collectGarbage();
  const growthMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
  void parser;
  return [
    ...panelModelRows(targetBytes, { header, body, tail }),
    {
      id: 'build-log.parse',
      kind: 'figure',
      label,
      measured: `${round(mbPerSecond, 0)} MB/s · retained heap ${round(growthMb, 1)} MB`,
      goal: `≥ ${GOAL_MB_PER_S} MB/s, flat memory`,
      met: mbPerSecond >= GOAL_MB_PER_S && growthMb < 64,
      note: `${round(elapsed / 1000, 1)} s, ${events} events; lines from ${existsSync(TRANSCRIPT) ? 'the pyinfra v3 transcript' : 'built-in samples'}`,
      data: { bytes, ms: elapsed, mbPerSecond, heapGrowthMb: growthMb, events },
    },
  ];
}

/**
 * The same log through everything the Builds panel does with it: the parser, the forwarded lines' colouring, and the
 * client's record of the build (client/src/imageBuilds/model.ts), as the panel applies each event. The view's repaints
 * are batched by time (REFRESH_MS, ≤ 10 a second), so they do not grow with the log.
 */
function panelModelRows(targetBytes: number, log: { header: string[]; body: string[]; tail: string[] }): BenchRow[] {
  const BuildOutputParser = PanelParser;
  const label = `build log through the panel model, ${round(targetBytes / 1024 / 1024, 0)} MB`;
  const bodyBytes = log.body.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0);
  const parser = new BuildOutputParser();
  const record = newRecord('bench', { templateDir: '/bench' }, 'packer build .', '/dev/null', 0);
  let bytes = 0;
  let coloured = 0;
  const feed = (line: string) => {
    const { text, events } = parser.push(line);
    for (const shown of text) coloured += colourLine(shown, 'error').length;
    for (const event of events) applyEvent(record, event, 0);
  };
  const start = performance.now();
  log.header.forEach(feed);
  while (bytes < targetBytes) {
    log.body.forEach(feed);
    bytes += bodyBytes;
  }
  log.tail.forEach(feed);
  for (const event of parser.finish({ exitCode: 0, signal: null, durationMs: 0, cancelRequested: false })) applyEvent(record, event, 0);
  const elapsed = performance.now() - start;
  const mbPerSecond = bytes / 1024 / 1024 / (elapsed / 1000);
  return [
    {
      id: 'build-log.panel',
      kind: 'figure',
      label,
      measured: `${round(mbPerSecond, 0)} MB/s · view repaints ≤ ${round(1000 / REFRESH_MS, 1)}/s`,
      goal: `≥ ${GOAL_MB_PER_S} MB/s, ≤ 10 repaints/s`,
      met: mbPerSecond >= GOAL_MB_PER_S && REFRESH_MS >= 100,
      note: `${round(elapsed / 1000, 1)} s; ${record.sources[0]?.steps.length ?? 0} steps kept; ${round(coloured / 1024 / 1024, 0)} MB of coloured lines`,
      data: { bytes, ms: elapsed, mbPerSecond, refreshMs: REFRESH_MS },
    },
  ];
}
