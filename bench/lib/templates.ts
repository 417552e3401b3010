// Inputs for the benchmarks: the largest real template, a synthetic template of any size, and a generated workspace.
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CORPUS_DIR, HAS_SHARED, validCorpusFiles } from '../../test/helpers/shared';

export interface NamedText {
  name: string;
  text: string;
}

export interface RealTemplate extends NamedText {
  /** The other files of its original directory (the corpus flattens `a/b/c.pkr.hcl` to `a__b__c.pkr.hcl`). */
  siblings: NamedText[];
}

/** The largest clean `.pkr.hcl` of the corpus (the vmware-samples Windows builds, ≈22 KB) and its directory. */
export function largestRealTemplate(): RealTemplate | undefined {
  if (!HAS_SHARED) return undefined;
  const valid = validCorpusFiles();
  const templates = valid.filter((file) => file.endsWith('.pkr.hcl'));
  const largest = templates.map((file) => ({ file, size: statSync(path.join(CORPUS_DIR, file)).size })).sort((a, b) => b.size - a.size)[0];
  if (!largest) return undefined;
  const read = (file: string): NamedText => ({ name: file, text: readFileSync(path.join(CORPUS_DIR, file), 'utf8') });
  const directoryOf = (file: string) => file.slice(0, file.lastIndexOf('__') + 2);
  const siblings = valid.filter((file) => file !== largest.file && file.includes('__') && directoryOf(file) === directoryOf(largest.file));
  return { ...read(largest.file), siblings: siblings.map(read) };
}

/** Writes the template and its siblings to a new directory, under their original base names; returns the template's path. */
export function materialize(template: RealTemplate): { file: string; root: string } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'bilder-bench-real-'));
  const baseName = (name: string) => name.slice(name.lastIndexOf('__') + 2);
  for (const sibling of template.siblings) writeFileSync(path.join(root, baseName(sibling.name)), sibling.text);
  const file = path.join(root, baseName(template.name));
  writeFileSync(file, template.text);
  return { file, root };
}

function syntheticChunk(i: number): string {
  return `variable "name_${i}" {
  type        = string
  default     = "value-${i}"
  description = "Synthetic variable ${i} for the benchmark"
}

locals {
  tag_${i} = "\${var.name_${i}}-suffix"
  list_${i} = [for s in ["a", "b", "c"] : upper(s)]
}

source "amazon-ebs" "image_${i}" {
  region        = "us-east-1"
  instance_type = "t3.micro"
  ami_name      = "bench-\${local.tag_${i}}"
  ssh_username  = "ubuntu"
  tags = {
    Name  = var.name_${i}
    Index = "${i}"
  }
}

`;
}

/** A valid template of about `bytes` bytes: repeated variable/locals/source blocks and one build over all sources. */
export function syntheticTemplate(bytes: number): string {
  const chunks: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const chunk = syntheticChunk(i);
    chunks.push(chunk);
    size += chunk.length;
  }
  const sources = chunks.map((_, i) => `"source.amazon-ebs.image_${i}"`).join(', ');
  return `${chunks.join('')}build {\n  sources = [${sources}]\n}\n`;
}

/** Where an edit keeps the text valid: the start of the first string literal after the middle of the text. */
export function editOffsetNearMiddle(text: string): number {
  const found = text.indexOf('= "', Math.floor(text.length / 2));
  return found === -1 ? Math.floor(text.length / 2) : found + 3;
}

/** The file completion is measured in; the lines below are where the cursor goes. */
export const COMPLETION_FILE = 'bench.pkr.hcl';
export const COMPLETION_TEXT = `source "amazon-ebs" "bench" {
  region = var.

}

build {
  sources = ["source.amazon-ebs.bench"]

}
`;
export const COMPLETION_POSITIONS = [
  { what: 'var. reference', line: 1, character: 15 },
  { what: 'attribute name in a source block', line: 2, character: 2 },
  { what: 'block name in build', line: 7, character: 2 },
];

/** Marker variable names: `zq<letter>_<dir>`, found with workspace/symbol queries that nothing else matches. */
export const MARKER_LETTERS = 'abcdefghij';

export interface GeneratedWorkspace {
  root: string;
  directories: string[];
  templates: number;
  bytes: number;
}

/**
 * `directoryCount` directories of `perDirectory` templates: real corpus templates, cycled, plus the completion file,
 * each with a marker variable so the bench can tell over LSP when the server has indexed all of them.
 */
export function generateWorkspace(directoryCount: number, perDirectory: number): GeneratedWorkspace {
  if (perDirectory > MARKER_LETTERS.length) throw new Error(`at most ${MARKER_LETTERS.length} templates per directory`);
  const root = mkdtempSync(path.join(os.tmpdir(), 'bilder-bench-ws-'));
  const corpus = HAS_SHARED ? validCorpusFiles().filter((file) => file.endsWith('.pkr.hcl')) : [];
  const corpusTexts = corpus.map((file) => readFileSync(path.join(CORPUS_DIR, file), 'utf8'));
  let next = 0;
  let bytes = 0;
  const directories: string[] = [];
  for (let d = 0; d < directoryCount; d++) {
    const directory = path.join(root, `image-${String(d).padStart(3, '0')}`);
    mkdirSync(directory);
    directories.push(directory);
    for (let f = 0; f < perDirectory; f++) {
      const marker = `\nvariable "zq${MARKER_LETTERS[f]}_${d}" {\n  default = ""\n}\n`;
      const isCompletionFile = f === perDirectory - 1;
      // On disk the completion file is valid; the half-typed version is what the bench opens in the editor.
      const body = isCompletionFile ? 'source "amazon-ebs" "bench" {\n  region = "us-east-1"\n}\n' : corpusTexts.length ? corpusTexts[next++ % corpusTexts.length]! : syntheticChunk(d * perDirectory + f);
      const name = isCompletionFile ? COMPLETION_FILE : `t${f}.pkr.hcl`;
      const text = body + marker;
      writeFileSync(path.join(directory, name), text);
      bytes += Buffer.byteLength(text);
    }
  }
  return { root, directories, templates: directoryCount * perDirectory, bytes };
}
