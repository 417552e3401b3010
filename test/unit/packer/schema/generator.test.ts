// The schema generator (scripts/schema/): its mechanical rules on a small plugin tree, byte-identical output, a clear
// error and no writes on malformed input, and the committed data being exactly what it makes from shared/packer-plugins.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { extractSchema } from '../../../../scripts/schema/extract';
import { GENERATED_DIR, renderSchema } from '../../../../scripts/schema/generate';
import { SchemaInputError } from '../../../../scripts/schema/goSource';
import { PluginSchemas } from '../../../../server/src/packer/schema/plugins';
import { SHARED_DIR, SKIP_WITHOUT_SHARED } from '../../../helpers/shared';

const FIXTURE = path.join(__dirname, 'fixtures', 'plugins');
const GENERATE = path.join(__dirname, '..', '..', '..', '..', 'scripts', 'schema', 'generate.ts');
const scratch: string[] = [];

function scratchDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bilder-schema-'));
  scratch.push(dir);
  return dir;
}

after(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe('schema generator', () => {
  it('follows registrations, ConfigSpec, HCL2Spec, tags and imports across modules', () => {
    const { index, plugins } = extractSchema(FIXTURE);
    assert.deepEqual(index.plugins.map((plugin) => `${plugin.name} ${plugin.source} ${plugin.version}`), [
      'packer builtin 1.16.0',
      'demo github.com/example/demo 0.3.1',
    ]);
    assert.deepEqual(index.components.builder, {
      demo: { plugin: 'demo', docs: 'https://developer.hashicorp.com/packer/integrations/example/demo/latest/components/builder/demo' },
      null: { plugin: 'packer', docs: 'https://developer.hashicorp.com/packer/docs/builders/null' },
    });
    assert.equal(index.components.datasource['demo-lookup']?.plugin, 'demo', 'a named registration is <plugin>-<name>');
    const demo = plugins.find((plugin) => plugin.name === 'demo')!;
    const builder = demo.components.find((component) => component.type === 'demo')!;
    assert.deepEqual(builder.generatedData, ['ImageID', 'Region']);
    const body = demo.bodies[builder.body]!;
    assert.deepEqual(body.attributes, [['image_name', 'string', 'r'], ['sizes', 'list(number)'], ['labels', 'map(string)', 'u']], 'packer_* dropped, tags kept');
    assert.deepEqual(body.blocks, [['tag', 'list', 'sdk/template/config.KeyValue'], ['network', 'single', 'builder/demo.Network', 'r']]);
    assert.deepEqual(demo.bodies['sdk/template/config.KeyValue']?.attributes, [['key', 'string'], ['value', 'string']], 'resolved in the SDK module');
    const lookup = demo.components.find((component) => component.type === 'demo-lookup')!;
    assert.deepEqual(demo.bodies[lookup.outputs!]?.attributes, [['id', 'string']]);
  });

  it('gives the same bytes on every run', () => {
    const first = renderSchema(extractSchema(FIXTURE));
    const second = renderSchema(extractSchema(FIXTURE));
    assert.deepEqual([...first.entries()], [...second.entries()]);
  });

  it('loads what it writes: ComponentSchemas with plugin, version and docs', () => {
    const output = scratchDir();
    const result = spawnSync(process.execPath, ['--import', 'tsx', GENERATE, FIXTURE, output], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    const schemas = new PluginSchemas([output], []);
    const demo = schemas.findComponent('builder', 'demo')!;
    assert.equal(demo.plugin, 'github.com/example/demo');
    assert.equal(demo.version, '0.3.1');
    assert.equal(demo.blocks.network?.required, true);
    assert.equal(demo.attributes.find((attribute) => attribute.name === 'labels')?.undocumented, true);
    assert.equal(schemas.findComponent('builder', 'nope'), undefined);
  });

  it('refuses a malformed tree with the file named and writes nothing', () => {
    const input = scratchDir();
    cpSync(FIXTURE, input, { recursive: true });
    const broken = path.join(input, 'demo', 'builder', 'demo', 'config.hcl2spec.go');
    writeFileSync(broken, readFileSync(broken, 'utf8').replace('&hcldec.AttrSpec{Name: "sizes", Type: cty.List(cty.Number)', '&hcldec.AttrSpec{Name: "sizes", Type: cty.Tuple(cty.Number)'));
    assert.throws(() => extractSchema(input), (error: unknown) => error instanceof SchemaInputError && error.file === broken && /cty\.Tuple/.test(error.message));

    const output = scratchDir();
    writeFileSync(path.join(output, 'index.json'), 'previous');
    const result = spawnSync(process.execPath, ['--import', 'tsx', GENERATE, input, output], { encoding: 'utf8' });
    assert.equal(result.status, 1);
    assert.match(result.stderr, new RegExp(`${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: unsupported cty type`));
    assert.match(result.stderr, /Nothing was written/);
    assert.deepEqual(readdirSync(output), ['index.json']);
    assert.equal(readFileSync(path.join(output, 'index.json'), 'utf8'), 'previous');
  });

  it('names the manifest when it is missing or malformed', () => {
    const input = scratchDir();
    assert.throws(() => extractSchema(input), /MANIFEST\.tsv: missing/);
    writeFileSync(path.join(input, 'MANIFEST.tsv'), 'plugin\trepository\ttag\tcommit\tmodule\npacker\thashicorp/packer\tnot-a-tag\t0\tx\n');
    assert.throws(() => extractSchema(input), /MANIFEST\.tsv: line 2 is malformed/);
  });

  it('committed data is exactly what shared/packer-plugins generates', { skip: SKIP_WITHOUT_SHARED }, () => {
    const expected = renderSchema(extractSchema(path.join(SHARED_DIR, 'packer-plugins')));
    const committed = readdirSync(GENERATED_DIR).filter((name) => name.endsWith('.json')).sort();
    assert.deepEqual(committed, [...expected.keys()].sort(), 'same files');
    for (const [name, text] of expected) {
      assert.ok(existsSync(path.join(GENERATED_DIR, name)), name);
      assert.equal(readFileSync(path.join(GENERATED_DIR, name), 'utf8'), text, `${name} differs: run npm run schema:generate`);
    }
  });
});
