// Nothing outlives what started it: a cancelled build leaves no process, and neither does a server whose editor
// went away (orderly shutdown or a closed pipe) while packer was still running.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { BUILD_CANCEL_REQUEST, BUILD_EVENT_NOTIFICATION, BUILD_START_REQUEST, SERVER_COMMANDS } from '../../protocol';
import type { BuildEventParams, BuildStartResult } from '../../protocol';
import { LspClient, fileUri } from '../helpers/lspClient';
import { FAKE_PACKER, HAS_PROC, groupMembers, isAlive, loggedPids, removeTemporaryDirectories, templateDirectory, until } from './processes';

after(removeTemporaryDirectories);

const METHOD_NOT_FOUND = -32601;

function startServer(env: NodeJS.ProcessEnv, settings: unknown = { packer: { path: FAKE_PACKER } }): Promise<LspClient> {
  return LspClient.start({ capabilities: {}, initializationOptions: { trusted: true, settings }, env });
}

/** Starts a validate that never ends and returns the fake's pid (its process group) once it runs. */
async function hangingValidate(client: LspClient, dir: string, log: string): Promise<number> {
  const uri = fileUri(path.join(dir, 'main.pkr.hcl'));
  void client.request('workspace/executeCommand', { command: SERVER_COMMANDS.validate, arguments: [{ uri }] }).catch(() => undefined);
  await until(() => loggedPids(log).children.length > 0, 'the hanging fake packer and its child to start');
  return loggedPids(log).starts[0]!;
}

describe('process lifetime', { skip: HAS_PROC ? false : 'needs /proc' }, () => {
  it('a cancelled build leaves no process', async (t) => {
    const dir = templateDirectory('build');
    const log = path.join(dir, 'fake.log');
    const client = await startServer({ FAKE_PACKER_LOG: log, FAKE_PACKER_MODE: 'hang' });
    try {
      const events: BuildEventParams[] = [];
      client.connection.onNotification(BUILD_EVENT_NOTIFICATION, (params: BuildEventParams) => void events.push(params));
      let started: BuildStartResult;
      try {
        started = await client.request<BuildStartResult>(BUILD_START_REQUEST, { templateDir: dir, storageDir: path.join(dir, 'storage') });
      } catch (error) {
        if ((error as { code?: number }).code === METHOD_NOT_FOUND) return t.skip('the server has no build runner yet');
        throw error;
      }
      await until(() => loggedPids(log).children.length > 0, 'the fake packer build and its child to start');
      const { starts, children } = loggedPids(log);
      assert.equal(await client.request<boolean>(BUILD_CANCEL_REQUEST, { buildId: started.buildId }), true);
      const finished = () => events.flatMap((p) => (p.buildId === started.buildId ? p.events : [])).find((e) => e.type === 'build-finished');
      await until(() => finished() !== undefined, 'build-finished after the cancel', 60_000);
      assert.equal((finished() as { status: string }).status, 'cancelled');
      await until(() => groupMembers(starts[0]!).length === 0 && !isAlive(children[0]!), `build process group ${starts[0]} to be empty`);
    } finally {
      await client.stop();
    }
  });

  it('shutdown and exit while packer hangs: the server kills the group on its way out', async () => {
    const dir = templateDirectory('shutdown');
    const log = path.join(dir, 'fake.log');
    const client = await startServer({ FAKE_PACKER_LOG: log, FAKE_PACKER_MODE: 'hang' }, { packer: { path: FAKE_PACKER }, validate: { timeoutSeconds: 600 } });
    const group = await hangingValidate(client, dir, log);
    const child = loggedPids(log).children[0]!;
    await client.stop();
    await until(() => groupMembers(group).length === 0 && !isAlive(child), `process group ${group} to be empty after the server exited`);
  });

  it('the editor vanishes (pipe closed, no shutdown): the server exits and kills the group', async () => {
    const dir = templateDirectory('vanish');
    const log = path.join(dir, 'fake.log');
    const client = await startServer({ FAKE_PACKER_LOG: log, FAKE_PACKER_MODE: 'hang' }, { packer: { path: FAKE_PACKER }, validate: { timeoutSeconds: 600 } });
    const group = await hangingValidate(client, dir, log);
    const child = loggedPids(log).children[0]!;
    const server = client.process.pid!;
    client.process.stdin!.end();
    try {
      await until(() => !isAlive(server), 'the server to exit once its input closed');
      await until(() => groupMembers(group).length === 0 && !isAlive(child), `process group ${group} to be empty after the server exited`);
    } finally {
      await client.stop();
    }
  });
});
