// The engine tells the PyInfra catalogue where the workspace ends: a pin between a deploy and its workspace folder (or
// the CLI's working directory, given as a root) decides the bundled catalogue; one above every root is never read.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { Engine } from '../../../server/src/engine';
import type { Logger } from '../../../server/src/logger';
import { asPyinfraService } from '../../../server/src/pyinfra/service';

const quiet: Logger = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined };
const DEPLOY = 'from pyinfra.operations import apt\n\napt.packages(packages=["curl"])\n';

describe('workspace roots of the PyInfra look-up', () => {
  const outer = mkdtempSync(path.join(tmpdir(), 'bilder-engine-roots-'));
  after(() => rmSync(outer, { recursive: true, force: true }));
  // A pin above the project, where another user could have written it.
  writeFileSync(path.join(outer, 'requirements.txt'), 'pyinfra==2.9.2\n');
  const project = path.join(outer, 'project');
  const deploy = path.join(project, 'src', 'images', 'app', 'deploy.py');
  mkdirSync(path.dirname(deploy), { recursive: true });
  writeFileSync(deploy, DEPLOY);

  async function versionServing(roots: { folders?: string[]; roots?: string[] }): Promise<string | undefined> {
    const engine = await Engine.create({ logger: quiet, publishDiagnostics: () => undefined, warnUser: () => undefined, trusted: false, roots: roots.roots });
    try {
      if (roots.folders) void engine.indexFolders(roots.folders.map((folder) => pathToFileURL(folder).toString()));
      const uri = pathToFileURL(deploy).toString();
      engine.documents.open(uri, 'python', 1, DEPLOY);
      engine.analysis.schedule(uri);
      await engine.settled();
      return asPyinfraService(engine.services.python)?.pyinfraStatus()?.version;
    } finally {
      await engine.dispose(0);
    }
  }

  it('never reads a pin above the workspace folder', async () => {
    assert.equal(await versionServing({ folders: [project] }), '3.1.1');
  });

  it('reads the pin at the workspace folder, or at a root the host gives (the CLI: its working directory)', async () => {
    writeFileSync(path.join(project, 'requirements.txt'), 'pyinfra==2.9.2\n');
    try {
      assert.equal(await versionServing({ folders: [project] }), '2.9.2');
      assert.equal(await versionServing({ roots: [project] }), '2.9.2');
      assert.equal(await versionServing({}), '3.1.1', 'without any root, only the deploy\'s own folder is searched');
    } finally {
      rmSync(path.join(project, 'requirements.txt'));
    }
  });
});
