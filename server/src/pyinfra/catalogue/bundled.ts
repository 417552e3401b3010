// The catalogues Bilder ships, read from JSON at run time on first use: they stay out of the server bundle, so
// they cost start-up nothing. esbuild.mjs copies generated/*.json to dist/pyinfra-catalogue/.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { majorOf } from './knowledge';
import type { PyinfraCatalogue } from './types';

/** The releases of the committed catalogues; the newest serves when the user's PyInfra is unknown. */
export const BUNDLED_VERSIONS = ['2.9.2', '3.1.1'] as const;
export type BundledVersion = (typeof BUNDLED_VERSIONS)[number];
export const DEFAULT_BUNDLED_VERSION: BundledVersion = '3.1.1';

/** The bundled release of the same major version, or the default one. */
export function bundledVersionFor(version: string | undefined): BundledVersion {
  const major = version ? majorOf(version) : 0;
  return BUNDLED_VERSIONS.find((candidate) => majorOf(candidate) === major) ?? DEFAULT_BUNDLED_VERSION;
}

/** The bundled release whose spellings a deploy for `version` is most likely to carry by mistake: the nearest other major. */
export function otherMajorBundled(version: string): BundledVersion {
  return majorOf(version) === 3 ? '2.9.2' : '3.1.1';
}

function candidates(version: string): string[] {
  const file = `pyinfra-${version}.json`;
  // Bundled: dist/pyinfra-catalogue/; from source (tests, tsx): generated/ beside this file.
  return [path.join(__dirname, 'pyinfra-catalogue', file), path.join(__dirname, 'generated', file)];
}

/** Reads and parses each bundled catalogue once; later callers share the answer. One per server. */
export class BundledCatalogues {
  private readonly loading = new Map<string, Promise<PyinfraCatalogue>>();

  load(version: BundledVersion): Promise<PyinfraCatalogue> {
    let pending = this.loading.get(version);
    if (!pending) {
      pending = (async () => {
        for (const candidate of candidates(version)) {
          const text = await fs.readFile(candidate, 'utf8').catch(() => undefined);
          if (text !== undefined) return JSON.parse(text) as PyinfraCatalogue;
        }
        throw new Error(`Bilder cannot find its PyInfra ${version} catalogue; looked in:\n  ${candidates(version).join('\n  ')}`);
      })();
      pending.catch(() => this.loading.delete(version));
      this.loading.set(version, pending);
    }
    return pending;
  }
}
