// Native formatter against captured `packer fmt` 1.6.6 output (test/fixtures/format/*.out.pkr.hcl; the unary `!` line
// in expressions.out follows modern hclwrite instead), plus the refusal, token-safety and edit helpers.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createHclFormatter, formatHcl, minimalEdits, sameTokens } from '../../../../server/src/hcl/format';
import type { FormatResult } from '../../../../server/src/hcl/format';
import { layoutTokens } from '../../../../server/src/hcl/format/layout';
import { lexHcl } from '../../../../server/src/hcl/format/lexer';
import { REPO_ROOT } from '../../../helpers/lspClient';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'format');

let format: (source: string) => FormatResult;
before(async () => {
  format = await createHclFormatter();
});

function formatted(source: string): string {
  const result = format(source);
  assert.equal(result.kind, 'formatted', result.kind === 'refused' ? result.reason : '');
  return (result as { text: string }).text;
}

function applyEdits(before: string, after: string): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x.pkr.hcl', 'packer', 1, before), minimalEdits(before, after));
}

describe('formatHcl on captured packer fmt output', () => {
  const inputs = readdirSync(FIXTURES).filter((name) => name.endsWith('.in.pkr.hcl'));
  for (const name of inputs) {
    it(name.replace('.in.pkr.hcl', ''), () => {
      const source = readFileSync(path.join(FIXTURES, name), 'utf8');
      const expected = readFileSync(path.join(FIXTURES, name.replace('.in.', '.out.')), 'utf8');
      const text = formatted(source);
      assert.equal(text, expected);
      assert.equal(formatted(text), text, 'formatting twice changes nothing');
      assert.ok(sameTokens(source, text));
      assert.equal(applyEdits(source, text), text);
    });
  }

  it('reports whether anything changed', () => {
    assert.deepEqual(format('a = 1\n'), { kind: 'formatted', text: 'a = 1\n', changed: false });
    assert.deepEqual(format('a=1\n'), { kind: 'formatted', text: 'a = 1\n', changed: true });
  });

  it('writes unary ! without a space, as hcl >= 2.8 and current Packer do (Packer 1.6.6 writes "! x")', () => {
    assert.equal(formatted('a = ! var.x\nb = ! contains(l, "x")\n'), 'a = !var.x\nb = !contains(l, "x")\n');
  });

  it('formats provider::ns::fn() calls for current Packer and refuses them for Packer 1.6.6', async () => {
    assert.equal(formatted('a = provider::ns::fn( 1 )\n'), 'a = provider::ns::fn(1)\n');
    const old = await createHclFormatter({ targetPackerVersion: '1.6.6' });
    assert.equal(old('a = provider::ns::fn(1)\n').kind, 'refused');
  });

  it('survives 10,000 levels of nesting', () => {
    const depth = 10_000;
    const source = `a = ${'[{'.repeat(depth)}1${'}]'.repeat(depth)}\n`;
    const expected = `a = ${'[{ '.repeat(depth)}1${' }]'.repeat(depth)}\n`;
    const lexed = lexHcl(source);
    assert.ok(lexed.ok);
    assert.equal(layoutTokens(lexed.tokens), expected);
    const result = format(source);
    if (result.kind === 'formatted') assert.equal(result.text, expected);
  });
});

describe('formatHcl refuses instead of guessing', () => {
  it('without a syntax tree to check against', () => {
    const result = formatHcl('a = 1\n');
    assert.equal(result.kind, 'refused');
  });

  for (const [label, source] of [
    ['a bare carriage return', 'a = 1\rb = 2\n'],
    ['an unterminated string', 'a = "abc\n'],
    ['an unterminated heredoc', 'a = <<EOT\nhello\n'],
    ['an invalid character', 'a = 1 @\n'],
    ['a missing value', 'a =\n'],
    ['an unclosed block', 'build {\n  a = 1\n'],
  ] as const) {
    it(`on ${label}`, () => {
      const result = format(source);
      assert.equal(result.kind, 'refused');
      assert.match((result as { reason: string }).reason, /^\d+:\d+: /);
    });
  }

  it('and uses a tree the caller already holds without freeing it', async () => {
    const { createParsers } = await import('../../../../server/src/parsing/treeSitter');
    const parsers = await createParsers();
    const tree = parsers.hcl.parse('a=1\n');
    assert.deepEqual(formatHcl('a=1\n', { parse: tree }), { kind: 'formatted', text: 'a = 1\n', changed: true });
    assert.equal(tree.rootNode.type, 'config_file', 'the tree is still usable');
    tree.delete();
    parsers.hcl.dispose();
    parsers.python.dispose();
  });
});

describe('sameTokens', () => {
  it('accepts whitespace-only differences outside strings', () => {
    assert.ok(sameTokens('a=1\nb = [ 1,2 ]\n', 'a = 1\nb = [1, 2]\n'));
  });
  it('rejects changed strings, heredoc bodies, comments, newlines and tokens', () => {
    assert.ok(!sameTokens('a = "x "\n', 'a = "x"\n'));
    assert.ok(!sameTokens('a = <<EOT\n  x\nEOT\n', 'a = <<EOT\nx\nEOT\n'));
    assert.ok(!sameTokens('a = 1 #  c\n', 'a = 1 # c\n'));
    assert.ok(!sameTokens('a = 1\n\nb = 2\n', 'a = 1\nb = 2\n'));
    assert.ok(!sameTokens('a = 1\r\n', 'a = 1\n'));
    assert.ok(!sameTokens('a = 1\n', 'a = 2\n'));
  });
  it('rejects text that does not lex', () => {
    assert.ok(!sameTokens('a = "x\n', 'a = "x\n'));
  });
});

describe('minimalEdits', () => {
  it('touches only the changed lines', () => {
    const before = 'a = 1\nb=2\nc = 3\nd=4\n';
    const after = 'a = 1\nb = 2\nc = 3\nd = 4\n';
    const edits = minimalEdits(before, after);
    assert.deepEqual(
      edits.map((edit) => [edit.range.start.line, edit.range.end.line, edit.newText]),
      [
        [1, 2, 'b = 2\n'],
        [3, 4, 'd = 4\n'],
      ],
    );
    assert.equal(applyEdits(before, after), after);
  });

  it('returns nothing for identical text', () => {
    assert.deepEqual(minimalEdits('a = 1\n', 'a = 1\n'), []);
  });

  for (const [label, before, after] of [
    ['CRLF lines', 'a=1\r\nb = 2\r\nc=3', 'a = 1\r\nb = 2\r\nc = 3'],
    ['a different line count', 'a\nb\nc\nd\n', 'a\nx\ny\nz\nd\n'],
    ['an added final newline', 'a = 1', 'a = 1\n'],
    ['a removed BOM', '\uFEFFa=1\n', 'a = 1\n'],
    ['an emptied document', 'a\nb\n', ''],
    ['a filled empty document', '', 'a = 1\n'],
    ['trailing blanks', 'a = 1\n  \t', 'a = 1\n   '],
  ] as const) {
    it(`applies to give the new text: ${label}`, () => {
      assert.equal(applyEdits(before, after), after);
    });
  }
});
