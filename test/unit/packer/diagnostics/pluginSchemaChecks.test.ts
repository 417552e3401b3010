// Schema checks on plugin bodies from the generated schema: advisory required tags, one-of groups, attributes a plugin
// removed, and attributes of another release than Bilder's (required_plugins or an installed binary).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { PackerConfiguration } from '../../../../server/src/packer/configuration';
import { schemaDiagnostics } from '../../../../server/src/packer/diagnostics/schemaChecks';
import { buildFileModel } from '../../../../server/src/packer/model';
import type { InstalledPlugin } from '../../../../server/src/packer/schema/installedPlugins';
import { createParsers } from '../../../../server/src/parsing/treeSitter';
import type { Parsers } from '../../../../server/src/parsing/treeSitter';

let parsers: Parsers;
let counter = 0;

function check(text: string, installed: Record<string, string> = {}, sibling?: string): Diagnostic[] {
  const uri = `file:///plugin-checks/${++counter}/a.pkr.hcl`;
  const document = TextDocument.create(uri, 'packer', 0, text);
  const tree = parsers.hcl.parse(text);
  const siblingModels = [];
  if (sibling) {
    const siblingDocument = TextDocument.create(`file:///plugin-checks/${counter}/plugins.pkr.hcl`, 'packer', 0, sibling);
    const siblingTree = parsers.hcl.parse(sibling);
    siblingModels.push(buildFileModel(siblingDocument, siblingTree, 'packer'));
    siblingTree.delete();
  }
  try {
    const configuration = new PackerConfiguration(`/plugin-checks/${counter}`, [buildFileModel(document, tree, 'packer'), ...siblingModels], true);
    const plugins = new Map<string, InstalledPlugin>(Object.entries(installed).map(([name, version]) => [name, { name, version, path: `/p/${name}` }]));
    return schemaDiagnostics(document, tree, configuration, plugins);
  } finally {
    tree.delete();
  }
}

const summary = (diagnostics: Diagnostic[]) => diagnostics.map((diagnostic) => `${diagnostic.range.start.line + 1} ${diagnostic.code} ${diagnostic.severity}`);

describe('schema checks on plugin bodies', () => {
  before(async () => {
    parsers = await createParsers();
  });

  it('checks every plugin the schema covers: a typo in a virtualbox-iso source is a warning', () => {
    const diagnostics = check('source "virtualbox-iso" "x" {\n  iso_url = "a.iso"\n  iso_checksum = "none"\n  guest_os_typo = "Ubuntu_64"\n}\n');
    assert.deepEqual(summary(diagnostics), ['4 schema/unknown-attribute 2']);
  });

  it('is satisfied by one member of a one-of group, and says which are missing otherwise', () => {
    const withFilter = 'source "amazon-ebs" "x" {\n  ami_name = "a"\n  instance_type = "t3.micro"\n  source_ami_filter {\n    owners = ["self"]\n  }\n}\n';
    assert.deepEqual(summary(check(withFilter)), []);
    const neither = check('source "amazon-ebs" "x" {\n  ami_name = "a"\n  instance_type = "t3.micro"\n}\n');
    assert.deepEqual(summary(neither), ['1 schema/missing-plugin-attribute 3']);
    assert.match(String(neither[0]!.message), /One of "source_ami", "source_ami_filter" is required/);
  });

  it('reports a plugin nested block’s required tags as information, never as an error', () => {
    const text = 'source "proxmox-clone" "x" {\n  node = "pve"\n  clone_vm = "base"\n  rng0 {\n    period = 1000\n  }\n}\n';
    const diagnostics = check(text);
    assert.ok(diagnostics.length > 0);
    for (const diagnostic of diagnostics) assert.equal(diagnostic.severity, 3, String(diagnostic.message));
  });

  it('explains an attribute the plugin removed instead of calling it unknown', () => {
    const diagnostics = check('source "vmware-iso" "x" {\n  iso_url = "a.iso"\n  iso_checksum = "none"\n  remote_host = "esx"\n}\n');
    assert.deepEqual(summary(diagnostics), ['4 schema/removed-attribute 3']);
    assert.match(String(diagnostics[0]!.message), /dropped VMware ESX builds in v2\.0\.0/);
  });

  it('makes an unknown attribute information when required_plugins (in any file of the directory) asks for another release', () => {
    const source = 'source "qemu" "x" {\n  iso_url = "a.iso"\n  iso_checksum = "none"\n  brand_new_option = true\n}\n';
    assert.deepEqual(summary(check(source)), ['4 schema/unknown-attribute 2']);
    const pinned = `packer {\n  required_plugins {\n    qemu = {\n      version = ">= 1.1.6"\n      source  = "github.com/hashicorp/qemu"\n    }\n  }\n}\n${source}`;
    const diagnostics = check(pinned);
    assert.deepEqual(summary(diagnostics), ['12 schema/not-in-known-release 3']);
    assert.match(String(diagnostics[0]!.message), /not in github\.com\/hashicorp\/qemu v1\.1\.4's schema, but this configuration requires qemu >= 1\.1\.6/);
    const inAnotherFile = check(source, {}, pinned.slice(0, pinned.indexOf('source "qemu"')));
    assert.deepEqual(summary(inAnotherFile), ['4 schema/not-in-known-release 3'], 'required_plugins in plugins.pkr.hcl of the same directory');
    const satisfied = pinned.replace('>= 1.1.6', '>= 1.0.0');
    assert.deepEqual(summary(check(satisfied)), ['12 schema/unknown-attribute 2'], 'our release meets the constraint: still a typo');
  });

  it('makes an unknown attribute information when a newer release is installed, not an older one', () => {
    const source = 'source "qemu" "x" {\n  iso_url = "a.iso"\n  iso_checksum = "none"\n  brand_new_option = true\n}\n';
    const newer = check(source, { qemu: '1.2.0' });
    assert.deepEqual(summary(newer), ['4 schema/not-in-known-release 3']);
    assert.match(String(newer[0]!.message), /qemu v1\.2\.0 is installed/);
    assert.deepEqual(summary(check(source, { qemu: '1.0.0' })), ['4 schema/unknown-attribute 2']);
  });

  it('never reports plugins it has no data for', () => {
    assert.deepEqual(check('source "someones-plugin" "x" {\n  whatever = 1\n  nested {\n  }\n}\n'), []);
  });
});
