import assert from 'node:assert/strict';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { discoverImages, variablesNeedingValues } from '../../../server/src/build/images';
import { createParsers } from '../../../server/src/parsing/treeSitter';
import type { Parsers } from '../../../server/src/parsing/treeSitter';
import type { BuildImage } from '../../../server/src/protocol';
import { FIXTURES_DIR } from './transcripts';

const WORKSPACE = path.join(FIXTURES_DIR, 'workspace');
const BILDER = path.join(WORKSPACE, 'src', 'bilder');

describe('image discovery', () => {
  let parsers: Parsers;
  let images: BuildImage[];
  before(async () => {
    parsers = await createParsers();
    images = await discoverImages(parsers.hcl, [WORKSPACE]);
  });

  it('finds every layout: shared template per app_name value, image dir, component test root', () => {
    assert.deepEqual(
      images.map((image) => [image.label, image.kind, path.relative(WORKSPACE, image.templateDir)]),
      [
        ['caddy', 'shared-template', 'src/bilder/images'],
        ['codejail', 'image-dir', 'src/bilder/images/codejail'],
        ['vault', 'shared-template', 'src/bilder/images'],
        ['vector (component test)', 'component-test', 'src/bilder/components/vector'],
      ],
    );
  });

  it('presets the selecting variable, links the deploy file and lists sources and var files', () => {
    const vault = images.find((image) => image.label === 'vault')!;
    assert.deepEqual(vault.presetVars, { app_name: 'vault' });
    assert.equal(vault.deployFile, path.join(BILDER, 'images', 'vault', 'deploy.py'));
    assert.deepEqual(vault.sources, ['amazon-ebs.third-party', 'docker.local']);
    assert.deepEqual(vault.varFiles, [{ path: path.join(BILDER, 'images', 'production.pkrvars.hcl'), names: ['deployment'] }]);
    const vector = images.find((image) => image.kind === 'component-test')!;
    assert.equal(vector.deployFile, path.join(BILDER, 'components', 'vector', 'sample_deploy.py'));
  });

  it('asks only for variables without a value, knowing sensitivity and auto var files', () => {
    const vault = images.find((image) => image.label === 'vault')!;
    assert.deepEqual(variablesNeedingValues(vault).map((variable) => [variable.name, variable.sensitive]), [
      ['deployment', false],
      ['db_password', true],
    ]);
    assert.deepEqual(variablesNeedingValues(vault, [vault.varFiles[0]!.path]).map((variable) => variable.name), ['db_password']);
    assert.equal(vault.variables.find((variable) => variable.name === 'node_type')?.autoProvided, true);
    const appName = images.find((image) => image.label === 'codejail')!;
    assert.deepEqual(appName.variables, []);
  });
});
