import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import { DiagnosticsStore, MAX_DIAGNOSTICS_PER_FILE } from '../../../server/src/diagnostics/store';

const at = (line: number, message: string, code: string, source = 'bilder'): Diagnostic => ({
  range: { start: { line, character: 0 }, end: { line, character: 1 } },
  message,
  code,
  source,
});

describe('DiagnosticsStore', () => {
  it('merges layers, drops duplicates across them and disabled codes, and stamps the version', () => {
    const published: { uri: string; diagnostics: Diagnostic[]; version: number | undefined }[] = [];
    const store = new DiagnosticsStore({ publish: (uri, diagnostics, version) => published.push({ uri, diagnostics, version }) }, ['schema']);
    store.set('u', 'analysis', [at(1, 'Unsupported argument', 'reference/x'), at(2, 'unknown', 'schema/unknown-attribute')], 4);
    store.set('u', 'packer', [at(1, 'Unsupported argument', 'packer/unsupported-argument', 'packer validate'), at(3, 'other', 'packer/other')], 4);
    const last = published.at(-1)!;
    assert.equal(last.version, 4);
    assert.deepEqual(last.diagnostics.map((d) => d.code), ['reference/x', 'packer/other']);
    store.setDisabled([]);
    assert.equal(store.get('u').length, 3);
    store.clear('u');
    assert.deepEqual(published.at(-1)!.diagnostics, []);
  });

  it('publishes at most the cap per file, then one summary that counts the rest and names the next one', () => {
    const published: Diagnostic[][] = [];
    const store = new DiagnosticsStore({ publish: (_uri, diagnostics) => published.push(diagnostics) });
    const many = Array.from({ length: 50_001 }, (_, i) => at(i, `problem ${i}`, 'syntax/x'));
    store.set('u', 'analysis', many, 1);
    const shown = published.at(-1)!;
    assert.equal(shown.length, MAX_DIAGNOSTICS_PER_FILE + 1);
    const summary = shown.at(-1)!;
    assert.equal(summary.code, 'bilder/too-many-diagnostics');
    assert.match(String(summary.message), new RegExp(`^${50_001 - MAX_DIAGNOSTICS_PER_FILE} more problems in this file are not shown .*line ${MAX_DIAGNOSTICS_PER_FILE + 1}: problem ${MAX_DIAGNOSTICS_PER_FILE}$`));
    store.setDisabled(['syntax']);
    assert.deepEqual(published.at(-1), [], 'disabled codes do not count toward the cap');
  });

  it('clearing a file that never showed anything publishes nothing', () => {
    const published: string[] = [];
    const store = new DiagnosticsStore({ publish: (uri) => published.push(uri) });
    store.clear('never-analysed');
    assert.deepEqual(published, []);
    store.set('u', 'analysis', [at(1, 'x', 'syntax/x')], 1);
    store.clear('u');
    assert.deepEqual(published, ['u', 'u']);
  });
});
