import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import { DiagnosticsStore } from '../../../server/src/diagnostics/store';

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
});
