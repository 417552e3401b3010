import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../helpers/lspClient';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

async function bilder(args: string[], cwd?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], { cwd });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

function workspace(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'bilder-cli-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), content);
  }
  return root;
}

describe('bilder check', () => {
  it('exits 0 and prints nothing for clean templates, walking folders but skipping tool output', async () => {
    const root = workspace({
      'images/consul/consul.pkr.hcl': 'source "null" "x" {\n  communicator = "none"\n}\n',
      'images/consul/output-null/broken.pkr.hcl': 'a = {\n',
      'node_modules/x/broken.pkr.hcl': 'a = {\n',
    });
    const result = await bilder(['check', root]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /1 file\(s\), 0 diagnostic\(s\)/);
  });

  it('prints file:line:col: severity: message [code] and exits 1 on errors', async () => {
    const root = workspace({ 'broken.pkr.hcl': 'build {\n  name = "x"\n' });
    const result = await bilder(['check', 'broken.pkr.hcl'], root);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /^broken\.pkr\.hcl:\d+:\d+: error: .+ \[syntax\/[a-z-]+\]$/m);
  });

  it('--format json gives machine-readable diagnostics', async () => {
    const root = workspace({ 'broken.pkr.hcl': 'build {\n' });
    const result = await bilder(['check', '--format', 'json', root]);
    assert.equal(result.code, 1);
    const report = JSON.parse(result.stdout);
    assert.equal(report.files, 1);
    assert.equal(report.diagnostics[0].severity, 'error');
    assert.equal(report.diagnostics[0].source, 'bilder');
    assert.match(report.diagnostics[0].code, /^syntax\//);
  });

  it('--disable hides a rule group', async () => {
    const root = workspace({ 'broken.pkr.hcl': 'build {\n' });
    const result = await bilder(['check', '--disable', 'syntax', root]);
    assert.equal(result.code, 0, result.stdout);
  });

  it('survives binary and invalid UTF-8 files with a clear message', async () => {
    const root = workspace({
      'binary.pkr.hcl': Buffer.from([0, 1, 2, 0, 255, 254]),
      'latin1.pkr.hcl': Buffer.from('a = "caf\xe9"\n', 'latin1'),
    });
    const result = await bilder(['check', root]);
    assert.match(result.stdout, /binary\.pkr\.hcl:1:1: info: .*binary/);
    assert.notEqual(result.code, 2);
  });

  it('bad usage and missing paths exit 2 with a message', async () => {
    assert.equal((await bilder(['check', '--format', 'xml'])).code, 2);
    const missing = await bilder(['check', '/definitely/not/here']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no such file or directory/);
    assert.equal((await bilder(['frobnicate'])).code, 2);
  });
});
