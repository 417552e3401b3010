// A release bumps package.json alone: the server's serverInfo, `bilder --version` and the CHANGELOG must follow it.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-jsonrpc/node';
import { REPO_ROOT, SERVER_BIN } from '../helpers/lspClient';

const manifestVersion: string = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version;

async function printedVersion(bin: string): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [bin, '--version']);
  return stdout.trim();
}

async function serverInfo(): Promise<{ name: string; version?: string } | undefined> {
  const server = spawn(process.execPath, [SERVER_BIN, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const connection = createMessageConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
  connection.listen();
  try {
    const result = (await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} })) as {
      serverInfo?: { name: string; version?: string };
    };
    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
    return result.serverInfo;
  } finally {
    await new Promise((resolve) => (server.exitCode === null ? server.once('exit', resolve) : resolve(undefined)));
    connection.dispose();
  }
}

describe('one version everywhere', () => {
  it('package.json carries a semantic version', () => {
    assert.match(manifestVersion, /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
  });

  it('the server reports it in serverInfo and on --version', async () => {
    assert.deepEqual(await serverInfo(), { name: 'bilder-language-server', version: manifestVersion });
    assert.equal(await printedVersion(SERVER_BIN), `bilder-language-server ${manifestVersion}`);
  });

  it('bilder --version prints it', async () => {
    assert.equal(await printedVersion(path.join(REPO_ROOT, 'dist', 'cli.js')), `bilder ${manifestVersion}`);
  });

  it('the CHANGELOG has a section for it', () => {
    const changelog = readFileSync(path.join(REPO_ROOT, 'CHANGELOG.md'), 'utf8');
    assert.match(changelog, new RegExp(`^## \\[?${manifestVersion.replace(/\./g, '\\.')}\\]?( |$)`, 'm'));
  });
});
