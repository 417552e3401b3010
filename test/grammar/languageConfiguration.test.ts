// language-configuration.json drives editing behaviour VS Code applies without the server: word boundaries (what
// go-to-definition and rename see as "the word"), indentation and comment continuation. Its regexes run in JavaScript.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../helpers/lspClient';

interface OnEnterRule {
  beforeText: string;
  afterText?: string;
  previousLineText?: string;
  action: { indent: string; appendText?: string; removeText?: number };
}

interface LanguageConfiguration {
  comments: { lineComment: string; blockComment: [string, string] };
  brackets: [string, string][];
  autoClosingPairs: { open: string; close: string; notIn?: string[] }[];
  folding: { markers: { start: string; end: string } };
  indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
  onEnterRules: OnEnterRule[];
  wordPattern: string;
}

const config = JSON.parse(readFileSync(path.join(REPO_ROOT, 'language-configuration.json'), 'utf8')) as LanguageConfiguration;

function words(line: string): string[] {
  return line.match(new RegExp(config.wordPattern, 'g')) ?? [];
}

/** The onEnter rule VS Code would apply: the first whose patterns all match. */
function onEnter(previousLine: string, beforeText: string, afterText = ''): OnEnterRule['action'] | undefined {
  return config.onEnterRules.find(
    (rule) =>
      new RegExp(rule.beforeText).test(beforeText) &&
      (rule.afterText === undefined || new RegExp(rule.afterText).test(afterText)) &&
      (rule.previousLineText === undefined || new RegExp(rule.previousLineText).test(previousLine)),
  )?.action;
}

describe('language-configuration.json', () => {
  it("toggles # line comments (the style of Packer's docs) and /* */ blocks", () => {
    assert.equal(config.comments.lineComment, '#');
    assert.deepEqual(config.comments.blockComment, ['/*', '*/']);
  });

  it('auto-closes interpolations and directives', () => {
    const opens = new Map(config.autoClosingPairs.map((pair) => [pair.open, pair.close]));
    assert.equal(opens.get('${'), '}');
    assert.equal(opens.get('%{'), '}');
    assert.equal(opens.get('"'), '"');
  });

  it('splits references at dots so each segment of var.x or data.t.n.id is its own word', () => {
    assert.deepEqual(words('x = var.app_name'), ['x', 'var', 'app_name']);
    assert.deepEqual(words('id = data.amazon-ami.ubuntu.id'), ['id', 'data', 'amazon-ami', 'ubuntu', 'id']);
    assert.deepEqual(words('"${local.tags}"'), ['local', 'tags']);
  });

  it('keeps dashed identifiers, region names and numbers whole', () => {
    assert.deepEqual(words('source "amazon-ebs" "third-party" {'), ['source', 'amazon-ebs', 'third-party']);
    assert.deepEqual(words('region = "us-east-1"'), ['region', 'us-east-1']);
    assert.deepEqual(words('n = [1.5E-3, -2, 1e10]'), ['n', '1.5E-3', '-2', '1e10']);
  });

  it('indents after an opening brace, bracket or parenthesis, even with a trailing comment', () => {
    const increase = new RegExp(config.indentationRules.increaseIndentPattern);
    for (const line of ['build {', '  inline = [', '  x = merge(', 'source "null" "x" { # note', '  tags = { // note']) {
      assert.ok(increase.test(line), line);
    }
    for (const line of ['build {}', '  x = [1]', '# a comment {', '  // also {', '  y = "{"']) {
      assert.ok(!increase.test(line), line);
    }
  });

  it('outdents closing brackets', () => {
    const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
    assert.ok(decrease.test('  }'));
    assert.ok(decrease.test('    ]'));
    assert.ok(!decrease.test('  x = 1'));
  });

  it('continues block comments with " * " and stops after the closing */', () => {
    assert.equal(onEnter('', '/*')?.appendText, ' * ');
    assert.equal(onEnter('', '/**', ' */')?.indent, 'indentOutdent');
    assert.equal(onEnter('/*', ' * first line')?.appendText, '* ');
    assert.equal(onEnter(' * first line', ' */')?.removeText, 1);
    assert.equal(onEnter('', '/* closed */'), undefined);
    assert.equal(onEnter('x = 1', '  y = 2 * 3'), undefined);
  });

  it('has #region folding markers for both line-comment styles', () => {
    const start = new RegExp(config.folding.markers.start);
    const end = new RegExp(config.folding.markers.end);
    assert.ok(start.test('# region builders') && start.test('  //region'));
    assert.ok(end.test('# endregion') && end.test('//endregion'));
    assert.ok(!start.test('region = "us-east-1"'));
  });
});
