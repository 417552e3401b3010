// `packer fmt` on a buffer without touching the user's file: through stdin on Packer ≥ 1.7, through a copy in a
// private temporary folder on older Packer, which can only rewrite files in place (packer-cli.md §1.5).
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { PackerTool } from './packer';
import type { PackerVersion } from './packerVersion';
import { supports } from './packerVersion';
import type { RunToolResult } from './runTool';

export type PackerFmtResult =
  | { kind: 'formatted'; text: string }
  | { kind: 'syntax-error'; message: string }
  | { kind: 'failed'; message: string };

export interface PackerFmtRequest {
  packer: PackerTool;
  executable: string;
  setting: string;
  version: PackerVersion | undefined;
  text: string;
  /** The buffer's file name: Packer decides from the suffix whether it is a template or a var file. */
  fileName: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

function describeFailure(result: RunToolResult): string {
  switch (result.kind) {
    case 'exited':
      return `packer fmt exited with ${result.exitCode}: ${result.stdout.trim() || result.stderr.trim()}`;
    case 'not-found':
      return result.message;
    case 'timed-out':
      return `packer fmt did not finish within ${Math.round(result.timeoutMs / 1000)} s`;
    case 'cancelled':
      return 'packer fmt was cancelled';
    case 'failed':
      return result.message;
  }
}

function fmtName(fileName: string): string {
  const base = path.basename(fileName);
  return base.endsWith('.pkr.hcl') || base.endsWith('.pkrvars.hcl') ? base : 'buffer.pkr.hcl';
}

export async function packerFmt(request: PackerFmtRequest): Promise<PackerFmtResult> {
  const options = { signal: request.signal, timeoutMs: request.timeoutMs ?? 20_000 };
  if (request.version && supports(request.version, 'fmtStdin')) {
    const result = await request.packer.run(request.executable, request.setting, ['fmt', '-'], { ...options, cwd: os.tmpdir(), input: request.text });
    if (result.kind === 'exited' && result.exitCode === 0) return { kind: 'formatted', text: result.stdout };
    if (result.kind === 'exited' && result.exitCode === 1) return { kind: 'syntax-error', message: result.stdout.trim() };
    return { kind: 'failed', message: describeFailure(result) };
  }
  // mkdtemp creates the folder with mode 0700: nobody else can swap the copy under Packer.
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'bilder-fmt-'));
  try {
    const name = fmtName(request.fileName);
    const copy = path.join(folder, name);
    await fs.writeFile(copy, request.text, { mode: 0o600 });
    const result = await request.packer.run(request.executable, request.setting, ['fmt', name], { ...options, cwd: folder });
    if (result.kind === 'exited' && result.exitCode === 0) return { kind: 'formatted', text: await fs.readFile(copy, 'utf8') };
    if (result.kind === 'exited' && result.exitCode === 1) return { kind: 'syntax-error', message: result.stdout.trim() };
    return { kind: 'failed', message: describeFailure(result) };
  } finally {
    await fs.rm(folder, { recursive: true, force: true });
  }
}
