// The real-world corpus: syntax-valid files stay silent; the syntax-invalid ones fail where hclsyntax says.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { CORPUS_DIR, SKIP_WITHOUT_SHARED, syntaxValidCorpusFiles } from '../../../helpers/shared';
import { check, summaryAt } from './helpers';

describe('corpus sweep', { skip: SKIP_WITHOUT_SHARED }, () => {
  it('finds no syntax problem in any syntax-valid corpus file', async () => {
    const files = syntaxValidCorpusFiles();
    assert.ok(files.length >= 490, `expected the corpus, found ${files.length} files`);
    const noisy: string[] = [];
    for (const file of files) {
      const diagnostics = await check(readFileSync(path.join(CORPUS_DIR, file), 'utf8'));
      if (diagnostics.length > 0) noisy.push(`${file}: ${summaryAt(diagnostics[0])}`);
    }
    assert.deepEqual(noisy, []);
  });

  it('reports the first error of each syntax-invalid file where hclsyntax does', async () => {
    const rows = readFileSync(path.join(CORPUS_DIR, 'invalid.tsv'), 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.split('\t'))
      .filter((columns) => columns[3]?.startsWith('syntax:'));
    assert.equal(rows.length, 6);
    for (const [, , local, , , firstError] of rows) {
      const diagnostics = await check(readFileSync(path.join(CORPUS_DIR, local), 'utf8'));
      assert.equal(summaryAt(diagnostics[0]), firstError.trim(), local);
    }
  });
});
