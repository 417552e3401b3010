import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CompletionItem, CompletionList, Diagnostic, DocumentLink, Hover, Location, SignatureHelp } from 'vscode-languageserver-protocol';
import { LspClient, REPO_ROOT, fileUri } from '../helpers/lspClient';

const WORKSPACE = path.join(REPO_ROOT, 'test', 'fixtures', 'pyinfra');
const BILDER = path.join(WORKSPACE, 'src', 'bilder');
const CONSUL_DEPLOY = path.join(BILDER, 'images', 'consul', 'deploy.py');
const VAULT_DEPLOY = path.join(BILDER, 'images', 'vault', 'deploy.py');

function labels(result: CompletionItem[] | CompletionList | null): string[] {
  const items = Array.isArray(result) ? result : (result?.items ?? []);
  return items.map((item) => item.label);
}

function hoverText(hover: Hover | null): string {
  const contents = hover?.contents;
  return contents && typeof contents === 'object' && 'value' in contents ? contents.value : JSON.stringify(contents);
}

describe('deploy.py intelligence over stdio', () => {
  let client: LspClient;
  let version = 1;
  const scratch = fileUri(path.join(BILDER, 'images', 'consul', 'scratch_deploy.py'));

  /** Opens (or replaces) the scratch deploy beside the consul deploy and returns the position of `|`. */
  async function scratchAt(source: string): Promise<{ line: number; character: number }> {
    const offset = source.indexOf('|');
    const text = source.replace('|', '');
    const before = text.slice(0, offset).split('\n');
    if (version === 1) await client.open(scratch, text, 'python', version++);
    else await client.change(scratch, version++, [{ text }]);
    return { line: before.length - 1, character: before[before.length - 1]!.length };
  }

  async function complete(source: string): Promise<string[]> {
    const position = await scratchAt(source);
    return labels(await client.request('textDocument/completion', { textDocument: { uri: scratch }, position }));
  }

  /** Diagnostics are refined as the component index and template links load: wait until the expected codes settle. */
  async function diagnosticsWith(uri: string, codes: string[]): Promise<Diagnostic[]> {
    const published = await client.waitForDiagnostics(uri, (p) => codes.every((code) => p.diagnostics.some((d) => d.code === code)), 15_000);
    return published.diagnostics;
  }

  before(async () => {
    client = await LspClient.start({ rootPath: WORKSPACE });
    await client.open(fileUri(CONSUL_DEPLOY), readFileSync(CONSUL_DEPLOY, 'utf8'), 'python');
    await client.open(fileUri(VAULT_DEPLOY), readFileSync(VAULT_DEPLOY, 'utf8'), 'python');
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
  });

  it('completes component packages, nested packages, modules and then functions with docstrings', async () => {
    assert.deepEqual(await complete('from bilder.|'), ['components']);
    assert.deepEqual((await complete('from bilder.components.|')).sort(), ['baseline', 'hashicorp']);
    assert.deepEqual(await complete('from bilder.components.hashicorp.|'), ['consul']);
    assert.deepEqual((await complete('from bilder.components.baseline.|')).sort(), ['models', 'steps']);
    assert.deepEqual((await complete('import bilder.components.hashicorp.consul.|')), ['steps']);
    const position = await scratchAt('from bilder.components.hashicorp.consul.steps import (\n    install_consul,\n    |\n)');
    const result = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: scratch }, position });
    assert.deepEqual(labels(result).sort(), ['ConsulService', 'configure_consul', 'install_consul']);
    const install = result.find((item) => item.label === 'install_consul')!;
    assert.match(JSON.stringify(install.documentation), /Download Consul/);
    assert.match(install.detail ?? '', /def install_consul\(version: str\)/);
  });

  it('goes to the definition of every part of a component import', async () => {
    const uri = fileUri(CONSUL_DEPLOY);
    const line = readFileSync(CONSUL_DEPLOY, 'utf8').split('\n').findIndex((text) => text.includes('hashicorp.consul.steps'));
    const text = readFileSync(CONSUL_DEPLOY, 'utf8').split('\n')[line]!;
    const at = async (word: string) =>
      client.request<Location[]>('textDocument/definition', { textDocument: { uri }, position: { line, character: text.indexOf(word) + 1 } });
    assert.equal((await at('steps'))[0]!.uri, fileUri(path.join(BILDER, 'components', 'hashicorp', 'consul', 'steps.py')));
    assert.equal((await at('consul.'))[0]!.uri, fileUri(path.join(BILDER, 'components', 'hashicorp', 'consul', '__init__.py')));
    const symbol = await at('install_consul');
    assert.equal(symbol[0]!.uri, fileUri(path.join(BILDER, 'components', 'hashicorp', 'consul', 'steps.py')));
    assert.equal(symbol[0]!.range.start.line, 4);
  });

  it('hovers a component import with the README paragraph and the docstring', async () => {
    const uri = fileUri(CONSUL_DEPLOY);
    const lines = readFileSync(CONSUL_DEPLOY, 'utf8').split('\n');
    const line = lines.findIndex((text) => text.includes('baseline.steps import'));
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line, character: lines[line]!.indexOf('tune_kernel') + 2 } });
    assert.match(hoverText(hover), /def tune_kernel/);
    assert.match(hoverText(hover), /Write sysctl settings/);
    assert.match(hoverText(hover), /Packages and kernel settings every Bilder image starts from\./);
    const packageHover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line, character: lines[line]!.indexOf('baseline') + 1 } });
    assert.match(hoverText(packageHover), /bilder\.components\.baseline/);
  });

  it('reports unknown components, missing files, unpinned packages, raw shell and variables no template passes', async () => {
    const diagnostics = await diagnosticsWith(fileUri(CONSUL_DEPLOY), ['pyinfra/unknown-component', 'pyinfra/missing-file', 'pyinfra/env-not-passed']);
    const byCode = (code: string) => diagnostics.filter((d) => d.code === code);
    assert.deepEqual(byCode('pyinfra/unknown-component').map((d) => d.range.start.line), [7]);
    assert.match(messageOf(byCode('pyinfra/unknown-component')[0]!), /"nosuch"/);
    assert.deepEqual(byCode('pyinfra/missing-file').map((d) => d.range.start.line).sort(), [22, 24]);
    assert.deepEqual(byCode('pyinfra/unpinned-package').map((d) => messageOf(d).match(/"(\w+)"/)![1]), ['unbound']);
    assert.match(messageOf(byCode('pyinfra/prefer-operation')[0]!), /systemd\.service/);
    const env = byCode('pyinfra/env-not-passed');
    assert.deepEqual(env.map((d) => d.range.start.line), [11], 'DEPLOYMENT has no default and is never passed; NODE_TYPE is');
    assert.ok(diagnostics.every((d) => d.source === 'bilder'));

    const vault = await diagnosticsWith(fileUri(VAULT_DEPLOY), ['pyinfra/env-not-passed']);
    assert.deepEqual(vault.filter((d) => d.code === 'pyinfra/env-not-passed').map((d) => messageOf(d).split(' ')[0]), ['VAULT_ROLE']);
    assert.equal(vault.filter((d) => d.code === 'pyinfra/missing-file').length, 0);
  });

  it('goes from an environment variable in deploy.py to the template that passes it', async () => {
    const lines = readFileSync(CONSUL_DEPLOY, 'utf8').split('\n');
    const line = lines.findIndex((text) => text.includes('"NODE_TYPE"'));
    const locations = await client.request<Location[]>('textDocument/definition', {
      textDocument: { uri: fileUri(CONSUL_DEPLOY) },
      position: { line, character: lines[line]!.indexOf('NODE_TYPE"') + 2 },
    });
    assert.deepEqual(locations.map((l) => [path.basename(l.uri), l.range.start.line]), [['consul.pkr.hcl', 16]]);
  });

  it('completes operations, their keyword and global arguments, and gives signature help and hovers', async () => {
    assert.ok((await complete('from pyinfra.operations import files\nfiles.|')).includes('template'));
    const argumentsOffered = await complete('from pyinfra.operations import apt\napt.packages(packages=["x=1"], |)');
    assert.ok(argumentsOffered.includes('update='));
    assert.ok(argumentsOffered.includes('_sudo='));
    assert.ok(!argumentsOffered.includes('packages='), 'arguments already given are not offered again');
    const position = await scratchAt('from pyinfra.operations import systemd\nsystemd.service(service="consul", enabled=|)');
    const help = await client.request<SignatureHelp>('textDocument/signatureHelp', { textDocument: { uri: scratch }, position });
    assert.match(help.signatures[0]!.label, /^systemd\.service\(service: str, running=True, /, 'the signature as PyInfra 3.1.1 writes it');
    assert.equal(help.activeParameter, 5, 'enabled is the sixth parameter');
    const hoverPosition = await scratchAt('from pyinfra.operations import server\nserver.shell(commands=["ls"], _su|do=True)');
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: scratch }, position: hoverPosition });
    assert.match(hoverText(hover), /sudo/);
    const operationHover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: scratch }, position: { line: 1, character: 9 } });
    assert.match(hoverText(operationHover), /Not idempotent/);
  });

  it('reports operation calls PyInfra would reject and fixes them to the name PyInfra has', async () => {
    await scratchAt('from pyinfra.operations import apt, server\napt.pakages(packages=["jq=1.6"])\nserver.shell(commands=["true"], sudo=True)\n|');
    const published = await client.waitForDiagnostics(scratch, (p) => p.diagnostics.some((d) => d.code === 'pyinfra/unknown-operation') && p.diagnostics.some((d) => d.code === 'pyinfra/other-version-argument'), 15_000);
    const ours = published.diagnostics.filter((d) => d.code === 'pyinfra/unknown-operation' || d.code === 'pyinfra/other-version-argument');
    const actions = await client.request<{ title: string; edit: { changes: Record<string, { newText: string }[]> } }[]>('textDocument/codeAction', {
      textDocument: { uri: scratch },
      range: ours[0]!.range,
      context: { diagnostics: ours },
    });
    assert.deepEqual(actions.map((action) => [action.title, action.edit.changes[scratch]![0]!.newText]), [
      ['Change to "packages"', 'packages'],
      ['Change to "_sudo"', '_sudo'],
    ]);
  });

  it('completes and links local files relative to the deploy directory', async () => {
    assert.deepEqual(await complete('from pyinfra.operations import files\nfiles.put(src="files/|", dest="/x")'), ['unbound-consul.conf']);
    assert.deepEqual(
      (await complete('from pathlib import Path\nT = Path(__file__).parent / "templates" / "|"')).sort(),
      ['vector/'],
    );
    const links = await client.request<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri: fileUri(CONSUL_DEPLOY) } });
    const targets = links.map((link) => path.relative(BILDER, URI_PATH(link.target!)));
    assert.deepEqual(targets, ['images/consul/files/unbound-consul.conf', 'images/consul/files/unbound-consul.conf'], 'src="files/…" and FILES_DIRECTORY.joinpath(…)');
  });
});

function messageOf(diagnostic: Diagnostic): string {
  return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}

function URI_PATH(uri: string): string {
  return decodeURIComponent(new URL(uri).pathname);
}
