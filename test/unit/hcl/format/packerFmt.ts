// The real `packer fmt` as the formatter's oracle. Packer 1.6.6 has no stdin mode and rewrites files in place, so
// inputs are copied into scratch folders (one `packer fmt DIR` per batch: the process start-up is the whole cost) and
// read back. Results are cached by content hash under node_modules/.cache, which git ignores, so reruns are instant.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../../../helpers/lspClient';

export const PACKER_BIN = process.env.BILDER_PACKER ?? '/usr/bin/packer';
const CACHE_DIR = path.join(REPO_ROOT, 'node_modules', '.cache', 'bilder-packer-fmt');
const BATCH_SIZE = 80;
const PARALLEL_BATCHES = 2;

export type PackerFmtResult = { refused: true } | { refused: false; text: string };

export interface PackerFmtInput {
  text: string;
  /** `pkr.hcl` or `pkrvars.hcl`: Packer decides by suffix whether it formats the file at all. */
  suffix: 'pkr.hcl' | 'pkrvars.hcl';
}

function run(args: string[], cwd: string): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(PACKER_BIN, args, { cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout: String(stdout) });
    });
  });
}

let versionPromise: Promise<string | undefined> | undefined;

/** Packer's version line, or undefined when the binary is missing or broken. */
export function packerVersion(): Promise<string | undefined> {
  versionPromise ??= existsSync(PACKER_BIN)
    ? run(['version'], os.tmpdir()).then(({ code, stdout }) => (code === 0 ? stdout.trim().split('\n')[0] : undefined))
    : Promise.resolve(undefined);
  return versionPromise;
}

function cacheKey(version: string, input: PackerFmtInput): string {
  return createHash('sha256').update(`${version}\0${input.suffix}\0`).update(input.text).digest('hex');
}

/** `packer fmt` on every input, in input order. Requires packerVersion() to be defined. */
export async function packerFmtAll(inputs: PackerFmtInput[]): Promise<PackerFmtResult[]> {
  const version = await packerVersion();
  if (!version) throw new Error(`packer is not available at ${PACKER_BIN}`);
  mkdirSync(CACHE_DIR, { recursive: true });
  const keys = inputs.map((input) => cacheKey(version, input));
  const results: (PackerFmtResult | undefined)[] = keys.map((key) => {
    const file = path.join(CACHE_DIR, `${key}.json`);
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as PackerFmtResult) : undefined;
  });

  const missing: number[] = [];
  const queued = new Set<string>();
  results.forEach((result, i) => {
    if (result || queued.has(keys[i])) return;
    queued.add(keys[i]);
    missing.push(i);
  });
  const batches: number[][] = [];
  for (let i = 0; i < missing.length; i += BATCH_SIZE) batches.push(missing.slice(i, i + BATCH_SIZE));

  const runBatch = async (batch: number[]): Promise<void> => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bilder-packer-fmt-'));
    try {
      const names = batch.map((index, n) => `f${n}.${inputs[index].suffix}`);
      batch.forEach((index, n) => writeFileSync(path.join(dir, names[n]), inputs[index].text));
      const { stdout } = await run(['fmt', '.'], dir);
      const refused = new Set(
        [...stdout.matchAll(/^Error: encountered an error while formatting (\S+)\s*$/gm)].map((m) => path.basename(m[1])),
      );
      batch.forEach((index, n) => {
        const result: PackerFmtResult = refused.has(names[n])
          ? { refused: true }
          : { refused: false, text: readFileSync(path.join(dir, names[n]), 'utf8') };
        writeFileSync(path.join(CACHE_DIR, `${keys[index]}.json`), JSON.stringify(result));
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < batches.length) await runBatch(batches[next++]);
  };
  await Promise.all(Array.from({ length: PARALLEL_BATCHES }, worker));

  return keys.map((key) => JSON.parse(readFileSync(path.join(CACHE_DIR, `${key}.json`), 'utf8')) as PackerFmtResult);
}
