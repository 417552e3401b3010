// The build prompts follow the one secret policy: a value named like a secret is neither shown nor echoed, declared
// sensitive or not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeVars, hidesInput } from '../../../client/src/imageBuilds/secretPrompts';

describe('build prompts and secrets', () => {
  it('masks secret-named values in the "Run again" description, not only declared-sensitive ones', () => {
    const description = describeVars({ templateDir: '/w', vars: { app_name: 'vault', db_password: 'hunter2', ssh_keys: '["k"]', declared: 'd' }, sensitive: ['declared'] });
    assert.equal(description, 'app_name=vault db_password=••• ssh_keys=••• declared=•••');
    assert.ok(!description.includes('hunter2'));
  });

  it('hides what is typed for a secret-named variable', () => {
    assert.equal(hidesInput({ name: 'api_token', sensitive: false }), true);
    assert.equal(hidesInput({ name: 'deploy_keys', sensitive: false }), true);
    assert.equal(hidesInput({ name: 'region', sensitive: true }), true);
    assert.equal(hidesInput({ name: 'region', sensitive: false }), false);
  });
});
