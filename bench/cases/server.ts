// Figures measured through the real language server over stdio, the way an editor sees them.
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { SymbolInformation } from 'vscode-languageserver-types';
import { LspClient, fileUri } from '../../test/helpers/lspClient';
import type { BenchRow } from '../lib/report';
import { skippedRow } from '../lib/report';
import { processCpuMs, processMemory, round, summarize } from '../lib/measure';
import type { Summary } from '../lib/measure';
import {
  COMPLETION_FILE,
  COMPLETION_POSITIONS,
  COMPLETION_TEXT,
  MARKER_LETTERS,
  editOffsetNearMiddle,
  generateWorkspace,
  largestRealTemplate,
  materialize,
  syntheticTemplate,
} from '../lib/templates';

/** Keystrokes before measuring: V8 has optimised the analysis by then (fewer and the p95 measures its compiler). */
const WARM_UP_EDITS = 200;

const ms = (value: number) => `${round(value, value < 10 ? 2 : 0)} ms`;
const latency = (summary: Summary) => `p50 ${ms(summary.p50)} · p95 ${ms(summary.p95)}`;

interface EditingFigures {
  latency: Summary;
  /** Server CPU time per keystroke over the measured edits. */
  cpuMsPerEdit: number | undefined;
  /** How many diagnostics the last publication carried. */
  diagnostics: number;
}

/** Alternately types and deletes one character inside a string, waiting each time for that version's diagnostics. */
async function changeToDiagnostics(client: LspClient, uri: string, text: string, warmup: number, count: number): Promise<EditingFigures> {
  await client.open(uri, text);
  await client.diagnosticsForVersion(uri, 1);
  const position = TextDocument.create(uri, 'packer', 1, text).positionAt(editOffsetNearMiddle(text));
  const after = { line: position.line, character: position.character + 1 };
  const samples: number[] = [];
  let version = 1;
  let cpuAtStart: number | undefined;
  let diagnostics = 0;
  for (let i = 0; i < warmup + count; i++) {
    if (i === warmup) cpuAtStart = processCpuMs(client.process.pid!);
    version++;
    const change = i % 2 === 0 ? { range: { start: position, end: position }, text: 'x' } : { range: { start: position, end: after }, text: '' };
    const start = performance.now();
    const published = client.diagnosticsForVersion(uri, version);
    await client.change(uri, version, [change]);
    diagnostics = (await published).length;
    if (i >= warmup) samples.push(performance.now() - start);
  }
  const cpuAtEnd = processCpuMs(client.process.pid!);
  await client.notify('textDocument/didClose', { textDocument: { uri } });
  const cpuMsPerEdit = cpuAtStart !== undefined && cpuAtEnd !== undefined ? (cpuAtEnd - cpuAtStart) / count : undefined;
  return { latency: summarize(samples), cpuMsPerEdit, diagnostics };
}

const cpuNote = (figures: EditingFigures) => (figures.cpuMsPerEdit === undefined ? '' : `server CPU ${ms(figures.cpuMsPerEdit)} per keystroke`);

export async function diagnosticsLatencyBench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const client = await LspClient.start();
  try {
    const real = largestRealTemplate();
    if (!real) rows.push(skippedRow('latency.real', 'figure', 'didChange → publishDiagnostics, largest real template', 'no corpus', 'p95 ≤ 5 ms'));
    else {
      // In its own directory, as a user has it: the variables it uses are declared in a sibling file.
      const { file, root } = materialize(real);
      try {
        const uri = fileUri(file);
        // Steady typing: the first keystrokes of a session also pay for V8 compiling the analysis, which a warm-up absorbs.
        const figures = await changeToDiagnostics(client, uri, real.text, WARM_UP_EDITS, 500);
        const summary = figures.latency;
        rows.push({
          id: 'latency.real',
          kind: 'figure',
          label: `didChange → publishDiagnostics, largest real template (${round(real.text.length / 1024, 0)} KB) in its directory`,
          measured: latency(summary),
          goal: 'p95 ≤ 5 ms',
          met: summary.p95 <= 5,
          note: `after ${WARM_UP_EDITS} warm-up keystrokes; ${cpuNote(figures)}; ${path.basename(real.name)} with its ${real.siblings.length} sibling file(s), ${figures.diagnostics} diagnostics; the corpus has no 40 KB template, this is its largest`,
          data: { file: real.name, bytes: real.text.length, ...summary, cpuMsPerEdit: figures.cpuMsPerEdit, diagnostics: figures.diagnostics },
        });
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
      // Without its directory every `var.` is undeclared: hundreds of errors (≈75 KB of JSON) go out per keystroke.
      const alone = await changeToDiagnostics(client, 'file:///bench/real/largest.pkr.hcl', real.text, WARM_UP_EDITS, 300);
      rows.push({
        id: 'latency.real-alone',
        kind: 'figure',
        label: 'the same template alone, every variable undeclared',
        measured: latency(alone.latency),
        note: `${cpuNote(alone)}; ${alone.diagnostics} diagnostics published per keystroke`,
        data: { bytes: real.text.length, ...alone.latency, cpuMsPerEdit: alone.cpuMsPerEdit, diagnostics: alone.diagnostics },
      });
    }
    const synthetic = syntheticTemplate(1024 * 1024);
    const large = await changeToDiagnostics(client, 'file:///bench/synthetic/one-megabyte.pkr.hcl', synthetic, 1, 6);
    rows.push({
      id: 'latency.synthetic-1mb',
      kind: 'figure',
      label: `didChange → publishDiagnostics, synthetic ${round(synthetic.length / 1024 / 1024, 1)} MB template`,
      measured: latency(large.latency),
      note: cpuNote(large),
      data: { bytes: synthetic.length, ...large.latency, cpuMsPerEdit: large.cpuMsPerEdit },
    });
  } finally {
    await client.stop();
  }
  return rows;
}

export async function coldStartBench(runs: number): Promise<{ rows: BenchRow[]; idleRssMb: number | undefined }> {
  const toInitialized: number[] = [];
  const toDiagnostics: number[] = [];
  let idleRssMb: number | undefined;
  const text = 'variable "region" {\n  type = string\n}\n\nbuild {\n  name = "x"\n';
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    const client = await LspClient.start();
    toInitialized.push(performance.now() - start);
    const uri = `file:///bench/cold-${run}.pkr.hcl`;
    await client.open(uri, text);
    await client.diagnosticsForVersion(uri, 1);
    toDiagnostics.push(performance.now() - start);
    idleRssMb = processMemory(client.process.pid!)?.rssMb;
    await client.stop();
  }
  const summary = summarize(toDiagnostics);
  return {
    idleRssMb,
    rows: [
      {
        id: 'startup.cold',
        kind: 'figure',
        label: `cold start → first diagnostics, both grammars loaded (${runs} runs)`,
        measured: `p50 ${ms(summary.p50)} · max ${ms(summary.max)} (initialize answered at p50 ${ms(summarize(toInitialized).p50)})`,
        goal: '≤ 300 ms',
        met: summary.p50 <= 300,
        note: idleRssMb ? `idle server RSS ${round(idleRssMb, 0)} MB` : undefined,
        data: { toDiagnostics: summary, toInitialized: summarize(toInitialized), idleRssMb },
      },
    ],
  };
}

/** True once workspace/symbol lists every marker variable, i.e. every generated template has been indexed. */
async function allMarkersIndexed(client: LspClient, directories: number, perDirectory: number): Promise<boolean> {
  for (const letter of MARKER_LETTERS.slice(0, perDirectory)) {
    const symbols = await client.request<SymbolInformation[]>('workspace/symbol', { query: `zq${letter}` });
    if (symbols.filter((symbol) => symbol.name.startsWith(`var.zq${letter}_`)).length < directories) return false;
  }
  return true;
}

export async function workspaceBench(directoryCount: number, perDirectory: number, completionCount: number): Promise<BenchRow[]> {
  const workspace = generateWorkspace(directoryCount, perDirectory);
  const rows: BenchRow[] = [];
  const client = await LspClient.start({
    rootPath: workspace.root,
    capabilities: { window: { workDoneProgress: true }, workspace: { configuration: true } },
  });
  try {
    const pid = client.process.pid!;
    const start = performance.now();
    // The server reports indexing as work-done progress; its end is when the last directory entered the index.
    const ended = client.waitForProgress((params) => params.value.kind === 'end').then(() => performance.now());
    const endedAt = await Promise.race([ended, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 60_000).unref())]);
    // VmHWM is the kernel's own peak, so no sampling is needed.
    const memory = processMemory(pid);
    const indexed = endedAt !== undefined && (await allMarkersIndexed(client, directoryCount, perDirectory));
    const label = `index ${workspace.templates} templates (${directoryCount} directories, ${round(workspace.bytes / 1e6, 1)} MB)`;
    if (!indexed) rows.push(skippedRow('index.1000', 'figure', label, endedAt === undefined ? 'indexing did not end within 60 s' : 'indexing ended without every template in workspace/symbol', '≤ 2 s, ≤ 150 MB'));
    else {
      const indexMs = endedAt - start;
      rows.push({
        id: 'index.1000',
        kind: 'figure',
        label,
        measured: `${ms(indexMs)} · RSS ${round(memory?.rssMb ?? NaN, 0)} MB (peak ${round(memory?.peakMb ?? NaN, 0)} MB)`,
        goal: '≤ 2 s, ≤ 150 MB',
        met: indexMs <= 2000 && (memory?.peakMb ?? Infinity) <= 150,
        note: 'from `initialized` until the server ends its indexing progress; workspace/symbol then lists a marker of every template',
        data: { templates: workspace.templates, bytes: workspace.bytes, ms: indexMs, ...memory },
      });
    }

    const uri = fileUri(path.join(workspace.directories[Math.floor(directoryCount / 2)]!, COMPLETION_FILE));
    await client.open(uri, COMPLETION_TEXT);
    await client.diagnosticsForVersion(uri, 1);
    const samples: number[] = [];
    const empty: string[] = [];
    for (let i = 0; i < completionCount; i++) {
      const position = COMPLETION_POSITIONS[i % COMPLETION_POSITIONS.length]!;
      const begin = performance.now();
      const result = await client.request<{ items: unknown[] } | unknown[] | null>('textDocument/completion', {
        textDocument: { uri },
        position: { line: position.line, character: position.character },
      });
      const elapsed = performance.now() - begin;
      // The first round is warm-up: the first request of each kind fills caches a user pays for once.
      if (i >= COMPLETION_POSITIONS.length * 3) samples.push(elapsed);
      const items = Array.isArray(result) ? result : (result?.items ?? []);
      if (items.length === 0 && !empty.includes(position.what)) empty.push(position.what);
    }
    const summary = summarize(samples);
    rows.push({
      id: 'completion.workspace',
      kind: 'figure',
      label: `completion in a ${directoryCount}-directory workspace (${COMPLETION_POSITIONS.length} contexts)`,
      measured: latency(summary),
      goal: 'p95 ≤ 10 ms',
      met: summary.p95 <= 10 && empty.length === 0,
      note: empty.length ? `no items for: ${empty.join(', ')}` : COMPLETION_POSITIONS.map((p) => p.what).join(', '),
      data: summary as unknown as Record<string, unknown>,
    });
  } finally {
    await client.stop();
    rmSync(workspace.root, { recursive: true, force: true });
  }
  return rows;
}
