// Hover and signature help share completion's cursor context: they answer in blocks that are still being typed, where
// tree-sitter's tree has errors around the cursor.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { MarkupContent } from 'vscode-languageserver-types';
import { PackerConfiguration } from '../../../server/src/packer/configuration';
import { packerHover, packerSignatureHelp } from '../../../server/src/packer/hover';
import { buildFileModel } from '../../../server/src/packer/model';
import { createParsers } from '../../../server/src/parsing/treeSitter';
import type { Parsers } from '../../../server/src/parsing/treeSitter';

const CURSOR = '|';

describe('hover and signature help while typing', () => {
  let parsers: Parsers;
  before(async () => {
    parsers = await createParsers();
  });
  after(() => parsers.hcl.dispose());

  function open(marked: string) {
    const offset = marked.indexOf(CURSOR);
    const text = marked.slice(0, offset) + marked.slice(offset + 1);
    const document = TextDocument.create('file:///typing/t.pkr.hcl', 'packer', 1, text);
    const tree = parsers.hcl.parse(text);
    return { document, tree, position: document.positionAt(offset) };
  }

  function hoverText(marked: string): string | undefined {
    const { document, tree, position } = open(marked);
    try {
      const model = buildFileModel(document, tree, 'packer');
      const configuration = new PackerConfiguration('/typing', [model], true);
      const hover = packerHover({ document, tree, model, position, configuration });
      return (hover?.contents as MarkupContent | undefined)?.value;
    } finally {
      tree.delete();
    }
  }

  const hovers: { what: string; marked: string; mentions: string[] }[] = [
    { what: 'an attribute of a source in an unclosed block', marked: 'source "amazon-ebs" "x" {\n  ami_virtualiza|tion_type = "hvm"\n  sub', mentions: ['ami_virtualization_type', 'hvm', 'paravirtual'] },
    { what: 'an attribute of a provisioner next to a half-typed line', marked: 'build {\n  provisioner "shell" {\n    inl|ine = ["a"]\n    sc\n  }\n}\n', mentions: ['inline'] },
    { what: 'a nested block', marked: 'source "amazon-ebs" "x" {\n  source_ami_fil|ter {\n    mo\n  }\n}\n', mentions: ['source_ami_filter', 'block'] },
    { what: 'a component type label', marked: 'source "amazon-e|bs" "x" {\n  a\n', mentions: ['amazon-ebs', 'EBS'] },
    { what: 'a build source label', marked: 'build {\n  source "source.amazon-e|bs.x" {\n  }\n}\n', mentions: ['amazon-ebs'] },
  ];
  for (const { what, marked, mentions } of hovers) {
    it(`hover: ${what}`, () => {
      const value = hoverText(marked);
      assert.ok(value, 'a hover');
      for (const mention of mentions) assert.ok(value.includes(mention), `${mention} in ${value}`);
    });
  }

  it('hover: nothing on a name the schema does not know', () => {
    assert.equal(hoverText('source "amazon-ebs" "x" {\n  not_an_attri|bute = 1\n}\n'), undefined);
  });

  const signatures: { what: string; marked: string; label: string; active: number }[] = [
    { what: 'an unclosed call at the end of the file', marked: 'locals {\n  a = join(",", |', label: 'join(', active: 1 },
    { what: 'a call inside ${…} of a string', marked: 'locals {\n  a = "x-${format("%s", |)}"\n}\n', label: 'format(', active: 1 },
    { what: 'the inner call of nested calls', marked: 'locals {\n  a = upper(lower(|))\n}\n', label: 'lower(', active: 0 },
    { what: 'the outer call after the inner one closed', marked: 'locals {\n  a = join(lower("A"), |)\n}\n', label: 'join(', active: 1 },
    { what: 'a list argument', marked: 'locals {\n  a = concat(["a", |])\n}\n', label: 'concat(', active: 0 },
    { what: 'a string argument being typed', marked: 'locals {\n  a = join("|", [])\n}\n', label: 'join(', active: 0 },
  ];
  for (const { what, marked, label, active } of signatures) {
    it(`signature help: ${what}`, () => {
      const { document, tree, position } = open(marked);
      try {
        const help = packerSignatureHelp(document, tree, position);
        assert.ok(help?.signatures[0]?.label.startsWith(label), JSON.stringify(help));
        assert.equal(help?.activeParameter, active);
      } finally {
        tree.delete();
      }
    });
  }

  it('signature help: silent outside calls, in a string that only looks like one, and in comments', () => {
    for (const marked of ['locals {\n  a = |\n}\n', 'locals {\n  a = "join(|"\n}\n', '# join(|\n']) {
      const { document, tree, position } = open(marked);
      try {
        assert.equal(packerSignatureHelp(document, tree, position), undefined);
      } finally {
        tree.delete();
      }
    }
  });
});
