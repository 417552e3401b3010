// Native formatter vs the `packer fmt` process, on the same real corpus templates, checking identical bytes.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { formatHcl } from '../../server/src/hcl/format';
import { createParsers } from '../../server/src/parsing/treeSitter';
import type { FormatResult } from '../../server/src/hcl/format';
import { PackerTool } from '../../server/src/runner/packer';
import { packerFmt } from '../../server/src/runner/packerFmt';
import { CORPUS_DIR, HAS_SHARED, SHARED_DIR, syntaxValidCorpusFiles } from '../../test/helpers/shared';
import type { BenchRow } from '../lib/report';
import { skippedRow } from '../lib/report';
import { round, summarize } from '../lib/measure';

const PACKER = '/usr/bin/packer';
const GOAL_SPEEDUP = 50;

export interface FormatBenchOptions {
  /** How many templates go through the real `packer fmt` (≈0.3 s each); spread evenly over the corpus. */
  packerSamples: number;
}

/** Every n-th file, so the sample spans all repositories of the sorted list rather than the first one. */
function spread<T>(items: readonly T[], count: number): T[] {
  if (count >= items.length) return [...items];
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)]!);
}

export async function formatBench({ packerSamples }: FormatBenchOptions): Promise<BenchRow[]> {
  const label = `native formatter vs \`packer fmt\` process`;
  if (!HAS_SHARED) return [skippedRow('format.native-vs-packer', 'ratio', label, `no corpus at ${SHARED_DIR}`, `≥ ${GOAL_SPEEDUP}×`)];
  const files = syntaxValidCorpusFiles().filter((file) => file.endsWith('.pkr.hcl') || file.endsWith('.pkrvars.hcl'));
  const texts = files.map((file) => ({ file, text: readFileSync(path.join(CORPUS_DIR, file), 'utf8') }));
  const parsers = await createParsers();
  parsers.python.dispose();
  const hcl = parsers.hcl;

  // A first pass through `formatHcl` parsing each text itself, as a one-off `bilder fmt` does in a fresh process.
  const cliStart = performance.now();
  for (const { text } of texts) formatHcl(text, { parse: hcl });
  const cliMs = performance.now() - cliStart;

  // Then as the server formats on save: the document's tree-sitter tree is already up to date (it is kept for the
  // analysis), so only the formatter and its syntax check run. The tree is parsed outside the clock.
  const nativeMs = new Map<string, number>();
  const nativeOut = new Map<string, FormatResult>();
  let corpusBytes = 0;
  let corpusMs = 0;
  for (const { file, text } of texts) {
    const tree = hcl.parse(text);
    const start = performance.now();
    nativeOut.set(file, formatHcl(text, { parse: tree }));
    const elapsed = performance.now() - start;
    tree.delete();
    nativeMs.set(file, elapsed);
    corpusMs += elapsed;
    corpusBytes += Buffer.byteLength(text);
  }
  hcl.dispose();
  const nativeRefused = [...nativeOut.values()].filter((result) => result.kind === 'refused').length;
  const throughput: BenchRow = {
    id: 'format.native-corpus',
    kind: 'figure',
    label: `native formatter, whole corpus (${texts.length} files, ${round(corpusBytes / 1e6)} MB)`,
    measured: `${round(corpusMs, 0)} ms · ${round(corpusBytes / 1e6 / (corpusMs / 1000), 1)} MB/s · per file p95 ${round(summarize([...nativeMs.values()]).p95)} ms`,
    note: `${nativeRefused ? `${nativeRefused} refused (syntax check); ` : ''}with the tree the editor keeps; parsing too, in a fresh process (bilder fmt): ${round(cliMs, 0)} ms`,
    data: { files: texts.length, bytes: corpusBytes, ms: corpusMs, cliMs, refused: nativeRefused, perFile: summarize([...nativeMs.values()]) },
  };

  if (!existsSync(PACKER)) {
    return [skippedRow('format.native-vs-packer', 'ratio', label, `${PACKER} not installed`, `≥ ${GOAL_SPEEDUP}×`), throughput];
  }
  const packer = new PackerTool({ logger: { error() {}, warn() {}, info() {}, debug() {} }, warnUser() {} });
  const sample = spread(texts, packerSamples);
  let packerTotal = 0;
  let nativeTotal = 0;
  const mismatches: string[] = [];
  for (const { file, text } of sample) {
    const start = performance.now();
    // version undefined: 1.6.6 has no `fmt -`, so this takes the temp-copy route the server uses for it.
    const result = await packerFmt({ packer, executable: PACKER, setting: PACKER, version: undefined, text, fileName: path.basename(file) });
    packerTotal += performance.now() - start;
    nativeTotal += nativeMs.get(file)!;
    const native = nativeOut.get(file)!;
    const same =
      (result.kind === 'formatted' && native.kind === 'formatted' && result.text === native.text) ||
      (result.kind === 'syntax-error' && native.kind === 'refused');
    if (!same) mismatches.push(`${file} (packer: ${result.kind}, native: ${native.kind})`);
  }
  const speedup = packerTotal / nativeTotal;
  return [
    {
      id: 'format.native-vs-packer',
      kind: 'ratio',
      label: `${label} (${sample.length} corpus files)`,
      measured: `${round(speedup, 0)}× faster (${round(nativeTotal / sample.length, 2)} ms vs ${round(packerTotal / sample.length, 0)} ms per file)`,
      goal: `≥ ${GOAL_SPEEDUP}×, identical bytes`,
      met: speedup >= GOAL_SPEEDUP && mismatches.length === 0,
      note: `${mismatches.length ? `${mismatches.length} differ: ${mismatches.slice(0, 3).join('; ')}` : `identical bytes on ${sample.length}/${sample.length}`}; as on save, with the tree the server keeps`,
      data: { files: sample.length, nativeMs: nativeTotal, packerMs: packerTotal, speedup, mismatches },
    },
    throughput,
  ];
}
