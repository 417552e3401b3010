// `bilder build <image-dir>`: the editor's build runner and parser in a terminal. Text mode prints Packer's output
// (decoded, redacted) and a summary; --json prints one event per line, the same events the editor's panel receives.
import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { BuildSession } from '../imageBuilds/session';
import { discoverImages, variablesNeedingValues } from '../imageBuilds/images';
import { BuildSummary } from '../imageBuilds/summary';
import { createParsers } from '../parsing/treeSitter';

export const BUILD_USAGE = `  build <image-dir>       Run packer build there and follow the provisioning (PyInfra operations, artifacts).
      --var NAME=VALUE    Set a variable (repeatable).
      --var-file FILE     Add a -var-file (repeatable).
      --only SOURCE       Build only this source, e.g. amazon-ebs.third-party (repeatable).
      --packer PATH       The packer executable (default: packer on PATH).
      --json              Print the build events as JSON lines instead of Packer's output.`;

interface BuildOptions {
  directory: string;
  vars: Record<string, string>;
  varFiles: string[];
  only: string[];
  packer: string;
  json: boolean;
}

function parseBuildArgs(args: string[]): BuildOptions | string {
  const options: BuildOptions = { directory: '', vars: {}, varFiles: [], only: [], packer: 'packer', json: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const next = inline ?? args[++i];
      if (next === undefined) throw new Error(`${flag} needs a value`);
      return next;
    };
    try {
      if (flag === '--var') {
        const assignment = value();
        const equals = assignment.indexOf('=');
        if (equals <= 0) return `--var wants NAME=VALUE, got "${assignment}"`;
        options.vars[assignment.slice(0, equals)] = assignment.slice(equals + 1);
      } else if (flag === '--var-file') options.varFiles.push(value());
      else if (flag === '--only') options.only.push(...value().split(',').filter(Boolean));
      else if (flag === '--packer') options.packer = value();
      else if (flag === '--json') options.json = true;
      else if (arg.startsWith('-')) return `unknown option ${arg}`;
      else if (options.directory) return `one image directory only (got "${options.directory}" and "${arg}")`;
      else options.directory = arg;
    } catch (error) {
      return (error as Error).message;
    }
  }
  if (!options.directory) return 'which image directory?';
  return options;
}

export async function runBuild(args: string[], usage: string): Promise<number> {
  const options = parseBuildArgs(args);
  if (typeof options === 'string') {
    process.stderr.write(`bilder build: ${options}\n\n${usage}\n`);
    return 2;
  }
  const directory = path.resolve(options.directory);
  if (!existsSync(directory) || !statSync(directory).isDirectory()) {
    process.stderr.write(`bilder build: ${options.directory}: not a directory\n`);
    return 2;
  }
  const parsers = await createParsers();
  const image = (await discoverImages(parsers.hcl, [directory])).find((candidate) => candidate.templateDir === directory);
  const sensitive = image?.variables.filter((variable) => variable.sensitive).map((variable) => variable.name) ?? [];
  if (image) {
    const missing = variablesNeedingValues({ ...image, presetVars: {} }, options.varFiles.map((file) => path.resolve(directory, file))).filter(
      (variable) => !(variable.name in options.vars),
    );
    if (missing.length > 0) {
      process.stderr.write(`bilder build: set ${missing.map((variable) => `--var ${variable.name}=…`).join(' ')} (no default)\n`);
      return 2;
    }
  }

  const summary = new BuildSummary();
  const session = new BuildSession({
    id: randomUUID(),
    request: { templateDir: directory, vars: options.vars, varFiles: options.varFiles, only: options.only, sensitive, label: path.basename(directory) },
    packerPath: options.packer,
    forwardLog: options.json,
    maxLogLinesPerFlush: Number.MAX_SAFE_INTEGER,
    onLogLine: options.json ? undefined : (line) => void process.stdout.write(`${line}\n`),
    emit: (events) => {
      for (const event of events) {
        if (options.json) process.stdout.write(`${JSON.stringify(event)}\n`);
        else summary.add(event);
      }
    },
  });
  if (!options.json) process.stderr.write(`bilder build: ${session.commandLine}\n`);
  // Packer runs in its own process group, so Ctrl-C in the terminal does not reach it: forward it as a cancel.
  const onInterrupt = () => session.cancel();
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);
  try {
    const final = await session.run();
    if (!options.json) process.stderr.write(`\n${summary.lines().join('\n')}\nlog: ${session.logFile}\n`);
    return final.status === 'succeeded' ? 0 : 1;
  } finally {
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
  }
}
