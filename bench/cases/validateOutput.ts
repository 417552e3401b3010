// `packer validate` output parsing under hostile names (issue 16): Packer quotes block names and values in its messages,
// so the parser must stay linear in them. Two figures: the time for a message quoting a 400,000-character name, and
// the throughput on ordinary output repeated to 10 MB; the ratio of per-byte costs shows whether hostile text costs more.
import { performance } from 'node:perf_hooks';
import { parseValidateOutput, toLspDiagnostics } from '../../server/src/runner/packerValidate';
import type { BenchRow } from '../lib/report';
import { round } from '../lib/measure';

const GOAL_HOSTILE_MS = 1000;

function hostileOutput(length: number): string {
  const name = 'n'.repeat(length);
  const pieces = ' line 1, in x'.repeat(Math.floor(length / 13));
  return (
    `Error: Unsupported argument\n\n  on main.pkr.hcl line 3, in build "${pieces}":\n   3:   ${name} = 1\n\n` +
    `An argument named "${name}" is not expected here. Detail ${name}:1 ${' '.repeat(length / 2)}x and main.pkr.hcl:4,1-5.\n`
  );
}

const ORDINARY = `Error: Unsupported argument\n\n  on main.pkr.hcl line 3, in source "null" "x":\n   3:   foo = 1\n\nAn argument named "foo" is not expected here.\n\n`;

function parseAndMap(output: string, lineText: string): number {
  const started = performance.now();
  const parsed = parseValidateOutput(output);
  toLspDiagnostics(parsed.diagnostics, { cwd: '/w', entryFile: '/w/main.pkr.hcl', lineText: () => lineText });
  return performance.now() - started;
}

export async function validateOutputBench(): Promise<BenchRow[]> {
  const length = 400_000;
  const hostile = hostileOutput(length);
  const samples = Array.from({ length: 5 }, () => parseAndMap(hostile, `  ${'n'.repeat(length)} = 1`)).sort((a, b) => a - b);
  const median = samples[2]!;
  const ordinary = ORDINARY.repeat(Math.ceil((10 * 1024 * 1024) / ORDINARY.length));
  const ordinaryMs = parseAndMap(ordinary, '  foo = 1');
  const hostilePerMb = median / (hostile.length / 1024 / 1024);
  const ordinaryPerMb = ordinaryMs / (ordinary.length / 1024 / 1024);
  return [
    {
      id: 'validate-output.hostile-vs-ordinary',
      kind: 'ratio',
      label: 'packer validate output: ms per MB, hostile 400,000-character name vs ordinary output',
      measured: `${round(hostilePerMb / ordinaryPerMb, 2)}×`,
      goal: '≤ 5× (linear in the text)',
      met: hostilePerMb / ordinaryPerMb <= 5,
      data: { hostilePerMb, ordinaryPerMb },
    },
    {
      id: 'validate-output.hostile',
      kind: 'figure',
      label: 'packer validate output quoting a 400,000-character name: parse and map',
      measured: `median ${round(median, 1)} ms of 5`,
      goal: `≤ ${GOAL_HOSTILE_MS} ms`,
      met: median <= GOAL_HOSTILE_MS,
      note: 'was 32 s and then a thrown "Invalid regular expression" for 80,000 characters',
      data: { samples },
    },
  ];
}
