// One masking policy for every sink: the attacks of issue 11 (values with quotes and backslashes, short values, bare
// key lines, secret-named variables not declared sensitive) each have a case here.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { storableRequest } from '../../../client/src/imageBuilds/model';
import { REDACTED, Redactor, isSecretName, printedForms, secretValues } from '../../../server/src/imageBuilds/redact';
import { packerArguments, previewBuild, sensitiveVarFile } from '../../../server/src/imageBuilds/session';
import { hclString } from '../../../server/src/runner/packerBuild';

describe('redaction', () => {
  it('masks secret values and whole private keys', () => {
    const redactor = new Redactor(['hunter2-secret']);
    assert.equal(redactor.line('    null.a: password is hunter2-secret.'), `    null.a: password is ${REDACTED}.`);
    assert.equal(redactor.line('==> a: -----BEGIN OPENSSH PRIVATE KEY-----'), `==> a: ${REDACTED}`);
    assert.equal(redactor.line('==> a: b3BlbnNzaC1rZXktdjEAAAAABG5vbmU='), REDACTED);
    assert.equal(redactor.line('==> a: -----END OPENSSH PRIVATE KEY-----'), REDACTED);
    assert.equal(redactor.line('==> a: after the key'), '==> a: after the key');
  });

  it('masks bare key lines printed without their BEGIN/END armour', () => {
    const redactor = new Redactor([]);
    const pemBody = 'MIIEowIBAAKCAQEAvR3kq9Xj2f8Jt0yq4mWb7Hc2ZyQf0Hn5Qm8pLx1sUuE9cWd3';
    const opensshBody = 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW';
    assert.equal(redactor.line(`    amazon-ebs.x: ${pemBody}`), `    amazon-ebs.x: ${REDACTED}`);
    assert.equal(redactor.line(opensshBody), REDACTED);
    // Hex digests, AMI ids and ordinary words stay readable.
    const digest = 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
    assert.equal(redactor.line(`pulled ${digest}`), `pulled ${digest}`);
    assert.equal(redactor.line('AMI: ami-0123456789abcdef0'), 'AMI: ami-0123456789abcdef0');
  });

  it('masks values with quotes and backslashes in every printed form (as given, JSON, shell, HCL)', () => {
    const secret = `pa"ss\\wo'rd\${x}`;
    const redactor = new Redactor([secret]);
    for (const form of printedForms(secret)) {
      assert.equal(redactor.text(`error: bad value ${form} here`), `error: bad value ${REDACTED} here`, `form ${form}`);
    }
    assert.ok(printedForms(secret).includes(JSON.stringify(secret).slice(1, -1)));
    // A value no URL can hold (a lone surrogate) is still masked, and does not break the build.
    assert.equal(new Redactor(['pw\ud800xyz']).text('got pw\ud800xyz'), `got ${REDACTED}`);
    // Events are masked field by field, so transport escaping cannot hide the value.
    const event = { type: 'source-finished', source: 'null.a', error: `Error: "${secret}" rejected` };
    assert.deepEqual(redactor.value(event), { type: 'source-finished', source: 'null.a', error: `Error: "${REDACTED}" rejected` });
  });

  it('masks short values where they stand as a token, without masking them inside words', () => {
    const redactor = new Redactor(['abc', 'x']);
    assert.equal(redactor.text('password=abc'), `password=${REDACTED}`);
    assert.equal(redactor.text('token "abc" expired; x used'), `token "${REDACTED}" expired; ${REDACTED} used`);
    assert.equal(redactor.text('abcdef is not it, nor x86_64'), 'abcdef is not it, nor x86_64');
  });

  it('treats declared-sensitive and secret-looking variables as secrets', () => {
    assert.deepEqual(secretValues({ app_name: 'vault', db_password: 'pw-1234', token_x: 'tok-5678', region: 'r' }, []), ['pw-1234', 'tok-5678']);
    assert.deepEqual(secretValues({ ssh_key_body: 'abcd1234' }, ['ssh_key_body']), ['abcd1234']);
    for (const name of ['db_password', 'dbPassword', 'API_KEY', 'apiKey', 'vault_token', 'client-secret', 'ssh_private_key', 'aws_secret_access_key', 'key', 'passphrase']) {
      assert.ok(isSecretName(name), name);
    }
    for (const name of ['app_name', 'region', 'instance_type', 'monkey', 'keyboard_layout', 'passenger_count']) assert.ok(!isSecretName(name), name);
  });
});

describe('secrets on the way to Packer', () => {
  const request = { templateDir: '/w/images', vars: { app_name: 'vault', db_password: 'p"w\\1' }, varFiles: ['a.pkrvars.hcl'] };

  it('shows and returns masked arguments only; Packer gets the secret through a var file named last', () => {
    const { commandLine, args } = previewBuild(request, 'packer');
    assert.ok(!args.join(' ').includes('p"w'), 'the client never receives the value');
    assert.equal(commandLine, `cd /w/images && packer build -machine-readable -var-file=a.pkrvars.hcl -var app_name=vault -var 'db_password=${REDACTED}' .`);
    const real = packerArguments(request, '/private/sensitive.pkrvars.hcl');
    assert.deepEqual(real, ['build', '-machine-readable', '-var-file=a.pkrvars.hcl', '-var-file=/private/sensitive.pkrvars.hcl', '-var', 'app_name=vault', '.']);
    assert.ok(!real.join(' ').includes('p"w'), 'no secret on the command line (/proc/<pid>/cmdline is world-readable)');
  });

  it('writes values as HCL strings Packer reads back unchanged', () => {
    assert.equal(sensitiveVarFile(request.vars, ['db_password']), 'db_password = "p\\"w\\\\1"\n');
    assert.equal(hclString('a${b}%{c}\n\t\u0001'), '"a$${b}%%{c}\\n\\t\\u0001"');
  });
});

describe('history', () => {
  it('keeps no value of a sensitive or secret-named variable, and asks for them again on rerun', () => {
    const stored = storableRequest({ templateDir: '/w', vars: { app_name: 'vault', db_password: 'pw', api_token: 't', declared: 'd' }, sensitive: ['declared'] });
    assert.deepEqual(stored.vars, { app_name: 'vault' });
    assert.deepEqual(new Set(stored.sensitive), new Set(['declared', 'db_password', 'api_token']));
  });
});
