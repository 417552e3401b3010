// Every probe against hclsyntax 2.14.1's verdict: same accept/reject, same first error summary, line and column.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { PROBES_DIR, SKIP_WITHOUT_SHARED } from '../../../helpers/shared';
import { check, summaryAt } from './helpers';

interface Expectation {
  file: string;
  ok: boolean;
  firstError: string;
}

function expectations(): Expectation[] {
  if (SKIP_WITHOUT_SHARED) return [];
  return readFileSync(path.join(PROBES_DIR, 'expected.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => {
      const [file, ok, summary, row, column] = line.split('\t');
      return { file, ok: ok === 'true', firstError: ok === 'true' ? 'ok' : `${summary} @${row}:${column}` };
    });
}

/** Probes whose verdict depends on the HCL version: the oracle is hcl 2.14.1, current Packer parses them. */
const MODERN_PACKER_ACCEPTS = new Set(['v37_provider_func.pkr.hcl']);

describe('probes match hclsyntax 2.14.1', { skip: SKIP_WITHOUT_SHARED }, () => {
  const rows = expectations();

  it('covers every probe file', () => {
    const files = readdirSync(PROBES_DIR).filter((name) => name.endsWith('.pkr.hcl')).sort();
    assert.deepEqual(rows.map((row) => row.file).sort(), files);
    assert.equal(files.length, 126);
  });

  it('gives the oracle verdict, first summary and position for all probes when targeting Packer 1.6.6', async () => {
    const mismatches: string[] = [];
    for (const row of rows) {
      const diagnostics = await check(readFileSync(path.join(PROBES_DIR, row.file), 'utf8'), { targetPackerVersion: '1.6.6' });
      const got = summaryAt(diagnostics[0]);
      if (got !== row.firstError) mismatches.push(`${row.file}: expected ${row.firstError}, got ${got}`);
    }
    assert.deepEqual(mismatches, []);
  });

  it('accepts provider functions for current Packer and otherwise agrees with the oracle', async () => {
    const mismatches: string[] = [];
    for (const row of rows) {
      const diagnostics = await check(readFileSync(path.join(PROBES_DIR, row.file), 'utf8'));
      const expected = MODERN_PACKER_ACCEPTS.has(row.file) ? 'ok' : row.firstError;
      const got = summaryAt(diagnostics[0]);
      if (got !== expected) mismatches.push(`${row.file}: expected ${expected}, got ${got}`);
    }
    assert.deepEqual(mismatches, []);
  });

  it('reports syntax problems as errors with stable syntax/ codes and a summary: detail message', async () => {
    for (const row of rows.filter((r) => !r.ok)) {
      const diagnostics = await check(readFileSync(path.join(PROBES_DIR, row.file), 'utf8'), { targetPackerVersion: '1.6.6' });
      for (const diagnostic of diagnostics) {
        assert.equal(diagnostic.severity, 1, row.file);
        assert.equal(diagnostic.source, 'bilder');
        assert.match(String(diagnostic.code), /^syntax\/[a-z-]+$/);
        assert.match(diagnostic.message as string, /^[^:]+: .+\.$/, `${row.file}: ${diagnostic.message}`);
      }
    }
  });
});
