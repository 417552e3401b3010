// Every contributed snippet must produce valid HCL when the user accepts all defaults: a snippet that inserts a
// syntax error is worse than none.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { walk } from '../../server/src/parsing/nodes';
import { createParsers, type Parsers } from '../../server/src/parsing/treeSitter';
import { REPO_ROOT } from '../helpers/lspClient';
import { expandSnippet, snippetBodyText, type SnippetDefinition } from './snippetExpansion';
import { tokenize } from './tokenize';

const SNIPPETS_DIR = path.join(REPO_ROOT, 'snippets');
const snippetFiles = readdirSync(SNIPPETS_DIR).filter((name) => name.endsWith('.code-snippets')).sort();

function loadSnippets(file: string): [string, SnippetDefinition][] {
  return Object.entries(JSON.parse(readFileSync(path.join(SNIPPETS_DIR, file), 'utf8')) as Record<string, SnippetDefinition>);
}

const allSnippets = snippetFiles.flatMap((file) => loadSnippets(file).map(([name, snippet]) => ({ file, name, snippet })));

function syntaxProblems(parsers: Parsers, text: string): string[] {
  const tree = parsers.hcl.parse(text);
  try {
    const problems: string[] = [];
    walk(tree.rootNode, (node) => {
      if (node.type === 'ERROR' || node.isMissing) {
        problems.push(`${node.isMissing ? 'MISSING ' : ''}${node.type} at ${node.startPosition.row + 1}:${node.startPosition.column + 1}`);
      }
    });
    return problems;
  } finally {
    tree.delete();
  }
}

describe('snippet expansion helper', () => {
  it('takes defaults, first choices and drops tab stops', () => {
    assert.equal(expandSnippet('a = "${1:x}" ${2|b,c|} $0 ${3}'), 'a = "x" b  ');
  });
  it('expands nested placeholders and repeats', () => {
    assert.equal(expandSnippet('${1:outer ${2:inner}} ${2:inner}'), 'outer inner inner');
  });
  it('keeps escaped dollars and braces literal, and braces outside placeholders', () => {
    assert.equal(expandSnippet('x { y = "\\${var.${1:a}}" }'), 'x { y = "${var.a}" }');
  });
  it('rejects an unclosed placeholder', () => {
    assert.throws(() => expandSnippet('${1:open'));
  });
});

describe('contributed snippets', () => {
  let parsers: Parsers;
  before(async () => {
    parsers = await createParsers();
  });
  after(() => {
    parsers.hcl.dispose();
    parsers.python.dispose();
  });

  it('are all contributed in package.json', () => {
    const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      contributes: { snippets: { language: string; path: string }[] };
    };
    const contributed = new Set(manifest.contributes.snippets.map((entry) => path.basename(entry.path)));
    assert.deepEqual(snippetFiles.filter((file) => !contributed.has(file)), []);
    assert.ok(allSnippets.length >= 8, 'the Packer snippets are present');
  });

  for (const { file, name, snippet } of allSnippets) {
    it(`${file}: ${name} expands to valid HCL`, async () => {
      assert.ok(snippet.prefix.length > 0 && snippet.description, 'has a prefix and a description');
      const text = `${expandSnippet(snippetBodyText(snippet))}\n`;
      assert.deepEqual(syntaxProblems(parsers, text), [], text);
      const tokens = await tokenize(text);
      assert.equal(tokens.finalDepth, 1, 'the grammar is back at top level after the snippet');
    });
  }

  it('the PyInfra provisioner follows the Packer ↔ PyInfra contract', () => {
    const pyinfra = allSnippets.filter(({ snippet }) => snippetBodyText(snippet).includes('pyinfra '));
    assert.ok(pyinfra.length >= 1);
    for (const { snippet } of pyinfra) {
      const text = expandSnippet(snippetBodyText(snippet));
      assert.match(text, /provisioner "shell-local"/);
      for (const fragment of ['--user ${build.User}', '--port ${build.Port}', '${build.Host}', '--chdir ${path.root}/${var.app_name} deploy.py']) {
        assert.ok(text.includes(fragment), `contains ${fragment}`);
      }
      // build.SSHPrivateKey is the key itself, not a path: it must be written to a file that --key points at.
      assert.match(text, /echo '\$\{build\.SSHPrivateKey\}' > (\S+\.pem)[\s\S]*--key \1 /);
    }
  });
});
