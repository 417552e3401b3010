// Contextual values Packer puts in scope besides variables and locals (hcl2template/types.packer_config.go,
// packer/provisioner.go: BuilderDataCommonKeys). Builder-specific `build.*` keys live on each component as generatedData.
import type { AttributeSchema } from './types';

/** `build.<key>` keys every builder provides to provisioners and post-processors. At validate time they are all `"<unknown>"`. */
export const buildVariables: readonly AttributeSchema[] = [
  { name: 'name', type: 'string', description: 'The name of the running build (the `build` block’s `name`).' },
  { name: 'ID', type: 'string', description: 'The builder’s identifier for the machine being built (instance ID, container ID, VM name…).' },
  { name: 'Host', type: 'string', description: 'The address the communicator connects to.' },
  { name: 'Port', type: 'string', description: 'The port the communicator connects to.' },
  { name: 'User', type: 'string', description: 'The user the communicator logs in as.' },
  { name: 'Password', type: 'string', description: 'The password the communicator logs in with, if any.' },
  { name: 'ConnType', type: 'string', description: 'The communicator type in use: `ssh`, `winrm`, `docker`, `none`…' },
  { name: 'SSHPublicKey', type: 'string', description: 'The public half of the SSH key pair used for this build.' },
  { name: 'SSHPrivateKey', type: 'string', description: 'The private half of the SSH key pair used for this build.' },
  { name: 'WinRMPassword', type: 'string', description: 'The WinRM password of the build, e.g. the one retrieved from the cloud.' },
  { name: 'PackerRunUUID', type: 'string', description: 'A unique identifier of this `packer build` run.' },
  { name: 'PackerHTTPIP', type: 'string', description: 'The IP address of Packer’s built-in HTTP server (when `http_directory`/`http_content` is set).' },
  { name: 'PackerHTTPPort', type: 'string', description: 'The port of Packer’s built-in HTTP server.' },
  { name: 'PackerHTTPAddr', type: 'string', description: 'The `ip:port` address of Packer’s built-in HTTP server.' },
];

/** `path.<key>`. */
export const pathVariables: readonly AttributeSchema[] = [
  { name: 'root', type: 'string', description: 'The directory of the configuration being run (where its `.pkr.hcl` files are).' },
  { name: 'cwd', type: 'string', description: 'The working directory the `packer` command was started in.' },
];

/** `packer.<key>`. */
export const packerVariables: readonly AttributeSchema[] = [
  { name: 'version', type: 'string', description: 'The version of Packer core running the configuration, e.g. `1.11.2`.' },
  { name: 'versionFingerprint', type: 'string', description: 'The version of Packer core including pre-release and metadata parts.' },
  {
    name: 'iterationID',
    type: 'string',
    description: 'The HCP Packer iteration of the build.',
    deprecated: 'HCP Packer now speaks of versions; this value is kept for old templates.',
  },
];

/** `source.<key>`, inside a build's use of a source. */
export const sourceVariables: readonly AttributeSchema[] = [
  { name: 'name', type: 'string', description: 'The name of the source being built (its second label, or the build-level `name`).' },
  { name: 'type', type: 'string', description: 'The builder type of the source being built, e.g. `amazon-ebs`.' },
];
