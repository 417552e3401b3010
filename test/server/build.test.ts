// Build Image over the protocol: images, preview, start (trusted only), events, cancel — against the built server and
// the real packer (skipped without it).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  BUILD_CANCEL_REQUEST,
  BUILD_EVENT_NOTIFICATION,
  BUILD_IMAGES_REQUEST,
  BUILD_PREVIEW_REQUEST,
  BUILD_START_REQUEST,
  TRUST_CHANGED_NOTIFICATION,
} from '../../protocol';
import type { BuildEvent, BuildEventParams, BuildImage, BuildPreview, BuildStartResult } from '../../protocol';
import { LspClient, REPO_ROOT } from '../helpers/lspClient';
import { HAS_PACKER } from '../helpers/packer';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'imageBuilds');
const REPLAY = path.join(FIXTURES, 'templates', 'replay');

describe('bilder/build/* over stdio', () => {
  let client: LspClient;
  const storage = mkdtempSync(path.join(os.tmpdir(), 'bilder-build-lsp-'));
  const events = new Map<string, BuildEvent[]>();
  const finished = new Map<string, (events: BuildEvent[]) => void>();

  before(async () => {
    client = await LspClient.start({ initializationOptions: { trusted: false } });
    client.connection.onNotification(BUILD_EVENT_NOTIFICATION, (params: BuildEventParams) => {
      const list = events.get(params.buildId) ?? [];
      list.push(...params.events);
      events.set(params.buildId, list);
      if (params.events.some((event) => event.type === 'build-finished')) finished.get(params.buildId)?.(list);
    });
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
    rmSync(storage, { recursive: true, force: true });
  });

  const untilFinished = (buildId: string) =>
    new Promise<BuildEvent[]>((resolve) => {
      const known = events.get(buildId);
      if (known?.some((event) => event.type === 'build-finished')) resolve(known);
      else finished.set(buildId, resolve);
    });

  it('lists the images of a workspace', async () => {
    const images = await client.request<BuildImage[]>(BUILD_IMAGES_REQUEST, { roots: [path.join(FIXTURES, 'workspace')] });
    assert.deepEqual(images.map((image) => image.label), ['caddy', 'codejail', 'vault', 'vector (component test)']);
  });

  it('previews the command line with sensitive values masked', async () => {
    const preview = await client.request<BuildPreview>(BUILD_PREVIEW_REQUEST, {
      templateDir: '/w/images',
      vars: { app_name: 'vault', db_password: 'pw-1234' },
      only: ['amazon-ebs.third-party'],
    });
    assert.equal(preview.commandLine, "cd /w/images && packer build -machine-readable -var app_name=vault -var 'db_password=<sensitive>' -only=amazon-ebs.third-party .");
  });

  it('refuses to build in a restricted workspace and rejects malformed requests', async () => {
    await assert.rejects(client.request(BUILD_START_REQUEST, { templateDir: REPLAY, storageDir: storage }), /trusted workspace/);
    await client.notify(TRUST_CHANGED_NOTIFICATION, { trusted: true });
    await assert.rejects(client.request(BUILD_START_REQUEST, { templateDir: REPLAY, vars: { x: 1 } }), /vars must map names to strings/);
  });

  it('runs a build and streams its events, then cancels another', { skip: HAS_PACKER ? false : 'packer not installed' }, async () => {
    await client.notify(TRUST_CHANGED_NOTIFICATION, { trusted: true });
    const started = await client.request<BuildStartResult>(BUILD_START_REQUEST, { templateDir: REPLAY, storageDir: storage, label: 'replay' });
    assert.ok(started.logFile.startsWith(storage));
    const stream = await untilFinished(started.buildId);
    assert.equal(stream[0]?.type, 'build-started');
    assert.deepEqual(stream.at(-1), { ...stream.at(-1), type: 'build-finished', status: 'succeeded', exitCode: 0 });
    assert.equal(stream.filter((event) => event.type === 'operation-host').length, 3);
    // Every event says which output line it came from, so the panel can scroll the output to a step.
    const output: string[] = [];
    for (const event of stream) if (event.type === 'log') output[event.line!] = event.lines.join('\n');
    const lines = output.join('\n').split('\n');
    const step = stream.find((event) => event.type === 'step-started' && event.index === 1);
    assert.match(lines[step!.line!] ?? '', /Running local shell script/);
    const operation = stream.find((event) => event.type === 'operation-started');
    assert.ok(operation?.type === 'operation-started' && lines[operation.line!]?.includes(`Starting operation: ${operation.operation}`));
    assert.ok(lines.some((line) => line.includes('\x1b[')), 'the forwarded output keeps colours');

    const held = await client.request<BuildStartResult>(BUILD_START_REQUEST, { templateDir: REPLAY, storageDir: storage, vars: { hold_seconds: '60' } });
    const holding = new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (events.get(held.buildId)?.some((event) => event.type === 'log' && event.lines.some((line) => line.includes('holding')))) {
          clearInterval(timer);
          resolve();
        }
      }, 50);
    });
    await holding;
    assert.equal(await client.request<boolean>(BUILD_CANCEL_REQUEST, { buildId: held.buildId }), true);
    const cancelled = await untilFinished(held.buildId);
    const final = cancelled.at(-1);
    assert.ok(final?.type === 'build-finished' && final.status === 'cancelled');
    assert.equal(await client.request<boolean>(BUILD_CANCEL_REQUEST, { buildId: held.buildId }), false, 'a finished build is forgotten');
  });
});
