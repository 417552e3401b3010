// Packages the .vsix from a staging folder holding only what .vscodeignore allows. vsce otherwise walks the whole
// checkout (including the e2e harness's 600 MB code-server) before applying the ignore file.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
// BILDER_VSIX: where to write it (tests package into a temporary folder, leaving dist-vsix/ to the UI test).
const output = path.resolve(process.env.BILDER_VSIX ?? path.join(root, 'dist-vsix', 'bilder.vsix'));
const stage = mkdtempSync(path.join(tmpdir(), 'bilder-vsix-'));
try {
  for (const file of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'language-configuration.json', '.vscodeignore']) {
    if (existsSync(path.join(root, file))) cpSync(path.join(root, file), path.join(stage, file));
  }
  for (const folder of ['syntaxes', 'snippets', 'images', 'media']) {
    if (existsSync(path.join(root, folder))) cpSync(path.join(root, folder), path.join(stage, folder), { recursive: true });
  }
  mkdirSync(path.join(stage, 'dist'));
  for (const name of readdirSync(path.join(root, 'dist'))) {
    if (name.endsWith('.js') || name.endsWith('.wasm')) cpSync(path.join(root, 'dist', name), path.join(stage, 'dist', name));
  }
  // The PyInfra catalogues the server reads on first use (server/src/pyinfra/catalogue/bundled.ts).
  cpSync(path.join(root, 'dist', 'pyinfra-catalogue'), path.join(stage, 'dist', 'pyinfra-catalogue'), { recursive: true });
  // The Packer plugin schema the server reads per plugin on first use (server/src/packer/schema/plugins.ts).
  cpSync(path.join(root, 'dist', 'schema'), path.join(stage, 'dist', 'schema'), { recursive: true });
  mkdirSync(path.dirname(output), { recursive: true });
  const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '-o', output], {
    cwd: stage,
    stdio: 'inherit',
  });
} finally {
  rmSync(stage, { recursive: true, force: true });
}
