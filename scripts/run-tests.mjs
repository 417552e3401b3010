// Runs every *.test.ts under the given folders with node's own test runner (TypeScript through tsx).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';

const roots = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const passthrough = process.argv.slice(2).filter((arg) => arg.startsWith('--'));
const files = [];
const visit = (dir) => {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) {
    if (dir.endsWith('.test.ts')) files.push(dir);
    return;
  }
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) continue;
    if (statSync(full).isDirectory()) visit(full);
    else if (name.endsWith('.test.ts')) files.push(full);
  }
};
roots.forEach(visit);
if (files.length === 0) {
  console.error(`no tests found under ${roots.join(', ')}`);
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...passthrough, ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
