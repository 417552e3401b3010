// An editor that shuts the server down mid-build: the build is cancelled as the user's cancel would (so it reports
// `cancelled` before the shutdown answer) and, once the server has exited, nothing of its process group is left —
// not even a script that ignores SIGINT and SIGTERM. Against the real packer (skipped without it or without /proc).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { BUILD_EVENT_NOTIFICATION, BUILD_START_REQUEST } from '../../protocol';
import type { BuildEvent, BuildEventParams, BuildStartResult } from '../../protocol';
import { LspClient, REPO_ROOT } from '../helpers/lspClient';
import { processTable } from '../helpers/processes';
import { HAS_PACKER } from '../helpers/packer';

const REPLAY = path.join(REPO_ROOT, 'test', 'fixtures', 'imageBuilds', 'templates', 'replay');
const SKIP = !existsSync('/proc/self/stat') ? 'needs /proc' : HAS_PACKER ? false : 'packer not installed';


const liveMembers = (pgid: number) => processTable().filter((info) => info.pgrp === pgid && info.state !== 'Z');

async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('shutdown during a build', { skip: SKIP }, () => {
  const storage = mkdtempSync(path.join(os.tmpdir(), 'bilder-build-shutdown-'));
  after(() => rmSync(storage, { recursive: true, force: true }));

  it('cancels the running build and leaves no process of its group', async () => {
    const client = await LspClient.start({ initializationOptions: { trusted: true } });
    const events: BuildEvent[] = [];
    client.connection.onNotification(BUILD_EVENT_NOTIFICATION, (params: BuildEventParams) => void events.push(...params.events));
    try {
      await client.request<BuildStartResult>(BUILD_START_REQUEST, { templateDir: REPLAY, storageDir: storage, vars: { hold_seconds: '60' } });
      await until(() => events.some((event) => event.type === 'log' && event.lines.some((line) => line.includes('holding'))), 'the provisioner to hold');
      const server = client.process.pid!;
      const packer = processTable().find((info) => info.ppid === server && info.pgrp === info.pid);
      assert.ok(packer, 'packer runs in its own process group below the server');
      assert.ok(liveMembers(packer.pgrp).length >= 3, 'packer, its shell and the sleeping script are running');

      await client.request('shutdown', null);
      const final = events.find((event) => event.type === 'build-finished');
      assert.equal(final?.type === 'build-finished' && final.status, 'cancelled', 'the build ended as cancelled before the shutdown answer');
      await client.notify('exit', null);
      await until(() => !client.alive, 'the server to exit');
      await until(() => liveMembers(packer.pgrp).length === 0, `process group ${packer.pgrp} to be empty`);
    } finally {
      await client.stop();
    }
  });
});
