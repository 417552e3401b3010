// `npm run bench`: every performance figure Bilder promises, measured side by side in one run (issue 7). Prints a
// Markdown table (ratios first) and writes the raw numbers to .bench/. Knobs, all optional:
//   BILDER_BENCH_ONLY=format,parse,schema,latency,completion,startup,workspace,buildlog,validateoutput   run a subset
//   BILDER_BENCH_PACKER_SAMPLES=40    corpus files sent through the real `packer fmt` (≈0.3 s each)
//   BILDER_BENCH_LOG_MB=100           size of the synthetic build log
//   BILDER_BENCH_NO_BUILD=1           use dist/server.js as it is instead of rebuilding a stale one
//   BILDER_BENCH_SCALE=20000          also index that many templates (minutes; the `scale` row is skipped otherwise)
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { REPO_ROOT, SERVER_BIN } from '../test/helpers/lspClient';
import { buildLogBench } from './cases/buildLog';
import { completionBench } from './cases/completion';
import { formatBench } from './cases/format';
import { parseBench } from './cases/parse';
import { pyinfraCatalogueBench } from './cases/pyinfra';
import { schemaBench } from './cases/schema';
import { coldStartBench, diagnosticsLatencyBench, workspaceBench } from './cases/server';
import { openTextMemoryBench, scaleBench, stormBench } from './cases/hostile';
import { validateOutputBench } from './cases/validateOutput';
import type { BenchRow } from './lib/report';
import { renderTable, skippedRow } from './lib/report';
import { round } from './lib/measure';

const number = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

function newestSource(dir: string): number {
  let newest = 0;
  const stack = [dir];
  while (stack.length) {
    const current = stack.pop()!;
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else newest = Math.max(newest, statSync(full).mtimeMs);
    }
  }
  return newest;
}

/** The stdio figures must measure the server as the source is now, so a stale bundle is rebuilt first. */
function ensureFreshServer(): void {
  if (process.env.BILDER_BENCH_NO_BUILD === '1') return;
  let built = 0;
  try {
    built = statSync(SERVER_BIN).mtimeMs;
  } catch {
    built = 0;
  }
  if (built >= newestSource(path.join(REPO_ROOT, 'server', 'src'))) return;
  console.error('bench: dist/server.js is older than server/src, rebuilding');
  const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'esbuild.mjs')], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('the build failed; fix it or set BILDER_BENCH_NO_BUILD=1');
}

interface Case {
  key: string;
  run(): Promise<BenchRow[]>;
}

async function main(): Promise<void> {
  const only = process.env.BILDER_BENCH_ONLY?.split(',').map((key) => key.trim());
  const cases: Case[] = [
    { key: 'format', run: () => formatBench({ packerSamples: number('BILDER_BENCH_PACKER_SAMPLES', 40) }) },
    { key: 'parse', run: parseBench },
    { key: 'schema', run: () => schemaBench() },
    { key: 'latency', run: diagnosticsLatencyBench },
    { key: 'startup', run: async () => (await coldStartBench(5)).rows },
    { key: 'completion', run: completionBench },
    { key: 'workspace', run: () => workspaceBench(100, 10, 300) },
    { key: 'pyinfra', run: () => pyinfraCatalogueBench(5) },
    { key: 'buildlog', run: () => buildLogBench(number('BILDER_BENCH_LOG_MB', 100) * 1024 * 1024) },
    { key: 'storm', run: stormBench },
    { key: 'memory', run: () => openTextMemoryBench() },
    { key: 'scale', run: () => scaleBench(process.env.BILDER_BENCH_SCALE ? number('BILDER_BENCH_SCALE', 20_000) : undefined) },
    { key: 'validateoutput', run: validateOutputBench },
  ];
  ensureFreshServer();
  const rows: BenchRow[] = [];
  const timings: Record<string, number> = {};
  const started = performance.now();
  for (const benchCase of cases) {
    if (only && !only.includes(benchCase.key)) continue;
    const caseStart = performance.now();
    process.stderr.write(`bench: ${benchCase.key}… `);
    try {
      rows.push(...(await benchCase.run()));
    } catch (error) {
      // One broken case must not hide the others' figures.
      rows.push(skippedRow(`${benchCase.key}.error`, 'figure', benchCase.key, `failed: ${error instanceof Error ? error.message : String(error)}`));
    }
    timings[benchCase.key] = performance.now() - caseStart;
    process.stderr.write(`${round(timings[benchCase.key]! / 1000, 1)} s\n`);
  }
  const totalSeconds = (performance.now() - started) / 1000;

  const table = renderTable(rows);
  console.log(table);
  console.log(`\n${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, node ${process.version}, load average ${os.loadavg().map((load) => round(load, 1)).join(' ')}; bench took ${round(totalSeconds, 0)} s`);

  const outDir = path.join(REPO_ROOT, '.bench');
  mkdirSync(outDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGb: round(os.totalmem() / 2 ** 30, 1), node: process.version, platform: `${os.platform()} ${os.release()}`, loadAverage: os.loadavg() },
    totalSeconds,
    caseSeconds: Object.fromEntries(Object.entries(timings).map(([key, value]) => [key, round(value / 1000, 2)])),
    rows,
    table,
  };
  const json = `${JSON.stringify(result, null, 2)}\n`;
  writeFileSync(path.join(outDir, `bench-${stamp}.json`), json);
  writeFileSync(path.join(outDir, 'latest.json'), json);
  console.log(`results: ${path.relative(process.cwd(), path.join(outDir, 'latest.json'))}`);
  const missed = rows.filter((row) => row.met === false).map((row) => row.id);
  if (missed.length) console.log(`goals missed: ${missed.join(', ')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
