import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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
});
