import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { SERVER_COMMANDS } from '../../protocol';
import type { CommandReport } from '../../protocol';
import { LspClient, REPO_ROOT, fileUri } from '../helpers/lspClient';
import { HAS_PACKER } from '../helpers/packer';

const CASES = path.join(REPO_ROOT, 'test', 'fixtures', 'packer-cli', 'validate', 'cases');
const FAKE_PACKER = path.join(REPO_ROOT, 'test', 'fixtures', 'fake-packer', 'packer');
const temporary: string[] = [];

after(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

function caseCopy(name: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `bilder-validate-${name}-`));
  temporary.push(dir);
  cpSync(path.join(CASES, name), dir, { recursive: true });
  for (const output of ['output.stdout', 'output.stderr', 'output.rc', 'output.machine-readable.stdout', 'transcript.txt']) rmSync(path.join(dir, output), { force: true });
  return dir;
}

/** Settings travel in initializationOptions; without workspace/configuration support the server keeps them. */
async function startServer(settings: unknown, options: { trusted?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<LspClient> {
  return LspClient.start({ capabilities: {}, initializationOptions: { trusted: options.trusted ?? true, settings }, env: options.env });
}

const fromPacker = (d: Diagnostic) => d.source === 'packer validate';

async function save(client: LspClient, uri: string): Promise<void> {
  await client.notify('textDocument/didSave', { textDocument: { uri } });
}

function runCommand(client: LspClient, command: string, uri: string): Promise<CommandReport> {
  return client.request<CommandReport>('workspace/executeCommand', { command, arguments: [{ uri }] });
}

async function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}

describe('validate on save with the real packer', { skip: HAS_PACKER ? false : 'packer is not installed' }, () => {
  it('save → packer validate -syntax-only → diagnostics arrive with file, line and code', async () => {
    const dir = caseCopy('06_syntax_error');
    const uri = fileUri(path.join(dir, 'main.pkr.hcl'));
    const client = await startServer({});
    try {
      await client.open(uri, readFileSync(path.join(dir, 'main.pkr.hcl'), 'utf8'));
      await save(client, uri);
      const published = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some(fromPacker), 20_000);
      const diagnostic = published.diagnostics.find(fromPacker)!;
      assert.equal(diagnostic.code, 'packer/argument-or-block-definition-required');
      assert.equal(diagnostic.range.start.line, 6);
      assert.equal(published.version, 1);
    } finally {
      await client.stop();
    }
  });

  it('full validate puts the error on the right file of a multi-file directory, with the column of the name', async () => {
    const dir = caseCopy('24_multi_file');
    const sources = path.join(dir, 'sources.pkr.hcl');
    const build = path.join(dir, 'build.pkr.hcl');
    const client = await startServer({ validate: { onSave: 'full' } });
    try {
      await client.open(fileUri(build), readFileSync(build, 'utf8'));
      await save(client, fileUri(build));
      const published = await client.waitForDiagnostics(fileUri(sources), (p) => p.diagnostics.some(fromPacker), 20_000);
      const diagnostic = published.diagnostics.find(fromPacker)!;
      assert.equal(diagnostic.code, 'packer/unsupported-argument');
      assert.equal(diagnostic.range.start.line, 2);
      const line = readFileSync(sources, 'utf8').split('\n')[2]!;
      assert.equal(line.slice(diagnostic.range.start.character, diagnostic.range.end.character), 'nope');

      // Fixing the file clears the stale diagnostic on the next run.
      writeFileSync(sources, readFileSync(sources, 'utf8').replace(/^\s*nope\s*=.*$/m, ''));
      await save(client, fileUri(build));
      await client.waitForDiagnostics(fileUri(sources), (p) => !p.diagnostics.some(fromPacker), 20_000);
    } finally {
      await client.stop();
    }
  });

  it('required_plugins on 1.6.6 gives one hint instead of the noise', async () => {
    const dir = caseCopy('15_required_plugins');
    const uri = fileUri(path.join(dir, 'main.pkr.hcl'));
    const client = await startServer({});
    try {
      await client.open(uri, readFileSync(path.join(dir, 'main.pkr.hcl'), 'utf8'));
      const report = await runCommand(client, SERVER_COMMANDS.validate, uri);
      assert.equal(report.ok, false);
      const published = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some(fromPacker));
      const fromPackerOnly = published.diagnostics.filter(fromPacker);
      assert.equal(fromPackerOnly.length, 1);
      assert.match(String(fromPackerOnly[0]!.message), /too old for required_plugins; upgrade to ≥ 1\.7/);
      assert.equal(fromPackerOnly[0]!.range.start.line, 2);
    } finally {
      await client.stop();
    }
  });
});

describe('validate scheduling and process hygiene (fake packer)', () => {
  it('a hanging packer is killed at the timeout, with its child, and nothing is left', async () => {
    const dir = caseCopy('00_valid');
    const log = path.join(dir, 'fake.log');
    const uri = fileUri(path.join(dir, 'main.pkr.hcl'));
    const client = await startServer(
      { packer: { path: FAKE_PACKER }, validate: { timeoutSeconds: 1 } },
      { env: { FAKE_PACKER_LOG: log, FAKE_PACKER_MODE: 'hang' } },
    );
    try {
      const report = await runCommand(client, SERVER_COMMANDS.validate, uri);
      assert.equal(report.ok, false);
      assert.match(report.message, /timed out/);
      const text = readFileSync(log, 'utf8');
      const fake = Number(/^start (\d+)/m.exec(text)![1]);
      const child = Number(/^child (\d+)/m.exec(text)![1]);
      await until(() => !alive(fake) && !alive(child), `fake packer ${fake} and its child ${child} to be gone`);
      assert.ok(client.logs.some((l) => /killed after 1 s/.test(l.message)));
    } finally {
      await client.stop();
    }
  });

  it('a burst of saves runs at most one validate per directory at a time; superseded runs are killed', async () => {
    const dir = caseCopy('00_valid');
    const log = path.join(dir, 'fake.log');
    const uri = fileUri(path.join(dir, 'main.pkr.hcl'));
    const client = await startServer({ packer: { path: FAKE_PACKER } }, { env: { FAKE_PACKER_LOG: log, FAKE_PACKER_MODE: 'sleep', FAKE_PACKER_SLEEP: '2' } });
    try {
      await client.open(uri, readFileSync(path.join(dir, 'main.pkr.hcl'), 'utf8'));
      for (let i = 0; i < 100; i++) await save(client, uri);
      await until(() => existsSync(log) && /^start /m.test(readFileSync(log, 'utf8')), 'the first validate to start');
      // A second burst while the first run is busy supersedes it.
      for (let i = 0; i < 100; i++) await save(client, uri);
      const report = await runCommand(client, SERVER_COMMANDS.validate, uri);
      assert.equal(report.ok, true, report.message);
      const text = readFileSync(log, 'utf8');
      assert.doesNotMatch(text, /^overlap/m, text);
      const starts = text.match(/^start /gm)!.length;
      assert.ok(starts >= 2 && starts <= 3, `expected 2–3 runs for 200 saves and a command, got ${starts}:\n${text}`);
      // The first run was killed, so it never logged its end.
      assert.ok(text.match(/^end /gm)!.length < starts, text);
    } finally {
      await client.stop();
    }
  });

  it('a missing packer gives one message naming the setting, and no retries', async () => {
    const dir = caseCopy('00_valid');
    const uri = fileUri(path.join(dir, 'main.pkr.hcl'));
    const client = await startServer({ packer: { path: path.join(dir, 'no-such-packer') } });
    const shown: string[] = [];
    client.connection.onNotification('window/showMessage', (params: { message: string }) => void shown.push(params.message));
    try {
      await client.open(uri, readFileSync(path.join(dir, 'main.pkr.hcl'), 'utf8'));
      for (let i = 0; i < 3; i++) {
        const report = await runCommand(client, SERVER_COMMANDS.validate, uri);
        assert.match(report.message, /bilder\.packer\.path/);
      }
      await until(() => shown.length > 0, 'the missing-packer message');
      assert.equal(shown.length, 1);
      assert.match(shown[0]!, /bilder\.packer\.path/);
      assert.equal(client.logs.filter((l) => /could not find Packer/.test(l.message)).length, 1);
      // Static analysis keeps working.
      const symbols = await client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri } });
      assert.ok(symbols.length > 0);
    } finally {
      await client.stop();
    }
  });

  it('nothing runs in Restricted Mode', async () => {
    const dir = caseCopy('00_valid');
    const log = path.join(dir, 'fake.log');
    const uri = fileUri(path.join(dir, 'main.pkr.hcl'));
    const client = await startServer({ packer: { path: FAKE_PACKER } }, { trusted: false, env: { FAKE_PACKER_LOG: log } });
    try {
      await client.open(uri, readFileSync(path.join(dir, 'main.pkr.hcl'), 'utf8'));
      await save(client, uri);
      const report = await runCommand(client, SERVER_COMMANDS.validate, uri);
      assert.equal(report.ok, false);
      assert.match(report.message, /Restricted Mode/);
      const init = await runCommand(client, SERVER_COMMANDS.packerInit, uri);
      assert.match(init.message, /Restricted Mode/);
      assert.equal(existsSync(log), false);
    } finally {
      await client.stop();
    }
  });
});
