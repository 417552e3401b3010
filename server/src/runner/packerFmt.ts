// `packer fmt` on a buffer without touching the user's file: through stdin on Packer ≥ 1.7, through a copy in a
// private temporary folder on older Packer, which can only rewrite files in place (packer-cli.md §1.5).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { PackerTool } from './packer';
import { createPrivateTemporary } from './privateTemporaries';
import type { PackerVersion } from './packerVersion';
import { supports } from './packerVersion';
import { DEFAULT_MEMORY_LIMIT_MB } from './runTool';
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

/** Only the suffix matters to Packer; the rest of the user's name (which could read as a flag) is not needed. */
function fmtName(fileName: string): string {
  return path.basename(fileName).endsWith('.pkrvars.hcl') ? 'buffer.pkrvars.hcl' : 'buffer.pkr.hcl';
}

export async function packerFmt(request: PackerFmtRequest): Promise<PackerFmtResult> {
  // No cwd: Packer runs in Bilder's private empty directory, never beside the user's file.
  const options = { signal: request.signal, timeoutMs: request.timeoutMs ?? 20_000, memoryLimitMb: DEFAULT_MEMORY_LIMIT_MB };
  if (request.version && supports(request.version, 'fmtStdin')) {
    const result = await request.packer.run(request.executable, request.setting, ['fmt', '-'], { ...options, input: request.text });
    if (result.kind === 'exited' && result.exitCode === 0) return { kind: 'formatted', text: result.stdout };
    if (result.kind === 'exited' && result.exitCode === 1) return { kind: 'syntax-error', message: result.stdout.trim() };
    return { kind: 'failed', message: describeFailure(result) };
  }
  // A 0700 folder of our own: nobody else can swap the copy under Packer. The copy is passed by absolute path, which
  // cannot be read as a flag.
  const folder = await createPrivateTemporary('fmt');
  try {
    const copy = path.join(folder.path, fmtName(request.fileName));
    await fs.writeFile(copy, request.text, { mode: 0o600, flag: 'wx' });
    const result = await request.packer.run(request.executable, request.setting, ['fmt', copy], { ...options, cwd: folder.path });
    if (result.kind === 'exited' && result.exitCode === 0) return { kind: 'formatted', text: await fs.readFile(copy, 'utf8') };
    // Packer names the copy in its messages; the user knows the file by its own name.
    const named = (message: string) => message.split(copy).join(path.basename(request.fileName));
    if (result.kind === 'exited' && result.exitCode === 1) return { kind: 'syntax-error', message: named(result.stdout.trim()) };
    return { kind: 'failed', message: named(describeFailure(result)) };
  } finally {
    await folder.remove();
  }
}
