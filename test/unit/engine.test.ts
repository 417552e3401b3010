import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { Engine } from '../../server/src/engine';
import type { Logger } from '../../server/src/logger';

const quiet: Logger = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined };

const TEMPLATE =
  'source "null" "x" {\n  communicator = "none"\n}\n\nbuild {\n  sources = ["source.null.x"]\n  provisioner "shell-local" {\n' +
  '    environment_vars = ["APP_TOKEN=1"]\n    inline           = ["pyinfra @local deploy.py"]\n  }\n}\n';
const DEPLOY = 'from pyinfra.operations import files\n\nfiles.put(src="files/missing.conf", dest="/etc/app.conf")\n';

function engine(): Promise<Engine> {
  return Engine.create({ logger: quiet, publishDiagnostics: () => undefined, warnUser: () => undefined, trusted: false });
}

function codes(engine: Engine, uri: string): string[] {
  return engine.diagnostics
    .get(uri)
    .map((d) => String(d.code))
    .sort();
}

describe('engine', () => {
  let root: string;
  let templateUri: string;
  let deployUri: string;
  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'bilder-engine-'));
    mkdirSync(path.join(root, 'bilder', 'images', 'app'), { recursive: true });
    writeFileSync(path.join(root, 'bilder', 'images', 'app', 'app.pkr.hcl'), TEMPLATE);
    writeFileSync(path.join(root, 'bilder', 'images', 'app', 'deploy.py'), DEPLOY);
    templateUri = pathToFileURL(path.join(root, 'bilder', 'images', 'app', 'app.pkr.hcl')).toString();
    deployUri = pathToFileURL(path.join(root, 'bilder', 'images', 'app', 'deploy.py')).toString();
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('settles once the background look-ups of an analysis have landed and been analysed again', async () => {
    const subject = await engine();
    try {
      subject.documents.open(deployUri, 'python', 1, DEPLOY);
      subject.analysis.schedule(deployUri);
      await subject.settled();
      // The missing file is known only after an fs look-up in the background.
      assert.ok(codes(subject, deployUri).includes('pyinfra/missing-file'), codes(subject, deployUri).join(', '));
    } finally {
      await subject.dispose(0);
    }
  });

  it('two engines share nothing: what one has open never reaches the other', async () => {
    const [first, second] = [await engine(), await engine()];
    try {
      // Only the first engine has the deploy open, with an unsaved edit that reads the variable the template passes.
      first.documents.open(deployUri, 'python', 2, `import os\n${DEPLOY}token = os.environ.get("APP_TOKEN")\n`);
      for (const subject of [first, second]) {
        subject.documents.open(templateUri, 'packer', 1, readFileSync(new URL(templateUri), 'utf8'));
        subject.analysis.schedule(templateUri);
        await subject.settled();
      }
      assert.ok(!codes(first, templateUri).includes('pyinfra/env-not-read'), 'the first engine reads the open buffer');
      assert.ok(codes(second, templateUri).includes('pyinfra/env-not-read'), 'the second engine reads the file on disk');
    } finally {
      await first.dispose(0);
      await second.dispose(0);
    }
  });

  it('finds the service of a closed file by its name, and only Packer files react to a save', async () => {
    const subject = await engine();
    try {
      assert.equal(typeof subject.serviceFor(templateUri)?.saved, 'function');
      assert.equal(subject.serviceFor(deployUri)?.saved, undefined);
      assert.equal(subject.serviceFor(pathToFileURL(path.join(root, 'README.md')).toString()), undefined);
    } finally {
      await subject.dispose(0);
    }
  });

  it('lists the images of the folders it was given, from the template model', async () => {
    const subject = await engine();
    try {
      const images = await subject.images([root]);
      assert.deepEqual(
        images.map((image) => [image.label, image.kind, image.sources]),
        [['app', 'image-dir', ['null.x']]],
      );
      assert.equal(images[0]!.deployFile, path.join(root, 'bilder', 'images', 'app', 'deploy.py'));
    } finally {
      await subject.dispose(0);
    }
  });
});
