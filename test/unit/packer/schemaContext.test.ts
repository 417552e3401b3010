// The schema at an offset of a parsed file: the blocks around it, resolved exactly as completion resolves a typed block
// path, so quick fixes see the same attributes inside nested plugin blocks, `dynamic` content and build sources.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bodySchemaAt } from '../../../server/src/packer/schemaContext';
import { createParsers } from '../../../server/src/parsing/treeSitter';
import type { Parsers } from '../../../server/src/parsing/treeSitter';

describe('bodySchemaAt', () => {
  let parsers: Parsers;
  before(async () => {
    parsers = await createParsers();
  });
  after(() => {
    parsers.hcl.dispose();
    parsers.python.dispose();
  });

  /** The schema where `|` stands in the text (the marker is removed before parsing). */
  const schemaAtMarker = (marked: string) => {
    const offset = marked.indexOf('|');
    const text = marked.slice(0, offset) + marked.slice(offset + 1);
    const tree = parsers.hcl.parse(text);
    try {
      const schema = bodySchemaAt(tree, text, offset);
      // The node belongs to the tree, which is freed below: keep what the tests read of it.
      return schema && { ...schema, block: undefined, blockText: schema.block?.text.split('\n')[0] };
    } finally {
      tree.delete();
    }
  };
  const names = (schema: ReturnType<typeof schemaAtMarker>) => schema?.attributes.map((attribute) => attribute.name) ?? [];

  it('keeps the plugin inside its nested blocks', () => {
    const schema = schemaAtMarker('source "amazon-ebs" "x" {\n  source_ami_filter {\n    |\n  }\n}\n');
    assert.deepEqual(schema?.path, ['source', 'source_ami_filter']);
    assert.equal(schema?.component?.type, 'amazon-ebs');
    assert.ok(names(schema).includes('most_recent'), names(schema).join(', '));
    assert.equal(schema?.blockText, 'source_ami_filter {', 'the innermost block');
  });

  it('gives the generated block\'s attributes inside `dynamic` content', () => {
    const schema = schemaAtMarker('source "amazon-ebs" "x" {\n  dynamic "launch_block_device_mappings" {\n    for_each = []\n    content {\n      |\n    }\n  }\n}\n');
    assert.equal(schema?.open, false);
    assert.ok(names(schema).includes('volume_size'), names(schema).join(', '));
  });

  it('resolves a build\'s `source "source.<type>.<name>"` block to that builder', () => {
    const schema = schemaAtMarker('build {\n  source "source.amazon-ebs.x" {\n    |\n  }\n}\n');
    assert.equal(schema?.component?.type, 'amazon-ebs');
    assert.ok(names(schema).includes('ami_name'));
  });

  it('is open for a plugin Bilder has no schema for, and top-level outside every block', () => {
    assert.equal(schemaAtMarker('source "no-such-builder" "x" {\n  |\n}\n')?.open, true);
    const top = schemaAtMarker('|\nvariable "a" {}\n');
    assert.deepEqual(top?.path, []);
    assert.ok('source' in (top?.blocks ?? {}));
  });
});
