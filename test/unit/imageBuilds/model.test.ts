// Build events → records and tree nodes (client/src/build/model.ts is free of `vscode`, so it runs here).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addToHistory, applyEvent, buildNode, HISTORY_LIMIT, newRecord, restoreHistory, storableRequest } from '../../../client/src/imageBuilds/model';
import type { BuildRecord, TreeNodeModel } from '../../../client/src/imageBuilds/model';
import { BuildOutputParser } from '../../../server/src/imageBuilds/outputParser';
import type { BuildEvent } from '../../../protocol';
import { transcriptRuns } from './transcripts';

function recordFrom(name: string): BuildRecord {
  const run = transcriptRuns().find((candidate) => candidate.name === name)!;
  const parser = new BuildOutputParser();
  const events: BuildEvent[] = run.lines.flatMap((line) => parser.push(line).events);
  events.push(...parser.finish({ exitCode: run.exitCode, signal: null, cancelRequested: false, durationMs: 1500 }));
  const record = newRecord('b1', { templateDir: '/w/images', label: 'vault' }, 'packer build .', '/tmp/b1.log', 0);
  for (const event of events) applyEvent(record, event);
  return record;
}

/** `icon label (description)` per node, indented by depth: the tree as a user reads it. */
function render(node: TreeNodeModel, depth = 0): string[] {
  const line = `${'  '.repeat(depth)}${node.icon} ${node.label}${node.description ? ` (${node.description})` : ''}`;
  return [line, ...node.children.flatMap((child) => render(child, depth + 1))];
}

describe('build tree model', () => {
  it('shows build → source → provisioners → PyInfra operations with per-host status → hints, for a failed AMI build', () => {
    const record = recordFrom('pyinfra/CONSTRUCTED_olinfra_amazon-ebs_pyinfra3.txt#failing');
    assert.equal(record.status, 'failed');
    const tree = buildNode(record, 0);
    assert.equal(tree.contextValue, 'build-finished');
    const lines = render(tree);
    assert.match(lines[0]!, /^error vault \(failed · 2 s · /);
    assert.deepEqual(lines.slice(1), [
      '  error amazon-ebs.third-party (failed · 3 minutes 12 seconds)',
      '    pass provisioner 1: shell-local (/build/temp/packer-shell1234567890)',
      '    error provisioner 2: shell-local (/build/temp/packer-shell2345678901)',
      '      pass Install baseline requirements | Install baseline packages for Debian based hosts (10.20.30.40: Success)',
      '        pass [10.20.30.40] Success',
      '      pass Install Caddy | Create system user for Caddy (10.20.30.40: Success)',
      '        pass [10.20.30.40] Success',
      '      dash Install Caddy | Create Caddy configuration directory (10.20.30.40: No changes)',
      '        dash [10.20.30.40] No changes',
      '      error Install Caddy | Install Caddy from APT (10.20.30.40: Error)',
      '        error [10.20.30.40] Error (Error: executed 0 commands)',
      '          output E: Unable to locate package caddy',
      '      error pyinfra error: No hosts remaining!',
    ]);
  });

  it('lists artifacts under their source, once, with the id to copy', () => {
    const record = recordFrom('build_success_machine.txt');
    assert.equal(record.status, 'succeeded');
    const source = buildNode(record).children.find((node) => node.contextValue === 'source')!;
    const artifacts = source.children.filter((node) => node.contextValue === 'artifact');
    assert.deepEqual(artifacts.map((node) => [node.label, node.artifactId]), [['Null', 'Null']]);
    assert.deepEqual(source.children.filter((node) => node.contextValue === 'step').map((node) => node.label), [
      'provisioner 1: shell-local',
      'provisioner 2: shell-local',
      'post-processor 3: shell-local',
    ]);
  });

  it('marks a running build, then a cancelled one', () => {
    const record = newRecord('b2', { templateDir: '/w', label: 'caddy' }, 'packer build .', '/tmp/b2.log', 0);
    applyEvent(record, { type: 'source-started', source: 'null.a' });
    applyEvent(record, { type: 'step-started', source: 'null.a', index: 0, kind: 'provisioner', provisioner: 'shell-local', detail: 'x' });
    applyEvent(record, { type: 'pyinfra-phase', source: 'null.a', phase: 'Connecting to hosts...' });
    let tree = buildNode(record, 65_000);
    assert.equal(tree.contextValue, 'build-running');
    assert.match(tree.description!, /^running · 1 min 5 s/);
    assert.equal(tree.children[0]!.children[0]!.description, 'Connecting to hosts...');
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

  it('caps operations per provisioner so a runaway build cannot grow the tree without bound', () => {
    const record = newRecord('b3', { templateDir: '/w' }, 'c', 'l', 0);
    applyEvent(record, { type: 'step-started', source: 's', index: 0, kind: 'provisioner', provisioner: 'shell-local', detail: '' });
    for (let i = 0; i < 2000; i++) applyEvent(record, { type: 'operation-started', source: 's', operation: `op ${i}` });
    const step = record.sources[0]!.steps[0]!;
    assert.equal(step.operations.length, 500);
    assert.equal(step.droppedOperations, 1500);
    assert.equal(buildNode(record).children[0]!.children[0]!.children[0]!.label, '… 1500 earlier operations (see the log)');
  });
});
