// Figures of issue 16 (heavy load): how fast the server recovers from a full-document sync storm and what it costs in
// memory, completion latency while a storm of keystrokes runs, memory per MB of open text, and (opt-in, it takes
// minutes) indexing 20,000 templates with completion measured while the index fills.
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { LspClient, fileUri } from '../../test/helpers/lspClient';
import { sizedTemplate, withMarker } from '../../test/hostile/templates';
import type { BenchRow } from '../lib/report';
import { skippedRow } from '../lib/report';
import { processMemory, round, summarize } from '../lib/measure';
import { COMPLETION_FILE, COMPLETION_POSITIONS, COMPLETION_TEXT, generateWorkspace, syntheticTemplate } from '../lib/templates';

const STORM_CHANGES = 2000;

/** Full sync storm: every keystroke sends the whole 22 KB text; recovery is last change sent → its diagnostics. */
export async function stormBench(): Promise<BenchRow[]> {
  const client = await LspClient.start();
  try {
    const uri = 'file:///bench/storm.pkr.hcl';
    const base = sizedTemplate(22 * 1024, 'm0');
    await client.open(uri, base);
    await client.diagnosticsForVersion(uri, 1);
    const before = client.publishCount.get(uri) ?? 0;
    const started = performance.now();
    for (let version = 2; version <= STORM_CHANGES + 1; version++) void client.change(uri, version, [{ text: withMarker(base, 'm0', `m${version}`) }]);
    const sent = performance.now();
    await client.waitForDiagnostics(uri, (p) => p.version === STORM_CHANGES + 1, 120_000);
    const recovered = performance.now();
    const memory = processMemory(client.process.pid!);
    const publishes = (client.publishCount.get(uri) ?? 0) - before;

    // Incremental typing as fast as the pipe takes it, with a completion request after every ten keystrokes.
    const lines = base.split('\n').length - 1;
    await client.change(uri, STORM_CHANGES + 2, [{ range: { start: { line: lines, character: 0 }, end: { line: lines, character: 0 } }, text: 'locals {\n  typed = \n}\n' }]);
    let version = STORM_CHANGES + 2;
    const at = { line: lines + 1, character: 10 };
    const samples: number[] = [];
    for (let round = 0; round < 300; round++) {
      for (let i = 0; i < 10; i++) {
        version++;
        const text = i % 2 === 0 ? 'x' : '';
        const end = i % 2 === 0 ? at : { line: at.line, character: at.character + 1 };
        void client.change(uri, version, [{ range: { start: at, end }, text }]);
      }
      const begin = performance.now();
      await client.request('textDocument/completion', { textDocument: { uri }, position: at });
      samples.push(performance.now() - begin);
    }
    const typing = summarize(samples.slice(30));
    return [
      {
        id: 'storm.full-sync',
        kind: 'figure',
        label: `full-document sync storm: ${STORM_CHANGES} whole-text changes of a 22 KB template, sent at once`,
        measured: `recovered ${round(recovered - sent, 0)} ms after the last change (storm sent in ${round(sent - started, 0)} ms) · ${publishes} analyses · RSS ${round(memory?.rssMb ?? NaN, 0)} MB (peak ${round(memory?.peakMb ?? NaN, 0)} MB)`,
        goal: 'newest version analysed once, ≤ 300 MB',
        met: (memory?.peakMb ?? Infinity) <= 300,
        note: 'issue 16 measured 65.6 s and 442 MB before superseded work was coalesced',
        data: { changes: STORM_CHANGES, sendMs: sent - started, recoveryMs: recovered - sent, publishes, ...memory },
      },
      {
        id: 'storm.completion-while-typing',
        kind: 'figure',
        label: 'completion during an incremental typing storm (10 keystrokes queued before each request)',
        measured: `p50 ${round(typing.p50, 1)} ms · p95 ${round(typing.p95, 1)} ms`,
        goal: 'p95 ≤ 20 ms',
        met: typing.p95 <= 20,
        data: typing as unknown as Record<string, unknown>,
      },
    ];
  } finally {
    await client.stop();
  }
}

/** Resident memory per MB of open template text, analysed: the figure the README states. */
export async function openTextMemoryBench(documents = 4, megabytes = 1): Promise<BenchRow[]> {
  const client = await LspClient.start();
  try {
    const pid = client.process.pid!;
    const warm = 'file:///bench/memory/warm.pkr.hcl';
    await client.open(warm, sizedTemplate(4 * 1024));
    await client.diagnosticsForVersion(warm, 1);
    const idle = processMemory(pid)?.rssMb ?? NaN;
    const text = syntheticTemplate(megabytes * 1024 * 1024);
    for (let i = 0; i < documents; i++) {
      const uri = `file:///bench/memory/d${i}/big.pkr.hcl`;
      await client.open(uri, text);
      await client.waitForDiagnostics(uri, (p) => p.version === 1, 120_000);
    }
    const loaded = processMemory(pid);
    const openMb = (documents * text.length) / 1024 / 1024;
    const perMb = ((loaded?.rssMb ?? NaN) - idle) / openMb;
    return [
      {
        id: 'memory.per-open-mb',
        kind: 'figure',
        label: `memory per MB of open text (${documents} analysed templates of ${round(text.length / 1024 / 1024, 1)} MB)`,
        measured: `${round(perMb, 0)} MB of RSS per MB (idle ${round(idle, 0)} MB → ${round(loaded?.rssMb ?? NaN, 0)} MB, peak ${round(loaded?.peakMb ?? NaN, 0)} MB)`,
        note: 'text, tree-sitter tree (wasm), per-file model and diagnostics; files over bilder.analysis.maxFileSizeKB keep only their text',
        data: { documents, bytes: text.length, idleMb: idle, ...loaded, perMb },
      },
    ];
  } finally {
    await client.stop();
  }
}

/** Opt-in (BILDER_BENCH_SCALE=20000): index that many templates, completion measured while the index fills. */
export async function scaleBench(templates: number | undefined): Promise<BenchRow[]> {
  const label = `index ${templates ?? 20000} templates, completion while indexing`;
  if (!templates) return [skippedRow('index.scale', 'figure', label, 'opt-in: BILDER_BENCH_SCALE=20000 npm run bench (takes minutes)', '≤ 150 MB per 1,000; p95 ≤ 20 ms')];
  const perDirectory = 10;
  const workspace = generateWorkspace(Math.ceil(templates / perDirectory), perDirectory);
  const client = await LspClient.start({ rootPath: workspace.root, capabilities: { window: { workDoneProgress: true }, workspace: { configuration: true } } });
  try {
    const pid = client.process.pid!;
    const start = performance.now();
    let indexing = true;
    const ended = client.waitForProgress((params) => params.value.kind === 'end').then(() => {
      indexing = false;
      return performance.now();
    });
    const uri = fileUri(path.join(workspace.directories[0]!, COMPLETION_FILE));
    await client.open(uri, COMPLETION_TEXT);
    const samples: number[] = [];
    for (let i = 0; indexing; i++) {
      const position = COMPLETION_POSITIONS[i % COMPLETION_POSITIONS.length]!;
      const begin = performance.now();
      await client.request('textDocument/completion', { textDocument: { uri }, position: { line: position.line, character: position.character } });
      if (indexing) samples.push(performance.now() - begin);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const endedAt = await ended;
    const memory = processMemory(pid);
    const during = samples.length > 0 ? summarize(samples) : undefined;
    const perThousand = ((memory?.rssMb ?? NaN) / workspace.templates) * 1000;
    return [
      {
        id: 'index.scale',
        kind: 'figure',
        label: `index ${workspace.templates} templates (${workspace.directories.length} directories, ${round(workspace.bytes / 1e6, 1)} MB)`,
        measured:
          `${round((endedAt - start) / 1000, 1)} s · RSS ${round(memory?.rssMb ?? NaN, 0)} MB (peak ${round(memory?.peakMb ?? NaN, 0)} MB, ${round(perThousand, 0)} MB per 1,000)` +
          (during ? ` · completion while indexing p50 ${round(during.p50, 1)} ms · p95 ${round(during.p95, 1)} ms (${during.count})` : ''),
        goal: 'completion p95 ≤ 20 ms while indexing',
        met: during ? during.p95 <= 20 : undefined,
        data: { templates: workspace.templates, bytes: workspace.bytes, ms: endedAt - start, ...memory, completion: during },
      },
    ];
  } finally {
    await client.stop();
    rmSync(workspace.root, { recursive: true, force: true });
  }
}
