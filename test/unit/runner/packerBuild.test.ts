// The runner and session against the real Packer (1.6.6 in CI): a `null` source with `communicator = "none"` whose
// shell-local provisioners replay captured PyInfra output. Skipped when packer is not installed.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { BuildSession } from '../../../server/src/imageBuilds/session';
import type { BuildEvent, BuildRequest } from '../../../protocol';
import { displayCommand, packerBuildArgs } from '../../../server/src/runner/packerBuild';
import { liveGroupMembers } from '../../helpers/processes';
import { FIXTURES_DIR } from '../imageBuilds/transcripts';
import { HAS_PACKER, PACKER } from '../../helpers/packer';

const TEMPLATE = path.join(FIXTURES_DIR, 'templates', 'replay');
const SKIP = HAS_PACKER ? false : `${PACKER} not found (apt-get install packer)`;

const storage = mkdtempSync(path.join(os.tmpdir(), 'bilder-build-test-'));
after(() => rmSync(storage, { recursive: true, force: true }));

/** Live members of a process group, named so a failure shows what survived. */
function groupMembers(pgid: number): string[] {
  return liveGroupMembers(pgid).map((member) => `${member.pid} (${member.name})`);
}

interface Run {
  events: BuildEvent[];
  final: Extract<BuildEvent, { type: 'build-finished' }>;
  session: BuildSession;
}

async function build(
  vars: Record<string, string>,
  options: { onEvent?: (event: BuildEvent, session: BuildSession) => void; packerPath?: string } = {},
): Promise<Run> {
  const events: BuildEvent[] = [];
  const request: BuildRequest = { templateDir: TEMPLATE, vars, storageDir: storage, label: 'replay' };
  const session: BuildSession = new BuildSession({
    id: `test-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
    request,
    packerPath: options.packerPath ?? PACKER,
    env: { BILDER_REAL_PACKER: PACKER },
    cancelTimeouts: { interruptMs: 5000, terminateMs: 2000 },
    emit: (batch) => {
      for (const event of batch) {
        events.push(event);
        options.onEvent?.(event, session);
      }
    },
  });
  const final = await session.run();
  return { events, final, session };
}

const structural = (events: BuildEvent[]) => events.filter((event) => event.type !== 'log' && event.type !== 'build-started');

describe('packer build arguments', () => {
  it('builds the argument list and a copy-pasteable command line', () => {
    const args = packerBuildArgs({ vars: { app_name: 'vault', note: "it's" }, varFiles: ['prod.pkrvars.hcl'], only: ['amazon-ebs.third-party'] });
    assert.deepEqual(args, ['build', '-machine-readable', '-var-file=prod.pkrvars.hcl', '-var', 'app_name=vault', '-var', "note=it's", '-only=amazon-ebs.third-party', '.']);
    assert.equal(displayCommand('packer', ['-var', "note=it's"]), `packer -var 'note=it'\\''s'`);
  });
});

describe('packer build with the real Packer', { skip: SKIP }, () => {
  it('streams a successful PyInfra v3 build as events, in order', async () => {
    const { events, final } = await build({});
    assert.equal(final.status, 'succeeded');
    assert.equal(final.exitCode, 0);
    const kinds = structural(events).map((event) => event.type);
    assert.equal(kinds[0], 'source-started');
    assert.equal(kinds.at(-1), 'build-finished');
    const steps = events.filter((event) => event.type === 'step-started');
    assert.equal(steps.length, 2, 'two shell-local provisioners, in order');
    const operations = events.flatMap((event) => (event.type === 'operation-host' ? [`${event.operation}=${event.status}`] : []));
    assert.deepEqual(operations, ['Ensure work dir exists=success', 'Upload motd=success', 'Say hello=success']);
    const results = events.filter((event) => event.type === 'pyinfra-result').map((event) => event.type === 'pyinfra-result' && event.operation);
    assert.deepEqual(results, ['Ensure work dir exists', 'Upload motd', 'Say hello']);
    assert.ok(events.some((event) => event.type === 'artifact' && event.id === 'Null'));
    const logged = events.flatMap((event) => (event.type === 'log' ? event.lines : []));
    assert.ok(logged.includes('    null.pyinfra: first provisioner ok'), 'human-readable log lines, decoded from -machine-readable');
    assert.ok(logged.every((line) => !line.includes('\x1b')));
  });

  it('reports a failing provisioner with its PyInfra error', async () => {
    const { events, final } = await build({ replay: 'v3_fail.stderr', fail: 'true' });
    assert.equal(final.status, 'failed');
    assert.equal(final.exitCode, 1);
    const failedHost = events.find((event) => event.type === 'operation-host' && event.status === 'error');
    assert.ok(failedHost && failedHost.type === 'operation-host');
    assert.equal(failedHost.operation, 'Will fail');
    assert.deepEqual(
      events.filter((event) => event.type === 'step-finished').map((event) => event.type === 'step-finished' && event.status),
      ['succeeded', 'failed'],
    );
    const source = events.find((event) => event.type === 'source-finished');
    assert.ok(source?.type === 'source-finished' && source.status === 'failed' && /non-zero exit status/.test(source.error ?? ''));
    assert.ok(events.some((event) => event.type === 'pyinfra-error'));
    assert.ok(!events.some((event) => event.type === 'hint' && event.code === 'no-artifact'), 'the failed operation explains it: no generic hint');
  });

  it('cancels mid-run: SIGINT to the group, no process survives, even one that ignores SIGINT and SIGTERM', async () => {
    let pgid: number | undefined;
    const { events, final, session } = await build({ hold_seconds: '60' }, {
      onEvent: (event, current) => {
        if (event.type === 'log' && event.lines.some((line) => line.includes('holding'))) {
          pgid = current.pid;
          current.cancel();
        }
      },
    });
    assert.equal(final.status, 'cancelled');
    assert.ok(pgid, 'the build was cancelled while provisioning');
    assert.ok(final.durationMs < 30_000, 'the 60 s provisioner did not run to its end');
    assert.deepEqual(groupMembers(pgid), [], 'no live member left in the process group');
    assert.ok(events.some((event) => event.type === 'cancelling'));
    const step = events.filter((event) => event.type === 'step-finished').at(-1);
    assert.ok(step?.type === 'step-finished' && step.status === 'cancelled');
    assert.equal(session.pid, pgid);
  });

  it('streams 100 MB of output with bounded memory and a correct final state', { timeout: 120_000 }, async () => {
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    let logEvents = 0;
    let forwardedLines = 0;
    let dropped = 0;
    const { events, final, session } = await build({ big_lines: '1000000', replay: 'v2_deploy.stdout' /* empty: nothing of Packer's own competes with the firehose */ }, {
      packerPath: path.join(TEMPLATE, 'firehose-packer.sh'),
      onEvent: (event) => {
        if (event.type === 'log') {
          logEvents++;
          forwardedLines += event.lines.length;
          dropped += event.dropped ?? 0;
        }
      },
    });
    clearInterval(sampler);
    const growthMb = (peak - before) / 1024 / 1024;
    assert.equal(final.status, 'succeeded');
    const size = statSync(session.logFile).size;
    assert.ok(size > 100_000_000, `the log file holds everything (${size} bytes)`);
    const chunks = events.filter((event) => event.type === 'operation-host' && event.operation.startsWith('Chunk'));
    assert.deepEqual(chunks.map((event) => event.type === 'operation-host' && event.operation), Array.from({ length: 10 }, (_, i) => `Chunk ${i}`));
    assert.ok(dropped > 900_000 && forwardedLines < 200_000, `log events are capped (${forwardedLines} forwarded, ${dropped} dropped in ${logEvents} events)`);
    assert.ok(growthMb < 150, `RSS grew by ${growthMb.toFixed(0)} MB for 100 MB of output`);
    console.log(`100 MB: RSS growth ${growthMb.toFixed(0)} MB, ${forwardedLines} lines forwarded, ${dropped} dropped, log ${size} bytes`);
  });

  it('reports a missing packer binary as an error, not a crash', async () => {
    const events: BuildEvent[] = [];
    const session = new BuildSession({
      id: 'missing-packer',
      request: { templateDir: TEMPLATE, storageDir: storage },
      packerPath: path.join(storage, 'no-such-packer'),
      emit: (batch) => events.push(...batch),
    });
    const final = await session.run();
    assert.equal(final.status, 'failed');
    assert.ok(events.some((event) => event.type === 'error' && /could not start/.test(event.message)));
    assert.ok(existsSync(session.logFile));
  });
});
