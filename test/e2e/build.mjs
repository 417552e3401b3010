// Bundles the e2e suites for VS Code's extension host: out/e2e/<suite>/index.js (the runner) plus one bundle per
// test/e2e/suite/<suite>/*.test.ts. `vscode` comes from the host; mocha is resolved from the repository's node_modules.
// Usage: node test/e2e/build.mjs            -> prints the suite names it built, one per line
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const E2E = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(E2E, '..', '..');
const SUITES = path.join(E2E, 'suite');
const OUT = path.join(REPO, 'out', 'e2e');

const suites = readdirSync(SUITES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

rmSync(OUT, { recursive: true, force: true });
await Promise.all(
  suites.map((suite) => {
    const tests = readdirSync(path.join(SUITES, suite)).filter((name) => name.endsWith('.test.ts'));
    if (tests.length === 0) throw new Error(`test/e2e/suite/${suite} has no *.test.ts files`);
    const entryPoints = { index: path.join(SUITES, 'runner.ts') };
    for (const name of tests) entryPoints[name.replace(/\.ts$/, '')] = path.join(SUITES, suite, name);
    return esbuild.build({
      entryPoints,
      outdir: path.join(OUT, suite),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      sourcemap: 'inline',
      external: ['vscode', 'mocha'],
      logLevel: 'warning',
    });
  }),
);
for (const suite of suites) console.log(suite);
