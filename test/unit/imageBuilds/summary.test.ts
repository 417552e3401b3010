import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BuildSummary } from '../../../server/src/imageBuilds/summary';
import type { BuildEvent } from '../../../protocol';

const hostError = (index: number): BuildEvent =>
  ({ type: 'operation-host', source: 'null.pyinfra', host: `host-${index}`, operation: 'apt.packages', status: 'error', detail: 'E' }) as BuildEvent;

describe('build summary', () => {
  it('lists every line of a short build', () => {
    const summary = new BuildSummary(3);
    summary.add(hostError(1));
    summary.add({ type: 'log', lines: ['not summarised'] } as BuildEvent);
    summary.add({ type: 'build-finished', status: 'failed', exitCode: 1, signal: null, durationMs: 1500 } as BuildEvent);
    assert.deepEqual(summary.lines(), ['✖ null.pyinfra: [host-1] apt.packages: E', '✖ build failed in 1.5 s']);
  });

  it('keeps the beginning and the end of an endless one and counts the rest', () => {
    const summary = new BuildSummary(3);
    for (let index = 0; index < 100_000; index++) summary.add(hostError(index));
    summary.add({ type: 'build-finished', status: 'failed', exitCode: 1, signal: null, durationMs: 1000 } as BuildEvent);
    const lines = summary.lines();
    assert.equal(lines.length, 7);
    assert.deepEqual(lines.slice(0, 3).map((line) => /host-(\d+)/.exec(line)?.[1]), ['0', '1', '2']);
    assert.equal(lines[3], '… 99995 more (see the log)');
    assert.deepEqual(lines.slice(4), ['✖ null.pyinfra: [host-99998] apt.packages: E', '✖ null.pyinfra: [host-99999] apt.packages: E', '✖ build failed in 1.0 s']);
  });
});
