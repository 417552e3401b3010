// `bilder fmt`: packer fmt's behaviour for terminals and CI, recursive over folders, with the same exit code 3 for
// `--check`, and the same guard as the editor: files that do not parse or whose tokens would change are left alone.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Logger } from '../logger';
import { MAX_ANALYSED_KB } from '../settings';
import type { FormatEngine } from '../settings';
import { createHclFormatter } from '../hcl/format';
import { formatSource } from '../runner/format';
import { readInputText } from '../runner/inputFiles';
import { PackerTool } from '../runner/packer';
import { stopOnSignals } from '../runner/signals';
import { collectFiles } from './check';

export const FMT_USAGE = `  fmt [paths...]          Format Packer files in place like packer fmt (default: the current folder, recursive).
      --check             Change nothing; list the files that need formatting (exit 3 if any).
      --engine auto|packer|native
                          packer fmt when installed (auto, the default), always packer, or Bilder's own formatter.
      --packer PATH       The packer executable: absolute, or a command on PATH (default: $BILDER_PACKER_PATH or packer).`;

/** Larger files are refused with a message: the formatter's memory grows with the text (the parser's own limit). */
export const MAX_FORMATTED_BYTES = MAX_ANALYSED_KB * 1024;

interface FmtOptions {
  paths: string[];
  check: boolean;
  engine: FormatEngine;
  packer: string;
}

function parseFmtArgs(args: readonly string[]): FmtOptions | string {
  // The CLI has no settings file: BILDER_PACKER_PATH (or --packer) plays the part of `bilder.packer.path`.
  const options: FmtOptions = { paths: [], check: false, engine: 'auto', packer: process.env.BILDER_PACKER_PATH || 'packer' };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      options.paths.push(...args.slice(i + 1));
      break;
    }
    if (arg === '--check' || arg === '-check') options.check = true;
    else if (arg === '--packer' || arg.startsWith('--packer=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i];
      if (!value) return '--packer needs a path';
      options.packer = value;
    }
    else if (arg === '--engine' || arg.startsWith('--engine=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i];
      if (value !== 'auto' && value !== 'packer' && value !== 'native') return `unknown engine "${value ?? ''}" (use auto, packer or native)`;
      options.engine = value;
    } else if (arg.startsWith('-')) return `unknown option ${arg}`;
    else options.paths.push(arg);
  }
  if (options.paths.length === 0) options.paths.push('.');
  return options;
}

/** Exit codes: 0 formatted (or nothing to do), 3 `--check` found unformatted files, 1 a file was left alone, 2 bad usage. */
export async function runFmt(args: readonly string[], usage: string): Promise<number> {
  const options = parseFmtArgs(args);
  if (typeof options === 'string') {
    process.stderr.write(`bilder fmt: ${options}\n\n${usage}\n`);
    return 2;
  }
  const { files, missing: absent, skipped } = await collectFiles(options.paths);
  for (const target of absent) process.stderr.write(`bilder fmt: ${target}: no such file or directory\n`);
  // A named FIFO, socket or device is not read (it would block or never end): said, and counted as unreadable input.
  for (const { file, reason } of skipped) process.stderr.write(`bilder fmt: ${file}: skipped: ${reason}\n`);
  const missing = [...absent, ...skipped.map(({ file }) => file)];
  const say = (message: string) => process.stderr.write(`bilder fmt: ${message}\n`);
  const logger: Logger = { error: say, warn: say, info: () => undefined, debug: () => undefined };
  const setting = options.packer;
  const tool = new PackerTool({ logger, warnUser: () => undefined });
  const native = await createHclFormatter();

  // Ctrl-C, SIGTERM or a closed terminal mid-run: the packer fmt running is killed and its private copy removed (the
  // exit handlers do that), rather than Node's default exit that runs no handler at all.
  const removeSignalHandlers = stopOnSignals({ stop: async () => undefined, graceMs: 0 });
  try {
    return await formatFiles(files, missing, options, { setting, tool, native, say });
  } finally {
    removeSignalHandlers();
  }
}

interface FormatContext {
  setting: string;
  tool: PackerTool;
  native: Awaited<ReturnType<typeof createHclFormatter>>;
  say(message: string): void;
}

async function formatFiles(files: readonly string[], missing: readonly string[], options: FmtOptions, { setting, tool, native, say }: FormatContext): Promise<number> {
  let unformatted = 0;
  let leftAlone = 0;
  for (const file of files) {
    // Only regular UTF-8 files of bounded size are formatted: a FIFO would block, /dev/zero never ends, and Latin-1
    // decoded leniently would be written back with U+FFFD in place of its accents (packer fmt refuses it too).
    const input = await readInputText(file, MAX_FORMATTED_BYTES);
    if (input.kind === 'refused') {
      leftAlone++;
      say(`${file}: not formatted: it ${input.reason}`);
      continue;
    }
    const text = input.text;
    const outcome = await formatSource({
      text,
      fileName: path.basename(file),
      engine: options.engine,
      packer: { tool, setting },
      native,
    });
    if (outcome.kind !== 'formatted') {
      leftAlone++;
      say(`${file}: not formatted: ${outcome.reason}`);
      continue;
    }
    if (!outcome.changed) continue;
    unformatted++;
    if (!options.check) await fs.writeFile(file, outcome.text);
    process.stdout.write(`${file}\n`);
  }
  if (missing.length > 0) return 2;
  if (leftAlone > 0) return 1;
  return options.check && unformatted > 0 ? 3 : 0;
}
