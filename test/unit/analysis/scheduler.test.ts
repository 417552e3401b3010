// The analysis scheduler: one analysis per burst of changes, large documents after a pause in typing, and no stale
// result published when the text changed between an analysis' two steps.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import { AnalysisScheduler, STORM_REFRESH_MS, analysisDelayMs } from '../../../server/src/analysis/scheduler';
import { DiagnosticsStore } from '../../../server/src/diagnostics/store';
import type { LanguageServices } from '../../../server/src/languages/service';
import type { Logger } from '../../../server/src/logger';
import { createParsers } from '../../../server/src/parsing/treeSitter';
import type { Parsers } from '../../../server/src/parsing/treeSitter';
import { OpenDocuments } from '../../../server/src/workspace/openDocuments';

const silent = { info() {}, warn() {}, error() {}, debug() {} } as unknown as Logger;
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('AnalysisScheduler', () => {
  let parsers: Parsers;
  before(async () => {
    parsers = await createParsers();
  });
  after(() => undefined);

  const setup = () => {
    const documents = new OpenDocuments(parsers);
    const published: { uri: string; version: number | undefined }[] = [];
    const store = new DiagnosticsStore({ publish: (uri, _list: Diagnostic[], version) => published.push({ uri, version }) });
    const diagnosed: number[] = [];
    const services: LanguageServices = {
      packer: {
        diagnose: (snapshot) => {
          diagnosed.push(snapshot.document.version);
          return [];
        },
      },
    } as LanguageServices;
    const scheduler = new AnalysisScheduler(documents, store, silent, () => services);
    const dispose = () => {
      scheduler.dispose();
      documents.dispose();
    };
    return { documents, scheduler, published, diagnosed, dispose };
  };

  it('waits longer for larger documents, never for small ones, and at most 750 ms', () => {
    assert.equal(analysisDelayMs(0), 0);
    assert.equal(analysisDelayMs(64 * 1024), 0);
    assert.ok(analysisDelayMs(1024 * 1024) > analysisDelayMs(128 * 1024));
    assert.ok(analysisDelayMs(128 * 1024) > 0);
    assert.equal(analysisDelayMs(4 * 1024 * 1024), 750);
  });

  it('analyses a small document once per burst of changes, within three turns, against the newest version', async () => {
    const { documents, scheduler, published, diagnosed, dispose } = setup();
    try {
      const uri = 'file:///w/a.pkr.hcl';
      documents.open(uri, 'packer', 1, 'variable "a" {}\n');
      scheduler.schedule(uri);
      documents.change(uri, 2, [{ text: 'variable "b" {}\n' }]);
      scheduler.schedule(uri);
      // One turn for changes already queued, one to parse and check the syntax, one for the configuration-wide checks.
      await nextTurn();
      await nextTurn();
      await nextTurn();
      assert.deepEqual(diagnosed, [2]);
      assert.deepEqual(published, [{ uri, version: 2 }]);
    } finally {
      dispose();
    }
  });

  it('analyses a large document once typing pauses, and publishes nothing for text that changed mid-analysis', async () => {
    const { documents, scheduler, published, diagnosed, dispose } = setup();
    try {
      const uri = 'file:///w/big.pkr.hcl';
      const block = (i: number) => `variable "v${i}" {\n  default = "${'x'.repeat(40)}"\n}\n`;
      let text = '';
      for (let i = 0; text.length < 200 * 1024; i++) text += block(i);
      documents.open(uri, 'packer', 1, text);
      scheduler.schedule(uri);
      await nextTurn();
      assert.deepEqual(diagnosed, [], 'a large document is not analysed on the next turn');
      documents.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edit\n' }]);
      scheduler.schedule(uri);
      // Poll (no fixed wait): the debounce delay is an implementation detail.
      for (let waited = 0; published.length === 0 && waited < 5000; waited += 10) await sleep(10);
      assert.deepEqual(diagnosed, [2]);
      assert.deepEqual(published, [{ uri, version: 2 }]);

      // A change between the syntax step and the configuration step: the old snapshot is dropped.
      published.length = 0;
      diagnosed.length = 0;
      (scheduler as unknown as { run(uri: string): void }).run(uri);
      documents.change(uri, 3, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '#\n' }]);
      await nextTurn();
      assert.deepEqual(diagnosed, []);
      assert.deepEqual(published, []);
    } finally {
      dispose();
    }
  });

  it('keeps a large document\'s analysis in steps however long the typing before it went on', async () => {
    const { documents, scheduler, published, dispose } = setup();
    const steps: (boolean | undefined)[] = [];
    const internals = scheduler as unknown as { run(uri: string, inOneStep?: boolean): void };
    const run = internals.run.bind(scheduler);
    internals.run = (uri, inOneStep) => (steps.push(inOneStep), run(uri, inOneStep));
    try {
      const uri = 'file:///w/typed-long.pkr.hcl';
      let text = '';
      for (let i = 0; text.length < 200 * 1024; i++) text += `variable "v${i}" {\n  default = "${'x'.repeat(40)}"\n}\n`;
      documents.open(uri, 'packer', 1, text);
      // Typing for longer than the storm refresh: each keystroke restarts the large document's pause.
      const typingUntil = performance.now() + STORM_REFRESH_MS * 1.5;
      for (let version = 2; performance.now() < typingUntil; version++) {
        documents.change(uri, version, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '#' }]);
        scheduler.schedule(uri);
        await sleep(10);
      }
      for (let waited = 0; published.length === 0 && waited < 5000; waited += 10) await sleep(10);
      // A loaded machine may let the pause elapse mid-typing too; whatever ran, none ran as a storm refresh.
      assert.ok(steps.length >= 1);
      assert.ok(steps.every((inOneStep) => inOneStep === false), 'syntax, then a turn, then the configuration-wide checks');
    } finally {
      internals.run = run;
      dispose();
    }
  });

  it('reparses slow half-typed text in slices, with turns for other work in between, to the right tree', async () => {
    const { documents, scheduler, diagnosed, dispose } = setup();
    try {
      const uri = 'file:///w/slow.pkr.hcl';
      // Uncommenting the last line leaves a name followed by a long run of blanks: tree-sitter's slowest recovery.
      const text = `source "null" "x" {\n  a = 1\n}\n#name${' '.repeat(1500)}\n`;
      documents.open(uri, 'packer', 1, text);
      assert.ok(documents.tree(uri));
      documents.change(uri, 2, [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 1 } }, text: '' }]);
      scheduler.schedule(uri);
      let turns = 0;
      while (diagnosed.length === 0 && turns < 1_000_000) {
        await nextTurn();
        turns++;
      }
      assert.deepEqual(diagnosed, [2]);
      assert.ok(turns > 4, `the reparse gave way ${turns - 3} times`);
      const whole = parsers.hcl.parse(documents.get(uri)!.document.getText());
      assert.equal(documents.tree(uri)!.rootNode.toString(), whole.rootNode.toString());
      whole.delete();
    } finally {
      dispose();
    }
  });

  it('lets a client message that arrived during a step be dispatched before the next step', async () => {
    const documents = new OpenDocuments(parsers);
    let lastArrival = Number.NEGATIVE_INFINITY;
    const order: string[] = [];
    const services = { packer: { diagnose: () => (order.push('analysis'), []) } } as unknown as LanguageServices;
    const store = new DiagnosticsStore({ publish: () => undefined });
    const scheduler = new AnalysisScheduler(documents, store, silent, () => services, () => lastArrival);
    try {
      const uri = 'file:///w/request.pkr.hcl';
      documents.open(uri, 'packer', 1, 'variable "a" {}\n');
      scheduler.schedule(uri);
      // A request reaches the connection on every turn for a while, as the connection would queue it: the analysis waits.
      for (let turn = 0; turn < 5; turn++) {
        lastArrival = performance.now();
        setImmediate(() => order.push('request'));
        await nextTurn();
      }
      for (let turn = 0; turn < 5 && !order.includes('analysis'); turn++) await nextTurn();
      assert.deepEqual(order, ['request', 'request', 'request', 'request', 'request', 'analysis']);
    } finally {
      scheduler.dispose();
      documents.dispose();
    }
  });

  it('holds analysis while changes keep coming on every turn, then analyses only the newest text once', async () => {
    const { documents, scheduler, published, diagnosed, dispose } = setup();
    try {
      const uri = 'file:///w/storm.pkr.hcl';
      documents.open(uri, 'packer', 1, 'variable "a" {}\n');
      scheduler.schedule(uri);
      // One change per turn, as the connection hands over one queued message per turn: a full-text sync storm.
      for (let version = 2; version <= 40; version++) {
        documents.change(uri, version, [{ text: `variable "v${version}" {}\n` }]);
        scheduler.schedule(uri);
        await nextTurn();
      }
      for (let waited = 0; published.length === 0 && waited < 2000; waited += 5) await sleep(5);
      assert.deepEqual(diagnosed, [40]);
      assert.equal(scheduler.waiting, 0);
    } finally {
      dispose();
    }
  });

  it('still refreshes during a storm that never pauses, at most every few hundred milliseconds', async () => {
    const { documents, scheduler, diagnosed, dispose } = setup();
    try {
      const uri = 'file:///w/endless.pkr.hcl';
      documents.open(uri, 'packer', 1, 'variable "a" {}\n');
      let version = 1;
      const stormUntil = performance.now() + STORM_REFRESH_MS * 3;
      while (performance.now() < stormUntil) {
        version++;
        documents.change(uri, version, [{ text: `variable "v${version}" {}\n` }]);
        scheduler.schedule(uri);
        await nextTurn();
      }
      assert.ok(diagnosed.length >= 1, 'diagnostics refreshed during the storm');
      assert.ok(diagnosed.length < version / 4, `analysed ${diagnosed.length} of ${version} versions`);
    } finally {
      dispose();
    }
  });
});
