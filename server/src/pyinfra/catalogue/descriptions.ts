// Bilder's own words for the PyInfra operations and global arguments our users call most. The generated catalogue
// says what exists and with which signature; this layer only explains. Everything not described here shows its
// signature and a link to PyInfra's page for it.

export interface OperationDescription {
  doc: string;
  /** Per-parameter explanations, by parameter name; a parameter a release lacks is simply not shown. */
  parameters: Record<string, string>;
}

export const OPERATION_DESCRIPTIONS: Readonly<Record<string, OperationDescription>> = {
  'apt.packages': {
    doc: 'Ensures apt packages are installed (or removed), optionally refreshing the package lists first. Pin a version with `name=version`.',
    parameters: {
      packages: 'Package names, optionally pinned as `name=version`.',
      present: 'Install (True) or remove (False) the packages.',
      latest: 'Upgrade packages given without a version.',
      update: 'Run `apt-get update` first.',
      cache_time: 'With `update`, skip the update if the lists are younger than this many seconds.',
      upgrade: 'Run `apt-get upgrade` first.',
      force: 'Pass `--force-yes` to apt.',
      no_recommends: 'Do not install recommended packages.',
      allow_downgrades: 'Allow installing a lower pinned version.',
      purge: 'When removing, purge configuration files as well.',
      extra_install_args: 'Extra arguments for `apt-get install`.',
      extra_uninstall_args: 'Extra arguments for `apt-get remove`/`purge`.',
    },
  },
  'apt.update': {
    doc: 'Refreshes the apt package lists; runs every time unless `cache_time` is given.',
    parameters: {
      cache_time: 'Skip when the last update is younger than this many seconds.',
    },
  },
  'apt.upgrade': {
    doc: 'Upgrades every installed apt package (skipped when a simulation shows nothing to do).',
    parameters: {
      auto_remove: 'Also remove dependencies nothing needs any more.',
    },
  },
  'apt.repo': {
    doc: 'Adds or removes one apt source line.',
    parameters: {
      src: 'The source line, e.g. `deb https://… bookworm main`.',
      present: 'Whether the line should exist.',
      filename: 'Write to `/etc/apt/sources.list.d/<filename>.list` instead of `sources.list`.',
    },
  },
  'apt.key': {
    doc: 'Installs or removes an apt signing key in `/etc/apt/keyrings/` (no `apt-key`).',
    parameters: {
      src: 'File or URL of the key (`.asc` or `.gpg`).',
      keyserver: 'Keyserver to fetch `keyid` from.',
      keyid: 'Key ID(s).',
      dest: 'Keyring file name or path (defaults from `src`/`keyid`).',
      present: 'Whether the key should be installed.',
    },
  },
  'apt.deb': {
    doc: 'Installs or removes a package from a `.deb` file or URL.',
    parameters: {
      src: 'Local file or URL of the `.deb`.',
      present: 'Whether the package should be installed.',
      force: 'Pass `--force-yes` to apt.',
    },
  },
  'files.put': {
    doc: 'Uploads a local file (or file-like object) to the host when its content differs.',
    parameters: {
      src: 'Local path (relative to the deploy directory) or a file-like object.',
      dest: 'Remote path.',
      user: 'Owner to set on the remote file.',
      group: 'Group to set on the remote file.',
      mode: 'Permissions to set, e.g. `"0644"`.',
      add_deploy_dir: 'Resolve a relative `src` against the deploy directory.',
      create_remote_dir: 'Create the remote parent directory when missing.',
      force: 'Upload even when the content matches.',
      assume_exists: 'Skip the check that the local file exists.',
    },
  },
  'files.template': {
    doc: 'Renders a local Jinja2 template and writes the result to the host. Extra keyword arguments become template variables.',
    parameters: {
      src: 'Template file (relative to the deploy directory) or a file-like object.',
      dest: 'Remote path.',
      user: 'Owner to set on the remote file.',
      group: 'Group to set on the remote file.',
      mode: 'Permissions to set, e.g. `"0644"`.',
      create_remote_dir: 'Create the remote parent directory when missing.',
      jinja_env_kwargs: 'Keyword arguments for the Jinja2 `Environment`.',
    },
  },
  'files.directory': {
    doc: 'Ensures a remote directory exists (or not) with the given ownership and mode.',
    parameters: {
      path: 'Remote directory.',
      present: 'Whether it should exist.',
      user: 'Owner to set on the remote file.',
      group: 'Group to set on the remote file.',
      mode: 'Permissions to set, e.g. `"0644"`.',
      recursive: 'Apply ownership and mode recursively.',
      force: 'Replace a file or link that is in the way.',
      force_backup: 'Back up what `force` replaces.',
      force_backup_dir: 'Where to keep that backup.',
      _no_check_owner_mode: 'Skip the ownership and mode comparison.',
      _no_fail_on_link: 'Accept a link where the directory should be.',
    },
  },
  'files.file': {
    doc: 'Ensures a remote file exists (or not), optionally touching it, with the given ownership and mode.',
    parameters: {
      path: 'Remote file.',
      present: 'Whether it should exist.',
      user: 'Owner to set on the remote file.',
      group: 'Group to set on the remote file.',
      mode: 'Permissions to set, e.g. `"0644"`.',
      touch: 'Update the modification time.',
      create_remote_dir: 'Create the remote parent directory when missing.',
      force: 'Replace a directory or link that is in the way.',
      force_backup: 'Back up what `force` replaces.',
      force_backup_dir: 'Where to keep that backup.',
    },
  },
  'files.line': {
    doc: 'Ensures a line is present in (or absent from) a remote file; `line` is a regular expression unless escaped.',
    parameters: {
      path: 'Remote file.',
      line: 'Regular expression (or literal with `escape_regex_characters`) the line must match.',
      present: 'Whether the line should exist.',
      replace: 'Text to write when the line is added or changed.',
      flags: 'Flags for the matching `grep`/`sed`.',
      backup: 'Keep a copy of the file before editing.',
      interpolate_variables: 'Let the shell expand variables in the line.',
      escape_regex_characters: 'Treat `line` as a literal string.',
      ensure_newline: 'Make sure the file ends with a newline before appending.',
    },
  },
  'files.replace': {
    doc: 'Replaces text matching a pattern in a remote file (`sed`).',
    parameters: {
      path: 'Remote file.',
      text: 'Pattern to find.',
      replace: 'Replacement text.',
      flags: 'Flags for `sed`.',
      backup: 'Keep a copy of the file before editing.',
      interpolate_variables: 'Let the shell expand variables.',
    },
  },
  'files.link': {
    doc: 'Ensures a symbolic (or hard) link exists pointing at `target`.',
    parameters: {
      path: 'The link to create.',
      target: 'What the link points at.',
      present: 'Whether the link should exist.',
      user: 'Owner of the link.',
      group: 'Group of the link.',
      symbolic: 'Symbolic (True) or hard link.',
      create_remote_dir: 'Create the parent directory when missing.',
      force: 'Replace a file or directory that is in the way.',
      force_backup: 'Back up what `force` replaces.',
      force_backup_dir: 'Where to keep that backup.',
    },
  },
  'files.download': {
    doc: 'Downloads a URL on the host (curl or wget) unless the file already exists or matches the checksum.',
    parameters: {
      src: 'URL to download.',
      dest: 'Remote path to write.',
      user: 'Owner to set on the remote file.',
      group: 'Group to set on the remote file.',
      mode: 'Permissions to set, e.g. `"0644"`.',
      cache_time: 'Download again when the file is older than this many seconds.',
      force: 'Always download.',
      sha256sum: 'Expected SHA-256 of the file.',
      sha1sum: 'Expected SHA-1 of the file.',
      md5sum: 'Expected MD5 of the file.',
      headers: 'HTTP headers to send.',
      insecure: 'Skip TLS verification.',
      proxy: 'Proxy URL.',
      temp_dir: 'Remote temporary directory.',
      extra_curl_args: 'Extra curl options.',
      extra_wget_args: 'Extra wget options.',
    },
  },
  'files.sync': {
    doc: 'Mirrors a local directory to the host, uploading changed files and optionally deleting extra ones.',
    parameters: {
      src: 'Local directory.',
      dest: 'Remote directory.',
      user: 'Owner to set on the remote file.',
      group: 'Group to set on the remote file.',
      mode: 'Permissions to set, e.g. `"0644"`.',
      dir_mode: 'Mode for created directories.',
      delete: 'Delete remote files that are not in `src`.',
      exclude: 'Glob patterns to skip.',
      exclude_dir: 'Directory patterns to skip.',
      add_deploy_dir: 'Resolve a relative `src` against the deploy directory.',
    },
  },
  'server.shell': {
    doc: 'Runs raw shell commands on every deploy. Prefer an operation that checks state first when one exists.',
    parameters: {
      commands: 'Command or commands to run.',
    },
  },
  'server.script': {
    doc: 'Uploads a local script and runs it on every deploy.',
    parameters: {
      src: 'Local script file.',
      args: 'Arguments passed to the script.',
    },
  },
  'server.user': {
    doc: 'Ensures a system user exists (or not) with the given groups, shell, home and SSH keys.',
    parameters: {
      user: 'User name.',
      present: 'Whether the user should exist.',
      home: 'Home directory.',
      shell: 'Login shell.',
      group: 'Primary group.',
      groups: 'Supplementary groups.',
      append: 'Add to `groups` instead of replacing them.',
      public_keys: 'Authorized SSH public keys.',
      delete_keys: 'Remove keys that are not listed.',
      ensure_home: 'Create the home directory.',
      create_home: 'Let `useradd` create the home directory.',
      system: 'Create a system account.',
      uid: 'Numeric user ID.',
      comment: 'GECOS comment.',
      unique: 'Refuse a duplicate UID.',
      password: 'Encrypted password.',
    },
  },
  'server.group': {
    doc: 'Ensures a system group exists (or not).',
    parameters: {
      group: 'Group name.',
      present: 'Whether the group should exist.',
      system: 'Create a system group.',
      gid: 'Numeric group ID.',
    },
  },
  'server.service': {
    doc: 'Manages a service through whichever init system the host runs.',
    parameters: {
      service: 'Service name.',
      running: 'Whether it should be running.',
      restarted: 'Restart it.',
      reloaded: 'Reload it.',
      command: 'Custom init command to run.',
      enabled: 'Whether it starts at boot.',
    },
  },
  'server.packages': {
    doc: 'Installs or removes packages with the host\'s own package manager.',
    parameters: {
      packages: 'Package names.',
      present: 'Install (True) or remove (False).',
    },
  },
  'server.sysctl': {
    doc: 'Sets a kernel parameter now and, with `persist`, across reboots.',
    parameters: {
      key: 'Parameter name, e.g. `net.core.somaxconn`.',
      value: 'Value to set.',
      persist: 'Also write it to a sysctl configuration file.',
      persist_file: 'File used by `persist`.',
    },
  },
  'server.hostname': {
    doc: 'Sets the host name (with `hostnamectl` when available).',
    parameters: {
      hostname: 'New host name.',
      hostname_file: 'File to write the name to when `hostnamectl` is absent.',
    },
  },
  'server.modprobe': {
    doc: 'Loads (or unloads) a kernel module.',
    parameters: {
      module: 'Module name.',
      present: 'Whether it should be loaded.',
      force: 'Pass `--force`.',
    },
  },
  'server.mount': {
    doc: 'Mounts (or unmounts) a filesystem.',
    parameters: {
      path: 'Mount point.',
      mounted: 'Whether it should be mounted.',
      options: 'Mount options.',
      device: 'Device to mount.',
      fs_type: 'Filesystem type.',
    },
  },
  'server.reboot': {
    doc: 'Reboots the host and waits for it to come back.',
    parameters: {
      delay: 'Seconds to wait before reconnecting.',
      interval: 'Seconds between reconnection attempts.',
      reboot_timeout: 'Give up after this many seconds.',
    },
  },
  'server.wait': {
    doc: 'Waits until something listens on a port.',
    parameters: {
      port: 'Port to wait for.',
    },
  },
  'systemd.service': {
    doc: 'Manages a systemd unit: running, restarted, reloaded, enabled; `.service` is appended when no unit suffix is given.',
    parameters: {
      service: 'Unit name.',
      running: 'Whether it should be running.',
      restarted: 'Restart it.',
      reloaded: 'Reload it.',
      command: 'Custom systemctl command to run.',
      enabled: 'Whether it starts at boot.',
      daemon_reload: 'Run `systemctl daemon-reload` first.',
      user_mode: 'Use `systemctl --user`.',
      machine: 'Machine to connect to.',
      user_name: 'User whose session to manage.',
    },
  },
  'systemd.daemon_reload': {
    doc: 'Runs `systemctl daemon-reload` so changed unit files are read.',
    parameters: {
      user_mode: 'Use `systemctl --user`.',
      machine: 'Machine to connect to.',
      user_name: 'User whose session to reload.',
    },
  },
  'pip.packages': {
    doc: 'Ensures pip packages are installed (or removed), globally or in a virtualenv. Pin a version with `name==version`.',
    parameters: {
      packages: 'Package specs, optionally pinned as `name==version`.',
      present: 'Install (True) or remove (False).',
      latest: 'Upgrade packages given without a version.',
      requirements: 'Requirements file to install.',
      pip: 'pip executable to use.',
      virtualenv: 'Virtualenv to install into (created when missing).',
      virtualenv_kwargs: 'Arguments for creating that virtualenv.',
      extra_install_args: 'Extra arguments for `pip install`.',
    },
  },
  'pip.venv': {
    doc: 'Ensures a virtualenv made with `python -m venv` exists (or not).',
    parameters: {
      path: 'Directory of the virtualenv.',
      python: 'Interpreter to use.',
      site_packages: 'Give access to the global site-packages.',
      always_copy: 'Copy files instead of symlinking.',
      present: 'Whether it should exist.',
    },
  },
  'git.repo': {
    doc: 'Clones a git repository, or checks out and pulls it when already cloned.',
    parameters: {
      src: 'Repository URL.',
      dest: 'Directory to clone into.',
      branch: 'Branch or tag to check out.',
      pull: 'Pull new commits.',
      rebase: 'Pull with `--rebase`.',
      user: 'Owner to give the files afterwards.',
      group: 'Group to give the files afterwards.',
      ssh_keyscan: 'Add the remote host key to known_hosts first.',
      update_submodules: 'Update submodules.',
      recursive_submodules: 'Update submodules recursively.',
      depth: 'Shallow-clone depth.',
    },
  },
  'git.config': {
    doc: 'Sets a git configuration key for a repository, the user or the system.',
    parameters: {
      key: 'Configuration key.',
      value: 'Value to set.',
      multi_value: 'Add the value instead of replacing it.',
      repo: 'Repository for a local setting.',
      system: 'Use the system-wide configuration.',
    },
  },
};

export const GLOBAL_ARGUMENT_DESCRIPTIONS: Readonly<Record<string, string>> = {
  name: 'Label PyInfra prints for this operation.',
  _sudo: 'Run the operation\'s commands through sudo.',
  _sudo_user: 'With `_sudo`, run as this user instead of root.',
  _use_sudo_login: 'Start a login shell under sudo (`sudo -i`).',
  _sudo_password: 'Password to give sudo.',
  _preserve_sudo_env: 'Keep the caller\'s environment under sudo (`sudo -E`).',
  _su_user: 'Run the commands as this user through `su`.',
  _use_su_login: 'Start a login shell under su.',
  _preserve_su_env: 'Keep the environment under su.',
  _su_shell: 'Shell su should use.',
  _doas: 'Run the commands through doas.',
  _doas_user: 'With `_doas`, run as this user.',
  _shell_executable: 'Shell that runs the commands.',
  _chdir: 'Remote directory to change into before running the commands.',
  _env: 'Environment variables for the remote commands (not the deploy script\'s own `os.environ`).',
  _success_exit_codes: 'Exit codes that count as success.',
  _timeout: 'Fail a command that runs longer than this many seconds.',
  _get_pty: 'Allocate a pseudo-terminal.',
  _stdin: 'Text written to the commands\' standard input.',
  _ignore_errors: 'Carry on with the deploy when this operation fails.',
  _continue_on_error: 'Run the operation\'s remaining commands after one fails.',
  _if: 'Run only when the callable(s) return True at execution time, e.g. `_if=previous_op.did_change`.',
  _parallel: 'Run on this many hosts at once.',
  _run_once: 'Run on the first host only.',
  _serial: 'Run on one host after another.',
  _use_sudo_password: 'Ask for the sudo password (PyInfra 2.x; 3.x takes the password itself as `_sudo_password`).',
  _precondition: 'Shell command that must succeed before the operation runs (PyInfra 2.x).',
  _postcondition: 'Shell command that must succeed after the operation ran (PyInfra 2.x).',
  _on_success: 'Callback `(state, host, op_hash)` after the operation succeeded (PyInfra 2.x).',
  _on_error: 'Callback `(state, host, op_hash)` after the operation failed (PyInfra 2.x).',
};

/**
 * Global arguments one major version spells differently from the other: what to write instead. Names missing here
 * but absent from the version in use get a generic message naming the version that has them.
 */
export const GLOBAL_ARGUMENT_RENAMES: Readonly<Record<string, string>> = {
  _use_sudo_password: '_sudo_password',
  _sudo_password: '_use_sudo_password',
};
