// What an edit costs the parser: tree-sitter's incremental reparse (what didChange does) vs parsing from scratch.
import { performance } from 'node:perf_hooks';
import { DocumentTrees, spanEdit } from '../../server/src/parsing/documentTrees';
import { createParsers } from '../../server/src/parsing/treeSitter';
import type { BenchRow } from '../lib/report';
import { round, summarize } from '../lib/measure';
import { editOffsetNearMiddle, largestRealTemplate, syntheticTemplate } from '../lib/templates';
import type { NamedText } from '../lib/templates';

async function incrementalVsFull(input: NamedText, rounds: number): Promise<{ full: number; incremental: number }> {
  const parsers = await createParsers();
  const trees = new DocumentTrees(parsers);
  try {
    const uri = `bench:${input.name}`;
    const offset = editOffsetNearMiddle(input.text);
    const typed = input.text.slice(0, offset) + 'x' + input.text.slice(offset);
    const full: number[] = [];
    const incremental: number[] = [];
    let current = input.text;
    trees.set(uri, 'hcl', current);
    for (let i = 0; i < rounds; i++) {
      const next = current === input.text ? typed : input.text;
      const edit = current === input.text ? spanEdit(current, offset, offset, 'x') : spanEdit(current, offset, offset + 1, '');
      let start = performance.now();
      trees.update(uri, [edit], next);
      incremental.push(performance.now() - start);
      start = performance.now();
      parsers.hcl.parse(next).delete();
      full.push(performance.now() - start);
      current = next;
    }
    return { full: summarize(full).p50, incremental: summarize(incremental).p50 };
  } finally {
    trees.dispose();
    parsers.hcl.dispose();
    parsers.python.dispose();
  }
}

export async function parseBench(): Promise<BenchRow[]> {
  const inputs: { id: string; input: NamedText; rounds: number }[] = [];
  const real = largestRealTemplate();
  if (real) inputs.push({ id: 'parse.incremental-real', input: real, rounds: 100 });
  inputs.push({ id: 'parse.incremental-1mb', input: { name: 'synthetic-1mb', text: syntheticTemplate(1024 * 1024) }, rounds: 4 });
  const rows: BenchRow[] = [];
  for (const { id, input, rounds } of inputs) {
    const { full, incremental } = await incrementalVsFull(input, rounds);
    rows.push({
      id,
      kind: 'ratio',
      label: `incremental reparse vs full parse, one-character edit (${round(input.text.length / 1024, 0)} KB)`,
      measured: `${round(full / incremental, 1)}× cheaper (${round(incremental, 3)} ms vs ${round(full, 2)} ms, p50)`,
      data: { bytes: input.text.length, fullMs: full, incrementalMs: incremental, rounds },
    });
  }
  return rows;
}
