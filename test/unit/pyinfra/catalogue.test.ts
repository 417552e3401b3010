// The generated PyInfra catalogues: the committed files are exactly what the generator writes from PyInfra's source,
// and they hold what the deploy features rely on, for both major versions.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { GENERATED_DIR, generateCatalogues, sharedSourcesDir } from '../../../scripts/pyinfra/generate';
import { operationSignature, factSignature } from '../../../server/src/pyinfra/catalogue/knowledge';
import { BundledCatalogues, bundledVersionFor } from '../../../server/src/pyinfra/catalogue/bundled';
import { SHELL_ALTERNATIVES } from '../../../server/src/pyinfra/rules/preferOperation';
import { OPERATION_DESCRIPTIONS } from '../../../server/src/pyinfra/catalogue/descriptions';
import { knowledgeOf } from './helpers';

describe('PyInfra catalogue generator', () => {
  it('wrote the committed catalogues: regenerating from PyInfra 2.9.2 and 3.1.1 changes nothing', async (context) => {
    if (!existsSync(sharedSourcesDir())) return context.skip(`SKIPPED: ${sharedSourcesDir()} is missing; set BILDER_SHARED to the team's shared/ folder`);
    const generated = await generateCatalogues();
    assert.deepEqual([...generated.keys()].sort(), ['pyinfra-2.9.2.json', 'pyinfra-3.1.1.json']);
    for (const [name, text] of generated) assert.equal(readFileSync(path.join(GENERATED_DIR, name), 'utf8'), text, `${name} is stale: run npm run pyinfra:generate`);
  });
});

describe('PyInfra catalogues', () => {
  for (const version of ['2.9.2', '3.1.1'] as const) {
    it(`has every operation module, operation and fact of ${version}, each once`, () => {
      const knowledge = knowledgeOf(version);
      const keys = knowledge.catalogue.operations.map((operation) => `${operation.module}.${operation.name}`);
      assert.equal(new Set(keys).size, keys.length);
      assert.ok(keys.length > 120, `${keys.length} operations`);
      assert.ok(knowledge.catalogue.facts.length > 100, `${knowledge.catalogue.facts.length} facts`);
      for (const key of ['apt.packages', 'files.put', 'files.template', 'files.directory', 'files.line', 'files.link', 'files.download', 'server.shell', 'server.user', 'server.group', 'server.service', 'systemd.service', 'systemd.daemon_reload', 'pip.packages', 'git.repo', 'postgresql.role']) {
        assert.ok(keys.includes(key), key);
      }
      for (const operation of knowledge.catalogue.operations) {
        const names = operation.parameters.map((parameter) => parameter.name);
        assert.equal(new Set(names).size, names.length, `${operation.module}.${operation.name} repeats a parameter`);
      }
      // Our own words describe real parameters only.
      for (const key of Object.keys(OPERATION_DESCRIPTIONS)) {
        const [module, name] = key.split('.') as [string, string];
        const operation = knowledge.operation(module, name);
        assert.ok(operation, `${key} described but not in ${version}`);
      }
      assert.ok(knowledge.fact('server', 'LinuxName'));
      assert.deepEqual(knowledge.fact('files', 'File')!.parameters.map((parameter) => parameter.name), ['path']);
      assert.ok(!knowledge.catalogue.facts.some((fact) => /Base$|Mixin$/.test(fact.name)), 'abstract bases are not facts');
    });
  }

  it('reads signatures, idempotence, passthrough keywords and deprecations as the source writes them', () => {
    const v3 = knowledgeOf('3.1.1');
    assert.equal(
      operationSignature(v3.operation('systemd', 'daemon_reload')!),
      'systemd.daemon_reload(user_mode=False, machine: str | None = None, user_name: str | None = None)',
    );
    assert.match(operationSignature(v3.operation('files', 'template')!), /^files\.template\(src: str \| IO\[Any\], dest: str, .*\*\*data\)$/);
    assert.equal(v3.operation('server', 'shell')!.idempotent, false);
    assert.equal(v3.operation('apt', 'packages')!.idempotent, true);
    assert.equal(v3.operation('files', 'template')!.extraKeywords, 'data');
    assert.deepEqual([v3.operation('postgresql', 'role')!.deprecated, v3.operation('postgresql', 'role')!.deprecatedFor], [true, 'postgres.role']);
    assert.equal(factSignature(v3.fact('server', 'Home')!), 'Home(user="") -> Optional[str]');
    assert.equal(v3.fact('server', 'LinuxDistribution')!.returns, 'LinuxDistributionDict');
    const v2 = knowledgeOf('2.9.2');
    assert.equal(operationSignature(v2.operation('apt', 'repo')!), 'apt.repo(src, present=True, filename=None)');
  });

  it('names the global arguments as each major version does', () => {
    const v2 = knowledgeOf('2.9.2');
    const v3 = knowledgeOf('3.1.1');
    for (const name of ['_sudo', '_sudo_user', '_env', '_chdir', '_ignore_errors', '_serial', '_run_once', 'name']) {
      assert.ok(v2.globalArgument(name), `2.9.2 ${name}`);
      assert.ok(v3.globalArgument(name), `3.1.1 ${name}`);
    }
    assert.ok(v2.globalArgument('_use_sudo_password') && !v3.globalArgument('_use_sudo_password'));
    assert.ok(v3.globalArgument('_sudo_password') && !v2.globalArgument('_sudo_password'));
    assert.ok(v3.globalArgument('_if') && !v2.globalArgument('_if'));
    assert.ok(v2.globalArgument('_precondition') && !v3.globalArgument('_precondition'));
    assert.equal(v3.globalArgument('_sudo')!.type, 'bool');
    assert.equal(v3.globalArgument('_sudo')!.default, 'config.SUDO');
    assert.equal(v2.catalogue.acceptsUnprefixedGlobals, true, '2.x still takes sudo=True, with a warning');
    assert.equal(v3.catalogue.acceptsUnprefixedGlobals, false);
    assert.deepEqual(v2.catalogue.ignoredKeywords, ['host', 'state']);
    assert.ok(v2.acceptsEverywhere('sudo') && !v3.acceptsEverywhere('sudo'));
  });

  it('links every operation and fact to its page for the major version in use', () => {
    const v2 = knowledgeOf('2.9.2');
    const v3 = knowledgeOf('3.1.1');
    assert.equal(v3.operationUrl(v3.operation('systemd', 'daemon_reload')!), 'https://docs.pyinfra.com/en/3.x/operations/systemd.html#systemd-daemon-reload');
    assert.equal(v2.operationUrl(v2.operation('apt', 'packages')!), 'https://docs.pyinfra.com/en/2.x/operations/apt.html#apt-packages');
    assert.equal(v3.factUrl(v3.fact('server', 'LinuxName')!), 'https://docs.pyinfra.com/en/3.x/facts/server.html#server-linuxname');
  });

  it('loads a bundled catalogue once, and picks the one of the same major version', async () => {
    const bundled = new BundledCatalogues();
    const first = bundled.load('3.1.1');
    assert.equal(bundled.load('3.1.1'), first);
    assert.equal((await first).version, '3.1.1');
    assert.equal(bundledVersionFor('2.10.0'), '2.9.2');
    assert.equal(bundledVersionFor('3.4.1'), '3.1.1');
    assert.equal(bundledVersionFor(undefined), '3.1.1');
    assert.equal(bundledVersionFor('1.7'), '3.1.1');
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
