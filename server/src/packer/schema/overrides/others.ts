// Bilder's layer over the generated schema of the plugins that need only a few words (see ./types.ts): mostly which
// advisory `required` tags have alternatives or come from the environment.
import type { PluginOverrides } from './types';

export const googlecomputeOverrides: PluginOverrides = {
  plugin: 'googlecompute',
  components: {
    'builder googlecompute': {
      description: 'Builds a Google Compute Engine image from a running instance.',
      oneOf: [['source_image', 'source_image_family']],
    },
  },
};

export const openstackOverrides: PluginOverrides = {
  plugin: 'openstack',
  // Credentials usually come from the OS_* environment variables (clouds.yaml).
  shared: {
    username: { optional: true },
    password: { optional: true },
    identity_endpoint: { optional: true },
  },
  components: {
    'builder openstack': {
      description: 'Builds an OpenStack image from a server it launches.',
      oneOf: [['source_image', 'source_image_name', 'source_image_filter', 'external_source_image_url']],
    },
  },
};

export const digitaloceanOverrides: PluginOverrides = {
  plugin: 'digitalocean',
  // The token also comes from DIGITALOCEAN_TOKEN / DIGITALOCEAN_ACCESS_TOKEN.
  shared: { api_token: { optional: true } },
};

export const azureOverrides: PluginOverrides = {
  plugin: 'azure',
  components: {
    'builder azure-arm': {
      description: 'Builds an Azure managed image or Shared Image Gallery version from a virtual machine.',
      // The source is a marketplace image, an image URL, a managed image or a gallery image: one group of these.
      attributes: {
        image_publisher: { optional: true },
        image_offer: { optional: true },
        image_sku: { optional: true },
        image_url: { optional: true },
        custom_managed_image_name: { optional: true },
        custom_managed_image_resource_group_name: { optional: true },
      },
    },
  },
};

export const vagrantOverrides: PluginOverrides = {
  plugin: 'vagrant',
  components: {
    'builder vagrant': {
      description: 'Builds a Vagrant box by starting an existing box (or a running environment) with Vagrant.',
      attributes: { iso_url: { optional: true }, iso_checksum: { optional: true } },
      oneOf: [['source_path', 'global_id']],
    },
  },
};

export const hypervOverrides: PluginOverrides = {
  plugin: 'hyperv',
  components: {
    'builder hyperv-vmcx': {
      description: 'Builds a Hyper-V virtual machine by cloning an exported machine or an existing one.',
      // An ISO is optional: the machine comes from clone_from_vmcx_path or clone_from_vm_name.
      attributes: { iso_url: { optional: true }, iso_checksum: { optional: true } },
    },
  },
};
