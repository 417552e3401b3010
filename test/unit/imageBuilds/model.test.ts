// Build events → records (client/src/imageBuilds/model.ts) → tree rows (tree.ts); both are free of `vscode`, so the
// view a person reads is checked here, row by row.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addToHistory, applyEvent, formatDuration, HISTORY_LIMIT, newRecord, parsePackerDuration, restoreHistory, storableRequest } from '../../../client/src/imageBuilds/model';
import type { BuildRecord } from '../../../client/src/imageBuilds/model';
import { buildNode, currentNode, describeStepDetail, indexTree } from '../../../client/src/imageBuilds/tree';
import type { TreeNodeModel } from '../../../client/src/imageBuilds/tree';
import { BuildOutputParser } from '../../../server/src/imageBuilds/outputParser';
import type { BuildEvent } from '../../../protocol';
import { transcriptRuns } from './transcripts';

/** Replays a transcript, half a second per line, up to `cut` lines (a build still running) or to its end. */
function recordFrom(name: string, cut = Infinity): { record: BuildRecord; now: number } {
  const run = transcriptRuns().find((candidate) => candidate.name === name)!;
  assert.ok(run, name);
  const parser = new BuildOutputParser();
  const record = newRecord('b1', { templateDir: '/w/images', label: 'vault' }, 'packer build .', '/tmp/b1.log', 0);
  let now = 0;
  for (const line of run.lines.slice(0, cut)) {
    now += 500;
    for (const event of parser.push(line).events) applyEvent(record, event, now);
  }
  if (cut >= run.lines.length) {
    for (const event of parser.finish({ exitCode: run.exitCode, signal: null, cancelRequested: false, durationMs: now })) applyEvent(record, event, now);
  }
  return { record, now };
}

/** `▾ icon label (description)` per row, indented by depth, open or closed: the tree as a person reads it. */
function render(node: TreeNodeModel, depth = 0): string[] {
  const line = `${'  '.repeat(depth)}${node.children.length ? (node.expanded ? '▾ ' : '▸ ') : ''}${node.icon} ${node.label}${node.description ? ` (${node.description})` : ''}`;
  return [line, ...node.children.flatMap((child) => render(child, depth + 1))];
}

describe('build tree', () => {
  it('opens a failed build down to the failing operation, its host, output lines and hint; the rest is one line each', () => {
    const { record, now } = recordFrom('pyinfra/CONSTRUCTED_olinfra_amazon-ebs_pyinfra3.txt#failing');
    assert.equal(record.status, 'failed');
    const lines = render(buildNode(record, now));
    assert.match(lines[0]!, /^▾ error vault \(failed · 27 s · /);
    assert.deepEqual(lines.slice(1), [
      '  ▾ error amazon-ebs.third-party (failed · 3 min 12 s)',
      '    pass provisioner 1: shell-local (0.5 s)',
      '    ▾ error provisioner 2: shell-local (failed · 14 s · 2 changed · 1 no change · 1 error)',
      '      pass Install baseline requirements | Install baseline packages for Debian based hosts (0.5 s)',
      '      pass Install Caddy | Create system user for Caddy (0.5 s)',
      '      dash Install Caddy | Create Caddy configuration directory (no change · 0.5 s)',
      '      ▾ error Install Caddy | Install Caddy from APT (failed on 10.20.30.40: Error: executed 0 commands · 1.0 s)',
      '        output E: Unable to locate package caddy',
      '      error pyinfra error: No hosts remaining!',
    ]);
    assert.ok(!lines.some((line) => /packer-shell|\d+ seconds/.test(line)), 'no temporary paths, one duration format');
  });

  it('shows hosts as children only when there are several, the failing one open with its output', () => {
    const { record, now } = recordFrom('pyinfra/v3.1.1_two_hosts_onefails.stderr#packer-1.13');
    const lines = render(buildNode(record, now));
    const failing = lines.findIndex((line) => line.includes('Maybe fail on one host'));
    assert.deepEqual(lines.slice(failing, failing + 5), [
      '      ▾ error Maybe fail on one host (1 changed, 1 failed · 3.0 s)',
      '        pass @local (changed)',
      '        ▾ error 127.0.0.1 (failed · Error: executed 0 commands)',
      '          output about to fail',
      '          output err-line',
    ]);
    assert.match(lines[2]!, /failed · \d+ s · 9 changed · 1 no change · 2 errors/);
    const single = render(buildNode(recordFrom('pyinfra/packer_pyinfra_v3.1.1_success.txt').record));
    assert.ok(!single.some((line) => line.includes('@local')), 'one host: no host rows');
  });

  it('shows a Python error of the deploy as one failure with the traceback end, and a missing pyinfra with its hint', () => {
    const nameError = render(buildNode(recordFrom('pyinfra/CONSTRUCTED_v3.1.1_name_error.stderr#packer-1.13').record));
    const error = nameError.findIndex((line) => line.includes('NameError'));
    assert.match(nameError[error]!, /▾ error An internal exception occurred \(.*deploy_nameerror\.py line 9\): NameError: name 'OUTPUT_DIR' is not defined/);
    assert.equal(nameError[error + 4]!.trim(), "output NameError: name 'OUTPUT_DIR' is not defined");
    const missing = render(buildNode(recordFrom('pyinfra/CONSTRUCTED_packer_pyinfra_not_found.txt').record));
    assert.deepEqual(missing.slice(-2).map((line) => line.trim().split(' ').slice(0, 5).join(' ')), [
      'error pyinfra is not installed',
      'lightbulb PyInfra is not installed',
    ]);
  });

  it('follows a running build: the operation in progress is the current row, the path to it open', () => {
    const { record, now } = recordFrom('pyinfra/packer_pyinfra_v3.1.1_success.txt', 22);
    const tree = buildNode(record, now);
    assert.equal(tree.contextValue, 'build-running');
    const current = currentNode(tree);
    assert.equal(current?.label, 'Render app.conf');
    assert.equal(current?.icon, 'sync~spin');
    assert.match(current!.description!, /^running · /);
    const parents = indexTree(tree);
    const path: TreeNodeModel[] = [];
    for (let at = parents.get(current!.id); at; at = parents.get(at.id)) path.push(at);
    assert.deepEqual(path.map((node) => [node.contextValue, node.expanded]), [['step', true], ['source', true], ['build-running', true]]);
    const finished = buildNode(recordFrom('pyinfra/packer_pyinfra_v3.1.1_success.txt').record);
    assert.equal(finished.expanded, false, 'a build that succeeded folds to one line');
    assert.equal(currentNode(finished), undefined);
  });

  it('lists artifacts last under their source, with the id to copy', () => {
    const { record } = recordFrom('build_success_machine.txt');
    const source = buildNode(record).children.find((node) => node.contextValue === 'source')!;
    assert.equal(source.children.at(-1)?.contextValue, 'artifact');
    assert.deepEqual(source.children.filter((node) => node.contextValue === 'artifact').map((node) => [node.label, node.artifactId]), [['Null', 'Null']]);
    assert.deepEqual(source.children.filter((node) => node.contextValue === 'step').map((node) => node.label), [
      'provisioner 1: shell-local',
      'provisioner 2: shell-local scripts/provision.sh',
      'post-processor 3: shell-local',
    ]);
  });

  it('keeps the output line of each step and operation, for scrolling the output to it', () => {
    const record = newRecord('b4', { templateDir: '/w' }, 'c', 'l', 0);
    const events: BuildEvent[] = [
      { type: 'source-started', source: 's', line: 3 },
      { type: 'step-started', source: 's', index: 0, kind: 'provisioner', provisioner: 'shell-local', detail: '/tmp/packer-shell1', line: 4 },
      { type: 'operation-started', source: 's', operation: 'Say hello', line: 12 },
    ];
    for (const event of events) applyEvent(record, event, 0);
    const step = buildNode(record, 0).children[0]!.children[0]!;
    assert.deepEqual([step.line, step.children[0]!.line], [4, 12]);
  });
});

describe('build records', () => {
  it('marks a running build, then a cancelled one', () => {
    const record = newRecord('b2', { templateDir: '/w', label: 'caddy' }, 'packer build .', '/tmp/b2.log', 0);
    applyEvent(record, { type: 'source-started', source: 'null.a' }, 0);
    applyEvent(record, { type: 'step-started', source: 'null.a', index: 0, kind: 'provisioner', provisioner: 'shell-local', detail: 'x' }, 0);
    applyEvent(record, { type: 'pyinfra-phase', source: 'null.a', phase: 'Connecting to hosts...' }, 0);
    let tree = buildNode(record, 65_000);
    assert.equal(tree.contextValue, 'build-running');
    assert.match(tree.description!, /^running · 1 min 5 s/);
    assert.equal(tree.children[0]!.children[0]!.description, 'Connecting to hosts… · 1 min 5 s');
    applyEvent(record, { type: 'cancelling' });
    assert.match(buildNode(record, 0).description!, /^cancelling/);
    applyEvent(record, { type: 'build-finished', status: 'cancelled', exitCode: 1, signal: null, durationMs: 2000 });
    tree = buildNode(record);
    assert.deepEqual([tree.icon, tree.children[0]!.icon, tree.children[0]!.children[0]!.icon], ['circle-slash', 'circle-slash', 'circle-slash']);
  });

  it('keeps the history to 20 without secrets, and closes builds a reload interrupted', () => {
    const request = { templateDir: '/w', vars: { app_name: 'vault', db_password: 'pw-1234' }, sensitive: ['db_password'] };
    assert.deepEqual(storableRequest(request).vars, { app_name: 'vault' });
    assert.ok(!JSON.stringify(newRecord('x', request, 'c', 'l')).includes('pw-1234'));
    let history: BuildRecord[] = [];
    for (let i = 0; i < 25; i++) history = addToHistory(history, newRecord(`b${i}`, { templateDir: '/w' }, 'c', 'l', i));
    assert.equal(history.length, HISTORY_LIMIT);
    assert.equal(history[0]!.id, 'b24');
    const restored = restoreHistory(JSON.parse(JSON.stringify(history)));
    assert.equal(restored[0]!.status, 'cancelled');
    assert.match(restored[0]!.errors.at(-1)!, /interrupted/);
    assert.deepEqual(restoreHistory('garbage'), []);
  });

  it('reads history written before step errors carried output', () => {
    const old = { ...newRecord('old', { templateDir: '/w' }, 'c', 'l', 0), status: 'failed' };
    const stored = JSON.parse(JSON.stringify(old));
    stored.sources = [{ name: 's', status: 'failed', steps: [{ index: 0, kind: 'provisioner', provisioner: 'shell-local', detail: '', status: 'failed', operations: [], droppedOperations: 0, errors: ['boom'] }], artifacts: [], hints: [], hosts: [] }];
    const [restored] = restoreHistory([stored]);
    assert.deepEqual(restored!.sources[0]!.steps[0]!.errors, [{ message: 'boom' }]);
    assert.ok(render(buildNode(restored!)).some((line) => line.includes('error boom')));
  });

  it('caps operations per provisioner so a runaway build cannot grow the tree without bound', () => {
    const record = newRecord('b3', { templateDir: '/w' }, 'c', 'l', 0);
    applyEvent(record, { type: 'step-started', source: 's', index: 0, kind: 'provisioner', provisioner: 'shell-local', detail: '' });
    for (let i = 0; i < 2000; i++) applyEvent(record, { type: 'operation-started', source: 's', operation: `op ${i}` });
    const step = record.sources[0]!.steps[0]!;
    assert.equal(step.operations.length, 500);
    assert.equal(step.droppedOperations, 1500);
    assert.equal(buildNode(record).children[0]!.children[0]!.children[0]!.label, '… 1500 earlier operations (see the output)');
  });

  it('says every duration one way, Packer’s included', () => {
    assert.deepEqual([400, 12_400, 192_000, 3_840_000].map(formatDuration), ['0.4 s', '12 s', '3 min 12 s', '1 h 4 min']);
    assert.equal(parsePackerDuration('12 seconds 615 milliseconds'), 12_615);
    assert.equal(parsePackerDuration('3 minutes 12 seconds'), 192_000);
    assert.equal(parsePackerDuration('soon'), undefined);
    assert.equal(describeStepDetail({ detail: '/tmp/packer-shell368469999', provisioner: 'shell-local' }), undefined);
    assert.equal(describeStepDetail({ detail: '/build/temp/packer-shell1', provisioner: 'shell-local' }), undefined);
    assert.equal(describeStepDetail({ detail: './scripts/setup.sh', provisioner: 'shell' }), 'setup.sh');
  });
});
