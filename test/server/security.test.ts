// Issue 11 over stdio, against the real server and the real Packer 1.6.6: a cloned repository cannot make Bilder run
// its code (a planted `packer-plugin-*`, a workspace-chosen executable), a device named like a template never reaches
// Packer, and the server starts no process at all unless it is told the workspace is trusted. Issue 16: signals and
// even SIGKILL of the server leave no Packer process behind.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { SERVER_COMMANDS } from '../../protocol';
import type { CommandReport } from '../../protocol';
import { LspClient, REPO_ROOT, fileUri } from '../helpers/lspClient';
import { FAKE_PACKER, groupMembers, isAlive, loggedPids, until } from '../hygiene/processes';

const HAS_PACKER = spawnSync('packer', ['-machine-readable', 'version']).status === 0;
const VALID_TEMPLATE = path.join(REPO_ROOT, 'test', 'fixtures', 'packer-cli', 'validate', 'cases', '00_valid', 'main.pkr.hcl');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'bilder-security-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
/** Per-user state of the servers under test, away from the real home. */
const XDG = { XDG_CACHE_HOME: path.join(scratch, 'xdg-cache'), XDG_STATE_HOME: path.join(scratch, 'xdg-state') };

let counter = 0;

/** A template folder with a planted plugin that records every run, as a malicious repository would carry. */
function workspaceWithPlantedPlugin(): { dir: string; template: string; planted: string } {
  const dir = path.join(scratch, `repo-${counter++}`);
  mkdirSync(dir);
  const template = path.join(dir, 'main.pkr.hcl');
  cpSync(VALID_TEMPLATE, template);
  const planted = path.join(dir, 'planted.log');
  writeFileSync(path.join(dir, 'packer-plugin-evil'), `#!/bin/sh\necho "ran $*" >> '${planted}'\n`);
  chmodSync(path.join(dir, 'packer-plugin-evil'), 0o755);
  return { dir, template, planted };
}

/** A `packer` that records its working directory and arguments, then runs the real one. */
function recordingPacker(name: string): { executable: string; record: string } {
  const executable = path.join(scratch, `${name}-packer`);
  const record = path.join(scratch, `${name}.record`);
  const real = spawnSync('sh', ['-c', 'command -v packer'], { encoding: 'utf8' }).stdout.trim() || '/usr/bin/packer';
  writeFileSync(executable, `#!/bin/sh\necho "$PWD|$*|data limit $(ulimit -d)" >> '${record}'\nexec '${real}' "$@"\n`);
  chmodSync(executable, 0o755);
  return { executable, record };
}

const runsOf = (record: string) => (existsSync(record) ? readFileSync(record, 'utf8').trim().split('\n').filter(Boolean) : []);

async function everything(client: LspClient, template: string): Promise<CommandReport> {
  const uri = fileUri(template);
  await client.open(uri, readFileSync(template, 'utf8'));
  await client.notify('textDocument/didSave', { textDocument: { uri } });
  await client.request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }).catch(() => undefined);
  await client.request('workspace/executeCommand', { command: SERVER_COMMANDS.formatWithPacker, arguments: [{ uri }] }).catch(() => undefined);
  await client.request('workspace/executeCommand', { command: SERVER_COMMANDS.packerInit, arguments: [{ uri }] }).catch(() => undefined);
  return client.request<CommandReport>('workspace/executeCommand', { command: SERVER_COMMANDS.validate, arguments: [{ uri }] });
}

describe('a workspace cannot make Bilder run its code', { skip: HAS_PACKER ? false : 'needs packer on PATH' }, () => {
  it('without trust from the client or --trusted, the server starts no process at all', async () => {
    const { template, planted } = workspaceWithPlantedPlugin();
    const { executable, record } = recordingPacker('untrusted');
    const client = await LspClient.start({ capabilities: {}, initializationOptions: { settings: { packer: { path: executable }, format: { engine: 'packer' } } }, env: XDG });
    try {
      const report = await everything(client, template);
      assert.equal(report.ok, false);
      assert.match(report.message, /Restricted Mode|trust/i);
      await new Promise((resolve) => setTimeout(resolve, 800));
      assert.deepEqual(runsOf(record), [], 'no packer run');
      assert.equal(existsSync(planted), false);
    } finally {
      await client.stop();
    }
  });

  for (const how of ['initializationOptions.trusted', '--trusted'] as const) {
    it(`trusted through ${how}: Packer runs, but never in the template folder, and a planted packer-plugin-* never runs`, async () => {
      const { dir, template, planted } = workspaceWithPlantedPlugin();
      const { executable, record } = recordingPacker(`trusted-${how.length}`);
      const settings = { packer: { path: executable }, format: { engine: 'packer' }, validate: { onSave: 'full' } };
      const client = await LspClient.start({
        capabilities: {},
        initializationOptions: how === '--trusted' ? { settings } : { trusted: true, settings },
        serverArgs: how === '--trusted' ? ['--trusted'] : [],
        env: XDG,
      });
      try {
        const report = await everything(client, template);
        assert.equal(report.ok, true, report.message);
        const runs = runsOf(record);
        assert.ok(runs.some((run) => run.includes(`validate ${dir}`)), `validate ran on the folder by absolute path:\n${runs.join('\n')}`);
        assert.ok(runs.some((run) => /\|fmt /.test(run)), `packer fmt ran on a private copy:\n${runs.join('\n')}`);
        for (const run of runs) assert.notEqual(run.split('|')[0], dir, `ran in the template folder: ${run}`);
        // On a leash: every run (version, validate, fmt) has the 2 GB data-segment limit.
        for (const run of runs) assert.ok(run.endsWith('|data limit 2097152'), run);
        assert.equal(existsSync(planted), false, `the planted plugin ran: ${existsSync(planted) ? readFileSync(planted, 'utf8') : ''}`);
      } finally {
        await client.stop();
      }
    });
  }

  it('the executable comes from machine-level configuration only: workspace/configuration cannot redirect it', async () => {
    const { template } = workspaceWithPlantedPlugin();
    const machine = recordingPacker('machine');
    const workspaceChosen = recordingPacker('workspace-chosen');
    const client = await LspClient.start({ initializationOptions: { trusted: true, settings: { packer: { path: machine.executable } } }, env: XDG });
    try {
      // A project's own settings file answers workspace/configuration in many editors.
      client.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({ packer: { path: workspaceChosen.executable } })));
      await client.notify('workspace/didChangeConfiguration', { settings: {} });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const report = await everything(client, template);
      assert.equal(report.ok, true, report.message);
      assert.deepEqual(runsOf(workspaceChosen.record), []);
      assert.ok(runsOf(machine.record).length > 0);
    } finally {
      await client.stop();
    }
  });

  it('a relative executable path is refused, not resolved against the workspace', async () => {
    const { dir, template } = workspaceWithPlantedPlugin();
    const { executable, record } = recordingPacker('relative');
    cpSync(executable, path.join(dir, 'packer'));
    const client = await LspClient.start({ capabilities: {}, initializationOptions: { trusted: true, settings: { packer: { path: './packer' } } }, env: XDG });
    try {
      const shown: string[] = [];
      client.connection.onNotification('window/showMessage', (params: { message: string }) => void shown.push(params.message));
      const report = await everything(client, template);
      assert.equal(report.ok, false);
      assert.match(report.message, /relative path/);
      assert.deepEqual(runsOf(record), []);
    } finally {
      await client.stop();
    }
  });

  it('full validate resolves relative script, file source, path.root and var files like a build, and no packer-* file in the folder runs', async () => {
    const { dir, template, planted } = workspaceWithPlantedPlugin();
    // Legacy plugins a template names run from the working directory too (checked on Packer 1.6.6).
    writeFileSync(path.join(dir, 'packer-provisioner-evil'), `#!/bin/sh\necho "ran $*" >> '${planted}'\n`);
    chmodSync(path.join(dir, 'packer-provisioner-evil'), 0o755);
    mkdirSync(path.join(dir, 'scripts'));
    mkdirSync(path.join(dir, 'files'));
    writeFileSync(path.join(dir, 'scripts', 'x.sh'), 'echo hi\n');
    writeFileSync(path.join(dir, 'files', 'a.conf'), 'a\n');
    writeFileSync(path.join(dir, 'prod.pkrvars.hcl'), 'conf = "files/a.conf"\n');
    writeFileSync(
      template,
      [
        'variable "conf" { type = string }',
        'source "null" "n" { communicator = "none" }',
        'build {',
        '  sources = ["source.null.n"]',
        '  provisioner "shell-local" { script = "scripts/x.sh" }',
        '  provisioner "file" {',
        '    source      = "files/a.conf"',
        '    destination = "/tmp/a.conf"',
        '  }',
        '  provisioner "file" {',
        '    source      = var.conf',
        '    destination = "/tmp/b.conf"',
        '  }',
        '  provisioner "shell-local" { inline = ["cat ${path.root}/files/a.conf"] }',
        '}',
        '',
      ].join('\n'),
    );
    const { executable, record } = recordingPacker('shadow');
    const client = await LspClient.start({ capabilities: {}, initializationOptions: { trusted: true, settings: { packer: { path: executable } } }, env: XDG });
    try {
      const uri = fileUri(template);
      await client.open(uri, readFileSync(template, 'utf8'));
      const report = await client.request<CommandReport>('workspace/executeCommand', { command: SERVER_COMMANDS.validate, arguments: [{ uri }] });
      assert.equal(report.ok, true, report.message);
      assert.match(report.message, /is valid/, report.message);
      const validates = runsOf(record).filter((run) => run.includes('|validate '));
      assert.equal(validates.length, 1, validates.join('\n'));
      const cwd = validates[0]!.split('|')[0]!;
      assert.notEqual(cwd, dir);
      assert.ok(cwd.startsWith(path.join(XDG.XDG_CACHE_HOME, 'bilder')), `ran in a private shadow folder: ${cwd}`);
      assert.equal(existsSync(cwd), false, 'the shadow folder is removed when the run ends');
      assert.equal(existsSync(planted), false, `a planted plugin ran: ${existsSync(planted) ? readFileSync(planted, 'utf8') : ''}`);
    } finally {
      await client.stop();
    }
  });

  it('a symlink to /dev/zero named like a template is never handed to packer validate; the user is told once', async () => {
    const { dir, template } = workspaceWithPlantedPlugin();
    symlinkSync('/dev/zero', path.join(dir, 'zero.pkr.hcl'));
    mkdirSync(path.join(dir, 'folder.pkrvars.hcl'));
    const { executable, record } = recordingPacker('devzero');
    const client = await LspClient.start({ capabilities: {}, initializationOptions: { trusted: true, settings: { packer: { path: executable } } }, env: XDG });
    try {
      const shown: string[] = [];
      client.connection.onNotification('window/showMessage', (params: { message: string }) => void shown.push(params.message));
      const uri = fileUri(template);
      await client.open(uri, readFileSync(template, 'utf8'));
      for (let attempt = 0; attempt < 2; attempt++) {
        const report = await client.request<CommandReport>('workspace/executeCommand', { command: SERVER_COMMANDS.validate, arguments: [{ uri }] });
        assert.equal(report.ok, false);
        assert.match(report.message, /zero\.pkr\.hcl is a character device/);
      }
      assert.equal(runsOf(record).filter((run) => run.includes('validate')).length, 0);
      assert.equal(shown.filter((message) => message.includes('zero.pkr.hcl')).length, 1, shown.join('\n'));
    } finally {
      await client.stop();
    }
  });
});

describe('no Packer process outlives the server', () => {
  async function hangingValidate(signal: NodeJS.Signals) {
    const dir = path.join(scratch, `hang-${signal}`);
    mkdirSync(dir);
    cpSync(VALID_TEMPLATE, path.join(dir, 'main.pkr.hcl'));
    const log = path.join(dir, 'fake.log');
    writeFileSync(log, '');
    const client = await LspClient.start({
      capabilities: {},
      initializationOptions: { trusted: true, settings: { packer: { path: FAKE_PACKER }, validate: { timeoutSeconds: 600 } } },
      env: { ...XDG, FAKE_PACKER_LOG: log, FAKE_PACKER_MODE: 'hang' },
    });
    const uri = fileUri(path.join(dir, 'main.pkr.hcl'));
    void client.request('workspace/executeCommand', { command: SERVER_COMMANDS.validate, arguments: [{ uri }] }).catch(() => undefined);
    await until(() => loggedPids(log).children.length > 0, 'the hanging fake packer and its child to start');
    return { client, group: loggedPids(log).starts[0]!, child: loggedPids(log).children[0]! };
  }

  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    it(`${signal} to the server mid-validate: the whole group is killed and the server exits`, async () => {
      const { client, group, child } = await hangingValidate(signal);
      client.process.kill(signal);
      await until(() => !client.alive, 'the server to exit', 10_000);
      // Its own handler ended it (a status, not death by the signal), after cancelling the run.
      assert.equal(client.process.exitCode, { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 }[signal]);
      await until(() => groupMembers(group).length === 0 && !isAlive(child), `validate group ${group} to be empty`, 10_000);
      await client.stop();
    });
  }

  it('SIGKILL of the server mid-validate: the watchdog kills the group it leaves behind', async () => {
    const { client, group, child } = await hangingValidate('SIGKILL');
    client.process.kill('SIGKILL');
    await until(() => !client.alive, 'the server to die', 10_000);
    await until(() => groupMembers(group).length === 0 && !isAlive(child), `validate group ${group} to be empty after the server's SIGKILL`, 10_000);
    await client.stop();
  });
});
