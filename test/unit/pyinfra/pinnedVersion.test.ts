// The PyInfra a project pins, read from its requirement files: it picks the bundled catalogue when no installed
// PyInfra can be asked (Restricted Mode, bilder check).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LanguageParser, loadGrammars } from '../../../server/src/parsing/treeSitter';
import { findPinnedVersion, pinnedIn } from '../../../server/src/pyinfra/catalogue/pinnedVersion';
import { CatalogueProvider } from '../../../server/src/pyinfra/catalogue/provider';
import type { CatalogueStatus } from '../../../server/src/pyinfra/catalogue/provider';

const quietLogger = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined };

describe('the PyInfra a project pins', () => {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'bilder-pinned-'));
  let python: LanguageParser;
  before(async () => {
    python = new LanguageParser((await loadGrammars()).python);
  });
  after(() => {
    python.dispose();
    rmSync(directory, { recursive: true, force: true });
  });

  it('reads the version from the usual requirement spellings', () => {
    assert.deepEqual(pinnedIn('jinja2\npyinfra==2.9.2  # the last 2.x\n'), { version: '2.9.2', requirement: 'pyinfra==2.9.2' });
    assert.deepEqual(pinnedIn('PyInfra ~= 3.1\n'), { version: '3.1', requirement: 'pyinfra~=3.1' });
    assert.deepEqual(pinnedIn('dependencies = [\n  "pyinfra>=2.9,<3",\n]\n'), { version: '2.9', requirement: 'pyinfra>=2.9,<3' });
    assert.deepEqual(pinnedIn('pyinfra<3\n'), { version: '2', requirement: 'pyinfra<3' });
    assert.deepEqual(pinnedIn('pyinfra[extras]==3.0.2\n'), { version: '3.0.2', requirement: 'pyinfra==3.0.2' });
    assert.equal(pinnedIn('pyinfra\npyinfra-plugins==1.0\n# pyinfra==1.0\n'), undefined);
  });

  it('finds the nearest requirement file above the deploy, and the catalogue follows it without any process', async () => {
    const deployDirectory = path.join(directory, 'src', 'bilder', 'images', 'app');
    mkdirSync(deployDirectory, { recursive: true });
    writeFileSync(path.join(directory, 'requirements.txt'), 'pyinfra==2.9.2\n');
    const found = await findPinnedVersion(deployDirectory, [directory]);
    assert.deepEqual(found, { version: '2.9.2', requirement: 'pyinfra==2.9.2', file: path.join(directory, 'requirements.txt') });

    const statuses: CatalogueStatus[] = [];
    const catalogues = new CatalogueProvider({
      trusted: () => false,
      configuredPython: () => '',
      selectedPython: () => undefined,
      python: () => Promise.resolve(python),
      logger: quietLogger,
      changed: (status) => statuses.push(status),
      workspaceRoots: () => [directory],
      probe: () => assert.fail('no interpreter may run in Restricted Mode'),
    });
    assert.equal((await catalogues.get(path.join(deployDirectory, 'deploy.py'))).version, '2.9.2');
    assert.deepEqual(statuses, [{ version: '2.9.2', origin: 'bundled', message: `pyinfra==2.9.2 in ${path.join(directory, 'requirements.txt')}` }]);
  });

  it('never looks above the workspace folder holding the deploy', async () => {
    const workspace = path.join(directory, 'nested', 'workspace');
    const deployDirectory = path.join(workspace, 'images', 'app');
    mkdirSync(deployDirectory, { recursive: true });
    // `directory` (above the workspace) pins 2.9.2 from the test before; the workspace pins nothing.
    assert.equal(await findPinnedVersion(deployDirectory, [workspace]), undefined);
    assert.equal(await findPinnedVersion(path.join(directory, 'elsewhere'), [workspace]), undefined, 'outside every folder: its own directory only');
  });

  it('skips a FIFO or a device named like a requirement file instead of blocking on it', { timeout: 5000 }, async () => {
    const workspace = path.join(directory, 'special');
    mkdirSync(workspace, { recursive: true });
    execFileSync('mkfifo', [path.join(workspace, 'requirements.txt')]);
    symlinkSync('/dev/zero', path.join(workspace, 'requirements-dev.txt'));
    writeFileSync(path.join(workspace, 'pyproject.toml'), 'dependencies = ["pyinfra>=3.0,<4"]\n');
    const found = await findPinnedVersion(workspace, [workspace]);
    assert.deepEqual(found, { version: '3.0', requirement: 'pyinfra>=3.0,<4', file: path.join(workspace, 'pyproject.toml') });
  });
});
