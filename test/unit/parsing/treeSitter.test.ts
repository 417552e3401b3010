// The pinned web-tree-sitter runtime must load the pinned grammars; an ABI mismatch has to fail here, not in users' editors.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ParseBudgetExceeded, createParsers, loadGrammars } from '../../../server/src/parsing/treeSitter';

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

