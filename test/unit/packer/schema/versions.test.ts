// Version constraints, required_plugins reading and the installed-plugin scan (directories only, nothing run).
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { findInstalledPlugins, newestByName, pluginDirectories } from '../../../../server/src/packer/schema/installedPlugins';
import { otherReleaseReason, parseVersion, requiredPluginsIn, satisfies } from '../../../../server/src/packer/schema/pluginVersions';

const scratch = mkdtempSync(path.join(tmpdir(), 'bilder-plugins-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('plugin versions', () => {
  it('reads constraints as Packer does', () => {
    const v = (text: string) => parseVersion(text)!;
    assert.ok(satisfies(v('1.1.4'), '1.1.4'));
    assert.ok(!satisfies(v('1.1.4'), '1.1.6'));
    assert.ok(satisfies(v('1.1.4'), '>= 1.0.0, < 2.0.0'));
    assert.ok(!satisfies(v('2.1.0'), '>= 1.0.0, < 2.0.0'));
    assert.ok(satisfies(v('1.8.2'), '~> 1.2'));
    assert.ok(!satisfies(v('2.0.0'), '~> 1.2'));
    assert.ok(satisfies(v('1.2.9'), '~> 1.2.3'));
    assert.ok(!satisfies(v('1.3.0'), '~> 1.2.3'));
    assert.ok(satisfies(v('1.0.0'), 'not a constraint'), 'unreadable means no claim');
  });

  it('finds required_plugins entries', () => {
    const text = 'packer {\n  required_plugins {\n    qemu = {\n      version = "1.1.6"\n      source  = "github.com/hashicorp/qemu"\n    }\n    amazon = { source = "github.com/hashicorp/amazon", version = "~> 1" }\n  }\n}\n';
    assert.deepEqual(requiredPluginsIn(text), [
      { name: 'qemu', source: 'github.com/hashicorp/qemu', version: '1.1.6' },
      { name: 'amazon', source: 'github.com/hashicorp/amazon', version: '~> 1' },
    ]);
  });

  it('says why another release may have an attribute', () => {
    const none = { constraintOf: () => undefined, installedVersionOf: () => undefined };
    assert.equal(otherReleaseReason('qemu', '1.1.4', none), undefined);
    assert.match(otherReleaseReason('qemu', '1.1.4', { ...none, constraintOf: () => '1.1.6' })!, /requires qemu 1\.1\.6/);
    assert.match(otherReleaseReason('qemu', '1.1.4', { ...none, installedVersionOf: () => '1.1.6' })!, /v1\.1\.6 is installed/);
    assert.equal(otherReleaseReason('qemu', '1.1.4', { ...none, installedVersionOf: () => '1.1.4' }), undefined);
  });

  it('finds installed plugin binaries by their names, in every folder Packer reads, without running them', async () => {
    const config = path.join(scratch, 'home', '.config', 'packer', 'plugins', 'github.com', 'hashicorp', 'qemu');
    mkdirSync(config, { recursive: true });
    for (const name of ['packer-plugin-qemu_v1.1.4_x5.0_linux_amd64', 'packer-plugin-qemu_v1.1.6_x5.0_linux_amd64', 'packer-plugin-qemu_v1.1.6_x5.0_linux_amd64_SHA256SUM']) {
      writeFileSync(path.join(config, name), '#!/bin/sh\nexit 1\n');
      chmodSync(path.join(config, name), 0o755);
    }
    const custom = path.join(scratch, 'custom');
    mkdirSync(custom, { recursive: true });
    writeFileSync(path.join(custom, 'packer-plugin-windows-update_v0.18.4_x5.0_windows_amd64.exe'), '');
    const directories = pluginDirectories({ PACKER_PLUGIN_PATH: custom }, path.join(scratch, 'home'));
    assert.equal(directories[0], custom);
    const installed = await findInstalledPlugins(directories);
    assert.deepEqual(installed.map((plugin) => `${plugin.name} ${plugin.version} ${plugin.source ?? '-'}`).sort(), [
      'qemu 1.1.4 github.com/hashicorp/qemu',
      'qemu 1.1.6 github.com/hashicorp/qemu',
      'windows-update 0.18.4 -',
    ]);
    assert.equal(newestByName(installed).get('qemu')?.version, '1.1.6');
    assert.deepEqual(await findInstalledPlugins([path.join(scratch, 'missing')]), []);
  });
});
