// Settings every plugin embeds from packer-plugin-sdk (communicator, …), described once in Bilder's words and applied
// wherever a plugin's body has an attribute of that name, unless the plugin's own overrides say otherwise.
import type { AttributeOverride } from './types';

export const sdkOverrides: Readonly<Record<string, AttributeOverride>> = {
  // Installation media (packer-plugin-sdk multistep/commonsteps ISOConfig)
  iso_url: { description: 'Where to get the installation ISO: a URL or a local path; set this or `iso_urls`.' },
  iso_urls: { description: 'Several places to get the same ISO from, tried in order.' },
  iso_checksum: { description: 'The ISO’s checksum as `type:value` (e.g. `sha256:…`), `file:<url of a checksum file>`, or `none` to skip the check.' },
  iso_target_path: { description: 'Where the downloaded ISO is kept; by default in the Packer cache.' },
  iso_target_extension: { description: 'The file extension given to the downloaded ISO (default `iso`).' },
  // The HTTP server Packer runs for installers (HTTPConfig)
  http_directory: { description: 'A local folder Packer serves over HTTP during the build, e.g. for preseed or kickstart files.' },
  http_content: { description: 'Files served over HTTP, as a map of URL path to content; use instead of `http_directory`.' },
  http_port_min: { description: 'The lowest port the HTTP server may listen on.' },
  http_port_max: { description: 'The highest port the HTTP server may listen on.' },
  http_bind_address: { description: 'The address the HTTP server listens on (default all interfaces).' },
  // Typing at the boot prompt (BootConfig)
  boot_command: { description: 'Keystrokes typed into the machine’s console at boot, e.g. to start an automated install; `<enter>`, `<wait5s>` and `{{ .HTTPIP }}` are understood.' },
  boot_wait: { description: 'How long to wait after starting the machine before typing `boot_command` (e.g. `10s`).' },
  boot_key_interval: { description: 'The pause between keystrokes of `boot_command`.' },
  boot_keygroup_interval: { description: 'The pause between key groups (`<leftCtrlOn>…`) of `boot_command`.' },
  // Shutting the machine down (ShutdownConfig)
  shutdown_command: { description: 'The command that shuts the machine down gracefully at the end; without it the machine is stopped forcibly.' },
  shutdown_timeout: { description: 'How long to wait for the machine to shut down after `shutdown_command` (default `5m`).' },
  // Extra media (FloppyConfig, CDConfig)
  floppy_files: { description: 'Local files put on a floppy disk attached to the machine, e.g. an unattended-install answer file.' },
  floppy_dirs: { description: 'Local folders copied onto the attached floppy disk.' },
  floppy_content: { description: 'Files for the floppy disk as a map of file name to content.' },
  floppy_label: { description: 'The volume label of the floppy disk (default `packer`).' },
  cd_files: { description: 'Local files and folders put on an extra CD image attached to the machine.' },
  cd_content: { description: 'Files for the extra CD as a map of file name to content.' },
  cd_label: { description: 'The volume label of the extra CD, e.g. `cidata` for cloud-init.' },
  communicator: {
    description: 'How Packer connects to the machine: `ssh` (the usual default), `winrm`, or `none` to skip connecting.',
    enum: ['ssh', 'winrm', 'none'],
  },
  pause_before_connecting: { description: 'Wait this long (e.g. `30s`) after the machine is reachable before connecting, for images that reboot during first boot.' },
  ssh_host: { description: 'The address to connect to over SSH; by default the builder finds it.' },
  ssh_port: {
    description: 'The SSH port on the machine.',
    default: '22',
  },
  ssh_username: { description: 'The user to log in as over SSH.' },
  ssh_password: { description: 'The password to log in with over SSH.' },
  ssh_keypair_name: { description: 'The name of an existing cloud key pair to use instead of a temporary one.' },
  temporary_key_pair_name: { description: 'The name given to the temporary key pair Packer creates.' },
  temporary_key_pair_type: {
    description: 'The algorithm of the temporary SSH key pair.',
    enum: ['rsa', 'ed25519', 'ecdsa', 'dsa'],
  },
  temporary_key_pair_bits: { description: 'The key size of the temporary SSH key pair.' },
  ssh_ciphers: { description: 'The SSH ciphers Packer may negotiate, in order of preference.' },
  ssh_clear_authorized_keys: { description: 'Remove the temporary key from `~/.ssh/authorized_keys` at the end of the build.' },
  ssh_key_exchange_algorithms: { description: 'The SSH key exchange algorithms Packer may use.' },
  ssh_private_key_file: { description: 'A private key file to authenticate with instead of a temporary key.' },
  ssh_certificate_file: { description: 'A signed SSH certificate to present with the private key.' },
  ssh_pty: { description: 'Request a pseudo-terminal for remote commands (some `sudo` setups need it).' },
  ssh_timeout: {
    description: 'How long to wait for SSH to become available.',
    default: '5m',
  },
  ssh_wait_timeout: {
    description: 'Older name of `ssh_timeout`.',
    deprecated: 'Use `ssh_timeout`.',
  },
  ssh_agent_auth: { description: 'Authenticate with the keys of the local SSH agent.' },
  ssh_disable_agent_forwarding: { description: 'Do not forward the local SSH agent to the machine.' },
  ssh_handshake_attempts: { description: 'How many SSH handshakes to try before giving up.' },
  ssh_bastion_host: { description: 'A bastion (jump) host to reach the machine through.' },
  ssh_bastion_port: { description: 'The SSH port of the bastion host.' },
  ssh_bastion_agent_auth: { description: 'Authenticate to the bastion with the local SSH agent.' },
  ssh_bastion_username: { description: 'The user for the bastion host.' },
  ssh_bastion_password: { description: 'The password for the bastion host.' },
  ssh_bastion_interactive: { description: 'Use keyboard-interactive authentication on the bastion.' },
  ssh_bastion_private_key_file: { description: 'A private key file for the bastion host.' },
  ssh_bastion_certificate_file: { description: 'A signed certificate for the bastion host.' },
  ssh_file_transfer_method: {
    description: 'How files are uploaded over SSH.',
    enum: ['scp', 'sftp'],
  },
  ssh_proxy_host: { description: 'A SOCKS proxy to connect through.' },
  ssh_proxy_port: { description: 'The port of the SOCKS proxy.' },
  ssh_proxy_username: { description: 'The user for the SOCKS proxy.' },
  ssh_proxy_password: { description: 'The password for the SOCKS proxy.' },
  ssh_keep_alive_interval: { description: 'How often to send SSH keep-alive messages (`0` disables them).' },
  ssh_read_write_timeout: { description: 'Fail an SSH read or write that takes longer than this.' },
  ssh_remote_tunnels: { description: 'Remote port forwards, like `ssh -R`.' },
  ssh_local_tunnels: { description: 'Local port forwards, like `ssh -L`.' },
  ssh_public_key: { description: 'Set by Packer for the temporary key; not meant to be written by hand.' },
  ssh_private_key: { description: 'Set by Packer for the temporary key; not meant to be written by hand.' },
  winrm_username: { description: 'The user to connect as over WinRM.' },
  winrm_password: { description: 'The password to connect with over WinRM.' },
  winrm_host: { description: 'The address to connect to over WinRM; by default the builder finds it.' },
  winrm_no_proxy: { description: 'Bypass any HTTP proxy set in the environment for WinRM.' },
  winrm_port: { description: 'The WinRM port (5985 over HTTP, 5986 over HTTPS).' },
  winrm_timeout: {
    description: 'How long to wait for WinRM to become available.',
    default: '30m',
  },
  winrm_use_ssl: { description: 'Connect to WinRM over HTTPS.' },
  winrm_insecure: { description: 'Accept any WinRM server certificate.' },
  winrm_use_ntlm: { description: 'Authenticate to WinRM with NTLM instead of basic authentication.' },
};

/** Alternatives of the SDK's shared configs, applied to every component whose top level has all their members. */
export const sdkOneOf: readonly (readonly string[])[] = [
  // ISO downloads: one URL or a list of mirrors.
  ['iso_url', 'iso_urls'],
];
