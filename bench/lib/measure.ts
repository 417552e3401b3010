// Small measuring tools shared by the benchmark cases: percentiles over samples, /proc memory figures, a seeded RNG.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export interface Summary {
  count: number;
  p50: number;
  p95: number;
  min: number;
  max: number;
}

/** Nearest-rank percentiles: with the few hundred samples a bench takes, interpolation would only pretend precision. */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('no samples to summarize');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
  return { count: sorted.length, p50: rank(50), p95: rank(95), min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

export async function timed<T>(work: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

export interface ProcessMemory {
  /** Resident set size now, in MB. */
  rssMb: number;
  /** Peak resident set size (VmHWM), in MB. */
  peakMb: number;
}

/** Memory of any process on this machine from /proc/<pid>/status (Linux only); undefined when it is gone. */
export function processMemory(pid: number): ProcessMemory | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/**
 * CPU time (user + system) a process has used, in ms, from /proc/<pid>/stat (Linux only; 10 ms ticks). Unlike
 * latencies it barely moves with the machine's load, so it tells whether a change made the server cheaper.
 */
export function processCpuMs(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // After the command name: state is field 3 of proc(5), utime and stime are fields 14 and 15.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

export const round = (value: number, digits = 2): number => Number(value.toFixed(digits));
