// The working directory of a full `packer validate`: a private mirror of the template folder without `packer-*` files.
import assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { createShadowDirectory } from '../../../server/src/runner/shadowDirectory';

describe('the shadow folder full validate runs in', () => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'bilder-shadow-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('links every entry of the template folder but packer-* files, is 0700 under the private cache, and is removed', async () => {
    const template = path.join(scratch, 'template');
    mkdirSync(path.join(template, 'scripts'), { recursive: true });
    for (const name of ['main.pkr.hcl', 'prod.pkrvars.hcl', 'scripts/x.sh', 'packer-plugin-evil', 'Packer-Builder-x', 'packer-provisioner-y.sh']) {
      writeFileSync(path.join(template, name), '');
    }
    const env = { ...process.env, XDG_CACHE_HOME: path.join(scratch, 'cache') };
    const shadow = await createShadowDirectory(template, env);
    try {
      assert.ok(shadow.path.startsWith(path.join(scratch, 'cache', 'bilder', 'tmp', 'validate-')), shadow.path);
      assert.equal(lstatSync(shadow.path).mode & 0o777, 0o700);
      assert.deepEqual(readdirSync(shadow.path).sort(), ['main.pkr.hcl', 'prod.pkrvars.hcl', 'scripts']);
      assert.equal(readlinkSync(path.join(shadow.path, 'scripts')), path.join(template, 'scripts'));
    } finally {
      await shadow.remove();
    }
    assert.equal(existsSync(shadow.path), false);
  });
});
