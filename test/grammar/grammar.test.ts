// Golden tests for syntaxes/packer.tmLanguage.json. Each fixture in fixtures/ is tokenized and compared with its
// committed .snap file; run with UPDATE_SNAPSHOTS=1 to rewrite the snapshots after an intended grammar change, then
// review the diff. The corpus tests check that the grammar never stays inside a string, heredoc or block after a
// valid file ends.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import { CORPUS_DIR, HAS_SHARED, PROBES_DIR, SHARED_DIR, SKIP_WITHOUT_SHARED, syntaxValidCorpusFiles } from '../helpers/shared';
import { formatSnapshot, GRAMMAR_PATH, loadGrammar, ROOT_SCOPE, tokenize } from './tokenize';

const FIXTURES_DIR = path.join(__dirname, 'fixtures');
const UPDATE = process.env.UPDATE_SNAPSHOTS === '1';
const SENTINEL = 'bilder_sentinel = 1';

interface GrammarRule {
  name?: string;
  match?: string;
  begin?: string;
  end?: string;
  include?: string;
  patterns?: GrammarRule[];
  captures?: Record<string, GrammarRule>;
  beginCaptures?: Record<string, GrammarRule>;
  endCaptures?: Record<string, GrammarRule>;
}

interface GrammarFile extends GrammarRule {
  scopeName: string;
  repository: Record<string, GrammarRule>;
}

const grammarJson = JSON.parse(readFileSync(GRAMMAR_PATH, 'utf8')) as GrammarFile;

/** Every rule of the grammar, found with an explicit stack. */
function allRules(): GrammarRule[] {
  const rules: GrammarRule[] = [];
  const stack: GrammarRule[] = [grammarJson, ...Object.values(grammarJson.repository)];
  while (stack.length > 0) {
    const rule = stack.pop()!;
    rules.push(rule);
    stack.push(...(rule.patterns ?? []));
    for (const captures of [rule.captures, rule.beginCaptures, rule.endCaptures]) {
      if (captures) stack.push(...Object.values(captures));
    }
  }
  return rules;
}

/**
 * Tokenizes `text` followed by a sentinel attribute line. If the grammar left nothing open (string, heredoc, block,
 * comment), the sentinel's first token carries only the root scope and the attribute-name scope.
 */
async function tokenizeWithSentinel(text: string): Promise<{ sentinelScopes: string[]; finalDepth: number }> {
  const separator = /(\r\n|\r|\n)$/.test(text) ? '' : '\n';
  const document = await tokenize(`${text}${separator}${SENTINEL}`);
  const sentinel = document.lines[document.lines.length - 1]!;
  assert.equal(sentinel.text, SENTINEL);
  return { sentinelScopes: sentinel.tokens[0]!.scopes, finalDepth: document.finalDepth };
}

const CLOSED = [ROOT_SCOPE, 'variable.other.property.packer'];

describe('TextMate grammar: structure', () => {
  it('has the scope name package.json contributes', () => {
    const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      contributes: { grammars: { scopeName: string; path: string }[] };
    };
    for (const contribution of manifest.contributes.grammars) {
      assert.equal(contribution.scopeName, ROOT_SCOPE);
      assert.equal(path.resolve(path.dirname(GRAMMAR_PATH), '..', contribution.path), GRAMMAR_PATH);
    }
    assert.equal(grammarJson.scopeName, ROOT_SCOPE);
  });

  it('resolves every #include to a repository entry', () => {
    const missing = allRules()
      .map((rule) => rule.include)
      .filter((include): include is string => include !== undefined && include.startsWith('#'))
      .filter((include) => !(include.slice(1) in grammarJson.repository));
    assert.deepEqual(missing, []);
  });

  it('compiles every regular expression with Oniguruma', async () => {
    await loadGrammar();
    const failures: string[] = [];
    for (const rule of allRules()) {
      for (const source of [rule.match, rule.begin, rule.end]) {
        if (source === undefined) continue;
        // End patterns may refer back to begin captures (heredoc markers); give them a concrete value.
        const concrete = source.replace(/\\([1-9])/g, 'EOF');
        try {
          new oniguruma.OnigScanner([concrete]).dispose();
        } catch (error) {
          failures.push(`${source}: ${(error as Error).message}`);
        }
      }
    }
    assert.deepEqual(failures, []);
  });

  it('scopes exactly the built-in functions of packer-language.md §6 as support.function', { skip: SKIP_WITHOUT_SHARED }, () => {
    const doc = readFileSync(path.join(SHARED_DIR, 'docs', 'packer-language.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## 6. Built-in functions'), doc.indexOf('## 7.'));
    const documented = new Set<string>();
    for (const row of section.split('\n').filter((line) => /^\| [a-z /]+ \| [a-z]/.test(line))) {
      const cells = row.split('|').map((cell) => cell.trim());
      for (const entry of cells[2]!.split(',')) documented.add(entry.trim().split(/\s/)[0]!);
    }
    const rule = grammarJson.repository['function_call']!.patterns!.find(
      (candidate) => candidate.beginCaptures?.['1']?.name === 'support.function.builtin.packer',
    );
    const alternation = /\(([a-z0-9_|]+)\)/.exec(rule?.begin ?? '');
    assert.ok(alternation, 'the built-in function rule lists its names as one alternation');
    assert.deepEqual([...new Set(alternation[1]!.split('|'))].sort(), [...documented].sort());
  });
});

describe('TextMate grammar: snapshots', () => {
  const fixtures = readdirSync(FIXTURES_DIR).filter((name) => name.endsWith('.hcl')).sort();

  it('has fixtures', () => assert.ok(fixtures.length > 0));

  for (const fixture of fixtures) {
    it(fixture, async () => {
      const snapshotPath = path.join(FIXTURES_DIR, `${fixture}.snap`);
      const actual = formatSnapshot(await tokenize(readFileSync(path.join(FIXTURES_DIR, fixture), 'utf8')));
      if (UPDATE) {
        writeFileSync(snapshotPath, actual);
        return;
      }
      assert.ok(existsSync(snapshotPath), `${fixture}.snap is missing; create it with UPDATE_SNAPSHOTS=1 and review it`);
      assert.equal(actual, readFileSync(snapshotPath, 'utf8'), `${fixture} tokenizes differently from ${fixture}.snap`);
    });
  }

  it('leaves no .snap without its fixture', () => {
    const orphans = readdirSync(FIXTURES_DIR)
      .filter((name) => name.endsWith('.snap'))
      .filter((name) => !fixtures.includes(name.slice(0, -'.snap'.length)));
    assert.deepEqual(orphans, []);
  });
});

describe('TextMate grammar: recovery', () => {
  it('closes an unterminated quoted string at the end of its line', async () => {
    assert.deepEqual((await tokenizeWithSentinel('a = "no closing quote\n')).sentinelScopes, CLOSED);
  });

  it('keeps a quoted string open across lines only inside an interpolation', async () => {
    const document = await tokenize('a = "${\nvar.x}"\nb = 1\n');
    assert.deepEqual(document.lines[2]!.tokens[0]!.scopes, CLOSED);
    assert.ok(document.lines[1]!.tokens[0]!.scopes.includes('meta.interpolation.packer'));
  });

  it('ends a heredoc only at a line holding exactly its own marker', async () => {
    const text = 'a = <<EOT\nEOT is mentioned\n  EOTX\nEOT\n';
    const document = await tokenize(text);
    assert.ok(document.lines[2]!.tokens.every((token) => token.scopes.includes('string.unquoted.heredoc.packer')));
    assert.deepEqual((await tokenizeWithSentinel(text)).sentinelScopes, CLOSED);
  });
});

describe('TextMate grammar: reference files end at top level', () => {
  it('every syntax-valid corpus file', { skip: SKIP_WITHOUT_SHARED }, async () => {
    const stuck: string[] = [];
    for (const file of syntaxValidCorpusFiles()) {
      const result = await tokenizeWithSentinel(readFileSync(path.join(CORPUS_DIR, file), 'utf8'));
      if (result.finalDepth !== 1 || result.sentinelScopes.join() !== CLOSED.join()) {
        stuck.push(`${file}: depth ${result.finalDepth}, sentinel scopes ${result.sentinelScopes.join(' ')}`);
      }
    }
    assert.ok(syntaxValidCorpusFiles().length > 400, 'the corpus is present');
    assert.deepEqual(stuck, []);
  });

  it('every probe the reference parser accepts', { skip: SKIP_WITHOUT_SHARED }, async () => {
    const rows = readFileSync(path.join(PROBES_DIR, 'expected.tsv'), 'utf8').split('\n').slice(1).filter(Boolean);
    const valid = rows.map((row) => row.split('\t')).filter((cells) => cells[1] === 'true').map((cells) => cells[0]!);
    assert.ok(HAS_SHARED && valid.length > 50, 'the probes are present');
    const stuck: string[] = [];
    for (const probe of valid) {
      const result = await tokenizeWithSentinel(readFileSync(path.join(PROBES_DIR, probe), 'utf8'));
      if (result.finalDepth !== 1 || result.sentinelScopes.join() !== CLOSED.join()) {
        stuck.push(`${probe}: depth ${result.finalDepth}, sentinel scopes ${result.sentinelScopes.join(' ')}`);
      }
    }
    assert.deepEqual(stuck, []);
  });
});
