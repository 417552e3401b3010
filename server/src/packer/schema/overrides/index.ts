// Every hand-kept override, by generated plugin name.
import { amazonOverrides } from './amazon';
import { ansibleOverrides } from './ansible';
import { dockerOverrides } from './docker';
import { packerOverrides } from './packer';
import { azureOverrides, digitaloceanOverrides, googlecomputeOverrides, hypervOverrides, openstackOverrides, vagrantOverrides } from './others';
import { proxmoxOverrides } from './proxmox';
import { qemuOverrides } from './qemu';
import { vmwareOverrides } from './vmware';
import type { PluginOverrides } from './types';

export type * from './types';
export { sdkOneOf, sdkOverrides } from './sdk';
export { componentDescriptions } from './descriptions';

export const pluginOverrides: readonly PluginOverrides[] = [
  packerOverrides,
  amazonOverrides,
  ansibleOverrides,
  azureOverrides,
  digitaloceanOverrides,
  dockerOverrides,
  googlecomputeOverrides,
  hypervOverrides,
  openstackOverrides,
  proxmoxOverrides,
  qemuOverrides,
  vagrantOverrides,
  vmwareOverrides,
];
