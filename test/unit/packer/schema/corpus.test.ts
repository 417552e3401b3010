// Every attribute and nested block the real templates of the corpus write inside a block Bilder has a schema for must be
// known to that schema: an unknown one would become a false "unknown attribute" warning for users.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import {
  attributeName,
  attributesOf,
  blockBody,
  blockLabels,
  blocksOf,
  blockType,
  fileBody,
} from '../../../../server/src/parsing/nodes';
import { createParsers, type SyntaxNode } from '../../../../server/src/parsing/treeSitter';
import {
  buildBlocks,
  componentKindOfBlock,
  findComponent,
  metaArguments,
  topLevelBlocks,
  type AttributeSchema,
  type BlockSchema,
} from '../../../../server/src/packer/schema';
import { CORPUS_DIR, SKIP_WITHOUT_SHARED, validCorpusFiles } from '../../../helpers/shared';

/**
 * Corpus content deliberately not in the schema. hashicorp/packer's own test fixtures register mock plugins under real
 * names (`shell`, `file`, `amazon-ebs`, `amazon-ami`, `amazon-import`) whose MockConfig fields are not the real plugins'
 * attributes; teaching the schema those names would hide real typos.
 */
const MOCK_CONFIG_FIELDS = new Set([
  'bool', 'trilean', 'string', 'int', 'int64', 'duration', 'map_string_string', 'slice_string', 'slice_slice_string',
  'not_squashed', 'nested', 'nested_slice', 'tag',
]);
const LEFT_OUT: readonly { file: string; where: string; name: string; why: string }[] = [
  {
    file: 'hashicorp__packer/command__test-fixtures__hcl__inspect__aws-builds.pkr.hcl',
    where: 'provisioner shell',
    name: 'files',
    why: '`packer inspect` fixture: the shell provisioner has no `files`, validation would reject it',
  },
  {
    file: 'hashicorp__packer/hcl2template__testdata__datasources__unnamed.pkr.hcl',
    where: 'datasource amazon-ami',
    name: 'foo',
    why: 'fixture of Packer’s data source tests, decoded by a mock',
  },
  {
    file: 'hashicorp__packer/command__test-fixtures__hcl2_upgrade__placeholders__expected.pkr.hcl',
    where: 'builder null',
    name: 'other_prop',
    why: '`hcl2_upgrade` output fixture carrying an unknown JSON key through; the null builder would reject it',
  },
  {
    file: 'hashicorp__packer/hcl2template__testdata__variables__unknown_key.pkr.hcl',
    where: 'variable',
    name: 'invalid',
    why: 'tests the error itself: `packer validate` 1.6.6 reports "Unsupported argument" for it',
  },
];

/**
 * hashicorp/packer's hcl2template tests decode their fixtures with mock plugins registered under these real names
 * (common_test.go `getBasicParser`), so what those fixtures write in such bodies is the mock's schema, not the plugin's.
 */
const MOCK_PLUGIN_FIXTURES = 'hashicorp__packer/hcl2template__';
const MOCKED_COMPONENTS = new Set([
  'builder amazon-ebs', 'builder virtualbox-iso', 'datasource amazon-ami', 'provisioner shell', 'provisioner file',
  'post-processor amazon-import', 'post-processor manifest',
]);

function leftOut(file: string, where: string, name: string): boolean {
  if (file.startsWith('hashicorp__packer/') && MOCK_CONFIG_FIELDS.has(name)) return true;
  if (file.startsWith(MOCK_PLUGIN_FIXTURES) && MOCKED_COMPONENTS.has(where.split(' > ')[0]!.replace(/^build source /, 'builder '))) return true;
  return LEFT_OUT.some((entry) => entry.file === file && entry.where === where && entry.name === name);
}

interface Finding {
  file: string;
  where: string;
  name: string;
}

/** Checks one body against a schema and queues its nested blocks, so nesting depth never reaches the call stack. */
function checkBody(
  file: string,
  text: string,
  start: { body: SyntaxNode | undefined; schema: BlockSchema; where: string; extra: readonly AttributeSchema[] },
  unknown: Finding[],
): void {
  const queue = [start];
  while (queue.length > 0) {
    const { body, schema, where, extra } = queue.pop()!;
    if (!body) continue;
    const known = new Set([...schema.attributes, ...extra].map((attribute) => attribute.name));
    for (const attribute of attributesOf(body)) {
      const name = attributeName(attribute);
      if (!known.has(name) && !schema.open && !leftOut(file, where, name)) unknown.push({ file, where, name });
    }
    for (const block of blocksOf(body)) {
      let type = blockType(block);
      let nestedBody = blockBody(block);
      if (type === 'dynamic') {
        // dynamic "x" { content { … } } generates x blocks: check the content against x's schema.
        type = blockLabels(block, text)[0] ?? '';
        nestedBody = blocksOf(nestedBody).find((child) => blockType(child) === 'content');
        nestedBody = nestedBody ? blockBody(nestedBody) : undefined;
      }
      const nested = schema.blocks[type];
      if (!nested) {
        if (!schema.open && !leftOut(file, where, type)) unknown.push({ file, where, name: `${type} {}` });
        continue;
      }
      queue.push({ body: nestedBody, schema: nested, where: `${where} > ${type}`, extra: [] });
    }
  }
}

/** Which schema governs a component block: the component's body plus the meta-arguments Packer reads itself. */
function componentSchema(blockName: string, type: string): { schema: BlockSchema; extra: readonly AttributeSchema[]; where: string } | undefined {
  const kind = componentKindOfBlock[blockName];
  if (!kind) return undefined;
  const component = findComponent(kind, type);
  if (!component) return undefined;
  const extra =
    blockName === 'provisioner' || blockName === 'error-cleanup-provisioner'
      ? metaArguments.provisioner
      : blockName === 'post-processor'
        ? metaArguments['post-processor']
        : [];
  // Attributes the plugin removed are known too: they get their own message (schema/removed-attribute).
  const removed = Object.keys(component.removedAttributes ?? {}).map((name): AttributeSchema => ({ name, type: 'any', description: '' }));
  return { schema: { ...component, labels: [] }, extra: [...extra, ...removed], where: `${kind} ${type}` };
}

describe('schema against the corpus', { skip: SKIP_WITHOUT_SHARED }, () => {
  it('knows every attribute and block the valid corpus templates write in known blocks', async () => {
    const { hcl } = await createParsers();
    const unknown: Finding[] = [];
    const coverage = new Map<string, number>();
    for (const file of validCorpusFiles().filter((name) => name.endsWith('.pkr.hcl'))) {
      const text = readFileSync(path.join(CORPUS_DIR, file), 'utf8');
      const tree = hcl.parse(text);
      try {
        for (const block of blocksOf(fileBody(tree))) {
          const type = blockType(block);
          const labels = blockLabels(block, text);
          const governing = type === 'source' || type === 'data' ? componentSchema(type, labels[0] ?? '') : undefined;
          if (governing) {
            coverage.set(governing.where, (coverage.get(governing.where) ?? 0) + 1);
            checkBody(file, text, { body: blockBody(block), ...governing }, unknown);
            continue;
          }
          const core = topLevelBlocks[type];
          if (!core || type === 'build') continue;
          checkBody(file, text, { body: blockBody(block), schema: core, where: type, extra: [] }, unknown);
        }
        for (const build of blocksOf(fileBody(tree)).filter((block) => blockType(block) === 'build')) {
          const buildSchema = topLevelBlocks.build!;
          const known = new Set(buildSchema.attributes.map((attribute) => attribute.name));
          for (const attribute of attributesOf(blockBody(build))) {
            if (!known.has(attributeName(attribute))) unknown.push({ file, where: 'build', name: attributeName(attribute) });
          }
          const steps: SyntaxNode[] = [];
          for (const child of blocksOf(blockBody(build))) {
            if (blockType(child) === 'post-processors') steps.push(...blocksOf(blockBody(child)));
            else steps.push(child);
          }
          for (const step of steps) {
            const type = blockType(step);
            const label = blockLabels(step, text)[0] ?? '';
            if (type === 'source') {
              // build-level source "source.<type>.<name>": name plus overrides of the builder's fields.
              const builderType = label.replace(/^source\./, '').split('.')[0] ?? '';
              const builder = findComponent('builder', builderType);
              if (!builder) continue;
              checkBody(file, text, { body: blockBody(step), schema: { ...builder, labels: [] }, where: `build source ${builderType}`, extra: metaArguments['build-source'] }, unknown);
              continue;
            }
            const governing = componentSchema(type, label);
            if (governing) {
              coverage.set(governing.where, (coverage.get(governing.where) ?? 0) + 1);
              checkBody(file, text, { body: blockBody(step), ...governing }, unknown);
            } else if (type === 'hcp_packer_registry') {
              checkBody(file, text, { body: blockBody(step), schema: buildBlocks.hcp_packer_registry!, where: type, extra: [] }, unknown);
            }
          }
        }
      } finally {
        tree.delete();
      }
    }
    const report = unknown.map((finding) => `${finding.where}: ${finding.name}  (${finding.file})`);
    assert.deepEqual(report, [], `attributes the schema does not know:\n${report.join('\n')}`);
    // The cross-check is only meaningful if the corpus exercises the main components.
    for (const key of ['builder amazon-ebs', 'builder qemu', 'provisioner shell', 'provisioner ansible', 'post-processor manifest']) {
      assert.ok((coverage.get(key) ?? 0) > 0, `corpus has no ${key} block`);
    }
  });
});
