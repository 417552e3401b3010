// Schema checks reuse the result of every top-level item whose text did not change since the document's last check.
// Whatever the edits, the reused result must equal a check from scratch.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { PackerConfiguration } from '../../../../server/src/packer/configuration';
import { schemaDiagnostics } from '../../../../server/src/packer/diagnostics/schemaChecks';
import { buildFileModel } from '../../../../server/src/packer/model';
import { createParsers } from '../../../../server/src/parsing/treeSitter';
import type { Parsers } from '../../../../server/src/parsing/treeSitter';
import { Dice, seededRandom } from '../../../fuzz/mutations';
import { CORPUS_DIR, HAS_SHARED, syntaxValidCorpusFiles } from '../../../helpers/shared';

const WITH_PROBLEMS = `variable "x" {
  colour = "red"
}

builder "x" {
}

source "amazon-ebs" "incomplete" {
  region = "eu-west-1"
  nonsense = true
}

build {
  provision "shell" {
  }
  sources = ["source.amazon-ebs.incomplete"]
}
`;

const PIECES = ['\n', '\n\n', '  ', 'x', '"', '{', '}', ' = 1\n', 'bogus = 2\n', 'provisioner "shell" {\n}\n', 'source "null" "n" {\n}\n', '#'];

describe('schema checks reuse unchanged top-level items', () => {
  let parsers: Parsers;
  before(async () => {
    parsers = await createParsers();
  });

  let freshCount = 0;
  const check = (uri: string, text: string, overriding = '') => {
    const document = TextDocument.create(uri, 'packer', 1, text);
    const tree = parsers.hcl.parse(text);
    try {
      const files = [buildFileModel(document, tree, 'packer')];
      if (overriding) {
        const other = TextDocument.create('file:///config/other.pkr.hcl', 'packer', 1, overriding);
        const otherTree = parsers.hcl.parse(overriding);
        files.push(buildFileModel(other, otherTree, 'packer'));
        otherTree.delete();
      }
      return schemaDiagnostics(document, tree, new PackerConfiguration('file:///config', files, true));
    } finally {
      tree.delete();
    }
  };
  const fresh = (text: string, overriding = '') => check(`file:///config/fresh-${freshCount++}.pkr.hcl`, text, overriding);

  const replay = (name: string, original: string, seed: number, edits: number) => {
    const dice = new Dice(seededRandom(seed));
    const uri = `file:///config/${name}`;
    let text = original;
    check(uri, text);
    for (let step = 0; step < edits; step++) {
      const at = dice.int(text.length + 1);
      if (dice.chance(0.5)) text = text.slice(0, at) + dice.pick(PIECES) + text.slice(at);
      else text = text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + dice.int(dice.chance(0.2) ? 40 : 3)));
      assert.deepEqual(check(uri, text), fresh(text), `${name}, seed ${seed}, edit ${step}`);
    }
  };

  it('gives what a fresh check gives, edit after edit, on a template full of problems', () => {
    assert.ok(fresh(WITH_PROBLEMS).length >= 5, 'the template exercises several schema rules');
    for (let seed = 1; seed <= 12; seed++) replay(`problems-${seed}.pkr.hcl`, WITH_PROBLEMS, seed, 40);
  });

  it('re-checks sources when a build of the directory starts or stops overriding them', () => {
    const uri = 'file:///config/override.pkr.hcl';
    const missing = (diagnostics: ReturnType<typeof check>) => diagnostics.filter((diagnostic) => diagnostic.code === 'schema/missing-plugin-attribute').length;
    const overriding = 'build {\n  source "amazon-ebs.incomplete" {\n    source_ami = "ami-1"\n  }\n}\n';
    const alone = missing(check(uri, WITH_PROBLEMS));
    assert.ok(alone > 0);
    assert.deepEqual(check(uri, WITH_PROBLEMS, overriding), fresh(WITH_PROBLEMS, overriding));
    assert.equal(missing(check(uri, WITH_PROBLEMS, overriding)), 0);
    assert.equal(missing(check(uri, WITH_PROBLEMS)), alone);
  });

  it('gives what a fresh check gives on real templates', { skip: HAS_SHARED ? false : 'no corpus' }, () => {
    // The mock-plugin fixtures of hashicorp/packer are full of unknown attributes: good material for moving results.
    const files = syntaxValidCorpusFiles().filter((file) => file.endsWith('.pkr.hcl'));
    const chosen = [...files.filter((file) => file.includes('hcl2template__')).slice(0, 12), ...files.filter((_, i) => i % 40 === 0)];
    chosen.forEach((file, index) => replay(path.basename(file), readFileSync(path.join(CORPUS_DIR, file), 'utf8'), 100 + index, 15));
  });
});
