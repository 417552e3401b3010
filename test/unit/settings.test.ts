import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS, parseSettings } from '../../server/src/settings';
import { REPO_ROOT } from '../helpers/lspClient';

const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
const properties: Record<string, { default?: unknown; scope?: string; maximum?: number }> = manifest.contributes.configuration.properties;

function flatten(value: unknown, prefix: string): Record<string, unknown> {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.assign({}, ...Object.entries(value).map(([key, inner]) => flatten(inner, `${prefix}.${key}`)));
  }
  return { [prefix]: value };
}

describe('settings', () => {
  it('every server setting is contributed in package.json with the same default', () => {
    for (const [key, value] of Object.entries(flatten(DEFAULT_SETTINGS, 'bilder'))) {
      assert.ok(properties[key], `${key} missing from contributes.configuration`);
      assert.deepEqual(properties[key]!.default, value, `${key} default differs`);
    }
  });

  it('executable paths are machine-scoped so a workspace cannot redirect them', () => {
    const executables = Object.keys(properties).filter((key) => key.endsWith('.path'));
    assert.ok(executables.length > 0);
    for (const key of executables) assert.equal(properties[key]!.scope, 'machine', key);
    for (const key of executables) assert.ok(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.includes(key), key);
  });

  it('clamps numbers to sane ranges: a huge validate timeout must not overflow Node timers into an instant one', () => {
    assert.equal(parseSettings({ validate: { timeoutSeconds: 2_147_484 } }).validate.timeoutSeconds, 3600);
    assert.equal(parseSettings({ validate: { timeoutSeconds: 1e308 } }).validate.timeoutSeconds, 3600);
    assert.equal(parseSettings({ validate: { timeoutSeconds: 0.001 } }).validate.timeoutSeconds, 1);
    assert.equal(parseSettings({ validate: { timeoutSeconds: 'Infinity' } }).validate.timeoutSeconds, DEFAULT_SETTINGS.validate.timeoutSeconds);
    assert.equal(properties['bilder.validate.timeoutSeconds']!.maximum, 3600);
    assert.equal(parseSettings({ validate: { varFiles: Array.from({ length: 1000 }, (_, i) => `${i}.pkrvars.hcl`) } }).validate.varFiles.length, 64);
  });

  it('falls back to defaults for missing or mistyped values', () => {
    assert.deepEqual(parseSettings(undefined), DEFAULT_SETTINGS);
    assert.deepEqual(parseSettings({ packer: { path: 42 }, validate: { onSave: 'sometimes', timeoutSeconds: -1 } }), DEFAULT_SETTINGS);
    const parsed = parseSettings({ packer: { path: ' /opt/packer ' }, diagnostics: { disabled: ['syntax', 3] }, format: { engine: 'native' } });
    assert.equal(parsed.packer.path, '/opt/packer');
    assert.deepEqual(parsed.diagnostics.disabled, ['syntax']);
    assert.equal(parsed.format.engine, 'native');
  });
});
