import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GLOBAL_ARGUMENTS, OPERATIONS, SHELL_ALTERNATIVES, findGlobalArgument, findOperation, operationSignature } from '../../../server/src/pyinfra/operations';

describe('PyInfra operation catalogue', () => {
  it('covers the operations Bilder images use, each once, with unique parameters', () => {
    const keys = OPERATIONS.map((operation) => `${operation.module}.${operation.name}`);
    assert.equal(new Set(keys).size, keys.length);
    for (const key of ['apt.packages', 'files.put', 'files.template', 'files.directory', 'files.line', 'files.link', 'files.download', 'server.shell', 'server.user', 'server.group', 'server.service', 'systemd.service', 'systemd.daemon_reload', 'pip.packages', 'git.repo']) {
      assert.ok(keys.includes(key), key);
    }
    for (const operation of OPERATIONS) {
      const names = operation.parameters.map((parameter) => parameter.name);
      assert.equal(new Set(names).size, names.length, `${operation.module}.${operation.name} repeats a parameter`);
      assert.ok(operation.doc.length > 10);
      // Python forbids a required parameter after one with a default.
      const firstOptional = operation.parameters.findIndex((parameter) => parameter.default !== undefined);
      if (firstOptional !== -1) assert.ok(operation.parameters.slice(firstOptional).every((parameter) => parameter.default !== undefined), `${operation.module}.${operation.name}`);
    }
  });

  it('renders real signatures and marks non-idempotent operations', () => {
    assert.equal(
      operationSignature(findOperation('systemd', 'daemon_reload')!),
      'systemd.daemon_reload(user_mode: bool = False, machine: str | None = None, user_name: str | None = None)',
    );
    assert.match(operationSignature(findOperation('files', 'template')!), /^files\.template\(src: str \| IO, dest: str, .*\*\*data\)$/);
    assert.equal(findOperation('server', 'shell')!.idempotent, false);
    assert.equal(findOperation('apt', 'packages')!.idempotent, true);
  });

  it('knows the global arguments, all underscored', () => {
    for (const name of ['_sudo', '_sudo_user', '_env', '_chdir', '_ignore_errors', '_if', '_serial', '_run_once']) assert.ok(findGlobalArgument(name), name);
    assert.ok(GLOBAL_ARGUMENTS.every((argument) => argument.name.startsWith('_')));
  });

  it('suggests an operation only for commands one replaces', () => {
    const suggest = (command: string) => SHELL_ALTERNATIVES.find((candidate) => candidate.pattern.test(command))?.operation;
    assert.equal(suggest('apt-get -y install jq'), 'apt.packages');
    assert.equal(suggest('systemctl restart consul'), 'systemd.service');
    assert.equal(suggest('git clone https://x/y.git /opt/y'), 'git.repo');
    assert.equal(suggest('sysctl --system'), undefined);
    assert.equal(suggest('unzip -o /tmp/consul.zip -d /usr/local/bin'), undefined);
  });
});
