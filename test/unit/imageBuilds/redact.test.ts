import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { REDACTED, Redactor, secretValues } from '../../../server/src/imageBuilds/redact';
import { previewBuild } from '../../../server/src/imageBuilds/session';

describe('redaction', () => {
  it('masks secret values and whole private keys', () => {
    const redactor = new Redactor(['hunter2-secret', 'ok']);
    assert.equal(redactor.line('    null.a: password is hunter2-secret.'), `    null.a: password is ${REDACTED}.`);
    assert.equal(redactor.line('short ok stays'), 'short ok stays');
    assert.equal(redactor.line('==> a: -----BEGIN OPENSSH PRIVATE KEY-----'), `==> a: ${REDACTED}`);
    assert.equal(redactor.line('==> a: b3BlbnNzaC1rZXktdjEAAAAABG5vbmU='), REDACTED);
    assert.equal(redactor.line('==> a: -----END OPENSSH PRIVATE KEY-----'), REDACTED);
    assert.equal(redactor.line('==> a: after the key'), '==> a: after the key');
  });

  it('treats declared-sensitive and secret-looking variables as secrets, and masks them in the command line', () => {
    assert.deepEqual(secretValues({ app_name: 'vault', db_password: 'pw-1234', token_x: 'tok-5678', region: 'r' }, []), ['pw-1234', 'tok-5678']);
    assert.deepEqual(secretValues({ ssh_key_body: 'abcd1234' }, ['ssh_key_body']), ['abcd1234']);
    const { commandLine, args } = previewBuild({ templateDir: '/w/images', vars: { app_name: 'vault', db_password: 'pw-1234' } }, 'packer');
    assert.ok(args.includes('db_password=pw-1234'), 'packer gets the real value');
    assert.equal(commandLine, `cd /w/images && packer build -machine-readable -var app_name=vault -var 'db_password=${REDACTED}' .`);
  });
});
