// Bilder's layer over the proxmox plugin's generated schema (see ./types.ts).
import type { ComponentOverride, PluginOverrides } from './types';

/**
 * Connection settings also come from PROXMOX_URL / PROXMOX_USERNAME; an extra ISO is downloaded (`iso_url` +
 * `iso_checksum`), already on the node (`iso_file`) or built from `cd_files`/`cd_content`.
 */
const isoAlternatives: ComponentOverride['attributes'] = {
  proxmox_url: { optional: true },
  username: { optional: true },
  'additional_iso_files.iso_url': { optional: true },
  'additional_iso_files.iso_checksum': { optional: true },
};

export const proxmoxOverrides: PluginOverrides = {
  plugin: 'proxmox',
  components: {
    'builder proxmox-iso': {
      description: 'Builds a Proxmox VE virtual machine template from an installation ISO.',
      // The top-level ISO settings are the older form of `boot_iso`, which may itself use `iso_file`.
      attributes: {
        ...isoAlternatives,
        iso_url: { optional: true },
        iso_checksum: { optional: true },
        'boot_iso.iso_url': { optional: true },
        'boot_iso.iso_checksum': { optional: true },
      },
      blocks: { boot_iso: { optional: true } },
    },
    'builder proxmox': {
      description: 'The older name of `proxmox-iso`.',
      attributes: {
        ...isoAlternatives,
        iso_url: { optional: true },
        iso_checksum: { optional: true },
        'boot_iso.iso_url': { optional: true },
        'boot_iso.iso_checksum': { optional: true },
      },
      blocks: { boot_iso: { optional: true } },
    },
    'builder proxmox-clone': {
      description: 'Builds a Proxmox VE virtual machine template by cloning an existing machine.',
      attributes: isoAlternatives,
      oneOf: [['clone_vm', 'clone_vm_id']],
    },
  },
};
