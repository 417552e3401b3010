// Reference material from the team's shared folder (corpus, probes, captured Packer output). CI has a copy beside the
// clone; elsewhere, point BILDER_SHARED at it. Tests that need it are skipped, loudly, when it is absent.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './lspClient';

export const SHARED_DIR = process.env.BILDER_SHARED ?? path.resolve(REPO_ROOT, '..', 'shared');
export const HAS_SHARED = existsSync(path.join(SHARED_DIR, 'corpus'));
export const SKIP_WITHOUT_SHARED = HAS_SHARED ? false : `shared reference folder not found at ${SHARED_DIR} (set BILDER_SHARED)`;

export const CORPUS_DIR = path.join(SHARED_DIR, 'corpus', 'packer-hcl');
export const PROBES_DIR = path.join(SHARED_DIR, 'corpus', 'probes');

/** Corpus files (relative `local` paths) that are expected to be clean: all minus invalid.tsv. */
export function validCorpusFiles(): string[] {
  if (!HAS_SHARED) return [];
  const all = readFileSync(path.join(CORPUS_DIR, 'files.list'), 'utf8').split('\n').filter(Boolean);
  const invalid = new Set(
    readFileSync(path.join(CORPUS_DIR, 'invalid.tsv'), 'utf8')
      .split('\n')
      .slice(1)
      .filter(Boolean)
      .map((line) => line.split('\t')[2]),
  );
  return all.filter((file) => !invalid.has(file));
}

/** Corpus files that parse (syntax-valid), including hashicorp's semantic fixtures. */
export function syntaxValidCorpusFiles(): string[] {
  if (!HAS_SHARED) return [];
  const all = readFileSync(path.join(CORPUS_DIR, 'files.list'), 'utf8').split('\n').filter(Boolean);
  const syntaxInvalid = new Set(
    readFileSync(path.join(CORPUS_DIR, 'invalid.tsv'), 'utf8')
      .split('\n')
      .slice(1)
      .filter((line) => line.split('\t')[3]?.startsWith('syntax:'))
      .map((line) => line.split('\t')[2]),
  );
  return all.filter((file) => !syntaxInvalid.has(file));
}

export interface CorpusFile {
  /** Path inside the corpus folder. */
  local: string;
  /** The file's name in its original repository. */
  base: string;
}

/**
 * Syntax-valid corpus files grouped by their original repository directory (`<repo>/<dir>`): Packer reads a directory
 * as one configuration, so analysis needs the siblings together.
 */
export function corpusDirectories(): Map<string, CorpusFile[]> {
  const directories = new Map<string, CorpusFile[]>();
  if (!HAS_SHARED) return directories;
  const parsable = new Set(syntaxValidCorpusFiles());
  for (const line of readFileSync(path.join(CORPUS_DIR, 'manifest.tsv'), 'utf8').split('\n').slice(1)) {
    if (!line) continue;
    const [repo, , filePath, , , local] = line.split('\t');
    if (!parsable.has(local!)) continue;
    const key = `${repo}/${path.posix.dirname(filePath!)}`;
    directories.set(key, [...(directories.get(key) ?? []), { local: local!, base: path.posix.basename(filePath!) }]);
  }
  return directories;
}
