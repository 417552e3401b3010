import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { allRules } from '../../server/src/diagnostics/rules';
import { REPO_ROOT } from '../helpers/lspClient';
import { loadAllRules } from '../helpers/rules';

describe('README', () => {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  it('lists every diagnostic code users can look up and disable', () => {
    loadAllRules();
    const rules = allRules();
    assert.ok(rules.length > 20);
    const missing = rules.filter((rule) => !readme.includes(`\`${rule.code}\``)).map((rule) => rule.code);
    assert.deepEqual(missing, [], 'regenerate the table with: node --import tsx scripts/print-rules.ts');
  });
  it('lists every contributed setting', () => {
    const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    const missing = Object.keys(manifest.contributes.configuration.properties).filter((key) => !readme.includes(`\`${key}\``));
    assert.deepEqual(missing, []);
  });
  it('names every source folder in the architecture table, and only folders that exist', () => {
    const architecture = readme.slice(readme.indexOf('## Architecture'));
    const named = [...architecture.matchAll(/^\| `((?:server\/src|client\/src|protocol)[^`]*)` \|/gm)].map((match) => match[1]!);
    assert.deepEqual(named.filter((entry) => !existsSync(path.join(REPO_ROOT, entry))), [], 'the table names folders that do not exist');
    const folders = ['server/src', 'client/src'].flatMap((root) =>
      readdirSync(path.join(REPO_ROOT, root), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => `${root}/${entry.name}/`),
    );
    const described = (folder: string) => named.some((entry) => entry === folder) || architecture.includes(`\`${folder.split('/').slice(2).join('/')}\``);
    assert.deepEqual(folders.filter((folder) => !described(folder)), [], 'a source folder the architecture section does not describe');
  });
});
