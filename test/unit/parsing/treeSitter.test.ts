// The pinned web-tree-sitter runtime must load the pinned grammars; an ABI mismatch has to fail here, not in users' editors.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ParseBudgetExceeded, createParsers, loadGrammars } from '../../../server/src/parsing/treeSitter';
import type { Parsers, SyntaxTree } from '../../../server/src/parsing/treeSitter';

describe('grammar loading', () => {
  it('loads tree-sitter-hcl (ABI 14) and tree-sitter-python (ABI 15) into one runtime', async () => {
    const { hcl, python } = await loadGrammars();
    assert.equal(hcl.abiVersion, 14);
    assert.equal(python.abiVersion, 15);
    assert.ok(hcl.nodeTypeCount > 100, 'the HCL grammar has its node kinds');
  });

  it('parses HCL and Python side by side', async () => {
    const parsers = await createParsers();
    const hclTree = parsers.hcl.parse('build {\n  name = "x"\n}\n');
    const pythonTree = parsers.python.parse('def f():\n    return 1\n');
    try {
      assert.equal(hclTree.rootNode.type, 'config_file');
      assert.equal(hclTree.rootNode.hasError, false);
      assert.equal(pythonTree.rootNode.type, 'module');
      assert.equal(pythonTree.rootNode.hasError, false);
    } finally {
      hclTree.delete();
      pythonTree.delete();
      parsers.hcl.dispose();
      parsers.python.dispose();
    }
  });
});

describe('parse budget', () => {
  it('abandons a parse past its budget and leaves the parser usable', async () => {
    const parsers = await createParsers();
    try {
      // tree-sitter-hcl's error recovery is super-linear on a name followed by a long run of blanks: seconds for this one.
      assert.throws(() => parsers.hcl.parse(`name${' '.repeat(20_000)}`, undefined, 40), ParseBudgetExceeded);
      const tree = parsers.hcl.parse('build {\n  name = "x"\n}\n', undefined, 40);
      assert.equal(tree.rootNode.hasError, false);
      tree.delete();
    } finally {
      parsers.hcl.dispose();
      parsers.python.dispose();
    }
  });
});


describe('parse in slices', () => {
  // A name followed by a long run of blanks: tree-sitter-hcl's error recovery takes well over a millisecond here.
  const slow = `source "amazon-ebs" "x" {\n  a = 1\n}\nname${' '.repeat(1500)}\n`;
  let parsers: Parsers;
  beforeEach(async () => {
    parsers = await createParsers();
  });
  afterEach(() => {
    parsers.hcl.dispose();
    parsers.python.dispose();
  });

  /** Asserts that a tree from slices is the tree a whole parse gives, and frees both. */
  const assertSameAsWholeParse = (tree: SyntaxTree, text: string) => {
    const whole = parsers.hcl.parse(text);
    assert.equal(tree.rootNode.toString(), whole.rootNode.toString());
    whole.delete();
    tree.delete();
  };

  it('stops after its slice and, asked again, goes on to exactly the tree a whole parse gives', () => {
    const owner = {};
    let slices = 0;
    let tree;
    while (!tree) {
      tree = parsers.hcl.parseSlice(owner, slow, undefined, 0.2);
      slices++;
    }
    assert.ok(slices > 1, `a slow parse stops at least once (${slices} slice)`);
    assertSameAsWholeParse(tree, slow);
  });

  it('keeps its progress through whole parses and other owners\' slices in between, and ends right', () => {
    const owner = {};
    assert.equal(parsers.hcl.parseSlice(owner, slow, undefined, 0.2), undefined);
    const other = parsers.hcl.parse('build {\n  name = "x"\n}\n');
    assert.equal(other.rootNode.hasError, false, 'a whole parse is not mixed with the stopped one');
    other.delete();
    assert.equal(parsers.hcl.parseSlice(owner, slow, undefined, 0.2), undefined);
    const elsewhere = parsers.hcl.parseSlice({}, 'a = 1\n', undefined, 1000);
    assert.equal(elsewhere?.rootNode.hasError, false, 'nor is another owner\'s slice');
    elsewhere?.delete();
    let tree;
    while (!tree) tree = parsers.hcl.parseSlice(owner, slow, undefined, 0.2);
    assertSameAsWholeParse(tree, slow);
  });

  it('finishes two documents\' reparses whose slices take turns, each to its own right tree', () => {
    const first = {};
    const second = {};
    const otherText = slow.replace('name', 'other_name');
    let firstTree;
    let secondTree;
    // With one tree-sitter parser for both, every slice would reset the other's parse and neither would ever end.
    for (let turn = 0; turn < 100_000 && (!firstTree || !secondTree); turn++) {
      firstTree ??= parsers.hcl.parseSlice(first, slow, undefined, 0.2);
      secondTree ??= parsers.hcl.parseSlice(second, otherText, undefined, 0.2);
    }
    assert.ok(firstTree && secondTree, 'both finished');
    assertSameAsWholeParse(firstTree, slow);
    assertSameAsWholeParse(secondTree, otherText);
  });

  it('counts its slices together against the budget', () => {
    // 900 KB of valid HCL: a few hundred milliseconds to parse, checked against the clock often, so slices stay short.
    const large = 'a = 1\n'.repeat(150_000);
    const owner = {};
    let slices = 0;
    assert.throws(() => {
      for (;;) {
        slices++;
        if (parsers.hcl.parseSlice(owner, large, undefined, 0.2, 50)) break;
      }
    }, ParseBudgetExceeded);
    assert.ok(slices > 10, `the budget spans slices (${slices})`);
    const tree = parsers.hcl.parse('build {\n  name = "x"\n}\n', undefined, 40);
    assert.equal(tree.rootNode.hasError, false, 'the parser is usable afterwards');
    tree.delete();
  });
});
