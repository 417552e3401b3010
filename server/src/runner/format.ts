// Chooses the formatter (`bilder.format.engine`) and guards its output: whatever the engine, text whose
// non-whitespace tokens changed is refused, so a formatter bug can never corrupt a template.
import { formatSizeRefusal, sameTokens } from '../hcl/format';
import type { FormatResult } from '../hcl/format';
import type { FormatEngine } from '../settings';
import type { PackerTool } from './packer';
import { packerFmt } from './packerFmt';

export type UsedEngine = 'packer' | 'native';

export type FormatOutcome =
  | { kind: 'formatted'; text: string; changed: boolean; engine: UsedEngine }
  | { kind: 'syntax-error'; reason: string; engine?: UsedEngine }
  | { kind: 'refused'; reason: string; engine?: UsedEngine };

export interface FormatRequest {
  text: string;
  fileName: string;
  engine: FormatEngine;
  /** How to reach Packer; absent when Bilder may not start processes (Restricted Mode). */
  packer?: { tool: PackerTool; setting: string };
  /** The native formatter, bound to a syntax tree or parser for this text. */
  native(text: string): FormatResult | Promise<FormatResult>;
  signal?: AbortSignal;
}

export async function formatSource(request: FormatRequest): Promise<FormatOutcome> {
  // The same budget for every engine: packer fmt on a huge file runs as long and as large as the native formatter.
  const tooLarge = formatSizeRefusal(request.text.length);
  if (tooLarge) return { kind: 'refused', reason: tooLarge };
  const raw = await runEngine(request);
  if (raw.kind !== 'formatted' || !raw.changed) return raw;
  if (!sameTokens(request.text, raw.text)) {
    return { kind: 'refused', engine: raw.engine, reason: `${raw.engine} formatter output changes more than whitespace; the file was left as it is` };
  }
  return raw;
}

async function runEngine(request: FormatRequest): Promise<FormatOutcome> {
  if (request.engine !== 'native') {
    const viaPacker = await tryPacker(request);
    if (viaPacker) return viaPacker;
  }
  const result = await request.native(request.text);
  if (result.kind === 'refused') return { kind: 'syntax-error', engine: 'native', reason: result.reason };
  return { kind: 'formatted', engine: 'native', text: result.text, changed: result.changed };
}

/** undefined means "auto" may fall back to the native formatter. */
async function tryPacker(request: FormatRequest): Promise<FormatOutcome | undefined> {
  const strict = request.engine === 'packer';
  if (!request.packer) {
    return strict ? { kind: 'refused', engine: 'packer', reason: 'packer fmt does not run in Restricted Mode; trust the workspace or use the native engine' } : undefined;
  }
  const { tool, setting } = request.packer;
  const located = await tool.locate(setting);
  if (located.kind === 'missing') return strict ? { kind: 'refused', engine: 'packer', reason: located.message } : undefined;
  const result = await packerFmt({
    packer: tool,
    executable: located.executable,
    setting,
    version: located.version,
    text: request.text,
    fileName: request.fileName,
    signal: request.signal,
  });
  switch (result.kind) {
    case 'formatted':
      return { kind: 'formatted', engine: 'packer', text: result.text, changed: result.text !== request.text };
    case 'syntax-error':
      return { kind: 'syntax-error', engine: 'packer', reason: result.message.replace(/\s+/g, ' ').trim() };
    case 'failed':
      return { kind: 'refused', engine: 'packer', reason: result.message };
  }
}
