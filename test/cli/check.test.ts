import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { Diagnostic } from 'vscode-languageserver-types';
import { LspClient, REPO_ROOT, fileUri } from '../helpers/lspClient';

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

/** A bilder tree whose deploy breaks PyInfra rules and whose template passes a variable no deploy reads. */
const DEPLOY_TREE = {
  'bilder/images/web/deploy.py':
    'import os\nfrom pyinfra.operations import apt, files\n\napt.packages(packages=["nginx"])\nfiles.put(src="files/missing.conf", dest="/etc/nginx/nginx.conf")\ntoken = os.environ["API_TOKEN"]\n',
  'bilder/images/web/web.pkr.hcl':
    'source "null" "x" {\n  communicator = "none"\n}\n\nbuild {\n  sources = ["source.null.x"]\n  provisioner "shell-local" {\n    environment_vars = ["UNUSED=1"]\n    inline           = ["pyinfra @local deploy.py"]\n  }\n}\n',
  'elsewhere/script.py': 'import os\n',
};

interface JsonDiagnostic {
  file: string;
  line: number;
  column: number;
  code: string;
  severity: string;
  message: string;
}

describe('bilder check through the engine', () => {
  it('reports the deploy.py rules and the template links the editor shows, and skips Python outside a bilder tree', async () => {
    const root = workspace(DEPLOY_TREE);
    const result = await bilder(['check', '--format', 'json', '.'], root);
    assert.equal(result.code, 1, result.stderr);
    const report = JSON.parse(result.stdout) as { files: number; diagnostics: JsonDiagnostic[] };
    assert.equal(report.files, 2);
    const codes = report.diagnostics.map((d) => `${d.file}:${d.line} ${d.code}`);
    assert.deepEqual(codes.sort(), [
      'bilder/images/web/deploy.py:4 pyinfra/unpinned-package',
      'bilder/images/web/deploy.py:5 pyinfra/missing-file',
      'bilder/images/web/deploy.py:6 pyinfra/env-not-passed',
      'bilder/images/web/web.pkr.hcl:8 pyinfra/env-not-read',
    ]);
  });

  it('prints exactly what the language server publishes for the same files', async () => {
    const root = workspace(DEPLOY_TREE);
    const cli = JSON.parse((await bilder(['check', '--format', 'json', '.'], root)).stdout) as { diagnostics: JsonDiagnostic[] };
    const client = await LspClient.start({ rootPath: root });
    try {
      for (const file of ['bilder/images/web/deploy.py', 'bilder/images/web/web.pkr.hcl']) {
        const expected = cli.diagnostics
          .filter((d) => d.file === file)
          .map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`)
          .sort();
        const absolute = path.join(root, file);
        await client.open(fileUri(absolute), readFileSync(absolute, 'utf8'), file.endsWith('.py') ? 'python' : 'packer');
        const shown = (diagnostics: Diagnostic[]) =>
          diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${typeof d.message === 'string' ? d.message : d.message.value}`).sort();
        // The editor's diagnostics settle over a few publishes (deploy look-ups land in the background).
        const published = await client.waitForDiagnostics(fileUri(absolute), (p) => JSON.stringify(shown(p.diagnostics)) === JSON.stringify(expected));
        assert.deepEqual(shown(published.diagnostics), expected);
      }
    } finally {
      await client.stop();
    }
  });

  it('--format sarif is valid SARIF 2.1.0 with the tool version, rule metadata and help links', async () => {
    const root = workspace({ ...DEPLOY_TREE, 'broken.pkr.hcl': 'build {\n' });
    const result = await bilder(['check', '--format', 'sarif', '.'], root);
    assert.equal(result.code, 1, result.stderr);
    const log = JSON.parse(result.stdout);
    // The schema's language-tag pattern is not a valid unicode regular expression; it is as published.
    const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const valid: boolean = validate(log);
    assert.ok(valid, JSON.stringify(validate.errors, null, 2));
    assert.equal(log.version, '2.1.0');
    const [run] = log.runs;
    assert.equal(run.tool.driver.name, 'bilder');
    assert.equal(run.tool.driver.version, JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version);
    const rules = new Map<string, { helpUri: string; shortDescription: { text: string }; defaultConfiguration: { level: string } }>(
      run.tool.driver.rules.map((rule: { id: string }) => [rule.id, rule]),
    );
    assert.ok(rules.size >= 30, 'every rule Bilder knows is described');
    assert.match(rules.get('pyinfra/missing-file')!.helpUri, /^https:\/\/.+#diagnostic-codes$/);
    assert.equal(rules.get('pyinfra/missing-file')!.defaultConfiguration.level, 'error');
    assert.ok(rules.get('pyinfra/env-not-passed')!.shortDescription.text.length > 20);
    for (const result of run.results) assert.equal(run.tool.driver.rules[result.ruleIndex].id, result.ruleId);
    const missing = run.results.find((entry: { ruleId: string }) => entry.ruleId === 'pyinfra/missing-file');
    assert.deepEqual(missing.locations[0].physicalLocation.artifactLocation, { uri: 'bilder/images/web/deploy.py', uriBaseId: '%SRCROOT%' });
    assert.equal(missing.locations[0].physicalLocation.region.startLine, 5);
    assert.ok(run.results.some((entry: { ruleId: string; level: string }) => entry.ruleId.startsWith('syntax/') && entry.level === 'error'));
  });

  it('--format github prints one escaped workflow annotation per diagnostic', async () => {
    const root = workspace(DEPLOY_TREE);
    const result = await bilder(['check', '--format', 'github', 'bilder'], root);
    assert.equal(result.code, 1, result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 4);
    assert.ok(lines.includes('::error file=bilder/images/web/deploy.py,line=5,col=15,endLine=5,endColumn=35,title=bilder pyinfra/missing-file::files/missing.conf does not exist (resolved to ' + path.join(root, 'bilder/images/web/files/missing.conf') + ').'), lines.join('\n'));
    assert.ok(lines.some((line) => line.startsWith('::warning file=bilder/images/web/deploy.py,line=6,') && line.includes('title=bilder pyinfra/env-not-passed::')));
    assert.ok(lines.some((line) => line.startsWith('::notice file=bilder/images/web/web.pkr.hcl,line=8,')));
    // A `,` or `:` in a property, and a newline in a message, would end the command early.
    const odd = workspace({ 'a,b:c.pkr.hcl': 'build {\n' });
    const annotation = (await bilder(['check', '--format', 'github', '.'], odd)).stdout.trimEnd();
    assert.match(annotation, /^::error file=a%2Cb%3Ac\.pkr\.hcl,line=\d+,/);
    assert.equal(annotation.split('\n').length, 1);
  });

  it('unknown formats name the ones there are', async () => {
    const result = await bilder(['check', '--format', 'xml']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /use text, json, sarif, github/);
  });
});
