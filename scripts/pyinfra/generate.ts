// `npm run pyinfra:generate`: reads the PyInfra releases in the team's shared/pyinfra-sources (or $BILDER_SHARED)
// and writes the catalogues the server ships, one JSON file per release. Deterministic, so a test can check that the
// committed files are exactly what this produces. `--check` only compares and exits 1 on a difference.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { LanguageParser, loadGrammars } from '../../server/src/parsing/treeSitter';
import { isCatalogueSource, readPyinfraCatalogue } from '../../server/src/pyinfra/catalogue/reader';
import type { PyinfraSourceFile } from '../../server/src/pyinfra/catalogue/reader';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const GENERATED_DIR = path.join(REPO_ROOT, 'server', 'src', 'pyinfra', 'catalogue', 'generated');
/** The releases the bundled catalogue covers: the last 2.x and a 3.x with the layout later 3.x releases keep. */
export const RELEASES = ['2.9.2', '3.1.1'] as const;

export function sharedSourcesDir(): string {
  const shared = process.env.BILDER_SHARED ?? path.join(REPO_ROOT, '..', 'shared');
  return path.join(shared, 'pyinfra-sources');
}

export function catalogueFileName(version: string): string {
  return `pyinfra-${version}.json`;
}

async function sourceFiles(packageDir: string): Promise<PyinfraSourceFile[]> {
  const files: PyinfraSourceFile[] = [];
  for (const folder of ['operations', 'facts', 'facts/util', 'api']) {
    const entries = await fs.readdir(path.join(packageDir, folder)).catch(() => [] as string[]);
    for (const entry of entries.sort()) {
      const relative = `${folder}/${entry}`;
      if (isCatalogueSource(relative)) files.push({ path: relative, text: await fs.readFile(path.join(packageDir, relative), 'utf8') });
    }
  }
  return files;
}

/** The JSON text of every release's catalogue, keyed by file name. */
export async function generateCatalogues(sourcesDir = sharedSourcesDir()): Promise<Map<string, string>> {
  const grammars = await loadGrammars();
  const parser = new LanguageParser(grammars.python);
  try {
    const result = new Map<string, string>();
    for (const version of RELEASES) {
      const catalogue = readPyinfraCatalogue(version, await sourceFiles(path.join(sourcesDir, `v${version}`, 'pyinfra')), parser);
      result.set(catalogueFileName(version), `${JSON.stringify(catalogue, null, 1)}\n`);
    }
    return result;
  } finally {
    parser.dispose();
  }
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const generated = await generateCatalogues();
  let differs = false;
  for (const [name, text] of generated) {
    const target = path.join(GENERATED_DIR, name);
    const current = await fs.readFile(target, 'utf8').catch(() => undefined);
    if (current === text) continue;
    differs = true;
    if (check) console.error(`${path.relative(REPO_ROOT, target)} is not what the generator writes; run npm run pyinfra:generate`);
    else {
      await fs.mkdir(GENERATED_DIR, { recursive: true });
      await fs.writeFile(target, text);
      console.log(`wrote ${path.relative(REPO_ROOT, target)}`);
    }
  }
  if (check && differs) process.exit(1);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
