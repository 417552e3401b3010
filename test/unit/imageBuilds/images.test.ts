import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { discoverImages, variablesNeedingValues } from '../../../server/src/imageBuilds/images';
import { ParseBudgetExceeded, createParsers } from '../../../server/src/parsing/treeSitter';
import type { LanguageParser, Parsers } from '../../../server/src/parsing/treeSitter';
import type { BuildImage } from '../../../protocol';
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

describe('image discovery with a template too slow to parse', () => {
  it('skips that file and still discovers the rest', async () => {
    const parsers = await createParsers();
    const root = mkdtempSync(path.join(os.tmpdir(), 'bilder-images-'));
    try {
      const write = (file: string, text: string) => {
        mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        writeFileSync(path.join(root, file), text);
      };
      write('slow/a.pkr.hcl', '# SLOW\nvariable "hidden" {}\n');
      write('slow/b.pkr.hcl', 'variable "region" {}\n');
      write('slow/prod.pkrvars.hcl', '# SLOW\nregion = "x"\n');
      write('fast/main.pkr.hcl', 'variable "size" {}\nsource "null" "n" {}\n');
      // Stands in for a pathological input: the budget is what a real parse of such a file would exceed.
      const budgeted = {
        parse: (text: string) => {
          if (text.startsWith('# SLOW')) throw new ParseBudgetExceeded(1);
          return parsers.hcl.parse(text);
        },
      } as unknown as LanguageParser;
      const images = await discoverImages(budgeted, [root]);
      assert.deepEqual(
        images.map((image) => [image.label, image.variables.map((variable) => variable.name), image.sources, image.varFiles.map((file) => file.names)]),
        [
          ['fast', ['size'], ['null.n'], []],
          ['slow', ['region'], [], [[]]],
        ],
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
      parsers.hcl.dispose();
      parsers.python.dispose();
    }
  });
});

describe('image discovery with special files named like templates', () => {
  it('skips a symlink to /dev/zero, a FIFO and an oversized file, saying why, without blocking or reading them', { timeout: 20_000 }, async () => {
    const parsers = await createParsers();
    const root = mkdtempSync(path.join(os.tmpdir(), 'bilder-images-special-'));
    try {
      mkdirSync(path.join(root, 'app'));
      writeFileSync(path.join(root, 'app', 'main.pkr.hcl'), 'variable "size" {}\nsource "null" "n" {}\n');
      symlinkSync('/dev/zero', path.join(root, 'app', 'zero.pkr.hcl'));
      execFileSync('mkfifo', [path.join(root, 'app', 'pipe.pkr.hcl')]);
      execFileSync('mkfifo', [path.join(root, 'app', 'pipe.pkrvars.hcl')]);
      writeFileSync(path.join(root, 'app', 'big.pkr.hcl'), `variable "big" {}\n${'#'.repeat(4096)}\n`);
      const skipped: string[] = [];
      const images = await discoverImages(parsers.hcl, [root], { maxBytes: 1024, skipped: (file, reason) => skipped.push(`${path.basename(file)}: ${reason}`) });
      assert.deepEqual(
        images.map((image) => [image.label, image.variables.map((variable) => variable.name), image.sources]),
        [['app', ['size'], ['null.n']]],
      );
      assert.deepEqual(skipped.sort(), [
        'big.pkr.hcl: it is 5 KB, over the 1 KB limit',
        'pipe.pkr.hcl: it is a FIFO (named pipe), not a regular file',
        'pipe.pkrvars.hcl: it is a FIFO (named pipe), not a regular file',
        'zero.pkr.hcl: it is a character device, not a regular file',
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
      parsers.hcl.dispose();
      parsers.python.dispose();
    }
  });
});
