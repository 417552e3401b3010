#!/usr/bin/env node
// The `bilder` command line: the language server's engine for CI and terminals.
import { createParsers } from '../parsing/treeSitter';
import { checkFiles, collectFiles, formatJson, formatText, hasErrors } from './check';
import { FMT_USAGE, runFmt } from './fmt';
import { BUILD_USAGE, runBuild } from './build';
import { BILDER_VERSION } from '../version';

const USAGE = `Usage: bilder <command> [options]

Commands:
  check [paths...]        Report Bilder's diagnostics for Packer files (default: the current folder).
      --format text|json  Output format (default text: file:line:col: severity: message [code]).
      --disable CODE      Skip a rule or a rule group (repeatable), e.g. --disable syntax/attribute-redefined.
${FMT_USAGE}
${BUILD_USAGE}

Exit codes: 0 no errors (build: succeeded), 1 errors found (build: failed or cancelled), 2 bad usage or unreadable input; fmt --check: 3 when a file needs formatting.`;

interface CheckOptions {
  paths: string[];
  format: 'text' | 'json';
  disabled: string[];
}

function parseCheckArgs(args: string[]): CheckOptions | string {
  const options: CheckOptions = { paths: [], format: 'text', disabled: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = (name: string) => {
      const inline = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : undefined;
      const next = inline ?? args[++i];
      if (next === undefined) throw new Error(`${name} needs a value`);
      return next;
    };
    try {
      if (arg === '--format' || arg.startsWith('--format=')) {
        const format = value('--format');
        if (format !== 'text' && format !== 'json') return `unknown format "${format}" (use text or json)`;
        options.format = format;
      } else if (arg === '--disable' || arg.startsWith('--disable=')) options.disabled.push(value('--disable'));
      else if (arg.startsWith('-')) return `unknown option ${arg}`;
      else options.paths.push(arg);
    } catch (error) {
      return (error as Error).message;
    }
  }
  if (options.paths.length === 0) options.paths.push('.');
  return options;
}

async function check(args: string[]): Promise<number> {
  const options = parseCheckArgs(args);
  if (typeof options === 'string') {
    process.stderr.write(`bilder check: ${options}\n\n${USAGE}\n`);
    return 2;
  }
  const { files, missing } = await collectFiles(options.paths);
  for (const path of missing) process.stderr.write(`bilder check: ${path}: no such file or directory\n`);
  const parsers = await createParsers();
  const reports = await checkFiles(parsers, files, options.disabled);
  const output = options.format === 'json' ? formatJson(reports) : formatText(reports);
  if (output) process.stdout.write(`${output}\n`);
  if (options.format === 'text') {
    const count = reports.reduce((sum, report) => sum + report.diagnostics.length, 0);
    process.stderr.write(`bilder check: ${files.length} file(s), ${count} diagnostic(s)\n`);
  }
  if (missing.length > 0) return 2;
  return hasErrors(reports) ? 1 : 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'check':
      return check(rest);
    case 'build':
      return runBuild(rest, USAGE);
    case 'fmt':
      return runFmt(rest, USAGE);
    case '--version':
    case 'version':
      process.stdout.write(`bilder ${BILDER_VERSION}\n`);
      return 0;
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`bilder: unknown command "${command}"\n\n${USAGE}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`bilder: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
