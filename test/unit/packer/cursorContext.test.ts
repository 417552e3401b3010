// The cursor context read from the text: every position kind, on well-formed text and while a line is half typed
// (unclosed blocks, lone words, unterminated strings), with and without the editor's auto-closed `}`, `]` and `"`.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cursorContext } from '../../../server/src/packer/cursorContext';
import type { CursorContext, PositionKind } from '../../../server/src/packer/cursorContext';
import { createParsers } from '../../../server/src/parsing/treeSitter';
import type { Parsers } from '../../../server/src/parsing/treeSitter';

const CURSOR = '|';

function contextOf(marked: string, parsers?: Parsers): CursorContext {
  const offset = marked.indexOf(CURSOR);
  assert.ok(offset >= 0, 'fixture has a cursor');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  if (!parsers) return cursorContext(text, offset);
  const tree = parsers.hcl.parse(text);
  try {
    return cursorContext(text, offset, tree);
  } finally {
    tree.delete();
  }
}

const path = (context: CursorContext) => context.blocks.map((block) => [block.type, ...block.labels].join(' '));

interface Case {
  name: string;
  marked: string;
  kind: PositionKind;
  blocks?: string[];
  item?: string;
  prefix?: string;
  labelIndex?: number;
  quoted?: boolean;
  expressions?: string[];
  siblings?: string[];
}

const CASES: Case[] = [
  // Names
  { name: 'a name being typed in the only block of a new file', marked: 'source "amazon-ebs" "x" {\n  a|\n}\n', kind: 'name', blocks: ['source amazon-ebs x'], prefix: 'a' },
  { name: 'a blank line of an unclosed block at the end of the file', marked: 'source "amazon-ebs" "x" {\n  |', kind: 'name', blocks: ['source amazon-ebs x'], prefix: '' },
  { name: 'a name in a provisioner inside build', marked: 'build {\n  provisioner "shell" {\n    inl|\n  }\n}\n', kind: 'name', blocks: ['build', 'provisioner shell'], prefix: 'inl' },
  { name: 'a name in a nested block of a source', marked: 'source "amazon-ebs" "x" {\n  source_ami_filter {\n    mo|\n  }\n}\n', kind: 'name', blocks: ['source amazon-ebs x', 'source_ami_filter'], prefix: 'mo' },
  { name: 'a name at the top level', marked: 'var|\n', kind: 'name', blocks: [], prefix: 'var' },
  { name: 'a name retyped before the rest of its line', marked: 'build {\n  provisioner "shell" {\n    i| = ["echo"]\n  }\n}\n', kind: 'name', blocks: ['build', 'provisioner shell'], prefix: 'i' },
  {
    name: 'a name with the other items of the body as siblings, before and after',
    marked: 'source "amazon-ebs" "x" {\n  region = "a"\n  tags = {\n    a = 1\n  }\n  |\n  ami_name = "b"\n  launch_block_device_mappings {\n  }\n}\nvariable "v" {}\n',
    kind: 'name',
    siblings: ['region', 'tags', 'ami_name', 'launch_block_device_mappings'],
  },
  { name: 'a name after a complete nested block', marked: 'build {\n  provisioner "shell" {\n    inline = ["a"]\n  }\n  |\n}\n', kind: 'name', blocks: ['build'] },
  { name: 'a name after an unfinished attribute line', marked: 'source "docker" "x" {\n  image =\n  co|\n}\n', kind: 'name', blocks: ['source docker x'], prefix: 'co' },
  { name: 'a name after a line with an unterminated string', marked: 'source "docker" "x" {\n  image = "ubuntu\n  co|\n}\n', kind: 'name', blocks: ['source docker x'], prefix: 'co' },
  { name: 'a name after a list left open, closed by the block', marked: 'build {\n  sources = [\n}\nsource "docker" "y" {\n  |\n}\n', kind: 'name', blocks: ['source docker y'] },
  { name: 'a name after a block opened on one line and closed on the next', marked: 'build {\n  hcp_packer_registry {\n  }\n  post-processor "manifest" {\n    ou|\n', kind: 'name', blocks: ['build', 'post-processor manifest'], prefix: 'ou' },
  // Labels
  { name: 'a quoted type label, auto-closed', marked: 'source "|"\n', kind: 'label', item: 'source', labelIndex: 0, quoted: true, prefix: '' },
  { name: 'a quoted type label being typed, not closed', marked: 'source "amaz|', kind: 'label', item: 'source', labelIndex: 0, quoted: true, prefix: 'amaz' },
  { name: 'a quoted type label inside build', marked: 'build {\n  provisioner "sh|" {\n  }\n}\n', kind: 'label', blocks: ['build'], item: 'provisioner', quoted: true, prefix: 'sh' },
  { name: 'the second label', marked: 'source "amazon-ebs" "|"', kind: 'label', item: 'source', labelIndex: 1, quoted: true },
  { name: 'a bare label position after the block type', marked: 'build {\n  provisioner |\n}\n', kind: 'label', item: 'provisioner', labelIndex: 0, quoted: false },
  // Values
  { name: 'right after =', marked: 'source "amazon-ebs" "x" {\n  ebs_optimized = |\n}\n', kind: 'value', item: 'ebs_optimized', prefix: '' },
  { name: 'a value word being typed, unclosed block', marked: 'source "amazon-ebs" "x" {\n  ebs_optimized = tr|', kind: 'value', item: 'ebs_optimized', prefix: 'tr' },
  { name: 'inside an auto-closed string', marked: 'source "amazon-ebs" "x" {\n  ami_virtualization_type = "|"\n}\n', kind: 'string', item: 'ami_virtualization_type', expressions: ['string'] },
  { name: 'inside a string not closed yet', marked: 'source "amazon-ebs" "x" {\n  communicator = "ss|\n}\n', kind: 'string', item: 'communicator', prefix: 'ss' },
  { name: 'inside ${…} of a string', marked: 'locals {\n  a = "x-${var.re|}"\n}\n', kind: 'template', item: 'a', prefix: 're', expressions: ['string', 'template'] },
  { name: 'inside ${…} of a heredoc', marked: 'locals {\n  a = <<EOT\n  ${upp|\nEOT\n}\n', kind: 'template', item: 'a', expressions: ['string', 'template'] },
  { name: 'a function argument', marked: 'locals {\n  a = join(",", |)\n}\n', kind: 'argument', item: 'a', expressions: ['call'] },
  { name: 'a list element', marked: 'build {\n  sources = ["source.a.b", |]\n}\n', kind: 'list-element', blocks: ['build'], item: 'sources' },
  { name: 'a string in a list', marked: 'build {\n  sources = ["|"]\n}\n', kind: 'string', item: 'sources', expressions: ['list', 'string'] },
  { name: 'a string in a list spread over lines', marked: 'build {\n  sources = [\n    "source.a.b",\n    "|"\n  ]\n}\n', kind: 'string', item: 'sources', expressions: ['list', 'string'] },
  { name: 'an object key', marked: 'source "amazon-ebs" "x" {\n  tags = {\n    Na|\n  }\n}\n', kind: 'object-key', item: 'tags' },
  { name: 'an object value', marked: 'source "amazon-ebs" "x" {\n  tags = {\n    Name = |\n  }\n}\n', kind: 'object-value', item: 'tags' },
  { name: 'the next object key after a comma-less entry', marked: 'source "amazon-ebs" "x" {\n  tags = {\n    Name = "a"\n    |\n  }\n}\n', kind: 'object-key', item: 'tags' },
  // Nothing
  { name: 'a line comment', marked: 'source "amazon-ebs" "x" {\n  # ami_n|\n}\n', kind: 'none' },
  { name: 'a block comment', marked: '/* so| */\n', kind: 'none' },
];

describe('cursor context', () => {
  let parsers: Parsers;
  before(async () => {
    parsers = await createParsers();
  });
  after(() => parsers.hcl.dispose());

  for (const useTree of [false, true]) {
    describe(useTree ? 'with the tree to start the scan' : 'from the text alone', () => {
      for (const expected of CASES) {
        it(expected.name, () => {
          const context = contextOf(expected.marked, useTree ? parsers : undefined);
          assert.equal(context.kind, expected.kind, JSON.stringify(context));
          if (expected.blocks) assert.deepEqual(path(context), expected.blocks);
          if (expected.item) assert.equal(context.item?.name, expected.item);
          if (expected.prefix !== undefined) assert.equal(context.prefix, expected.prefix);
          if (expected.labelIndex !== undefined) assert.equal(context.labelIndex, expected.labelIndex);
          if (expected.quoted !== undefined) assert.equal(context.quoted, expected.quoted);
          if (expected.expressions) assert.deepEqual(context.expressions.map((frame) => frame.kind), expected.expressions);
          if (expected.siblings) assert.deepEqual([...context.siblingNames].sort(), [...expected.siblings].sort());
        });
      }
    });
  }

  it('counts function arguments and names the function', () => {
    const context = contextOf('locals {\n  a = format("%s-%s", upper(var.x), |\n}\n');
    const call = context.expressions.at(-1);
    assert.equal(call?.kind, 'call');
    assert.deepEqual(call?.kind === 'call' && [call.name, call.argument], ['format', 2]);
  });

  it('starts the scan at the top-level block around the cursor when the blocks before it parse', () => {
    const filler = 'variable "v" {\n  default = "a"\n}\n'.repeat(50);
    const marked = `${filler}source "amazon-ebs" "x" {\n  ami_n|\n}\n`;
    assert.deepEqual(path(contextOf(marked, parsers)), ['source amazon-ebs x']);
  });

  it('reads a large text without a tree from the nearest top-level block header', () => {
    const filler = 'variable "v" {\n  default = <<EOT\n  text\nEOT\n}\n'.repeat(2000);
    assert.ok(filler.length > 64 * 1024);
    const context = contextOf(`${filler}source "amazon-ebs" "x" {\n  tags = {\n    a = 1\n  }\n  ami_n|\n}\n`);
    assert.deepEqual([context.kind, path(context), context.prefix, context.siblingNames], ['name', ['source amazon-ebs x'], 'ami_n', ['tags']]);
  });

  it('survives many unterminated strings before the cursor', () => {
    const context = contextOf(`${'locals {\n  a = "x\n}\n'.repeat(40)}source "docker" "y" {\n  |\n}\n`);
    assert.ok(context.kind === 'name' || context.kind === 'none' || context.kind === 'string');
  });
});
