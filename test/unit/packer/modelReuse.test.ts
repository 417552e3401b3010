// A model rebuilt from the previous version of its document (reusing unchanged top-level items) equals one built fresh.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { buildFileModel } from '../../../server/src/packer/model';
import { createParsers } from '../../../server/src/parsing/treeSitter';
import type { Parsers } from '../../../server/src/parsing/treeSitter';

const ORIGINAL = `variable "region" {
  default = "eu-west-1"
}

locals { name = "\${var.region}-\${upper(var.region)}" }

source "amazon-ebs" "web" {
  region = var.region
}

build {
  sources = ["source.amazon-ebs.web"]
  provisioner "shell" {
    only = ["amazon-ebs.web"]
  }
}
`;

const EDITS: { edit: string; text: string }[] = [
  { edit: 'a character typed inside a later block', text: ORIGINAL.replace('region = var.region', 'region = var.regionx') },
  { edit: 'a line inserted before every block', text: `\n\n${ORIGINAL}` },
  { edit: 'characters inserted before a block on its own line', text: ORIGINAL.replace('source "amazon-ebs"', '  source "amazon-ebs"') },
  { edit: 'a block duplicated', text: `${ORIGINAL}\nvariable "region" {\n  default = "eu-west-1"\n}\n` },
  { edit: 'a block deleted', text: ORIGINAL.replace(/locals \{[^\n]*\n/, '') },
  { edit: 'CRLF line ends and a non-ASCII comment above', text: `# é 😀\r\n${ORIGINAL.replace(/\n/g, '\r\n')}` },
  { edit: 'the text broken mid-block', text: ORIGINAL.slice(0, ORIGINAL.indexOf('provisioner')) },
];

describe('buildFileModel reusing the previous version', () => {
  let parsers: Parsers;
  before(async () => {
    parsers = await createParsers();
  });
  const model = (text: string, previous?: ReturnType<typeof buildFileModel>) => {
    const tree = parsers.hcl.parse(text);
    try {
      return buildFileModel(TextDocument.create('file:///d/a.pkr.hcl', 'packer', 1, text), tree, 'packer', previous);
    } finally {
      tree.delete();
    }
  };
  for (const { edit, text } of EDITS) {
    it(`equals a fresh build after ${edit}`, () => {
      const previous = model(ORIGINAL);
      assert.deepEqual(model(text, previous), model(text));
      // Chained: a version built from a reused one, back to the original text.
      assert.deepEqual(model(ORIGINAL, model(text, previous)), model(ORIGINAL));
    });
  }

  it('reuses the unchanged attributes of an edited block in place, even when other blocks repeat them', () => {
    const repeated = (name: string) => `source "amazon-ebs" "${name}" {\n  region = var.region\n  ami_name = "\${var.region}-${name}"\n}\n\n`;
    const text = `${repeated('a')}${repeated('b')}${repeated('c')}`;
    const edited = text.replace('"${var.region}-b"', '"${var.region}-bx"');
    const previous = model(text);
    const next = model(edited, previous);
    assert.deepEqual(next, model(edited));
    // `region = var.region` of block b is the same object as before, not a copy moved from block a or c.
    const regionOfB = (m: ReturnType<typeof buildFileModel>) => m.references.find((reference) => reference.rootRange.start.line === 6)!;
    assert.equal(regionOfB(next), regionOfB(previous));
  });
});

