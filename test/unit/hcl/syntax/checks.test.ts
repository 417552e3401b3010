// Table-driven checks of the syntax layer on tiny inputs: each grammar gap (G0–G7), line endings, and hostile sizes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acceptsNamespacedFunctions } from '../../../../server/src/hcl/syntax';
import { check, summaryAt } from './helpers';

const CASES: { name: string; text: string; first: string; code?: string; count?: number }[] = [
  // G0: exponents without a fraction are valid HCL although tree-sitter-hcl reports ERROR nodes for them.
  { name: 'G0 1e10', text: 'a = 1e10\n', first: 'ok' },
  { name: 'G0 1E10', text: 'a = 1E10\n', first: 'ok' },
  { name: 'G0 2e+3', text: 'a = 2e+3\n', first: 'ok' },
  { name: 'G0 in a tuple', text: 'a = [1, 1.5, 1e10, 1.5E-3, 0]\n', first: 'ok' },
  // G1: newlines are significant.
  { name: 'G1 bare word before a block', text: 'invalid\n\nsource "null" "x" {\n}\n', first: 'Argument or block definition required @1:1', code: 'syntax/argument-or-block-required' },
  { name: 'G1 two arguments on a line', text: 'a = 1 b = 2\n', first: 'Missing newline after argument @1:7', code: 'syntax/missing-newline', count: 1 },
  { name: 'G1 comma after argument', text: 'a = 1, b = 2\n', first: 'Unexpected comma after argument @1:6' },
  { name: 'G1 item after a closing brace', text: 'build {\n} b = 1\n', first: 'Missing newline after block definition @2:3' },
  { name: 'G1 brace on the next line', text: 'build\n{\n}\n', first: 'Argument or block definition required @1:1' },
  { name: 'G1 brace after a label on the next line', text: 'source "a" "b"\n{\n}\n', first: 'Invalid block definition @1:15', code: 'syntax/invalid-block-definition' },
  { name: 'G1 comment after a block is a newline', text: 'build {\n} # done\nb = 1\n', first: 'ok' },
  // G2: single-line blocks.
  { name: 'G2 single-line block', text: 'locals { a = 1 }\n', first: 'ok' },
  { name: 'G2 not closed on its line', text: 'locals { a = 1\n}\n', first: 'Invalid single-argument block definition @1:15', code: 'syntax/single-line-block' },
  { name: 'G2 two arguments', text: 'locals { a = 1, b = 2 }\n', first: 'Invalid single-argument block definition @1:15' },
  { name: 'G2 nested block', text: 'a { b { } }\n', first: 'Argument definition required @1:5', code: 'syntax/single-line-block' },
  // G3: object items need a comma or a newline.
  { name: 'G3 missing separator', text: 'a = { x = 1 y = 2 }\n', first: 'Missing attribute separator @1:13', code: 'syntax/missing-separator' },
  { name: 'G3 commas and newlines', text: 'a = {\n  x = 1,\n  y = 2\n  z: 3\n}\n', first: 'ok' },
  { name: 'G3 tuple separator', text: 'a = [1 2]\n', first: 'Missing item separator @1:8' },
  // G4: characters HCL does not use, and line endings it does.
  { name: 'G4 CRLF', text: 'a = 1\r\nb {\r\n  c = "x"\r\n}\r\n', first: 'ok' },
  { name: 'G4 BOM at start', text: '\ufeffa = 1\n', first: 'ok' },
  { name: 'G4 BOM later', text: 'a = 1\n\ufeffb = 2\n', first: 'Invalid character @2:1', code: 'syntax/invalid-character' },
  { name: 'G4 bare CR', text: 'a = 1\rb = 2\r', first: 'Invalid character @1:6', count: 2 },
  { name: 'G4 form feed', text: 'a = 1\f\n', first: 'Invalid character @1:6', count: 1 },
  { name: 'G4 non-breaking space', text: 'a =\u00a01\n', first: 'Invalid character @1:4', count: 1 },
  { name: 'G4 at sign', text: 'a = 1 @\n', first: 'Invalid character @1:7' },
  { name: 'G4 tab indentation', text: 'b {\n\ta = 1\n}\n', first: 'ok' },
  { name: 'G4 bitwise operator', text: 'a = 1 & 2\n', first: 'Unsupported operator @1:7', code: 'syntax/unsupported-operator' },
  // hclsyntax's NewlineChars is \r or \n: a carriage return alone breaks a quoted string (Packer 1.6.6 says so too).
  { name: 'G4 CR inside a string breaks it', text: 'a = "x\ry"\n', first: 'Invalid multi-line string @1:7', code: 'syntax/invalid-multi-line-string' },
  // G5: duplicate arguments, per body.
  { name: 'G5 duplicate', text: 'a = 1\na = 2\n', first: 'Attribute redefined @2:1', code: 'syntax/attribute-redefined' },
  { name: 'G5 same name in different bodies', text: 'a = 1\nb {\n  a = 2\n}\nc {\n  a = 3\n}\n', first: 'ok' },
  { name: 'G5 nested duplicate', text: 'b {\n  x = 1\n  x = 2\n}\n', first: 'Attribute redefined @3:3' },
  // G7: provider functions, current Packer.
  { name: 'G7 provider function', text: 'a = provider::aws::arn_parse("x")\n', first: 'ok' },
  // Strings and templates.
  { name: 'unclosed string', text: 'a = "abc\nb = 2\n', first: 'Invalid multi-line string @1:9', code: 'syntax/invalid-multi-line-string' },
  // One mistake, one diagnostic: hclsyntax would report every later line of the file, or every `$` of the nest.
  { name: 'unclosed string in a long file', text: `a = "abc\n${'b = 2\n'.repeat(5000)}`, first: 'Invalid multi-line string @1:9', count: 1 },
  { name: 'unclosed heredoc in a long file', text: `a = <<EOT\n${'b = 2\n'.repeat(5000)}`, first: 'Unterminated template string @5002:1', count: 1 },
  { name: 'unclosed ${ nest', text: `a = "${'${'.repeat(5000)}"\n`, first: 'Invalid character @1:8', count: 2 },
  { name: 'bad escape', text: 'a = "\\q"\n', first: 'Invalid escape sequence @1:6', code: 'syntax/invalid-escape-sequence' },
  { name: 'short unicode escape', text: 'a = "\\u12"\n', first: 'Invalid escape sequence @1:6' },
  { name: 'valid escapes', text: 'a = "\\n\\r\\t\\"\\\\\\u00e9\\U0001F600 $${x} %%{y}"\n', first: 'ok' },
  { name: 'heredoc escapes are text', text: 'a = <<EOT\n\\q\nEOT\n', first: 'ok' },
  { name: 'blanks around a heredoc closing marker are fine', text: 'a = <<EOF\nx\nEOF \t\nb = 1\n', first: 'ok' },
  { name: 'unterminated heredoc', text: 'a = <<EOF\nhello\n', first: 'Unterminated template string @3:1', code: 'syntax/unterminated-string' },
  { name: 'unbalanced directive', text: 'a = "%{ for x in l }${x}%{ endif }"\n', first: 'Unexpected endif directive @1:25', code: 'syntax/template-directive' },
  { name: 'unclosed if', text: 'a = "%{ if true }x"\n', first: 'Unexpected end of template @1:19' },
  { name: 'label with interpolation', text: 'source "a${x}" "b" {\n}\n', first: 'Invalid string literal @1:10' },
  // Blocks and expressions.
  { name: 'unclosed block', text: 'build {\n  name = "x"\n', first: 'Unclosed configuration block @1:7', code: 'syntax/unclosed-block' },
  { name: 'missing value', text: 'a =\nb = 2\n', first: 'Invalid expression @1:4', code: 'syntax/invalid-expression' },
  { name: 'missing value at end of file', text: 'a =', first: 'Missing expression @1:4' },
  { name: 'extra closing brace', text: 'a = 1\n}\n', first: 'Argument or block definition required @2:1' },
  { name: 'unterminated call', text: 'a = f(1', first: 'Unterminated function call @1:5', code: 'syntax/unterminated-collection' },
  { name: 'for expressions', text: 'a = [for k, v in m : v if k != ""]\nb = { for v in l : v => v... }\n', first: 'ok' },
  { name: 'key in a tuple for', text: 'a = [for k, v in m : k => v]\n', first: "Invalid 'for' expression @1:22" },
  { name: 'splats and legacy index', text: 'a = x[*].y\nb = x.*.y\nc = x.0\n', first: 'ok' },
  { name: 'conditional without colon', text: 'a = x ? 1\n', first: 'Missing false expression in conditional @1:10' },
];

describe('syntax checks on small inputs', () => {
  for (const testCase of CASES) {
    it(testCase.name, async () => {
      const diagnostics = await check(testCase.text);
      assert.equal(summaryAt(diagnostics[0]), testCase.first, JSON.stringify(diagnostics.map((d) => d.message)));
      if (testCase.code) assert.equal(diagnostics[0].code, testCase.code);
      if (testCase.count !== undefined) assert.equal(diagnostics.length, testCase.count, 'one diagnostic per problem');
    });
  }

  it('names the first definition in Attribute redefined, as hclsyntax does', async () => {
    const [diagnostic] = await check('b {\n  x = 1\n  x = 2\n}\n', { uri: 'file:///tmp/dir/my%20template.pkr.hcl' });
    assert.equal(
      diagnostic.message,
      'Attribute redefined: The argument "x" was already set at my template.pkr.hcl:2,3-4. Each argument may be set only once.',
    );
    assert.deepEqual(diagnostic.range, { start: { line: 2, character: 2 }, end: { line: 2, character: 3 } });
  });

  it('rejects provider functions when targeting Packer 1.6.6 the way hcl 2.14.1 does', async () => {
    const text = 'a = provider::aws::arn_parse("x")\n';
    assert.equal(summaryAt((await check(text, { targetPackerVersion: '1.6.6' }))[0]), 'Missing newline after argument @1:13');
    assert.equal(summaryAt((await check(text, { targetPackerVersion: '1.11.0' }))[0]), 'ok');
    assert.equal(acceptsNamespacedFunctions(undefined), true);
    assert.equal(acceptsNamespacedFunctions('1.10.3'), false);
    assert.equal(acceptsNamespacedFunctions('v1.14.2'), true);
    assert.equal(acceptsNamespacedFunctions('not a version'), true);
  });

  it('falls back to tree-sitter only when hclsyntax rules find nothing', async () => {
    for (const testCase of CASES.filter((c) => c.first !== 'ok')) {
      const diagnostics = await check(testCase.text);
      assert.ok(diagnostics.every((d) => d.code !== 'syntax/invalid'), testCase.name);
    }
  });
});

describe('hostile inputs', () => {
  const DEPTH = 10_000;

  it('survives 10,000-deep tuples', async () => {
    assert.deepEqual(await check(`a = ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}\n`), []);
  });

  it('survives 10,000-deep objects, calls, parentheses and templates', async () => {
    assert.deepEqual(await check(`a = ${'{ b = '.repeat(DEPTH)}1${' }'.repeat(DEPTH)}\n`), []);
    assert.deepEqual(await check(`a = ${'f('.repeat(DEPTH)}1${')'.repeat(DEPTH)}\n`), []);
    assert.deepEqual(await check(`a = ${'('.repeat(DEPTH)}1${')'.repeat(DEPTH)}\n`), []);
    // tree-sitter-hcl's template scanner gives up far below this depth; only its fallback diagnostic may appear.
    const templates = await check(`a = ${'"${'.repeat(DEPTH)}1${'}"'.repeat(DEPTH)}\n`);
    assert.ok(templates.every((d) => d.code === 'syntax/invalid'), JSON.stringify(templates));
    assert.deepEqual(await check(`a = ${'!'.repeat(DEPTH)}true ? ${'x ? '.repeat(DEPTH)}1${' : 2'.repeat(DEPTH)} : 3\n`), []);
  });

  it('survives 10,000-deep nested blocks', async () => {
    assert.deepEqual(await check(`${'b {\n'.repeat(DEPTH)}a = 1\n${'}\n'.repeat(DEPTH)}`), []);
  });

  it('still reports a mistake nested deeper than it checks', async () => {
    const diagnostics = await check(`a = ${'['.repeat(DEPTH)}1 2${']'.repeat(DEPTH)}\n`);
    assert.ok(diagnostics.length > 0, 'an error deep inside is not lost');
    assert.equal(diagnostics[0].severity, 1);
  });

  it('handles a 1 MB single line', async () => {
    const items = Array.from({ length: 110_000 }, (_, i) => `"v${i}"`).join(', ');
    const text = `a = [${items}]\n`;
    assert.ok(text.length > 1_000_000);
    assert.deepEqual(await check(text), []);
    const broken = text.replace('"v109999"', '"v109999" @');
    assert.equal(summaryAt((await check(broken))[0]).split(' @')[0], 'Invalid character');
  });

  it('handles an empty file, comments only and a lone BOM', async () => {
    assert.deepEqual(await check(''), []);
    assert.deepEqual(await check('# only\n/* a\ncomment */\n// x'), []);
    assert.deepEqual(await check('\ufeff'), []);
  });
});
