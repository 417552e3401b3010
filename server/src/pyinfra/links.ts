// The Packer ↔ PyInfra contract: which template runs which deploy (a `pyinfra … deploy.py` string inside a provisioner's
// `inline`/`command`) and which environment variables cross over (`environment_vars` ↔ `os.environ` in the deploy).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentLink, Location } from 'vscode-languageserver-types';
import { URI } from 'vscode-uri';
import {
  attributeExpression,
  attributeName,
  attributesOf,
  blockBody,
  blockLabels,
  blockType,
  blocksOf,
  fileBody,
  firstChildOfType,
  quotedSourceText,
  stringLiteralValue,
  walk,
} from '../parsing/nodes';
import { whyUnparsable } from '../parsing/documentTrees';
import { ParseBudgetExceeded } from '../parsing/treeSitter';
import type { LanguageParser, SyntaxNode, SyntaxTree } from '../parsing/treeSitter';
import { pythonStringValue } from './pythonSyntax';

/** A string of the template with its raw source (interpolations as written) and where that source starts. */
interface TemplateString {
  raw: string;
  start: number;
}

export interface DeployInvocation {
  /** The deploy path as written (`--chdir` joined in). */
  written: string;
  /** Absolute, with `${path.root}` resolved and other interpolations left in place. */
  absolute: string;
  /** Offsets in the template of the deploy argument (the `deploy.py` token, or the whole path). */
  start: number;
  end: number;
  /** Matches the absolute deploy paths this invocation can run (interpolations match one path segment). */
  pattern: RegExp;
  /** The concrete file when every interpolation has a known value (variable defaults). */
  resolvedPath?: string;
}

export interface PassedVariable {
  name: string;
  start: number;
  end: number;
}

export interface PyinfraProvisioner {
  invocations: DeployInvocation[];
  environment: PassedVariable[];
}

export interface TemplateRuns {
  templatePath: string;
  text: string;
  provisioners: PyinfraProvisioner[];
}

export interface EnvironmentRead {
  name: string;
  /** The string literal holding the name. */
  node: SyntaxNode;
  hasDefault: boolean;
}

function stringsOf(expression: SyntaxNode | undefined, text: string): TemplateString[] {
  if (!expression) return [];
  const strings: TemplateString[] = [];
  walk(expression, (node) => {
    if (node.type === 'string_lit' || node.type === 'quoted_template') {
      const open = node.child(0);
      strings.push({ raw: quotedSourceText(node, text), start: open?.type === 'quoted_template_start' ? open.endIndex : node.startIndex });
      return false;
    }
    return node.type !== 'heredoc_template';
  });
  return strings;
}

/** Shell words of a command with their offsets; `${…}` counts as part of a word even when it contains spaces. */
function words(command: string): { word: string; start: number }[] {
  const result: { word: string; start: number }[] = [];
  const pattern = /(?:\$\{[^}]*\}|[^\s;&|])+/g;
  for (let match = pattern.exec(command); match; match = pattern.exec(command)) result.push({ word: match[0], start: match.index });
  return result;
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Turns a written path into an absolute path pattern: `${path.root}` is the template directory, other `${…}` one segment. */
function pathPattern(written: string, templateDirectory: string, defaults: ReadonlyMap<string, string>): { pattern: RegExp; absolute: string; resolved?: string } {
  const rooted = written.replace(/\$\{\s*path\.(root|cwd)\s*\}/g, templateDirectory);
  const absolute = path.isAbsolute(rooted) || /^\$\{/.test(rooted) ? rooted : path.join(templateDirectory, rooted);
  const parts = absolute.split(/(\$\{[^}]*\})/);
  const pattern = parts.map((part) => (part.startsWith('${') ? '[^/\\\\]+' : escapeRegExp(part))).join('');
  let resolved: string | undefined = absolute.replace(/\$\{\s*var\.(\w+)\s*\}/g, (match, name: string) => defaults.get(name) ?? match);
  if (resolved.includes('${')) resolved = undefined;
  return { pattern: new RegExp(`^${pattern}$`), absolute, resolved: resolved && path.normalize(resolved) };
}

const LAUNCHERS = new Set(['run', '-m', 'exec', 'time', 'env', 'sudo', 'nohup']);

function invocationsIn(value: TemplateString, templateDirectory: string, defaults: ReadonlyMap<string, string>): DeployInvocation[] {
  const tokens = words(value.raw);
  // Only pyinfra in command position counts: first word, after a separator, or after a launcher (`uv run`, `python -m`).
  const pyinfraIndex = tokens.findIndex((token, index) => {
    if (!/(^|\/)pyinfra$/.test(token.word)) return false;
    const previous = tokens[index - 1];
    if (!previous) return true;
    const gap = value.raw.slice(previous.start + previous.word.length, token.start);
    return /[;&|]/.test(gap) || LAUNCHERS.has(previous.word) || /^[A-Za-z_]\w*=/.test(previous.word);
  });
  if (pyinfraIndex === -1) return [];
  let chdir: string | undefined;
  let deploy: { word: string; start: number } | undefined;
  for (let index = pyinfraIndex + 1; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (token.word === '--chdir' && tokens[index + 1]) chdir = tokens[++index]!.word;
    else if (token.word.startsWith('--chdir=')) chdir = token.word.slice('--chdir='.length);
    else if (/\.py$/.test(token.word)) deploy = token;
  }
  if (!deploy) return [];
  const written = chdir && !deploy.word.startsWith('/') && !deploy.word.startsWith('${') ? `${chdir}/${deploy.word}` : deploy.word;
  const { pattern, absolute, resolved } = pathPattern(written, templateDirectory, defaults);
  return [{ written, absolute, start: value.start + deploy.start, end: value.start + deploy.start + deploy.word.length, pattern, resolvedPath: resolved }];
}

/** Variable defaults that are plain strings, from `variable "x" { default = "…" }` blocks. */
export function variableDefaults(tree: SyntaxTree, text: string): Map<string, string> {
  const defaults = new Map<string, string>();
  for (const block of blocksOf(fileBody(tree))) {
    if (blockType(block) !== 'variable') continue;
    const [name] = blockLabels(block, text);
    const value = attributesOf(blockBody(block)).find((attribute) => attributeName(attribute) === 'default');
    const literal = value && attributeExpression(value)?.namedChild(0);
    const stringNode = literal?.type === 'literal_value' ? firstChildOfType(literal, 'string_lit') : undefined;
    if (name && stringNode) defaults.set(name, stringLiteralValue(stringNode, text));
  }
  return defaults;
}

/** Every provisioner of the template that runs pyinfra, with the deploys it runs and the variables it passes. */
export function pyinfraProvisioners(tree: SyntaxTree, text: string, templatePath: string, defaults: ReadonlyMap<string, string>): PyinfraProvisioner[] {
  const directory = path.dirname(templatePath);
  const result: PyinfraProvisioner[] = [];
  for (const build of blocksOf(fileBody(tree))) {
    if (blockType(build) !== 'build') continue;
    for (const provisioner of blocksOf(blockBody(build))) {
      if (blockType(provisioner) !== 'provisioner') continue;
      const attributes = attributesOf(blockBody(provisioner));
      const invocations: DeployInvocation[] = [];
      const environment: PassedVariable[] = [];
      for (const attribute of attributes) {
        const name = attributeName(attribute);
        const strings = stringsOf(attributeExpression(attribute), text);
        if (name === 'inline' || name === 'command') {
          for (const value of strings) invocations.push(...invocationsIn(value, directory, defaults));
        } else if (name === 'environment_vars') {
          for (const value of strings) {
            const match = /^\s*([A-Za-z_]\w*)=/.exec(value.raw);
            if (match) environment.push({ name: match[1]!, start: value.start + value.raw.indexOf(match[1]!), end: value.start + value.raw.indexOf(match[1]!) + match[1]!.length });
          }
        }
      }
      if (invocations.length > 0) result.push({ invocations, environment });
    }
  }
  return result;
}

/** `os.environ.get("X")`, `os.environ["X"]`, `os.getenv("X")` (and the `environ`/`getenv` imported names) in a deploy. */
export function environmentReads(tree: SyntaxTree, text: string): EnvironmentRead[] {
  const reads: EnvironmentRead[] = [];
  walk(tree.rootNode, (node) => {
    if (node.type === 'call') {
      const callee = node.childForFieldName('function')?.text.replace(/\s+/g, '');
      if (callee !== 'os.environ.get' && callee !== 'environ.get' && callee !== 'os.getenv' && callee !== 'getenv') return;
      const args = node.childForFieldName('arguments')?.namedChildren.filter((child) => child && child.type !== 'comment') ?? [];
      const first = args[0];
      const name = first && pythonStringValue(first, text);
      if (first && name) reads.push({ name, node: first, hasDefault: args.length > 1 });
    } else if (node.type === 'subscript') {
      const value = node.childForFieldName('value')?.text.replace(/\s+/g, '');
      const key = node.childForFieldName('subscript');
      const name = key && pythonStringValue(key, text);
      if ((value === 'os.environ' || value === 'environ') && key && name) reads.push({ name, node: key, hasDefault: false });
    }
  });
  return reads;
}

export interface TextSource {
  /** The open buffer's text for a file path, when it is open in the editor. */
  openText(filePath: string): string | undefined;
}

export interface LinkParsers {
  hcl: LanguageParser;
  python: LanguageParser;
}

/** Reads templates and deploys (open buffers first), parsed once per modification time. */
export class PyinfraLinks {
  private readonly templates = new Map<string, { key: string; runs: TemplateRuns }>();

  constructor(
    private readonly parsers: () => Promise<LinkParsers>,
    private readonly source: TextSource,
  ) {}

  private async read(filePath: string): Promise<{ text: string; key: string } | undefined> {
    const open = this.source.openText(filePath);
    if (open !== undefined) return { text: open, key: `open:${open.length}:${hash(open)}` };
    try {
      const stat = await fs.stat(filePath);
      if (!stat.isFile() || stat.size > 2 * 1024 * 1024) return undefined;
      return { text: await fs.readFile(filePath, 'utf8'), key: `disk:${stat.mtimeMs}:${stat.size}` };
    } catch {
      return undefined;
    }
  }

  /** The pyinfra runs of every template in a directory (variable defaults are shared across the directory's files). */
  async directoryRuns(directory: string): Promise<TemplateRuns[]> {
    let names: string[];
    try {
      names = (await fs.readdir(directory)).filter((name) => name.endsWith('.pkr.hcl')).sort();
    } catch {
      return [];
    }
    const files: { file: string; text: string; key: string }[] = [];
    for (const name of names) {
      const file = path.join(directory, name);
      const read = await this.read(file);
      if (read && !whyUnparsable(read.text)) files.push({ file, ...read });
    }
    // Defaults are shared across the directory, so any file's change invalidates all of its files' runs.
    const directoryKey = files.map((file) => `${file.file}:${file.key}`).join('|');
    const cached = files.map((file) => this.templates.get(file.file));
    if (cached.every((entry) => entry?.key === directoryKey)) return cached.map((entry) => entry!.runs);

    const { hcl } = await this.parsers();
    const trees: { file: (typeof files)[number]; tree: SyntaxTree | undefined }[] = [];
    try {
      for (const file of files) trees.push({ file, tree: parseWithinBudget(hcl, file.text) });
      const defaults = new Map<string, string>();
      for (const { file, tree } of trees) if (tree) for (const [name, value] of variableDefaults(tree, file.text)) defaults.set(name, value);
      return trees.map(({ file, tree }) => {
        // A file too slow to parse is remembered without provisioners, so it is not parsed again until it changes.
        const runs = { templatePath: file.file, text: file.text, provisioners: tree ? pyinfraProvisioners(tree, file.text, file.file, defaults) : [] };
        this.templates.set(file.file, { key: directoryKey, runs });
        return runs;
      });
    } finally {
      for (const { tree } of trees) tree?.delete();
    }
  }

  /** Templates (in the deploy's folder and its two parents) whose provisioners run this deploy file. */
  async templatesRunning(deployPath: string): Promise<{ template: TemplateRuns; provisioner: PyinfraProvisioner; invocation: DeployInvocation }[]> {
    const found: { template: TemplateRuns; provisioner: PyinfraProvisioner; invocation: DeployInvocation }[] = [];
    let directory = path.dirname(deployPath);
    for (let level = 0; level < 3; level++, directory = path.dirname(directory)) {
      for (const template of await this.directoryRuns(directory)) {
        for (const provisioner of template.provisioners) {
          const invocation = provisioner.invocations.find((candidate) => candidate.pattern.test(deployPath));
          if (invocation) found.push({ template, provisioner, invocation });
        }
      }
      if (path.dirname(directory) === directory) break;
    }
    return found;
  }

  async deployReads(deployPath: string): Promise<{ text: string; reads: { name: string; start: number; end: number; hasDefault: boolean }[] } | undefined> {
    const read = await this.read(deployPath);
    if (!read || whyUnparsable(read.text)) return undefined;
    const { python } = await this.parsers();
    const tree = python.parse(read.text);
    try {
      const reads = environmentReads(tree, read.text).map((entry) => ({ name: entry.name, start: entry.node.startIndex, end: entry.node.endIndex, hasDefault: entry.hasDefault }));
      return { text: read.text, reads };
    } finally {
      tree.delete();
    }
  }
}

function parseWithinBudget(parser: LanguageParser, text: string): SyntaxTree | undefined {
  try {
    return parser.parse(text);
  } catch (error) {
    if (error instanceof ParseBudgetExceeded) return undefined;
    throw error;
  }
}

function hash(text: string): number {
  let value = 0;
  for (let index = 0; index < text.length; index++) value = (Math.imul(value, 31) + text.charCodeAt(index)) | 0;
  return value;
}

function fileUriOf(filePath: string): string {
  return URI.file(filePath).toString();
}

async function exists(filePath: string): Promise<boolean> {
  try {
    return (await fs.stat(filePath)).isFile();
  } catch {
    return false;
  }
}

// ---- For the Packer service: the template side of the links ----

export interface TemplateEnvironmentVariable {
  name: string;
  /** Where the template passes it (`NAME=` inside `environment_vars`). */
  range: Location['range'];
  /** Where the deploys it runs read it; empty when none does. */
  reads: Location[];
  /** The deploy files this provisioner runs that exist. */
  deployUris: string[];
}

async function deploysOf(invocation: DeployInvocation): Promise<string[]> {
  if (invocation.resolvedPath) return (await exists(invocation.resolvedPath)) ? [invocation.resolvedPath] : [];
  // An unresolved segment such as `${var.app_name}`: every existing folder that fits is a deploy this provisioner may run.
  const segments = invocation.absolute.split('/');
  let candidates = [segments[0] || '/'];
  for (const segment of segments.slice(1)) {
    if (!segment) continue;
    if (!segment.includes('${')) {
      candidates = candidates.map((candidate) => path.join(candidate, segment));
      continue;
    }
    const segmentPattern = new RegExp(`^${segment.split(/(\$\{[^}]*\})/).map((part) => (part.startsWith('${') ? '.+' : escapeRegExp(part))).join('')}$`);
    const expanded: string[] = [];
    for (const candidate of candidates) {
      const entries = await fs.readdir(candidate).catch(() => [] as string[]);
      for (const entry of entries.sort()) if (segmentPattern.test(entry) && !entry.startsWith('.')) expanded.push(path.join(candidate, entry));
    }
    candidates = expanded.slice(0, 200);
  }
  const found: string[] = [];
  for (const candidate of candidates) if (await exists(candidate)) found.push(candidate);
  return found;
}

/** Document links from a template's `pyinfra … deploy.py` strings to the deploy file they run. */
export async function templateDeployLinks(document: TextDocument, tree: SyntaxTree): Promise<DocumentLink[]> {
  const templatePath = URI.parse(document.uri).fsPath;
  const text = document.getText();
  const defaults = variableDefaults(tree, text);
  const links: DocumentLink[] = [];
  for (const provisioner of pyinfraProvisioners(tree, text, templatePath, defaults)) {
    for (const invocation of provisioner.invocations) {
      const deploys = await deploysOf(invocation);
      const range = { start: document.positionAt(invocation.start), end: document.positionAt(invocation.end) };
      if (deploys.length === 1) links.push({ range, target: fileUriOf(deploys[0]!), tooltip: 'Open the PyInfra deploy this provisioner runs' });
      else if (deploys.length > 1) links.push({ range, target: fileUriOf(deploys[0]!), tooltip: `Runs one of ${deploys.length} deploys, chosen by a variable: ${deploys.map((deploy) => path.relative(path.dirname(templatePath), deploy)).join(', ')}` });
    }
  }
  return links;
}

/**
 * Every variable a template passes to pyinfra through `environment_vars`, with where the deploys read it. A variable
 * with no reads (while `deployUris` is not empty) is passed for nothing; `reads` are its definition targets.
 */
export async function templateEnvironmentVariables(document: TextDocument, tree: SyntaxTree, links: PyinfraLinks): Promise<TemplateEnvironmentVariable[]> {
  const templatePath = URI.parse(document.uri).fsPath;
  const text = document.getText();
  const result: TemplateEnvironmentVariable[] = [];
  for (const provisioner of pyinfraProvisioners(tree, text, templatePath, variableDefaults(tree, text))) {
    const deploys = (await Promise.all(provisioner.invocations.map(deploysOf))).flat();
    const reads: { uri: string; name: string; range: Location['range'] }[] = [];
    for (const deploy of deploys) {
      const parsed = await links.deployReads(deploy);
      if (!parsed) continue;
      const deployDocument = TextDocument.create(fileUriOf(deploy), 'python', 0, parsed.text);
      for (const read of parsed.reads) reads.push({ uri: deployDocument.uri, name: read.name, range: { start: deployDocument.positionAt(read.start), end: deployDocument.positionAt(read.end) } });
    }
    for (const variable of provisioner.environment) {
      result.push({
        name: variable.name,
        range: { start: document.positionAt(variable.start), end: document.positionAt(variable.end) },
        reads: reads.filter((read) => read.name === variable.name).map((read) => ({ uri: read.uri, range: read.range })),
        deployUris: deploys.map(fileUriOf),
      });
    }
  }
  return result;
}
