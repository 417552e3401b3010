// Golden tests: every captured transcript (plain, colour, timestamps, machine-readable, cancel, PyInfra v2 and v3 in
// both Packer prefix styles) → the event stream in test/fixtures/imageBuilds/golden. UPDATE_GOLDEN=1 rewrites them.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { BuildOutputParser, decodeLine } from '../../../server/src/imageBuilds/outputParser';
import type { BuildEvent } from '../../../protocol';
import { FIXTURES_DIR, transcriptRuns } from './transcripts';

const GOLDEN_DIR = path.join(FIXTURES_DIR, 'golden');

function parse(lines: string[], exitCode: number | null): BuildEvent[] {
  const parser = new BuildOutputParser();
  const events = lines.flatMap((line) => parser.push(line).events);
  events.push(...parser.finish({ exitCode, signal: null, cancelRequested: false, durationMs: 0 }));
  return events;
}

const goldenFile = (name: string) => path.join(GOLDEN_DIR, `${name.replace(/[/#]/g, '__')}.json`);

describe('build output parser: golden event streams', () => {
  const runs = transcriptRuns();
  it('covers every transcript', () => {
    assert.ok(runs.length >= 70, `${runs.length} runs`);
  });
  for (const run of runs) {
    it(run.name, () => {
      const events = parse(run.lines, run.exitCode);
      const file = goldenFile(run.name);
      if (process.env.UPDATE_GOLDEN || !existsSync(file)) {
        mkdirSync(GOLDEN_DIR, { recursive: true });
        writeFileSync(file, `${JSON.stringify(events, null, 1)}\n`);
      }
      assert.deepEqual(events, JSON.parse(readFileSync(file, 'utf8')));
    });
  }
});

describe('build output parser: behaviour', () => {
  const byName = new Map(transcriptRuns().map((run) => [run.name, run]));
  const events = (name: string) => {
    const run = byName.get(name);
    assert.ok(run, name);
    return parse(run.lines, run.exitCode);
  };
  const types = (list: BuildEvent[]) => list.map((event) => event.type);

  it('gives the same structure for plain, colour, timestamped and machine-readable output of one build', () => {
    const structure = (list: BuildEvent[]) =>
      list.filter((event) => event.type !== 'artifact').map((event) => ('source' in event ? `${event.type}:${event.source}` : event.type));
    const plain = structure(events('build_success_nocolor.txt'));
    assert.deepEqual(structure(events('build_success_plain.txt')), plain);
    assert.deepEqual(structure(events('build_success_timestamp.txt')), plain);
    assert.deepEqual(structure(events('build_success_machine.txt')), plain);
  });

  it('takes artifact ids from machine records, and AMI ids from plain summaries', () => {
    const machine = events('build_success_machine.txt').filter((event) => event.type === 'artifact');
    assert.deepEqual(machine.map((event) => event.type === 'artifact' && event.id), ['Null', 'Null']);
    const parser = new BuildOutputParser();
    const plain = [
      "Build 'amazon-ebs.vault' finished after 9 minutes.",
      '',
      '==> Builds finished. The artifacts of successful builds are:',
      '--> amazon-ebs.vault: AMIs were created:',
      'us-east-1: ami-0a1b2c3d4e5f60718',
      '',
    ].flatMap((line) => parser.push(line).events);
    assert.deepEqual(
      plain.filter((event) => event.type === 'artifact'),
      [{ type: 'artifact', source: 'amazon-ebs.vault', id: 'us-east-1:ami-0a1b2c3d4e5f60718', description: 'us-east-1: ami-0a1b2c3d4e5f60718' }],
    );
  });

  it('reads PyInfra v2 and v3 the same way under both Packer prefix styles', () => {
    for (const name of ['pyinfra/v2_fail.stderr', 'pyinfra/v3_fail.stderr']) {
      const old = events(`${name}#packer-1.6`);
      assert.deepEqual(events(`${name}#packer-1.13`), old, `${name}: ≤1.12 and ≥1.13 prefixes`);
      const failed = old.find((event) => event.type === 'operation-host' && event.status === 'error');
      assert.ok(failed?.type === 'operation-host' && failed.operation === 'Will fail' && failed.host === '@local', name);
      assert.ok(failed.output?.includes('about to fail'));
      assert.ok(old.some((event) => event.type === 'pyinfra-error' && event.message === 'pyinfra error: No hosts remaining!'));
    }
  });

  it('recognises cancellation, HCL errors and troubleshooting patterns', () => {
    assert.equal(events('cancel/int-group.txt').at(-1)?.type === 'build-finished' && (events('cancel/int-group.txt').at(-1) as { status: string }).status, 'cancelled');
    assert.ok(types(events('cancel/int-group-machine-readable.txt')).includes('cancelling'));
    const hcl = events('build_errcleanup_abort.txt');
    assert.ok(hcl.some((event) => event.type === 'hint' && event.code === 'hcl-error'));
    const parser = new BuildOutputParser();
    const hints = [
      '==> amazon-ebs.vault: Error launching source instance: UnauthorizedOperation: You are not authorized to perform this operation.',
      '==> amazon-ebs.vault: Timeout waiting for SSH.',
      '==> null.pyinfra: EOFError: EOF when reading a line',
    ].flatMap((line) => parser.push(line).events.filter((event) => event.type === 'hint').map((event) => event.type === 'hint' && event.code));
    assert.deepEqual(hints, ['aws-credentials', 'ssh-timeout', 'pyinfra-prompt']);
    const noArtifact = events('build_fail_onerror_cleanup.txt');
    assert.ok(noArtifact.some((event) => event.type === 'hint' && event.code === 'no-artifact'));
  });

  it('decodes machine-readable escapes and multi-line ui records', () => {
    assert.deepEqual(decodeLine('1795636897,,ui,message,    null.alpha: a line%!(PACKER_COMMA) with'), { lines: [{ text: '    null.alpha: a line, with', level: 'message' }] });
    assert.deepEqual(decodeLine('1,,ui,say,\\n==> Wait completed').lines.map((line) => line.text), ['', '==> Wait completed']);
    assert.deepEqual(decodeLine('12,34,not-a-record,x').lines, [{ text: '12,34,not-a-record,x', level: 'plain' }]);
  });

  it('gives a Python error in a deploy as one error with its cause and the traceback end (PyInfra 3.1.1)', () => {
    for (const [name, message] of [
      ['pyinfra/CONSTRUCTED_v3.1.1_name_error.stderr#packer-1.13', "NameError: name 'OUTPUT_DIR' is not defined"],
      ['pyinfra/CONSTRUCTED_v3.1.1_syntax_error.stderr#packer-1.6', "SyntaxError: '(' was never closed"],
    ] as const) {
      const list = events(name);
      const errors = list.filter((event) => event.type === 'pyinfra-error');
      assert.equal(errors.length, 1, name);
      assert.ok(errors[0]?.type === 'pyinfra-error' && errors[0].message.endsWith(message), name);
      assert.ok(errors[0]?.type === 'pyinfra-error' && errors[0].output?.at(-1) === message, name);
      assert.ok(!list.some((event) => event.type === 'pyinfra-phase' && /traceback|unexpected/.test(event.phase)), `${name}: closing lines are not phases`);
      assert.ok(!list.some((event) => event.type === 'hint' && event.code === 'no-artifact'), `${name}: the error explains the failure`);
    }
  });

  it('keeps a literal backslash-n in machine-readable provisioner lines', () => {
    const list = events('pyinfra/CONSTRUCTED_packer_pyinfra_v3.1.1_backslash_machine.txt');
    const operations = list.filter((event) => event.type === 'operation-started').map((event) => event.type === 'operation-started' && event.operation);
    assert.deepEqual(operations, ['Copy to C:\\new\\table', 'Print a literal backslash-n']);
    const failed = list.find((event) => event.type === 'operation-host' && event.status === 'error');
    assert.deepEqual(failed?.type === 'operation-host' && failed.output, ['printf: a\\nb, c\\rd']);
    assert.deepEqual(decodeLine('1,,ui,say,\\n==> Wait completed').lines.length, 2, 'top-level records still decode newlines');
  });

  it('reads PyInfra 2.x per-host counts as host summaries, not as an operation', () => {
    const list = events('pyinfra/v2_deploy.stderr#packer-1.6');
    assert.ok(!list.some((event) => event.type === 'pyinfra-result' && event.operation.startsWith('[')));
    const summaries = list.filter((event) => event.type === 'pyinfra-host-summary');
    assert.deepEqual(
      summaries.map((event) => event.type === 'pyinfra-host-summary' && [event.stage, event.host, event.changed]),
      [
        ['proposed', '@local', 3],
        ['results', '@local', 3],
      ],
    );
  });

  it('says clearly when pyinfra is missing or its command line is wrong', () => {
    for (const [name, code, text] of [
      ['pyinfra/CONSTRUCTED_packer_pyinfra_not_found.txt', 'pyinfra-missing', 'pyinfra is not installed'],
      ['pyinfra/CONSTRUCTED_packer_pyinfra_usage_error.txt', 'pyinfra-usage', 'No such option: --yes-please'],
    ] as const) {
      const list = events(name);
      const errors = list.filter((event) => event.type === 'pyinfra-error');
      assert.equal(errors.length, 1, name);
      assert.ok(errors[0]?.type === 'pyinfra-error' && errors[0].message.includes(text), name);
      const hints = list.filter((event) => event.type === 'hint').map((event) => event.type === 'hint' && event.code);
      assert.deepEqual(hints, [code], name);
    }
    const bash = new BuildOutputParser();
    bash.push('==> null.demo: Running local shell script: /tmp/packer-shell1');
    const found = bash.push('==> null.demo: /tmp/packer-shell1: line 2: pyinfra: command not found').events;
    assert.ok(found.some((event) => event.type === 'hint' && event.code === 'pyinfra-missing'));
  });

  it('attributes two hosts separately and reads the results table by its columns', () => {
    const list = events('pyinfra/v3.1.1_two_hosts_onefails.stderr#packer-1.13');
    const failed = list.filter((event) => event.type === 'operation-host' && event.status === 'error');
    assert.deepEqual(
      failed.map((event) => event.type === 'operation-host' && [event.operation, event.host, event.output]),
      [['Maybe fail on one host', '127.0.0.1', ['about to fail', 'err-line']]],
    );
    const row = list.find((event) => event.type === 'pyinfra-result' && event.operation === 'Ensure marker line');
    assert.deepEqual(row, { type: 'pyinfra-result', source: 'null.pyinfra', operation: 'Ensure marker line', hosts: 2, success: 0, error: 1, noChange: 1 });
    const parser = new BuildOutputParser();
    const reordered = [
      '==> null.a: --> Results:',
      '==> null.a:     Operation   Hosts   Changed   No Change   Error',
      '==> null.a:     Say hello   1       1         -           -',
    ].flatMap((line) => parser.push(line).events.filter((event) => event.type === 'pyinfra-result'));
    assert.deepEqual(reordered, [{ type: 'pyinfra-result', source: 'null.a', operation: 'Say hello', hosts: 1, success: 1, error: 0, noChange: 0 }]);
  });

  it('keeps the --diff lines of a changed file with its operation', () => {
    const list = events('pyinfra/CONSTRUCTED_v3.1.1_diff.stderr#packer-1.13');
    const motd = list.find((event) => event.type === 'operation-host' && event.operation === 'Upload motd');
    assert.deepEqual(motd?.type === 'operation-host' && motd.output, ['  - Welcome to the old image', '  + Welcome to the demo image']);
  });
});
