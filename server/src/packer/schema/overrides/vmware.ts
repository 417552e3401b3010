// Bilder's layer over the vmware plugin's generated schema (see ./types.ts).
import type { PluginOverrides } from './types';

const ESX_REMOVED = 'the vmware plugin dropped VMware ESX builds in v2.0.0; build on ESX with the vsphere plugin (`vsphere-iso`), or pin vmware below 2.0.0 in required_plugins.';

/** Remote ESX settings of vmware-iso and vmware-vmx before v2.0.0. */
const removedEsxSettings = Object.fromEntries(
  [
    'remote_host', 'remote_port', 'remote_username', 'remote_password', 'remote_private_key_file', 'remote_datastore',
    'remote_cache_datastore', 'remote_cache_directory', 'skip_validate_credentials', 'vnc_over_websocket',
    'insecure_connection', 'keep_registered',
  ].map((name) => [name, ESX_REMOVED]),
);

export const vmwareOverrides: PluginOverrides = {
  plugin: 'vmware',
  components: {
    'builder vmware-iso': { description: 'Builds a VMware Workstation or Fusion virtual machine from an installation ISO.', removed: removedEsxSettings },
    'builder vmware-vmx': { description: 'Builds a VMware Workstation or Fusion virtual machine from an existing `.vmx` machine.', removed: removedEsxSettings },
  },
};
