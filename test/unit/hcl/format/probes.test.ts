// The native formatter against the real `packer fmt` 1.6.6 on the syntax probes: what Packer refuses is refused, the
// rest is byte-identical, except unary `!`, where modern hclwrite (hcl >= 2.8, current Packer) drops the space that
// Packer 1.6.6 (hcl 2.6) writes. The formatter follows the modern form; that difference is asserted explicitly.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { createHclFormatter } from '../../../../server/src/hcl/format';
import type { FormatResult } from '../../../../server/src/hcl/format';
import { HAS_SHARED, PROBES_DIR, SKIP_WITHOUT_SHARED } from '../../../helpers/shared';
import { PACKER_BIN, packerFmtAll, packerVersion } from './packerFmt';
import type { PackerFmtResult } from './packerFmt';

/** Probes whose only difference from Packer 1.6.6 is the space after unary `!` (corpus/probes/README.md). */
const UNARY_NOT_PROBES = new Set(['v16_operators.pkr.hcl', 'v39_unary_not_call.pkr.hcl']);

const probes = HAS_SHARED ? readdirSync(PROBES_DIR).filter((name) => name.endsWith('.pkr.hcl')).sort() : [];
const sources = new Map(probes.map((name) => [name, readFileSync(path.join(PROBES_DIR, name), 'utf8')]));

let format: (source: string) => FormatResult;
let expected: Map<string, PackerFmtResult> | undefined;
let skipReason: string | undefined;

before(async () => {
  // The oracle is 1.6.6, so syntax is judged by its HCL: `provider::ns::fn()` is an error there.
  format = await createHclFormatter({ targetPackerVersion: '1.6.6' });
  if (!HAS_SHARED) return;
  if (!(await packerVersion())) {
    skipReason = `packer not found at ${PACKER_BIN} (set BILDER_PACKER)`;
    return;
  }
  const results = await packerFmtAll(probes.map((name) => ({ text: sources.get(name)!, suffix: 'pkr.hcl' })));
  expected = new Map(probes.map((name, i) => [name, results[i]]));
});

describe('formatHcl matches packer fmt on the probes', { skip: SKIP_WITHOUT_SHARED }, () => {
  for (const name of probes) {
    it(name, (t) => {
      if (!expected) return t.skip(skipReason);
      const want = expected.get(name)!;
      const got = format(sources.get(name)!);
      if (want.refused) {
        assert.equal(got.kind, 'refused', 'packer fmt refuses this file');
        return;
      }
      assert.equal(got.kind, 'formatted', got.kind === 'refused' ? `refused: ${got.reason}` : '');
      const text = (got as { text: string }).text;
      if (!UNARY_NOT_PROBES.has(name)) {
        assert.equal(text, want.text);
        return;
      }
      // The documented difference, and nothing else: 1.6.6 puts one space after every unary `!`, we put none.
      assert.match(want.text, /! \S/, 'Packer 1.6.6 writes a space after unary !');
      assert.doesNotMatch(text, /! /);
      assert.equal(text, want.text.replace(/!(?!=) /g, '!'));
    });
  }

  it('covers every probe Packer 1.6.6 refuses and every one it formats', (t) => {
    if (!expected) return t.skip(skipReason);
    const refused = [...expected.values()].filter((result) => result.refused).length;
    t.diagnostic(`${probes.length} probes: packer fmt refuses ${refused}, formats ${probes.length - refused}`);
    assert.equal(probes.length, 126);
  });
});
