// github.com/hashicorp/amazon: the `amazon-ebs` builder and `amazon-ami` data source. Names, types and block shapes
// follow packer-plugin-amazon's generated specs (builder/ebs/builder.hcl2spec.go, common/*.hcl2spec.go). The plugin
// tags access_key, secret_key, region and source_ami as required, but credentials and region also come from the
// environment and source_ami_filter replaces source_ami, so only ami_name and instance_type are marked required here.
import type { AttributeSchema, ComponentSchema, NestedBlockSchema } from '../types';
import { communicatorAttributes } from './communicator';
import { attr, nested, required } from './define';

const PLUGIN = 'github.com/hashicorp/amazon';
const DOCS = 'https://developer.hashicorp.com/packer/integrations/hashicorp/amazon';

const keyValueBlock = (what: string): NestedBlockSchema =>
  nested('list', `One ${what} tag; repeat the block for several. Same as the map form, but allows keys that are not identifiers.`, [
    required('key', 'string', 'The tag key.'),
    required('value', 'string', 'The tag value.'),
  ]);

const nameValueFilterBlock: NestedBlockSchema = nested('list', 'One filter as a name/value pair; repeat for several.', [
  required('name', 'string', 'The EC2 filter name, e.g. `tag:Name`.'),
  required('value', 'string', 'The value the filter must match.'),
]);

const accessAttributes: readonly AttributeSchema[] = [
  attr('access_key', 'string', 'The AWS access key; taken from the usual AWS environment variables, shared credentials or instance role when unset.'),
  attr('secret_key', 'string', 'The AWS secret key; taken from the environment or shared credentials when unset.'),
  attr('token', 'string', 'A session token for temporary credentials.'),
  attr('region', 'string', 'The AWS region to work in, e.g. `us-east-1`.'),
  attr('profile', 'string', 'The profile of the shared credentials file to use.'),
  attr('shared_credentials_file', 'string', 'The path of an AWS shared credentials file.'),
  attr('custom_endpoint_ec2', 'string', 'A custom EC2 API endpoint URL.'),
  attr('decode_authorization_messages', 'bool', 'Decode encoded authorization failure messages with STS (needs `sts:DecodeAuthorizationMessage`).'),
  attr('insecure_skip_tls_verify', 'bool', 'Skip TLS verification of the AWS endpoints.'),
  attr('max_retries', 'number', 'How many times AWS API calls are retried.'),
  attr('mfa_code', 'string', 'A one-time MFA code for the credentials.'),
  attr('skip_metadata_api_check', 'bool', 'Do not query the EC2 instance metadata service for credentials.'),
  attr('skip_credential_validation', 'bool', 'Do not check the credentials with STS before starting.'),
];

const accessBlocks: Readonly<Record<string, NestedBlockSchema>> = {
  assume_role: nested('single', 'Assume an IAM role before making AWS calls.', [
    attr('role_arn', 'string', 'The ARN of the role to assume.'),
    attr('duration_seconds', 'number', 'How long the role session lasts, in seconds.'),
    attr('external_id', 'string', 'The external ID required by the role’s trust policy.'),
    attr('policy', 'string', 'An IAM policy JSON further restricting the session.'),
    attr('policy_arns', 'list(string)', 'Managed policies further restricting the session.'),
    attr('session_name', 'string', 'The name of the role session.'),
    attr('tags', 'map(string)', 'Session tags.'),
    attr('transitive_tag_keys', 'list(string)', 'Session tag keys passed on to further role assumptions.'),
  ]),
  vault_aws_engine: nested('single', 'Get temporary AWS credentials from HashiCorp Vault’s AWS secrets engine.', [
    attr('name', 'string', 'The Vault role to generate credentials for.'),
    attr('role_arn', 'string', 'The role ARN, when the Vault role allows several.'),
    attr('ttl', 'string', 'How long the credentials live, e.g. `900s`.'),
    attr('engine_name', 'string', 'The mount path of the AWS secrets engine (default `aws`).'),
  ]),
  aws_polling: nested('single', 'How Packer waits for AWS operations (AMI available, instance running…).', [
    attr('max_attempts', 'number', 'How many times to poll before giving up.'),
    attr('delay_seconds', 'number', 'Seconds between polls.'),
  ]),
};

const blockDeviceAttributes: readonly AttributeSchema[] = [
  attr('device_name', 'string', 'The device name, e.g. `/dev/sda1` or `/dev/xvda`.'),
  attr('volume_type', 'string', 'The EBS volume type: `gp2`, `gp3`, `io1`, `io2`, `st1`, `sc1` or `standard`.'),
  attr('volume_size', 'number', 'The volume size in GiB.'),
  attr('iops', 'number', 'Provisioned IOPS (io1, io2, gp3).'),
  attr('throughput', 'number', 'Provisioned throughput in MiB/s (gp3).'),
  attr('delete_on_termination', 'bool', 'Delete the volume when the instance terminates.'),
  attr('encrypted', 'bool', 'Encrypt the volume.'),
  attr('kms_key_id', 'string', 'The KMS key used to encrypt the volume.'),
  attr('snapshot_id', 'string', 'Create the volume from this snapshot.'),
  attr('no_device', 'bool', 'Suppress the device mapping of the source AMI.'),
  attr('virtual_name', 'string', 'The instance store device name, e.g. `ephemeral0`.'),
];

const amiFilterAttributes: readonly AttributeSchema[] = [
  attr('filters', 'map(string)', 'EC2 `DescribeImages` filters, e.g. `name = "ubuntu/images/*"`, `virtualization-type = "hvm"`.'),
  attr('owners', 'list(string)', 'Account IDs or aliases (`amazon`, `self`, `aws-marketplace`) that must own the AMI.'),
  attr('most_recent', 'bool', 'Pick the newest match instead of failing when several AMIs match.'),
  attr('include_deprecated', 'bool', 'Also consider deprecated AMIs.'),
];

const filterBlock = (what: string, extra: readonly AttributeSchema[] = []): NestedBlockSchema =>
  nested('single', `Finds the ${what} by filters instead of by ID.`, [attr('filters', 'map(string)', `EC2 filters the ${what} must match.`), ...extra], {
    filter: nameValueFilterBlock,
  });

const ebsAttributes: readonly AttributeSchema[] = [
  ...accessAttributes,
  // AMI configuration
  required('ami_name', 'string', 'The name of the AMI to create; must be unique in the region, so it usually includes a timestamp.'),
  attr('ami_description', 'string', 'The description of the AMI.'),
  attr('ami_virtualization_type', 'string', 'The virtualization type of the AMI: `hvm` or `paravirtual`.'),
  attr('ami_users', 'list(string)', 'Account IDs allowed to launch the AMI.'),
  attr('ami_groups', 'list(string)', 'Groups allowed to launch the AMI; `all` makes it public.'),
  attr('ami_org_arns', 'list(string)', 'AWS Organizations allowed to launch the AMI.'),
  attr('ami_ou_arns', 'list(string)', 'Organizational units allowed to launch the AMI.'),
  attr('ami_product_codes', 'list(string)', 'Product codes to attach to the AMI.'),
  attr('ami_regions', 'list(string)', 'Other regions to copy the AMI to.'),
  attr('skip_region_validation', 'bool', 'Do not check that the regions in `ami_regions` exist.'),
  attr('snapshot_copy_duration_minutes', 'number', 'Request a time-based snapshot copy that completes within this many minutes.'),
  attr('tags', 'map(string)', 'Tags for the AMI and its snapshots.'),
  attr('ena_support', 'bool', 'Enable Elastic Network Adapter support on the AMI.'),
  attr('sriov_support', 'bool', 'Enable enhanced networking (SR-IOV) on the AMI.'),
  attr('force_deregister', 'bool', 'Deregister an existing AMI of the same name before creating this one.'),
  attr('force_delete_snapshot', 'bool', 'Also delete the snapshots of an AMI deregistered by `force_deregister`.'),
  attr('encrypt_boot', 'bool', 'Encrypt the boot volume of the AMI.'),
  attr('kms_key_id', 'string', 'The KMS key used to encrypt the boot volume.'),
  attr('region_kms_key_ids', 'map(string)', 'A KMS key per region for the copies made by `ami_regions`.'),
  attr('skip_save_build_region', 'bool', 'Do not keep the AMI in the build region (only the copies).'),
  attr('imds_support', 'string', 'Set to `v2.0` so instances launched from the AMI require IMDSv2.'),
  attr('deprecate_at', 'string', 'An RFC 3339 time at which the AMI is marked deprecated.'),
  attr('snapshot_tags', 'map(string)', 'Tags for the AMI’s snapshots.'),
  attr('snapshot_users', 'list(string)', 'Account IDs allowed to create volumes from the snapshots.'),
  attr('snapshot_groups', 'list(string)', 'Groups allowed to create volumes from the snapshots; `all` makes them public.'),
  // Run configuration
  required('instance_type', 'string', 'The EC2 instance type to build on, e.g. `t3.micro`.'),
  attr('source_ami', 'string', 'The AMI to start from; alternatively find one with `source_ami_filter`.'),
  attr('associate_public_ip_address', 'bool', 'Give the build instance a public IP address.'),
  attr('elastic_ip_allocation_id', 'string', 'An Elastic IP to associate with the build instance.'),
  attr('availability_zone', 'string', 'The availability zone to launch in.'),
  attr('block_duration_minutes', 'number', 'Reserve spot capacity for this many minutes (multiple of 60).'),
  attr('capacity_reservation_preference', 'string', 'Whether to use capacity reservations: `open` or `none`.'),
  attr('capacity_reservation_id', 'string', 'A capacity reservation to launch into.'),
  attr('capacity_reservation_group_arn', 'string', 'A capacity reservation group to launch into.'),
  attr('disable_stop_instance', 'bool', 'Do not stop the instance before creating the AMI (the instance stops itself, e.g. after sysprep).'),
  attr('ebs_optimized', 'bool', 'Launch the instance EBS-optimised.'),
  attr('enable_nitro_enclave', 'bool', 'Enable AWS Nitro Enclaves on the instance.'),
  attr('enable_t2_unlimited', 'bool', 'Enable T2 Unlimited.', { deprecated: 'Use `enable_unlimited_credits`.' }),
  attr('enable_unlimited_credits', 'bool', 'Enable unlimited CPU credits on burstable (T) instances.'),
  attr('iam_instance_profile', 'string', 'The IAM instance profile to launch the instance with.'),
  attr('fleet_tags', 'map(string)', 'Tags for the EC2 fleet used for spot instances.'),
  attr('skip_profile_validation', 'bool', 'Do not check that `iam_instance_profile` exists.'),
  attr('shutdown_behavior', 'string', 'What happens when the instance shuts down: `stop` or `terminate`.'),
  attr('run_tags', 'map(string)', 'Tags for the build instance.'),
  attr('security_group_id', 'string', 'A security group for the instance; a temporary one is created when unset.'),
  attr('security_group_ids', 'list(string)', 'Security groups for the instance.'),
  attr('spot_allocation_strategy', 'string', 'How spot capacity is chosen across instance types.'),
  attr('spot_instance_types', 'list(string)', 'Instance types the spot request may use.'),
  attr('spot_price', 'string', 'The maximum spot price, or `auto`; empty means an on-demand instance.'),
  attr('spot_price_auto_product', 'string', 'The product description used to guess an `auto` spot price.', { deprecated: 'No longer used by AWS.' }),
  attr('spot_tags', 'map(string)', 'Tags for the spot request.'),
  attr('subnet_id', 'string', 'The subnet to launch in (required in a non-default VPC).'),
  attr('tenancy', 'string', 'The instance tenancy: `default`, `dedicated` or `host`.'),
  attr('temporary_security_group_source_cidrs', 'list(string)', 'CIDR blocks allowed to reach the temporary security group.'),
  attr('temporary_security_group_source_public_ip', 'bool', 'Allow only the public IP of the machine running Packer in the temporary security group.'),
  attr('user_data', 'string', 'User data passed to the instance.'),
  attr('user_data_file', 'string', 'A file whose content is passed as user data.'),
  attr('vpc_id', 'string', 'The VPC to launch in.'),
  attr('windows_password_timeout', 'string', 'How long to wait for the Windows administrator password to be available.'),
  attr('ssh_interface', 'string', 'Which address to connect to: `public_ip`, `private_ip`, `public_dns`, `private_dns` or `session_manager`.', {
    enum: ['public_ip', 'private_ip', 'public_dns', 'private_dns', 'session_manager'],
  }),
  attr('pause_before_ssm', 'string', 'Wait this long before starting the Session Manager session.'),
  attr('session_manager_port', 'number', 'The local port of the Session Manager tunnel.'),
  ...communicatorAttributes,
  // EBS builder
  attr('skip_create_ami', 'bool', 'Run the build without creating an AMI, e.g. to test provisioning.'),
  attr('skip_ami_run_tags', 'bool', 'Do not copy `run_tags` to the AMI.'),
  attr('run_volume_tags', 'map(string)', 'Tags for the volumes of the build instance.'),
  attr('no_ephemeral', 'bool', 'Remove all ephemeral (instance store) volumes from the AMI.'),
];

const ebsBlocks: Readonly<Record<string, NestedBlockSchema>> = {
  ...accessBlocks,
  tag: keyValueBlock('AMI'),
  snapshot_tag: keyValueBlock('snapshot'),
  fleet_tag: keyValueBlock('fleet'),
  run_tag: keyValueBlock('instance'),
  spot_tag: keyValueBlock('spot request'),
  run_volume_tag: nested('list', 'One tag for the build instance’s volumes; repeat for several.', [
    required('name', 'string', 'The tag key.'),
    required('value', 'string', 'The tag value.'),
  ]),
  deregistration_protection: nested('single', 'Protect the AMI against deregistration.', [
    attr('enabled', 'bool', 'Turn deregistration protection on.'),
    attr('with_cooldown', 'bool', 'Keep the protection for 24 hours after it is turned off.'),
  ]),
  temporary_iam_instance_profile_policy_document: nested(
    'single',
    'A policy for a temporary instance profile Packer creates for the build instance.',
    [attr('Version', 'string', 'The IAM policy language version, usually `2012-10-17`.')],
    {
      Statement: nested('list', 'One statement of the policy.', [
        attr('Effect', 'string', '`Allow` or `Deny`.'),
        attr('Action', 'list(string)', 'The actions the statement covers.'),
        attr('Resource', 'list(string)', 'The resources the statement covers.'),
      ]),
    },
  ),
  security_group_filter: filterBlock('security groups'),
  source_ami_filter: nested('single', 'Finds the source AMI by filters instead of `source_ami`.', amiFilterAttributes),
  subnet_filter: filterBlock('subnet', [
    attr('most_free', 'bool', 'Pick the matching subnet with the most free addresses.'),
    attr('random', 'bool', 'Pick a random matching subnet.'),
  ]),
  vpc_filter: filterBlock('VPC'),
  license_specifications: nested('list', 'A license configuration to launch the instance with.', [], {
    license_configuration_request: nested('single', 'The license configuration.', [
      attr('license_configuration_arn', 'string', 'The ARN of the license configuration.'),
    ]),
  }),
  placement: nested('single', 'Where the instance is placed (dedicated hosts).', [
    attr('host_resource_group_arn', 'string', 'A host resource group to launch into.'),
    attr('host_id', 'string', 'A dedicated host to launch on.'),
    attr('tenancy', 'string', 'The tenancy: `default`, `dedicated` or `host`.'),
  ]),
  metadata_options: nested('single', 'Instance metadata service settings of the build instance.', [
    attr('http_endpoint', 'string', '`enabled` or `disabled`.'),
    attr('http_tokens', 'string', '`required` forces IMDSv2; `optional` also allows v1.'),
    attr('http_put_response_hop_limit', 'number', 'How many network hops metadata responses may travel.'),
    attr('instance_metadata_tags', 'string', '`enabled` exposes instance tags in the metadata.'),
  ]),
  ami_block_device_mappings: nested('list', 'A volume added to the AMI’s block device mapping (not attached during the build).', blockDeviceAttributes),
  launch_block_device_mappings: nested('list', 'A volume attached to the build instance; it becomes part of the AMI.', blockDeviceAttributes),
  fast_launch: nested(
    'single',
    'Windows fast launch settings: pre-provisioned snapshots that make instances start faster.',
    [
      attr('enable_fast_launch', 'bool', 'Turn fast launch on for the AMI.'),
      attr('template_id', 'string', 'A launch template ID for the pre-provisioning instances.'),
      attr('template_name', 'string', 'A launch template name for the pre-provisioning instances.'),
      attr('template_version', 'number', 'The launch template version.'),
      attr('max_parallel_launches', 'number', 'How many instances pre-provision in parallel.'),
      attr('target_resource_count', 'number', 'How many pre-provisioned snapshots to keep.'),
    ],
    {
      region_launch_templates: nested('list', 'A launch template for one of the `ami_regions`.', [
        required('region', 'string', 'The region the template applies to.'),
        attr('template_id', 'string', 'The launch template ID.'),
        attr('template_name', 'string', 'The launch template name.'),
        attr('template_version', 'number', 'The launch template version.'),
      ]),
    },
  ),
};

export const amazonComponents: readonly ComponentSchema[] = [
  {
    kind: 'builder',
    type: 'amazon-ebs',
    plugin: PLUGIN,
    description: 'Builds an EBS-backed AMI: launches an instance from a source AMI, provisions it, then snapshots it into a new AMI.',
    attributes: ebsAttributes,
    blocks: ebsBlocks,
    generatedData: [
      { name: 'SourceAMI', description: 'The ID of the AMI the instance was launched from.' },
      { name: 'SourceAMIName', description: 'The name of the source AMI.' },
      { name: 'SourceAMIOwner', description: 'The account ID owning the source AMI.' },
      { name: 'SourceAMIOwnerName', description: 'The owner alias of the source AMI, e.g. `amazon`.' },
      { name: 'SourceAMICreationDate', description: 'When the source AMI was created.' },
      { name: 'BuildRegion', description: 'The region the build runs in.' },
    ],
    docsUrl: `${DOCS}/latest/components/builder/ebs`,
  },
  {
    kind: 'datasource',
    type: 'amazon-ami',
    plugin: PLUGIN,
    description: 'Looks up an existing AMI by filters and owners, e.g. to use as `source_ami`.',
    attributes: [...accessAttributes, ...amiFilterAttributes],
    blocks: accessBlocks,
    outputs: [
      attr('id', 'string', 'The ID of the AMI found.'),
      attr('name', 'string', 'The name of the AMI.'),
      attr('creation_date', 'string', 'When the AMI was created.'),
      attr('owner', 'string', 'The account ID owning the AMI.'),
      attr('owner_name', 'string', 'The owner alias, e.g. `amazon`.'),
      attr('tags', 'map(string)', 'The tags of the AMI.'),
    ],
    docsUrl: `${DOCS}/latest/components/data-source/ami`,
  },
];
