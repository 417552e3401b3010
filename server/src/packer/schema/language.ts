// Packer's own configuration language: the blocks Packer core decodes itself (hcl2template/parser.go, types.build.go,
// types.variables.go), independent of any plugin. Plugin bodies come from components.ts.
import type { AttributeSchema, BlockSchema, ComponentKind, NestedBlockSchema } from './types';

const DURATION = 'string';

/** Arguments Packer core reads from a provisioner/post-processor/build-source body before handing the rest to the plugin. */
export const metaArguments: Record<
  'provisioner' | 'error-cleanup-provisioner' | 'post-processor' | 'build-source',
  readonly AttributeSchema[]
> = {
  provisioner: provisionerMetaArguments(),
  'error-cleanup-provisioner': provisionerMetaArguments(),
  'post-processor': [
    { name: 'name', type: 'string', description: 'A name for this post-processor, shown in the build output and usable in `only`/`except` of later steps.' },
    onlyArgument('post-processor'),
    exceptArgument('post-processor'),
    {
      name: 'keep_input_artifact',
      type: 'bool',
      description: 'Keep the artifact this post-processor received instead of letting Packer delete it once processed.',
    },
  ],
  'build-source': [
    {
      name: 'name',
      type: 'string',
      description: 'Renames this use of the source, so one `source` block can run several times in a build under different names.',
    },
  ],
};

function onlyArgument(step: string): AttributeSchema {
  return {
    name: 'only',
    type: 'list(string)',
    description: `Run this ${step} only for the listed sources (\`<type>.<name>\`, e.g. \`amazon-ebs.ubuntu\`).`,
  };
}

function exceptArgument(step: string): AttributeSchema {
  return {
    name: 'except',
    type: 'list(string)',
    description: `Skip this ${step} for the listed sources (\`<type>.<name>\`).`,
  };
}

function provisionerMetaArguments(): AttributeSchema[] {
  return [
    { name: 'name', type: 'string', description: 'A name for this provisioner, shown in the build output.' },
    onlyArgument('provisioner'),
    exceptArgument('provisioner'),
    { name: 'pause_before', type: DURATION, description: 'Wait this long (a duration such as `10s`) before starting the provisioner.' },
    { name: 'max_retries', type: 'number', description: 'Retry the provisioner up to this many times if it fails.' },
    { name: 'timeout', type: DURATION, description: 'Fail the provisioner if it runs longer than this duration (e.g. `5m`).' },
    {
      name: 'override',
      type: 'map(any)',
      description: 'Per-source settings: an object keyed by source name whose values replace this provisioner’s attributes for that source.',
    },
    {
      name: 'continue_on_error',
      type: 'bool',
      description: 'Let the build go on when this provisioner fails (Packer 1.16 and later).',
    },
  ];
}

const validationBlock: NestedBlockSchema = {
  description: 'A rule the variable’s value must satisfy; Packer stops with `error_message` when `condition` is false.',
  labels: [],
  nesting: 'list',
  attributes: [
    { name: 'condition', type: 'bool', required: true, description: 'An expression over `var.<name>` that must be true for the value to be accepted.' },
    { name: 'error_message', type: 'string', required: true, description: 'The message shown when the condition is false; a full sentence.' },
  ],
  blocks: {},
};

const requiredPluginsBlock: NestedBlockSchema = {
  description:
    'The plugins this configuration needs: each attribute is a local name set to `{ version = "…", source = "github.com/…" }`; `packer init` installs them.',
  labels: [],
  nesting: 'single',
  attributes: [],
  blocks: {},
  open: true,
};

const hcpPackerRegistryAttributes: readonly AttributeSchema[] = [
  { name: 'bucket_name', type: 'string', description: 'The HCP Packer bucket the build’s metadata is published to.' },
  { name: 'description', type: 'string', description: 'A description of the bucket, shown in HCP Packer.' },
  { name: 'bucket_labels', type: 'map(string)', description: 'Labels attached to the bucket.' },
  { name: 'build_labels', type: 'map(string)', description: 'Labels attached to this build’s version in the bucket.' },
  { name: 'channels', type: 'list(string)', description: 'Channels the new version is assigned to once the build succeeds.' },
  {
    name: 'labels',
    type: 'map(string)',
    description: 'Labels attached to the bucket.',
    deprecated: 'Use `bucket_labels` instead.',
  },
];

function dynamicBlock(): NestedBlockSchema {
  return {
    description: 'Generates one nested block per element of `for_each`, using `content` as the body.',
    labels: ['block'],
    nesting: 'list',
    attributes: [
      { name: 'for_each', type: 'any', required: true, description: 'The collection to iterate; one block is generated per element.' },
      { name: 'iterator', type: 'string', description: 'The name of the iteration variable (default: the block type). It has `.key` and `.value`.' },
      { name: 'labels', type: 'list(string)', description: 'Labels for each generated block; required when the generated block type has labels.' },
    ],
    blocks: {
      content: {
        description: 'The body of each generated block; may refer to the iterator’s `.key` and `.value`.',
        labels: [],
        nesting: 'single',
        required: true,
        attributes: [],
        blocks: {},
        open: true,
      },
    },
  };
}

/** Sub-blocks of `build` (hcl2template/types.build.go: buildSchema). */
export const buildBlocks: Record<string, NestedBlockSchema> = {
  source: {
    description: 'Uses a top-level source in this build; the body may rename it (`name`) and override any builder setting.',
    labels: ['name'],
    nesting: 'list',
    attributes: metaArguments['build-source'],
    blocks: {},
    open: true,
  },
  provisioner: {
    description: 'A step that configures the running machine (install packages, copy files, run scripts).',
    labels: ['type'],
    nesting: 'list',
    attributes: metaArguments.provisioner,
    blocks: {},
    open: true,
  },
  'error-cleanup-provisioner': {
    description: 'A provisioner that runs only when an earlier provisioner failed, e.g. to collect logs (Packer 1.7 and later).',
    labels: ['type'],
    nesting: 'single',
    attributes: metaArguments['error-cleanup-provisioner'],
    blocks: {},
    open: true,
  },
  'post-processor': {
    description: 'A step that runs after the builder finished, on its artifact (tag, upload, compress, write a manifest).',
    labels: ['type'],
    nesting: 'list',
    attributes: metaArguments['post-processor'],
    blocks: {},
    open: true,
  },
  'post-processors': {
    description: 'A chain of post-processors: each one receives the artifact produced by the previous one.',
    labels: [],
    nesting: 'list',
    attributes: [],
    blocks: {
      'post-processor': {
        description: 'One link of the chain; it receives the artifact of the previous post-processor.',
        labels: ['type'],
        nesting: 'list',
        attributes: metaArguments['post-processor'],
        blocks: {},
        open: true,
      },
    },
  },
  hcp_packer_registry: {
    description: 'Publishes the build’s artifacts and metadata to an HCP Packer bucket.',
    labels: [],
    nesting: 'single',
    attributes: hcpPackerRegistryAttributes,
    blocks: {},
  },
  dynamic: dynamicBlock(),
};

/** Top-level blocks of a `.pkr.hcl` file (hcl2template/parser.go: configSchema). */
export const topLevelBlocks: Record<string, BlockSchema> = {
  packer: {
    description: 'Settings for Packer itself: the core version and the plugins this configuration requires.',
    labels: [],
    attributes: [
      { name: 'required_version', type: 'string', description: 'A version constraint (e.g. `>= 1.10.0`) Packer core must satisfy to run this configuration.' },
    ],
    blocks: { required_plugins: requiredPluginsBlock },
  },
  variable: {
    description: 'Declares an input variable, read as `var.<name>` and set with `-var`, `-var-file`, `*.auto.pkrvars.hcl` or `PKR_VAR_<name>`.',
    labels: ['name'],
    attributes: [
      { name: 'type', type: 'type', description: 'The type values must have, e.g. `string`, `number`, `list(string)`, `map(string)`, `object({…})`.' },
      { name: 'default', type: 'any', description: 'The value used when nothing else sets the variable; without one the variable is required. `env()` is allowed only here.' },
      { name: 'description', type: 'string', description: 'What the variable is for, shown to whoever sets it.' },
      { name: 'sensitive', type: 'bool', description: 'Hide the value in Packer’s output.' },
      { name: 'nullable', type: 'bool', description: 'Whether `null` is an acceptable value for the variable.' },
    ],
    blocks: { validation: validationBlock },
  },
  variables: {
    description: 'Legacy form declaring several variables at once: each attribute is a variable name and its default value.',
    labels: [],
    attributes: [],
    blocks: {},
    open: true,
  },
  locals: {
    description: 'Named values computed once and read as `local.<name>`; each attribute is one local.',
    labels: [],
    attributes: [],
    blocks: {},
    open: true,
  },
  local: {
    description: 'A single local value, read as `local.<name>`; unlike `locals` it can be marked sensitive.',
    labels: ['name'],
    attributes: [
      { name: 'expression', type: 'any', required: true, description: 'The value of the local.' },
      { name: 'sensitive', type: 'bool', description: 'Hide the value in Packer’s output.' },
    ],
    blocks: {},
  },
  source: {
    description: 'Configures a builder: how to create the machine image. Used by a `build` block as `source.<type>.<name>`.',
    labels: ['type', 'name'],
    attributes: [],
    blocks: {},
    open: true,
  },
  data: {
    description: 'Reads data from outside Packer (an AMI lookup, an HTTP request) before building; read as `data.<type>.<name>.<output>`.',
    labels: ['type', 'name'],
    attributes: [],
    blocks: {},
    open: true,
  },
  build: {
    description: 'What to build: the sources to run, then the provisioners and post-processors applied to each.',
    labels: [],
    attributes: [
      { name: 'name', type: 'string', description: 'A name for this build, shown in the output and available as `build.name`.' },
      { name: 'description', type: 'string', description: 'A description of the build, also published to HCP Packer.' },
      {
        name: 'sources',
        type: 'list(string)',
        description: 'The sources to run, as `"source.<type>.<name>"` strings; use a nested `source` block to override settings.',
      },
    ],
    blocks: buildBlocks,
  },
  hcp_packer_registry: {
    description: 'HCP Packer registry settings; accepted here, though the documented place is inside `build`.',
    labels: [],
    attributes: hcpPackerRegistryAttributes,
    blocks: {},
  },
  communicator: {
    description: 'Reserved: Packer accepts a top-level `communicator "<type>" "<name>"` block and ignores it. Set the communicator in a `source` block.',
    labels: ['type', 'name'],
    attributes: [],
    blocks: {},
    open: true,
    reserved: true,
  },
};

/** Which plugin kind supplies the body of a block: the block type users write → the component kind. */
export const componentKindOfBlock: Record<string, ComponentKind> = {
  source: 'builder',
  data: 'datasource',
  provisioner: 'provisioner',
  'error-cleanup-provisioner': 'provisioner',
  'post-processor': 'post-processor',
};
