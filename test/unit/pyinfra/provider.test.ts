// Which catalogue serves: the user's installed PyInfra (read with the generator's reader) in a trusted workspace,
// otherwise the bundled one — and in Restricted Mode no interpreter is ever asked.
import assert from 'node:assert/strict';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LanguageParser, loadGrammars } from '../../../server/src/parsing/treeSitter';
import { CatalogueProvider } from '../../../server/src/pyinfra/catalogue/provider';
import type { CatalogueProviderDependencies, CatalogueStatus } from '../../../server/src/pyinfra/catalogue/provider';
import type { PythonProbeResult } from '../../../server/src/pyinfra/catalogue/provider';
import { sharedSourcesDir } from '../../../scripts/pyinfra/generate';

const quietLogger = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined };

describe('PyInfra catalogue provider', () => {
  let python: LanguageParser;
  before(async () => {
    python = new LanguageParser((await loadGrammars()).python);
  });
  after(() => python.dispose());

  function provider(options: { trusted: boolean; configured?: string; selected?: string; roots?: string[]; answers: Record<string, PythonProbeResult> }) {
    const asked: string[] = [];
    const statuses: CatalogueStatus[] = [];
    const dependencies: CatalogueProviderDependencies = {
      trusted: () => options.trusted,
      configuredPython: () => options.configured ?? '',
      selectedPython: () => options.selected,
      python: () => Promise.resolve(python),
      logger: quietLogger,
      changed: (status) => statuses.push(status),
      workspaceRoots: () => options.roots ?? [],
      probe: async (interpreter) => {
        asked.push(interpreter);
        return options.answers[interpreter] ?? { kind: 'failed', interpreter, message: `${interpreter} was not found` };
      },
    };
    return { catalogues: new CatalogueProvider(dependencies), asked, statuses };
  }

  it('asks no interpreter in Restricted Mode and serves the bundled 3.1.1', async () => {
    const { catalogues, asked, statuses } = provider({ trusted: false, answers: {} });
    assert.equal(catalogues.peek('/w/deploy.py'), undefined, 'nothing is loaded before the first question');
    const knowledge = await catalogues.get('/w/deploy.py');
    assert.equal(knowledge.version, '3.1.1');
    assert.equal(knowledge.origin, 'bundled');
    assert.deepEqual(asked, []);
    assert.deepEqual(statuses, [{ version: '3.1.1', origin: 'bundled' }]);
  });

  it('tries the selected interpreter, then python3, and says in one message why none served', async () => {
    const { catalogues, asked, statuses } = provider({
      trusted: true,
      selected: '/venv/bin/python',
      answers: { 'python3': { kind: 'no-pyinfra', interpreter: 'python3', python: '3.11.2' } },
    });
    const knowledge = await catalogues.get('/nowhere/deploy.py');
    assert.equal(knowledge.origin, 'bundled');
    assert.deepEqual(asked, ['/venv/bin/python', 'python3']);
    assert.deepEqual(statuses, [{ version: '3.1.1', origin: 'bundled', message: 'no PyInfra found: /venv/bin/python was not found; python3 (Python 3.11.2) has no pyinfra' }]);
  });

  it('asks only the configured interpreter when the setting names one', async () => {
    const { catalogues, asked } = provider({ trusted: true, configured: '/opt/py/bin/python3', selected: '/venv/bin/python', answers: {} });
    await catalogues.get('/w/deploy.py');
    assert.deepEqual(asked, ['/opt/py/bin/python3']);
  });

  it('reads the installed PyInfra with the same reader, and its major version decides the fallback', async (context) => {
    const packageDir = path.join(sharedSourcesDir(), 'v2.9.2', 'pyinfra');
    if (!existsSync(packageDir)) return context.skip(`SKIPPED: ${packageDir} is missing; set BILDER_SHARED to the team's shared/ folder`);
    const { catalogues, statuses } = provider({
      trusted: true,
      answers: { python3: { kind: 'found', interpreter: 'python3', python: '3.11.2', packageDir, version: '2.9.2' } },
    });
    const knowledge = await catalogues.get('/w/deploy.py');
    assert.equal(knowledge.origin, 'installed');
    assert.equal(knowledge.version, '2.9.2');
    assert.ok(knowledge.operation('apt', 'packages'));
    assert.ok(knowledge.globalArgument('_use_sudo_password'));
    assert.equal(knowledge.otherVersion, '3.1.1');
    assert.deepEqual(statuses, [{ version: '2.9.2', origin: 'installed', interpreter: 'python3', packageDir }]);

    const unreadable = provider({
      trusted: true,
      answers: { python3: { kind: 'found', interpreter: 'python3', python: '3.11.2', packageDir: '/no/such/dir', version: '2.8.0' } },
    });
    const fallback = await unreadable.catalogues.get('/w/deploy.py');
    assert.equal(fallback.version, '2.9.2', 'the bundled catalogue of the same major version');
    assert.match(unreadable.statuses[0]!.message ?? '', /PyInfra 2\.8\.0 at \/no\/such\/dir could not be read/);
  });

  it('serves the bundled 2.9.2 for a PyInfra 1 installation, saying why', async () => {
    const { catalogues, statuses } = provider({
      trusted: true,
      answers: { python3: { kind: 'found', interpreter: 'python3', python: '3.8.10', packageDir: '/usr/lib/python3/dist-packages/pyinfra', version: '1.7.2' } },
    });
    assert.equal((await catalogues.get('/w/deploy.py')).version, '2.9.2');
    assert.deepEqual(statuses, [{ version: '2.9.2', origin: 'bundled', message: 'PyInfra 1.7.2 (python3) is older than the releases Bilder reads; the bundled 2.9.2 catalogue serves' }]);
  });

  describe('a project .venv', () => {
    let outer: string;
    before(() => {
      outer = mkdtempSync(path.join(os.tmpdir(), 'bilder-venv-'));
    });
    after(() => rmSync(outer, { recursive: true, force: true }));

    function plantVenv(directory: string): string {
      const bin = path.join(directory, '.venv', 'bin');
      mkdirSync(bin, { recursive: true, mode: 0o755 });
      chmodSync(path.join(directory, '.venv'), 0o755);
      chmodSync(bin, 0o755);
      const python = path.join(bin, 'python');
      writeFileSync(python, '#!/bin/sh\n', { mode: 0o755 });
      return python;
    }

    it('is looked for up to the workspace folder holding the deploy, never above it (a planted /tmp/.venv)', async () => {
      const planted = plantVenv(outer);
      const workspace = path.join(outer, 'workspace');
      mkdirSync(path.join(workspace, 'images', 'app'), { recursive: true });
      const { catalogues, asked } = provider({ trusted: true, roots: [workspace], answers: {} });
      await catalogues.get(path.join(workspace, 'images', 'app', 'deploy.py'));
      assert.ok(!asked.includes(planted), `${planted} above the workspace must not run: ${asked.join(', ')}`);
      assert.deepEqual(asked, ['python3']);
    });

    it('is used inside the workspace when we own it and nobody else may write it', async () => {
      const workspace = path.join(outer, 'own');
      const venvPython = plantVenv(workspace);
      mkdirSync(path.join(workspace, 'images', 'app'), { recursive: true });
      const { catalogues, asked } = provider({ trusted: true, roots: [workspace], answers: {} });
      await catalogues.get(path.join(workspace, 'images', 'app', 'deploy.py'));
      assert.deepEqual(asked, [venvPython, 'python3']);
    });

    it('is refused when another user owns it or group and others may write it', async (context) => {
      const workspace = path.join(outer, 'foreign');
      const venvPython = plantVenv(workspace);
      chmodSync(path.join(workspace, '.venv', 'bin'), 0o777);
      const first = provider({ trusted: true, roots: [workspace], answers: {} });
      await first.catalogues.get(path.join(workspace, 'deploy.py'));
      assert.deepEqual(first.asked, ['python3'], 'a world-writable .venv/bin is not used');
      chmodSync(path.join(workspace, '.venv', 'bin'), 0o755);
      if (process.getuid?.() !== 0) return context.skip('SKIPPED: chown to another user needs root');
      chownSync(venvPython, 65534, 65534);
      const second = provider({ trusted: true, roots: [workspace], answers: {} });
      await second.catalogues.get(path.join(workspace, 'deploy.py'));
      assert.deepEqual(second.asked, ['python3'], 'an interpreter owned by nobody is not used');
    });
  });

  it('looks again after a reset and keeps serving the previous answer meanwhile', async () => {
    let trusted = false;
    const asked: string[] = [];
    const catalogues = new CatalogueProvider({
      trusted: () => trusted,
      configuredPython: () => '',
      selectedPython: () => undefined,
      python: () => Promise.resolve(python),
      logger: quietLogger,
      changed: () => undefined,
      workspaceRoots: () => [],
      probe: async (interpreter) => (asked.push(interpreter), { kind: 'no-pyinfra', interpreter, python: '3.12.0' }),
    });
    await catalogues.get('/w/deploy.py');
    trusted = true;
    catalogues.reset();
    assert.ok(catalogues.peek('/w/deploy.py'), 'the previous catalogue still serves');
    await catalogues.get('/w/deploy.py');
    assert.deepEqual(asked, ['python3']);
  });
});
