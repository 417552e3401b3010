import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildBlocks,
  buildVariables,
  componentKindOfBlock,
  componentSummaries,
  findComponent,
  functions,
  metaArguments,
  packerVariables,
  pathVariables,
  topLevelBlocks,
  type AttributeSchema,
  type BlockSchema,
  type ComponentKind,
  type ComponentSchema,
} from '../../../../server/src/packer/schema';

const KINDS: readonly ComponentKind[] = ['builder', 'provisioner', 'post-processor', 'datasource'];

function allComponents(): ComponentSchema[] {
  return KINDS.flatMap((kind) => componentSummaries(kind).map((summary) => findComponent(kind, summary.type)!));
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Every block schema reachable from a root, with a readable path, visited with an explicit stack. */
function allBlocks(roots: Record<string, BlockSchema>, prefix: string): [string, BlockSchema][] {
  const found: [string, BlockSchema][] = [];
  const stack: [string, BlockSchema][] = Object.entries(roots).map(([name, block]) => [`${prefix}${name}`, block]);
  while (stack.length > 0) {
    const [path, block] = stack.pop()!;
    found.push([path, block]);
    for (const [name, nested] of Object.entries(block.blocks)) stack.push([`${path} > ${name}`, nested]);
  }
  return found;
}

function everyBlock(): [string, BlockSchema][] {
  return [
    ...allBlocks(topLevelBlocks, ''),
    ...allComponents().flatMap((component) => allBlocks({ [`${component.kind} ${component.type}`]: { ...component, labels: [] } }, '')),
  ];
}

/** Packer's own blocks carry Bilder's descriptions; plugin bodies have them only where overrides give one. */
function isCore(path: string): boolean {
  return !KINDS.some((kind) => path.startsWith(`${kind} `));
}

function assertSaneAttributes(where: string, attributes: readonly AttributeSchema[], described = true): void {
  const seen = new Set<string>();
  for (const attribute of attributes) {
    assert.match(attribute.name, IDENTIFIER, `${where}: bad attribute name ${attribute.name}`);
    assert.ok(!seen.has(attribute.name), `${where}: duplicate attribute ${attribute.name}`);
    seen.add(attribute.name);
    assert.ok(attribute.type.length > 0, `${where}.${attribute.name}: no type`);
    if (described) assert.ok(attribute.description.trim().length > 0, `${where}.${attribute.name}: no description`);
  }
}

describe('schema integrity', () => {
  it('has no duplicate attribute names in any body, and no attribute that is also a nested block', () => {
    for (const [path, block] of everyBlock()) {
      assertSaneAttributes(path, block.attributes, isCore(path));
      for (const name of Object.keys(block.blocks)) {
        assert.ok(!block.attributes.some((attribute) => attribute.name === name), `${path}: ${name} is both attribute and block`);
      }
    }
  });

  it('gives every block a description and sane labels', () => {
    for (const [path, block] of everyBlock()) {
      if (isCore(path) || !path.includes(' > ')) assert.ok(block.description.trim().length > 0, `${path}: no description`);
      assert.equal(new Set(block.labels).size, block.labels.length, `${path}: repeated label name`);
      for (const label of block.labels) assert.match(label, IDENTIFIER, `${path}: bad label ${label}`);
    }
    assert.deepEqual(topLevelBlocks.source?.labels, ['type', 'name']);
    assert.deepEqual(topLevelBlocks.data?.labels, ['type', 'name']);
    assert.deepEqual(topLevelBlocks.variable?.labels, ['name']);
    assert.deepEqual(topLevelBlocks.local?.labels, ['name']);
    assert.deepEqual(buildBlocks.source?.labels, ['name']);
    assert.deepEqual(buildBlocks.provisioner?.labels, ['type']);
    assert.deepEqual(buildBlocks['post-processors']?.labels, []);
  });

  it('leaves plugin-supplied bodies open so unknown plugins get no false errors', () => {
    for (const name of ['source', 'data']) assert.equal(topLevelBlocks[name]?.open, true, name);
    for (const name of ['source', 'provisioner', 'error-cleanup-provisioner', 'post-processor']) {
      assert.equal(buildBlocks[name]?.open, true, name);
    }
    assert.equal(buildBlocks['post-processors']?.blocks['post-processor']?.open, true);
  });

  it('lists the documented top-level and build blocks', () => {
    assert.deepEqual(
      Object.keys(topLevelBlocks).sort(),
      ['build', 'communicator', 'data', 'hcp_packer_registry', 'local', 'locals', 'packer', 'source', 'variable', 'variables'],
    );
    assert.deepEqual(
      Object.keys(buildBlocks).sort(),
      ['dynamic', 'error-cleanup-provisioner', 'hcp_packer_registry', 'post-processor', 'post-processors', 'provisioner', 'source'],
    );
    assert.ok(topLevelBlocks.packer?.blocks.required_plugins);
    assert.ok(topLevelBlocks.variable?.blocks.validation);
    assert.equal(topLevelBlocks.build?.blocks, buildBlocks);
  });

  it('has the meta-arguments of each step', () => {
    const names = (key: keyof typeof metaArguments) => metaArguments[key].map((attribute) => attribute.name).sort();
    assert.deepEqual(names('provisioner'), ['continue_on_error', 'except', 'max_retries', 'name', 'only', 'override', 'pause_before', 'timeout']);
    assert.deepEqual(names('error-cleanup-provisioner'), names('provisioner'));
    assert.deepEqual(names('post-processor'), ['except', 'keep_input_artifact', 'name', 'only']);
    assert.deepEqual(names('build-source'), ['name']);
    for (const [key, attributes] of Object.entries(metaArguments)) assertSaneAttributes(`meta ${key}`, attributes);
  });

  it('describes every function with a doc, a return type and typed parameters', () => {
    for (const [name, schema] of Object.entries(functions)) {
      assert.equal(schema.name, name);
      assert.ok(schema.description.trim().length > 0, `${name}: no description`);
      assert.ok(schema.returns.length > 0, `${name}: no return type`);
      for (const parameter of [...schema.parameters, ...(schema.variadic ? [schema.variadic] : [])]) {
        assert.ok(parameter.name && parameter.type, `${name}: incomplete parameter`);
      }
    }
    // Packer 1.16's Functions() map (102) plus templatefile and env.
    assert.ok(Object.keys(functions).length >= 104, `only ${Object.keys(functions).length} functions`);
    for (const name of ['env', 'templatefile', 'legacy_isotime', 'legacy_strftime', 'timestamp', 'aws_secretsmanager', 'vault', 'consul_key', 'regex_replace', 'uuidv4', 'convert', 'try', 'can']) {
      assert.ok(functions[name], `missing ${name}`);
    }
    assert.ok(functions.env?.restriction, 'env must carry its variable-default restriction');
    for (const terraformOnly of ['tostring', 'one', 'sensitive', 'uuid']) assert.equal(functions[terraformOnly], undefined, terraformOnly);
  });

  it('gives every component a kind, type, plugin, version, docs and description, once per kind and type', () => {
    const seen = new Set<string>();
    const components = allComponents();
    assert.ok(components.length >= 80, `only ${components.length} components`);
    for (const component of components) {
      const key = `${component.kind} ${component.type}`;
      assert.ok(!seen.has(key), `duplicate component ${key}`);
      seen.add(key);
      assert.match(component.type, /^[a-z0-9][a-z0-9-]*$/, key);
      assert.ok(component.plugin === 'builtin' || component.plugin.startsWith('github.com/'), `${key}: plugin ${component.plugin}`);
      assert.match(component.version ?? '', /^\d+\.\d+\.\d+/, `${key}: version`);
      assert.match(component.docsUrl ?? '', /^https:\/\/developer\.hashicorp\.com\/packer\//, `${key}: docs`);
      assert.ok(component.description.trim().length > 0, `${key}: no description`);
      if (component.outputs) assertSaneAttributes(`${key} outputs`, component.outputs, false);
      for (const data of component.generatedData ?? []) assert.ok(data.description.length > 0, `${key}: ${data.name}`);
      assert.equal(findComponent(component.kind, component.type), component, `${key} is loaded once`);
      for (const attribute of component.attributes) assert.doesNotMatch(attribute.name, /^packer_/, `${key}: ${attribute.name} is set by Packer core`);
    }
  });

  it('finds the components users write, and nothing for unknown types', () => {
    const expected: [ComponentKind, string][] = [
      ['builder', 'null'], ['builder', 'file'], ['builder', 'amazon-ebs'], ['builder', 'docker'], ['builder', 'qemu'],
      ['builder', 'virtualbox-iso'], ['builder', 'vmware-iso'], ['builder', 'parallels-iso'], ['builder', 'hyperv-iso'],
      ['builder', 'vagrant'], ['builder', 'vsphere-iso'], ['builder', 'proxmox-iso'], ['builder', 'azure-arm'], ['builder', 'googlecompute'],
      ['provisioner', 'shell'], ['provisioner', 'shell-local'], ['provisioner', 'file'], ['provisioner', 'breakpoint'],
      ['provisioner', 'powershell'], ['provisioner', 'windows-shell'], ['provisioner', 'windows-restart'], ['provisioner', 'windows-update'],
      ['provisioner', 'ansible'], ['provisioner', 'ansible-local'], ['provisioner', 'hcp-sbom'],
      ['post-processor', 'manifest'], ['post-processor', 'checksum'], ['post-processor', 'compress'], ['post-processor', 'provenance'],
      ['post-processor', 'shell-local'], ['post-processor', 'artifice'], ['post-processor', 'docker-tag'], ['post-processor', 'vagrant'],
      ['post-processor', 'docker-push'], ['post-processor', 'docker-import'], ['post-processor', 'docker-save'],
      ['datasource', 'null'], ['datasource', 'http'], ['datasource', 'amazon-ami'], ['datasource', 'hcp-packer-artifact'],
    ];
    for (const [kind, type] of expected) assert.ok(findComponent(kind, type), `${kind} ${type}`);
    assert.equal(findComponent('builder', 'no-such-builder'), undefined);
    assert.equal(findComponent('provisioner', 'amazon-ebs'), undefined);
    assert.deepEqual(componentKindOfBlock, {
      source: 'builder',
      data: 'datasource',
      provisioner: 'provisioner',
      'error-cleanup-provisioner': 'provisioner',
      'post-processor': 'post-processor',
    });
  });

  it('knows amazon-ebs in depth, with the advisory required tags settled by overrides', () => {
    const ebs = findComponent('builder', 'amazon-ebs')!;
    const names = new Set(ebs.attributes.map((attribute) => attribute.name));
    for (const name of ['access_key', 'region', 'ami_name', 'instance_type', 'source_ami', 'tags', 'run_tags', 'ssh_username', 'ssh_interface', 'communicator', 'winrm_username']) {
      assert.ok(names.has(name), name);
    }
    assert.ok(!names.has('screenshot_dir'), 'no plugin defines screenshot_dir');
    for (const block of ['launch_block_device_mappings', 'ami_block_device_mappings', 'source_ami_filter', 'aws_polling', 'assume_role', 'metadata_options', 'fast_launch']) {
      assert.ok(ebs.blocks[block], block);
    }
    assert.ok(ebs.blocks.fast_launch?.blocks.region_launch_templates?.attributes.some((attribute) => attribute.name === 'enable_fast_launch'));
    assert.equal(ebs.blocks.launch_block_device_mappings?.nesting, 'list');
    assert.equal(ebs.blocks.source_ami_filter?.nesting, 'single');
    assert.deepEqual(ebs.attributes.filter((attribute) => attribute.required).map((attribute) => attribute.name).sort(), ['ami_name', 'instance_type']);
    assert.deepEqual(ebs.requiredOneOf, [['source_ami', 'source_ami_filter']]);
    assert.deepEqual(ebs.attributes.find((attribute) => attribute.name === 'ami_virtualization_type')?.enum, ['hvm', 'paravirtual']);
    assert.deepEqual(ebs.attributes.find((attribute) => attribute.name === 'communicator')?.enum, ['ssh', 'winrm', 'none']);
    assert.deepEqual(ebs.generatedData?.map((data) => data.name).sort(), ['BuildRegion', 'SourceAMI', 'SourceAMICreationDate', 'SourceAMIName', 'SourceAMIOwner', 'SourceAMIOwnerName']);
    assert.deepEqual(findComponent('datasource', 'amazon-ami')?.outputs?.map((output) => output.name).sort(), ['creation_date', 'id', 'name', 'owner', 'owner_name', 'tags']);
    assert.equal(ebs.plugin, 'github.com/hashicorp/amazon');
  });

  it('has the attributes the hand-written tables missed (issue 12)', () => {
    const has = (kind: ComponentKind, type: string, name: string) => findComponent(kind, type)?.attributes.some((attribute) => attribute.name === name);
    for (const name of ['use_pflash', 'vga', 'floppy_content', 'http_network_protocol', 'vnc_password']) assert.ok(has('builder', 'qemu', name), `qemu ${name}`);
    assert.ok(has('builder', 'docker', 'docker_path'));
    for (const type of ['docker-push', 'docker-tag', 'docker-import']) assert.ok(has('post-processor', type, 'docker_path') || has('post-processor', type, 'login'), type);
    assert.ok(has('provisioner', 'hcp-sbom', 'auto_generate'));
    assert.ok(findComponent('post-processor', 'provenance'), 'Packer 1.16 provenance post-processor');
  });

  it('documents the contextual variables', () => {
    const names = (list: readonly AttributeSchema[]) => list.map((attribute) => attribute.name);
    for (const key of ['ID', 'Host', 'Port', 'User', 'Password', 'ConnType', 'PackerRunUUID', 'PackerHTTPIP', 'PackerHTTPPort', 'PackerHTTPAddr', 'SSHPublicKey', 'SSHPrivateKey', 'WinRMPassword', 'name']) {
      assert.ok(names(buildVariables).includes(key), key);
    }
    assert.deepEqual(names(pathVariables).sort(), ['cwd', 'root']);
    assert.ok(names(packerVariables).includes('version'));
    for (const [where, list] of [['build', buildVariables], ['path', pathVariables], ['packer', packerVariables]] as const) {
      assertSaneAttributes(where, list);
    }
  });
});
