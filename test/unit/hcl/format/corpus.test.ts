// The native formatter against the real `packer fmt` on every syntax-valid corpus file, as committed and de-formatted
// (two variants: heredoc bodies left alone, and the README's, which strips their indentation too). No corpus file uses
// unary `!`, the one construct where Packer 1.6.6 and modern hclwrite differ, so every output must be byte-identical.
import { strict as assert } from 'node:assert';
import { before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createHclFormatter, minimalEdits, sameTokens } from '../../../../server/src/hcl/format';
import type { FormatResult } from '../../../../server/src/hcl/format';
import { HAS_SHARED, SKIP_WITHOUT_SHARED } from '../../../helpers/shared';
import { corpusInputs, deformat } from './corpusInputs';
import type { CorpusInput } from './corpusInputs';
import { PACKER_BIN, packerFmtAll, packerVersion } from './packerFmt';

let version: string | undefined;

/** Why the packer comparison cannot run here, if it cannot. */
async function packerMissing(): Promise<string | undefined> {
  version = await packerVersion();
  return version ? undefined : `packer not found at ${PACKER_BIN} (set BILDER_PACKER)`;
}

let format: (source: string) => FormatResult;
before(async () => {
  format = await createHclFormatter();
});

function describeMismatch(input: CorpusInput, got: FormatResult, expected: string): string {
  if (got.kind === 'refused') return `${input.name}: refused (${got.reason}) but packer fmt formats it`;
  const gotLines = got.text.split('\n');
  const expectedLines = expected.split('\n');
  const line = gotLines.findIndex((text, i) => text !== expectedLines[i]);
  return `${input.name}:${line + 1}: got ${JSON.stringify(gotLines[line])}, packer fmt ${JSON.stringify(expectedLines[line])}`;
}

/** Formats every input, compares with packer fmt, and reports the count and the time the native side took. */
async function compareWithPacker(label: string, inputs: CorpusInput[], note: (message: string) => void): Promise<void> {
  const expected = await packerFmtAll(inputs);
  const mismatches: string[] = [];
  let identical = 0;
  let changed = 0;
  const started = performance.now();
  inputs.forEach((input, i) => {
    const want = expected[i];
    assert.ok(!want.refused, `${input.name}: packer fmt refused a corpus file listed as syntax-valid`);
    const got = format(input.text);
    if (got.kind === 'formatted' && got.text === want.text) identical++;
    else mismatches.push(describeMismatch(input, got, want.text));
    if (want.text !== input.text) changed++;
  });
  const elapsed = performance.now() - started;
  note(`${label}: ${identical}/${inputs.length} identical to ${version} (packer fmt changed ${changed}); native formatter ${elapsed.toFixed(0)} ms`);
  assert.deepEqual(mismatches.slice(0, 20), [], `${mismatches.length} of ${inputs.length} differ`);
}

describe('formatHcl equals packer fmt on the corpus', { skip: SKIP_WITHOUT_SHARED }, () => {
  const committed = corpusInputs();

  it('as committed', async (t) => {
    const missing = await packerMissing();
    if (missing) return t.skip(missing);
    await compareWithPacker('committed', committed, (m) => t.diagnostic(m));
  });

  it('de-formatted, heredoc bodies untouched', async (t) => {
    const missing = await packerMissing();
    if (missing) return t.skip(missing);
    const inputs = committed.map((input) => ({ ...input, text: deformat(input.text, false) }));
    await compareWithPacker('de-formatted', inputs, (m) => t.diagnostic(m));
  });

  it('de-formatted as in corpus/README.md, heredoc bodies stripped too', async (t) => {
    const missing = await packerMissing();
    if (missing) return t.skip(missing);
    const inputs = committed.map((input) => ({ ...input, text: deformat(input.text, true) }));
    await compareWithPacker('de-formatted (README)', inputs, (m) => t.diagnostic(m));
  });
});

describe('formatHcl output on the corpus', { skip: SKIP_WITHOUT_SHARED }, () => {
  const inputs = HAS_SHARED
    ? corpusInputs().flatMap((input) => [input, { ...input, name: `${input.name} (de-formatted)`, text: deformat(input.text, true) }])
    : [];

  it('is stable, keeps every token, and is reachable through minimalEdits', (t) => {
    const failures: string[] = [];
    for (const input of inputs) {
      const first = format(input.text);
      if (first.kind === 'refused') {
        failures.push(`${input.name}: refused (${first.reason})`);
        continue;
      }
      const second = format(first.text);
      if (second.kind !== 'formatted' || second.text !== first.text) failures.push(`${input.name}: not idempotent`);
      if (!sameTokens(input.text, first.text)) failures.push(`${input.name}: sameTokens is false`);
      const document = TextDocument.create('file:///x.pkr.hcl', 'packer', 1, input.text);
      if (TextDocument.applyEdits(document, minimalEdits(input.text, first.text)) !== first.text) {
        failures.push(`${input.name}: minimalEdits does not reproduce the output`);
      }
    }
    t.diagnostic(`${inputs.length - failures.length}/${inputs.length} idempotent, token-preserving and edit-reproducible`);
    assert.deepEqual(failures.slice(0, 20), [], `${failures.length} failures`);
  });
});
