// The generated plugin schema through the real server over stdio: type labels of every plugin with their release,
// plugin attributes checked and hovered with their provenance, and installed plugin binaries found (never run) and
// announced for the language status item.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CompletionItem, CompletionList, Hover } from 'vscode-languageserver-protocol';
import { PACKER_PLUGINS_NOTIFICATION } from '../../protocol';
import type { PackerPluginsParams } from '../../protocol';
import { LspClient, fileUri } from '../helpers/lspClient';

const home = mkdtempSync(path.join(tmpdir(), 'bilder-plugin-home-'));
const pluginDir = path.join(home, '.config', 'packer', 'plugins', 'github.com', 'hashicorp', 'qemu');
const workspace = path.join(home, 'work');

function items(result: CompletionItem[] | CompletionList | null): CompletionItem[] {
  return Array.isArray(result) ? result : (result?.items ?? []);
}

describe('Packer plugin schema over stdio', () => {
  let client: LspClient;
  before(async () => {
    mkdirSync(pluginDir, { recursive: true });
    // A binary that would fail loudly if anything ran it.
    writeFileSync(path.join(pluginDir, 'packer-plugin-qemu_v1.1.6_x5.0_linux_amd64'), '#!/bin/sh\necho ran >&2\nexit 3\n', { mode: 0o755 });
    mkdirSync(workspace, { recursive: true });
    client = await LspClient.start({ rootPath: workspace, env: { HOME: home, PACKER_PLUGIN_PATH: '', PACKER_CONFIG_DIR: '' } });
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
    rmSync(home, { recursive: true, force: true });
  });

  it('announces the releases it covers and the installed binaries, newer ones marked', async () => {
    const deadline = Date.now() + 10_000;
    let status: PackerPluginsParams | undefined;
    while (!status && Date.now() < deadline) {
      status = client.notifications.find((notification) => notification.method === PACKER_PLUGINS_NOTIFICATION)?.params as PackerPluginsParams | undefined;
      if (!status) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(status, 'bilder/packerPlugins was sent');
    assert.ok(status.schema.some((release) => release.name === 'amazon' && release.source === 'github.com/hashicorp/amazon' && release.version === '1.8.2'));
    assert.deepEqual(status.installed, [{ name: 'qemu', version: '1.1.6', source: 'github.com/hashicorp/qemu' }]);
    assert.deepEqual(status.newer, ['qemu 1.1.6']);
  });

  it('completes type labels from every plugin with plugin and version', async () => {
    const uri = fileUri(path.join(workspace, 'labels.pkr.hcl'));
    await client.open(uri, 'source "" "x" {\n}\n');
    const result = items(await client.request<CompletionItem[] | CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 8 } }));
    const byLabel = new Map(result.map((item) => [item.label, item]));
    for (const type of ['amazon-ebs', 'virtualbox-iso', 'vmware-iso', 'parallels-iso', 'hyperv-iso', 'vagrant', 'qemu', 'null']) assert.ok(byLabel.has(type), type);
    assert.equal(byLabel.get('virtualbox-iso')!.detail, 'hashicorp/virtualbox v1.1.5');
    assert.match(byLabel.get('null')!.detail ?? '', /built into Packer/);
  });

  it('checks a plugin body the hand-written tables never knew, and hovers its attributes with their provenance', async () => {
    const uri = fileUri(path.join(workspace, 'vbox.pkr.hcl'));
    const text = 'source "virtualbox-iso" "x" {\n  iso_url       = "a.iso"\n  iso_checksum  = "none"\n  guest_os_type = "Ubuntu_64"\n  headles       = true\n}\n';
    await client.open(uri, text);
    const diagnostics = await client.diagnosticsForVersion(uri, 1);
    assert.deepEqual(diagnostics.map((diagnostic) => `${diagnostic.range.start.line} ${diagnostic.code}`), ['4 schema/unknown-attribute']);
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 4 } });
    const value = (hover.contents as { value: string }).value;
    assert.match(value, /\*\*guest_os_type\*\* `string`/);
    assert.match(value, /github\.com\/hashicorp\/virtualbox v1\.1\.5 · \[Documentation\]\(https:\/\/developer\.hashicorp\.com\/packer\/integrations\/hashicorp\/virtualbox\/latest\/components\/builder\/iso\)/);
  });

  it('treats an attribute unknown to its qemu release as information, since a newer qemu is installed', async () => {
    const uri = fileUri(path.join(workspace, 'qemu.pkr.hcl'));
    await client.open(uri, 'source "qemu" "x" {\n  iso_url      = "a.iso"\n  iso_checksum = "none"\n  shiny_new    = true\n}\n');
    const diagnostics = await client.diagnosticsForVersion(uri, 1);
    assert.deepEqual(diagnostics.map((diagnostic) => `${diagnostic.range.start.line} ${diagnostic.code} ${diagnostic.severity}`), ['3 schema/not-in-known-release 3']);
    assert.match(String(diagnostics[0]!.message), /qemu v1\.1\.6 is installed/);
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 4 } });
    assert.match((hover.contents as { value: string }).value, /github\.com\/hashicorp\/qemu v1\.1\.4 · installed: v1\.1\.6 · \[Documentation\]/);
  });

  it('completes data source outputs after data.<type>.<name>.', async () => {
    const uri = fileUri(path.join(workspace, 'data.pkr.hcl'));
    await client.open(uri, 'data "amazon-ami" "base" {\n  owners = ["self"]\n}\nlocals {\n  id = data.amazon-ami.base.\n}\n');
    const result = items(await client.request<CompletionItem[] | CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 4, character: 28 } }));
    assert.deepEqual(result.map((item) => item.label).sort(), ['creation_date', 'id', 'name', 'owner', 'owner_name', 'tags']);
  });
});
