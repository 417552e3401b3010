// packer validate leaves nothing behind: a hung Packer dies with its whole group at the timeout, and a save storm over
// several directories never runs two validates of one directory at once. The fake packer records what ran.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { SERVER_COMMANDS } from '../../protocol';
import type { CommandReport } from '../../protocol';
import { LspClient, fileUri } from '../helpers/lspClient';
import { FAKE_PACKER, HAS_PROC, groupMembers, loggedPids, removeTemporaryDirectories, templateDirectory, until } from './processes';

after(removeTemporaryDirectories);

function startServer(settings: unknown, env: NodeJS.ProcessEnv): Promise<LspClient> {
  return LspClient.start({ capabilities: {}, initializationOptions: { trusted: true, settings }, env });
}

describe('packer validate process hygiene', { skip: HAS_PROC ? false : 'needs /proc' }, () => {
  it('a hanging packer is killed at the timeout together with its whole process group', async () => {
    const dir = templateDirectory('hang');
    const log = path.join(dir, 'fake.log');
    const uri = fileUri(path.join(dir, 'main.pkr.hcl'));
    const client = await startServer({ packer: { path: FAKE_PACKER }, validate: { timeoutSeconds: 1 } }, { FAKE_PACKER_LOG: log, FAKE_PACKER_MODE: 'hang' });
    try {
      const report = await client.request<CommandReport>('workspace/executeCommand', { command: SERVER_COMMANDS.validate, arguments: [{ uri }] });
      assert.equal(report.ok, false);
      assert.match(report.message, /timed out/);
      const { starts, children } = loggedPids(log);
      assert.equal(starts.length, 1);
      assert.equal(children.length, 1, 'the fake started its TERM-ignoring child');
      // The fake is the group leader (the runner starts it detached), so its pid is the group id.
      await until(() => groupMembers(starts[0]!).length === 0, `process group ${starts[0]} to be empty`);
      assert.ok(client.alive);
    } finally {
      await client.stop();
    }
  });

  it('100 saves in a second across three directories: at most one validate per directory at a time', async () => {
    const dirs = ['a', 'b', 'c'].map((name) => templateDirectory(`storm-${name}`));
    const uris = dirs.map((dir) => fileUri(path.join(dir, 'main.pkr.hcl')));
    // A relative log: the fake keeps it in the template directory it was given, so each directory has its own record
    // and "overlap" means two runs of the same directory.
    const client = await startServer({ packer: { path: FAKE_PACKER } }, { FAKE_PACKER_LOG: 'fake.log', FAKE_PACKER_MODE: 'sleep', FAKE_PACKER_SLEEP: '1' });
    const logs = dirs.map((dir) => path.join(dir, 'fake.log'));
    try {
      // The fake only records a run when its log exists.
      for (const log of logs) writeFileSync(log, '');
      for (const [i, uri] of uris.entries()) await client.open(uri, readFileSync(path.join(dirs[i]!, 'main.pkr.hcl'), 'utf8'));
      const started = Date.now();
      for (let save = 0; save < 100; save++) {
        await client.notify('textDocument/didSave', { textDocument: { uri: uris[save % uris.length] } });
        await new Promise((resolve) => setTimeout(resolve, 9));
      }
      assert.ok(Date.now() - started < 5000, 'the saves went out as a burst');
      // A validate command per directory runs after whatever the storm left queued, so when all three return, every
      // run of the storm has ended.
      for (const uri of uris) {
        const report = await client.request<CommandReport>('workspace/executeCommand', { command: SERVER_COMMANDS.validate, arguments: [{ uri }] });
        assert.equal(report.ok, true, report.message);
      }
      for (const [i, log] of logs.entries()) {
        const text = readFileSync(log, 'utf8');
        assert.doesNotMatch(text, /^overlap/m, `directory ${i}:\n${text}`);
        const runs = loggedPids(log).starts.length;
        assert.ok(runs >= 1 && runs <= 4, `directory ${i}: ${runs} runs for ~33 saves and a command (debounced):\n${text}`);
      }
      const everyRun = logs.flatMap((log) => loggedPids(log).starts);
      await until(() => everyRun.every((pid) => groupMembers(pid).length === 0), 'every validate process group to be empty');
    } finally {
      await client.stop();
    }
  });
});
