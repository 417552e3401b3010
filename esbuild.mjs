// Bundles the client, the server and the CLI into dist/ and copies the wasm runtime and grammars beside them, so the
// packaged extension needs no node_modules.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, chmodSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const WASM = [
  'web-tree-sitter/web-tree-sitter.wasm',
  '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm',
  'tree-sitter-python/tree-sitter-python.wasm',
];

mkdirSync('dist', { recursive: true });
for (const file of WASM) copyFileSync(require.resolve(file), path.join('dist', path.basename(file)));
// The PyInfra catalogues are read at run time on first use (server/src/pyinfra/catalogue/bundled.ts), not bundled.
mkdirSync('dist/pyinfra-catalogue', { recursive: true });
for (const file of readdirSync('server/src/pyinfra/catalogue/generated')) copyFileSync(path.join('server/src/pyinfra/catalogue/generated', file), path.join('dist/pyinfra-catalogue', file));
// The Packer plugin schema, one JSON file per plugin, is read lazily at run time (server/src/packer/schema/plugins.ts).
mkdirSync('dist/schema', { recursive: true });
for (const file of readdirSync('server/src/packer/schema/generated')) copyFileSync(path.join('server/src/packer/schema/generated', file), path.join('dist/schema', file));

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  // web-tree-sitter's ESM build reads import.meta.url; its CommonJS build does not.
  alias: { 'web-tree-sitter': require.resolve('web-tree-sitter').replace(/\.js$/, '.cjs') },
};

const builds = [
  { entryPoints: { extension: 'client/src/extension.ts' }, external: ['vscode'] },
  // Whitespace and syntax minification (names kept, so stack traces still read) halves what V8 must pre-parse when the
  // server starts.
  // dist/server.js is the small launcher that runs dist/serverMain.js through a V8 code cache.
  {
    entryPoints: { server: 'server/src/launcher.ts', serverMain: 'server/src/main.ts', cli: 'server/src/cli/main.ts', modelWorker: 'server/src/workspace/modelWorker.ts' },
    minifyWhitespace: true,
    minifySyntax: true,
  },
];

const contexts = await Promise.all(builds.map((build) => esbuild.context({ ...common, ...build, outdir: 'dist' })));
if (watch) {
  await Promise.all(contexts.map((context) => context.watch()));
} else {
  await Promise.all(contexts.map((context) => context.rebuild()));
  await Promise.all(contexts.map((context) => context.dispose()));
  for (const bin of ['dist/server.js', 'dist/cli.js']) chmodSync(bin, 0o755);
}
