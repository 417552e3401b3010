// Open buffers: changes only update the text, the tree follows on demand from the newest text (whole-text changes
// reparsed incrementally), the size limit is applied, and reopen/close leave nothing behind.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createParsers } from '../../../server/src/parsing/treeSitter';
import type { Parsers } from '../../../server/src/parsing/treeSitter';
import { PARSE_UNFINISHED } from '../../../server/src/parsing/documentTrees';
import { OpenDocuments, differenceEdit } from '../../../server/src/workspace/openDocuments';

const TEMPLATE = 'variable "region" {\n  default = "us-east-1"\n}\n\nsource "null" "x" {\n  communicator = "none"\n}\n';

describe('OpenDocuments', () => {
  let parsers: Parsers;
  before(async () => {
    parsers = await createParsers();
  });
  after(() => {
    parsers.hcl.dispose();
    parsers.python.dispose();
  });

  it('parses nothing until the tree is asked for, then only the newest text', () => {
    const documents = new OpenDocuments(parsers);
    let parses = 0;
    const parse = parsers.hcl.parseSlice.bind(parsers.hcl);
    parsers.hcl.parseSlice = (...args) => (parses++, parse(...args));
    try {
      const uri = 'file:///w/a.pkr.hcl';
      documents.open(uri, 'packer', 1, TEMPLATE);
      for (let version = 2; version < 200; version++) documents.change(uri, version, [{ text: TEMPLATE.replace('us-east-1', `us-east-${version}`) }]);
      assert.equal(parses, 0);
      const tree = documents.tree(uri);
      assert.equal(parses, 1);
      assert.ok(tree?.rootNode.text.includes('us-east-199'));
      assert.equal(documents.tree(uri), tree, 'an unchanged document keeps its tree');
      assert.equal(parses, 1);
    } finally {
      parsers.hcl.parseSlice = parse;
      documents.dispose();
    }
  });

  it('a slow reparse stopped between slices goes on, starts over on a change, or is finished by tree()', () => {
    const documents = new OpenDocuments(parsers);
    try {
      const uri = 'file:///w/slices.pkr.hcl';
      const text = `source "null" "x" {\n  a = 1\n}\n#name${' '.repeat(1500)}\n`;
      documents.open(uri, 'packer', 1, text);
      documents.tree(uri);
      const uncomment = { range: { start: { line: 3, character: 0 }, end: { line: 3, character: 1 } }, text: '' };
      documents.change(uri, 2, [uncomment]);
      assert.equal(documents.treeSlice(uri, 0.1), PARSE_UNFINISHED);
      // A keystroke while the reparse is stopped: its edit joins the ones already applied to the old tree.
      documents.change(uri, 3, [{ range: { start: { line: 1, character: 7 }, end: { line: 1, character: 7 } }, text: '2' }]);
      let progress = documents.treeSlice(uri, 0.1);
      assert.equal(progress, PARSE_UNFINISHED);
      progress = documents.treeSlice(uri, 0.1);
      const finished = documents.tree(uri);
      assert.ok(finished && finished !== (PARSE_UNFINISHED as unknown));
      const whole = parsers.hcl.parse(documents.get(uri)!.document.getText());
      assert.equal(finished.rootNode.toString(), whole.rootNode.toString());
      assert.ok(finished.rootNode.text.includes('a = 12'));
      whole.delete();
      assert.equal(documents.treeSlice(uri, 0.1), finished, 'an up-to-date tree is returned at once');
    } finally {
      documents.dispose();
    }
  });

  it('a whole-text change gives the same tree as parsing from scratch, also past the pending-edit bound', () => {
    const documents = new OpenDocuments(parsers);
    try {
      const uri = 'file:///w/b.pkr.hcl';
      documents.open(uri, 'packer', 1, TEMPLATE);
      documents.tree(uri);
      let text = TEMPLATE;
      for (let version = 2; version < 150; version++) {
        text = version % 3 === 0 ? text.replace('none', `none${version}`) : `# ${version}\n${text}`;
        if (version % 2 === 0) documents.change(uri, version, [{ text }]);
        else documents.change(uri, version, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '' }, { text }]);
        if (version % 40 === 0) assert.equal(documents.tree(uri)!.rootNode.toString(), fresh(text));
      }
      assert.equal(documents.tree(uri)!.rootNode.toString(), fresh(text));
      assert.equal(documents.get(uri)!.document.getText(), text);
    } finally {
      documents.dispose();
    }
  });

  it('keeps highlighting-only documents over the size limit without a tree, and parses them once the limit allows', () => {
    let limit = 64;
    const documents = new OpenDocuments(parsers, { maxAnalysedBytes: () => limit });
    try {
      const uri = 'file:///w/c.pkr.hcl';
      documents.open(uri, 'packer', 1, TEMPLATE);
      assert.equal(documents.isTooLarge(uri), true);
      assert.equal(documents.tree(uri), undefined);
      limit = 1024;
      documents.invalidateTrees();
      assert.equal(documents.isTooLarge(uri), false);
      assert.ok(documents.tree(uri));
    } finally {
      documents.dispose();
    }
  });

  it('open, reopen and close of one document in a storm keep one entry at most', () => {
    const documents = new OpenDocuments(parsers);
    try {
      const uri = 'file:///w/d.pkr.hcl';
      for (let i = 0; i < 1000; i++) {
        documents.open(uri, 'packer', i, TEMPLATE);
        if (i % 3 === 0) documents.tree(uri);
        if (i % 2 === 0) documents.close(uri);
      }
      assert.equal(documents.size, 1);
      documents.close(uri);
      assert.equal(documents.size, 0);
      assert.equal(documents.tree(uri), undefined);
    } finally {
      documents.dispose();
    }
  });

  it('the difference edit never splits a surrogate pair or a CRLF', () => {
    const edit = differenceEdit('a = "😀"\r\n', 'a = "😁"\r\n');
    assert.equal(edit.startIndex, 5);
    assert.equal(edit.oldEndIndex, 7);
    const crlf = differenceEdit('a\r\nb', 'a\nb');
    assert.equal(crlf.startIndex, 1);
    assert.deepEqual(differenceEdit('same', 'same'), { ...differenceEdit('same', 'same'), startIndex: 4, oldEndIndex: 4, newEndIndex: 4 });
  });

  function fresh(text: string): string {
    const tree = parsers.hcl.parse(text);
    try {
      return tree.rootNode.toString();
    } finally {
      tree.delete();
    }
  }
});
