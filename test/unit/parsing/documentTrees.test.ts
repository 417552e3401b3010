// Incremental parsing must give exactly the tree a full parse gives, and every replaced tree must be freed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { DocumentTrees, spanEdit } from '../../../server/src/parsing/documentTrees';
import { createParsers } from '../../../server/src/parsing/treeSitter';
import type { Parsers, SyntaxTree } from '../../../server/src/parsing/treeSitter';
import { CORPUS_DIR, SKIP_WITHOUT_SHARED, syntaxValidCorpusFiles } from '../../helpers/shared';

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const SNIPPETS = ['', 'x', '"', '{', '}', '\n', ' = 1\n', '${var.a}', '[', ']', '# c\n', '\r\n', 'é', '<<EOF\nhi\nEOF\n'];

function fullParse(parsers: Parsers, text: string): string {
  const tree = parsers.hcl.parse(text);
  try {
    return tree.rootNode.toString();
  } finally {
    tree.delete();
  }
}

describe('DocumentTrees', () => {
  let parsers: Parsers;
  before(async () => {
    parsers = await createParsers();
  });

  it('keeps incremental trees identical to full parses over random edits of corpus files', { skip: SKIP_WITHOUT_SHARED }, () => {
    const files = syntaxValidCorpusFiles().filter((_, i) => i % 25 === 0);
    assert.ok(files.length >= 15);
    const next = random(20240611);
    for (const file of files) {
      let text = readFileSync(path.join(CORPUS_DIR, file), 'utf8');
      const trees = new DocumentTrees(parsers);
      const uri = `file:///corpus/${file}`;
      trees.set(uri, 'hcl', text);
      for (let step = 0; step < 12; step++) {
        const start = Math.floor(next() * (text.length + 1));
        const end = Math.min(text.length, start + Math.floor(next() * 12));
        const inserted = SNIPPETS[Math.floor(next() * SNIPPETS.length)];
        const edit = spanEdit(text, start, end, inserted);
        text = text.slice(0, start) + inserted + text.slice(end);
        const incremental = trees.update(uri, [edit], text)!;
        assert.equal(incremental.rootNode.toString(), fullParse(parsers, text), `${file} after edit ${step} at ${start}`);
      }
      trees.dispose();
    }
  });

  it('applies several edits of one change in order', () => {
    const trees = new DocumentTrees(parsers);
    let text = 'a = 1\nb = 2\n';
    trees.set('file:///multi.pkr.hcl', 'hcl', text);
    const first = spanEdit(text, 4, 5, '"one"');
    text = text.slice(0, 4) + '"one"' + text.slice(5);
    const second = spanEdit(text, text.indexOf('2'), text.indexOf('2') + 1, '[2, 3]');
    text = text.replace('2', '[2, 3]');
    const tree = trees.update('file:///multi.pkr.hcl', [first, second], text)!;
    assert.equal(tree.rootNode.toString(), fullParse(parsers, text));
    trees.dispose();
  });

  it('deletes every tree it replaces or forgets', () => {
    const trees = new DocumentTrees(parsers);
    const created: SyntaxTree[] = [];
    const deleted = new Set<SyntaxTree>();
    const track = (tree: SyntaxTree | undefined): void => {
      if (!tree) return;
      created.push(tree);
      const original = tree.delete.bind(tree);
      tree.delete = () => {
        deleted.add(tree);
        original();
      };
    };
    let text = 'build {\n  name = "x"\n}\n';
    track(trees.set('file:///a.pkr.hcl', 'hcl', text));
    for (let i = 0; i < 20; i++) {
      const edit = spanEdit(text, 16, 16, 'y');
      text = text.slice(0, 16) + 'y' + text.slice(16);
      track(trees.update('file:///a.pkr.hcl', [edit], text));
    }
    track(trees.set('file:///a.pkr.hcl', 'hcl', 'a = 1\n'));
    assert.equal(created.length, 22);
    assert.equal(deleted.size, 21, 'all but the live tree are deleted');
    assert.equal(deleted.has(created[created.length - 1]), false);
    trees.delete('file:///a.pkr.hcl');
    assert.equal(deleted.size, 22);
    assert.equal(trees.size, 0);
  });

  it('refuses binary and oversized text without keeping a tree', () => {
    const trees = new DocumentTrees(parsers);
    assert.equal(trees.set('file:///bin.pkr.hcl', 'hcl', 'a = 1\0'), undefined);
    assert.equal(trees.get('file:///bin.pkr.hcl'), undefined);
    trees.dispose();
  });
});
