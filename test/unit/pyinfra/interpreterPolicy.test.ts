// `bilder.pyinfra.python` (and every other interpreter Bilder asks) is accepted like `bilder.packer.path`: an absolute
// path or a bare command on the absolute entries of PATH, never relative to the workspace or the server's directory.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { probeInterpreter } from '../../../server/src/engine';
import { LanguageParser, loadGrammars } from '../../../server/src/parsing/treeSitter';
import { CatalogueProvider } from '../../../server/src/pyinfra/catalogue/provider';
import type { CatalogueStatus } from '../../../server/src/pyinfra/catalogue/provider';

const quietLogger = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined };

describe('which interpreters Bilder asks for PyInfra', () => {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'bilder-interpreter-'));
  after(() => rmSync(directory, { recursive: true, force: true }));

  it('refuses a relative bilder.pyinfra.python without running it, and says why', async () => {
    const marker = path.join(directory, 'ran');
    const relative = path.join(directory, 'venv-python');
    writeFileSync(relative, `#!/bin/sh\ntouch '${marker}'\n`);
    chmodSync(relative, 0o755);
    const previous = process.cwd();
    process.chdir(directory);
    try {
      const answer = await probeInterpreter('./venv-python');
      assert.equal(answer.kind, 'failed');
      assert.match(answer.kind === 'failed' ? answer.message : '', /refused "\.\/venv-python" is a relative path; use an absolute path or a command name found on PATH/);
      assert.equal((await probeInterpreter('-c')).kind, 'failed');
    } finally {
      process.chdir(previous);
    }
    assert.equal(existsSync(marker), false, 'the relative interpreter never ran');
  });

  it('tells the user the setting was refused', async () => {
    const python = new LanguageParser((await loadGrammars()).python);
    try {
      const statuses: CatalogueStatus[] = [];
      const catalogues = new CatalogueProvider({
        trusted: () => true,
        configuredPython: () => 'venv/bin/python',
        selectedPython: () => undefined,
        python: () => Promise.resolve(python),
        logger: quietLogger,
        changed: (status) => statuses.push(status),
        probe: probeInterpreter,
        workspaceRoots: () => [directory],
      });
      await catalogues.get(path.join(directory, 'deploy.py'));
      assert.equal(statuses[0]?.origin, 'bundled');
      assert.match(statuses[0]?.message ?? '', /^no PyInfra found: bilder\.pyinfra\.python: refused "venv\/bin\/python" is a relative path/);
    } finally {
      python.dispose();
    }
  });
});
