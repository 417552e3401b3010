// `bilder build <image>`: the editor's build runner and parser in a terminal. The image is a directory or a name the
// editor's picker shows (`consul`, `vector (component test)`), looked up under the current directory. Text mode prints
// Packer's output (decoded, redacted) and a summary; --json prints one event per line, the events the panel receives.
import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { variableTypesOf } from '../../../protocol';
import type { BuildImage } from '../../../protocol';
import { BuildSession } from '../imageBuilds/session';
import { killLiveGroups } from '../runner/processGroups';
import { STOP_SIGNALS } from '../runner/signals';
import { discoverImages, variablesNeedingValues } from '../imageBuilds/images';
import { BuildSummary } from '../imageBuilds/summary';
import { createParsers } from '../parsing/treeSitter';

export const BUILD_USAGE = `  build <image>           Run packer build for an image (its directory, or its name as the editor lists it, found
                          under the current directory) and follow the provisioning (PyInfra operations, artifacts).
      --var NAME=VALUE    Set a variable (repeatable).
      --var-file FILE     Add a -var-file (repeatable).
      --only SOURCE       Build only this source, e.g. amazon-ebs.third-party (repeatable).
      --packer PATH       The packer executable (default: packer on PATH).
      --json              Print the build events as JSON lines instead of Packer's output.
      --list              List the images (name and directory) under the current directory.`;

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
      else if (flag === '--list') options.directory = '--list';
      else if (arg.startsWith('-')) return `unknown option ${arg}`;
      else if (options.directory) return `one image only (got "${options.directory}" and "${arg}")`;
      else options.directory = arg;
    } catch (error) {
      return (error as Error).message;
    }
  }
  if (!options.directory) return 'which image? (a directory, or a name: bilder build --list shows them)';
  return options;
}

/** The image a directory or a picker name stands for; a message when none or several do. */
async function resolveImage(wanted: string): Promise<{ image?: BuildImage; directory: string } | string> {
  const parsers = await createParsers();
  try {
    const asPath = path.resolve(wanted);
    if (existsSync(asPath) && statSync(asPath).isDirectory()) {
      const images = await discoverImages(parsers.hcl, [asPath]);
      const own = images.find((candidate) => candidate.templateDir === asPath);
      if (own) return { image: own, directory: asPath };
      // An image folder of a shared template holds the deploy.py, the template is elsewhere: look it up by name.
      if (!images.some((candidate) => candidate.templateDir.startsWith(asPath + path.sep))) {
        const named = await resolveByName(parsers, path.basename(asPath), process.cwd());
        if (typeof named !== 'string' && named.image?.deployFile && path.dirname(named.image.deployFile) === asPath) return named;
      }
      return { directory: asPath };
    }
    return await resolveByName(parsers, wanted, process.cwd());
  } finally {
    parsers.hcl.dispose();
    parsers.python.dispose();
  }
}

async function resolveByName(parsers: Awaited<ReturnType<typeof createParsers>>, name: string, root: string): Promise<{ image: BuildImage; directory: string } | string> {
  const images = await discoverImages(parsers.hcl, [root]);
  const lower = name.toLowerCase();
  const matches = images.filter((image) => image.label.toLowerCase() === lower);
  const loose = matches.length > 0 ? matches : images.filter((image) => image.label.toLowerCase().replace(/ \(component test\)$/, '') === lower);
  if (loose.length === 1) return { image: loose[0]!, directory: loose[0]!.templateDir };
  const listing = (list: BuildImage[]) => list.map((image) => `  ${image.label}  (${path.relative(root, image.templateDir) || '.'})`).join('\n');
  if (loose.length > 1) return `"${name}" names ${loose.length} images; give the directory instead:\n${listing(loose)}`;
  if (images.length === 0) return `${name}: not a directory, and no Packer image was found under ${root}`;
  return `${name}: not a directory or an image name. Images under ${root}:\n${listing(images)}`;
}

export async function runBuild(args: string[], usage: string): Promise<number> {
  const options = parseBuildArgs(args);
  if (typeof options === 'string') {
    process.stderr.write(`bilder build: ${options}\n\n${usage}\n`);
    return 2;
  }
  if (options.directory === '--list') return listImages();
  const resolved = await resolveImage(options.directory);
  if (typeof resolved === 'string') {
    process.stderr.write(`bilder build: ${resolved}\n`);
    return 2;
  }
  const { image, directory } = resolved;
  const vars = { ...image?.presetVars, ...options.vars };
  const sensitive = image?.variables.filter((variable) => variable.sensitive).map((variable) => variable.name) ?? [];
  if (image) {
    const missing = variablesNeedingValues(image, options.varFiles.map((file) => path.resolve(directory, file))).filter((variable) => !(variable.name in vars));
    if (missing.length > 0) {
      process.stderr.write(`bilder build: set ${missing.map((variable) => `--var ${variable.name}=…`).join(' ')} (no default)\n`);
      return 2;
    }
  }

  const summary = new BuildSummary();
  const session = new BuildSession({
    id: randomUUID(),
    request: {
      templateDir: directory,
      vars,
      varFiles: options.varFiles,
      only: options.only,
      sensitive,
      label: image?.label ?? path.basename(directory),
      variableTypes: variableTypesOf(image?.variables ?? []),
    },
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
  // Packer runs in its own process group, so Ctrl-C in the terminal does not reach it: the first SIGINT, SIGTERM or
  // SIGHUP becomes the user's cancel (Packer cleans up what it created), a second one kills the whole group at once.
  let signals = 0;
  const onInterrupt = (signal: NodeJS.Signals) => {
    if (signals++ === 0) {
      process.stderr.write(`\nbilder build: ${signal}: cancelling (Packer cleans up); press Ctrl-C again to stop it at once\n`);
      session.cancel();
    } else {
      process.stderr.write(`\nbilder build: ${signal}: stopping now\n`);
      session.kill();
      killLiveGroups();
    }
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onInterrupt);
  try {
    const final = await session.run();
    if (!options.json) process.stderr.write(`\n${summary.lines().join('\n')}\nlog: ${session.logFile}\n`);
    return final.status === 'succeeded' ? 0 : 1;
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, onInterrupt);
  }
}

async function listImages(): Promise<number> {
  const parsers = await createParsers();
  try {
    const root = process.cwd();
    const images = await discoverImages(parsers.hcl, [root]);
    for (const image of images) process.stdout.write(`${image.label}\t${path.relative(root, image.templateDir) || '.'}\n`);
    if (images.length === 0) process.stderr.write(`bilder build: no Packer image under ${root}\n`);
    return images.length > 0 ? 0 : 1;
  } finally {
    parsers.hcl.dispose();
    parsers.python.dispose();
  }
}
