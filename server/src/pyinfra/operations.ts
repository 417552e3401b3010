// PyInfra knowledge as data: the operations Bilder images use most and the global arguments every operation accepts.
// Signatures follow pyinfra 3.x (`src/pyinfra/operations/*.py`, `src/pyinfra/api/arguments.py`); the descriptions are
// our own wording, kept short enough for a hover.

export interface OperationParameter {
  name: string;
  /** The Python annotation as pyinfra declares it (or the type its default implies). */
  type: string;
  /** Python source of the default; absent when the argument is required. */
  default?: string;
  doc: string;
}

export interface PyinfraOperation {
  module: string;
  name: string;
  doc: string;
  parameters: OperationParameter[];
  /** False for operations pyinfra marks `is_idempotent=False`: they run their commands on every deploy. */
  idempotent: boolean;
  /** Accepts extra keyword arguments (e.g. `files.template` passes them to the Jinja2 template). */
  extraKeywords?: string;
}

export interface GlobalArgument {
  name: string;
  type: string;
  default: string;
  doc: string;
}

const p = (name: string, type: string, doc: string, defaultValue?: string): OperationParameter =>
  defaultValue === undefined ? { name, type, doc } : { name, type, doc, default: defaultValue };

const OWNERSHIP = [
  p('user', 'str | None', 'Owner to set on the remote file.', 'None'),
  p('group', 'str | None', 'Group to set on the remote file.', 'None'),
  p('mode', 'str | int | None', 'Permissions to set, e.g. `"0644"`.', 'None'),
];

export const OPERATIONS: readonly PyinfraOperation[] = [
  {
    module: 'apt', name: 'packages', idempotent: true,
    doc: 'Ensures apt packages are installed (or removed), optionally refreshing the package lists first. Pin a version with `name=version`.',
    parameters: [
      p('packages', 'str | list[str] | None', 'Package names, optionally pinned as `name=version`.', 'None'),
      p('present', 'bool', 'Install (True) or remove (False) the packages.', 'True'),
      p('latest', 'bool', 'Upgrade packages given without a version.', 'False'),
      p('update', 'bool', 'Run `apt-get update` first.', 'False'),
      p('cache_time', 'int | None', 'With `update`, skip the update if the lists are younger than this many seconds.', 'None'),
      p('upgrade', 'bool', 'Run `apt-get upgrade` first.', 'False'),
      p('force', 'bool', 'Pass `--force-yes` to apt.', 'False'),
      p('no_recommends', 'bool', 'Do not install recommended packages.', 'False'),
      p('allow_downgrades', 'bool', 'Allow installing a lower pinned version.', 'False'),
      p('purge', 'bool', 'When removing, purge configuration files as well.', 'False'),
      p('extra_install_args', 'str | None', 'Extra arguments for `apt-get install`.', 'None'),
      p('extra_uninstall_args', 'str | None', 'Extra arguments for `apt-get remove`/`purge`.', 'None'),
    ],
  },
  {
    module: 'apt', name: 'update', idempotent: false,
    doc: 'Refreshes the apt package lists; runs every time unless `cache_time` is given.',
    parameters: [p('cache_time', 'int | None', 'Skip when the last update is younger than this many seconds.', 'None')],
  },
  {
    module: 'apt', name: 'upgrade', idempotent: true,
    doc: 'Upgrades every installed apt package (skipped when a simulation shows nothing to do).',
    parameters: [p('auto_remove', 'bool', 'Also remove dependencies nothing needs any more.', 'False')],
  },
  {
    module: 'apt', name: 'repo', idempotent: true,
    doc: 'Adds or removes one apt source line.',
    parameters: [
      p('src', 'str', 'The source line, e.g. `deb https://… bookworm main`.'),
      p('present', 'bool', 'Whether the line should exist.', 'True'),
      p('filename', 'str | None', 'Write to `/etc/apt/sources.list.d/<filename>.list` instead of `sources.list`.', 'None'),
    ],
  },
  {
    module: 'apt', name: 'key', idempotent: true,
    doc: 'Installs or removes an apt signing key in `/etc/apt/keyrings/` (no `apt-key`).',
    parameters: [
      p('src', 'str | None', 'File or URL of the key (`.asc` or `.gpg`).', 'None'),
      p('keyserver', 'str | None', 'Keyserver to fetch `keyid` from.', 'None'),
      p('keyid', 'str | list[str] | None', 'Key ID(s).', 'None'),
      p('dest', 'str | None', 'Keyring file name or path (defaults from `src`/`keyid`).', 'None'),
      p('present', 'bool', 'Whether the key should be installed.', 'True'),
    ],
  },
  {
    module: 'apt', name: 'deb', idempotent: true,
    doc: 'Installs or removes a package from a `.deb` file or URL.',
    parameters: [
      p('src', 'str', 'Local file or URL of the `.deb`.'),
      p('present', 'bool', 'Whether the package should be installed.', 'True'),
      p('force', 'bool', 'Pass `--force-yes` to apt.', 'False'),
    ],
  },
  {
    module: 'files', name: 'put', idempotent: true,
    doc: 'Uploads a local file (or file-like object) to the host when its content differs.',
    parameters: [
      p('src', 'str | IO', 'Local path (relative to the deploy directory) or a file-like object.'),
      p('dest', 'str', 'Remote path.'),
      ...OWNERSHIP,
      p('add_deploy_dir', 'bool', 'Resolve a relative `src` against the deploy directory.', 'True'),
      p('create_remote_dir', 'bool', 'Create the remote parent directory when missing.', 'True'),
      p('force', 'bool', 'Upload even when the content matches.', 'False'),
      p('assume_exists', 'bool', 'Skip the check that the local file exists.', 'False'),
    ],
  },
  {
    module: 'files', name: 'template', idempotent: true, extraKeywords: 'data',
    doc: 'Renders a local Jinja2 template and writes the result to the host. Extra keyword arguments become template variables.',
    parameters: [
      p('src', 'str | IO', 'Template file (relative to the deploy directory) or a file-like object.'),
      p('dest', 'str', 'Remote path.'),
      ...OWNERSHIP,
      p('create_remote_dir', 'bool', 'Create the remote parent directory when missing.', 'True'),
      p('jinja_env_kwargs', 'dict[str, Any] | None', 'Keyword arguments for the Jinja2 `Environment`.', 'None'),
    ],
  },
  {
    module: 'files', name: 'directory', idempotent: true,
    doc: 'Ensures a remote directory exists (or not) with the given ownership and mode.',
    parameters: [
      p('path', 'str', 'Remote directory.'),
      p('present', 'bool', 'Whether it should exist.', 'True'),
      ...OWNERSHIP,
      p('recursive', 'bool', 'Apply ownership and mode recursively.', 'False'),
      p('force', 'bool', 'Replace a file or link that is in the way.', 'False'),
      p('force_backup', 'bool', 'Back up what `force` replaces.', 'True'),
      p('force_backup_dir', 'str | None', 'Where to keep that backup.', 'None'),
      p('_no_check_owner_mode', 'bool', 'Skip the ownership and mode comparison.', 'False'),
      p('_no_fail_on_link', 'bool', 'Accept a link where the directory should be.', 'False'),
    ],
  },
  {
    module: 'files', name: 'file', idempotent: true,
    doc: 'Ensures a remote file exists (or not), optionally touching it, with the given ownership and mode.',
    parameters: [
      p('path', 'str', 'Remote file.'),
      p('present', 'bool', 'Whether it should exist.', 'True'),
      ...OWNERSHIP,
      p('touch', 'bool', 'Update the modification time.', 'False'),
      p('create_remote_dir', 'bool', 'Create the remote parent directory when missing.', 'True'),
      p('force', 'bool', 'Replace a directory or link that is in the way.', 'False'),
      p('force_backup', 'bool', 'Back up what `force` replaces.', 'True'),
      p('force_backup_dir', 'str | None', 'Where to keep that backup.', 'None'),
    ],
  },
  {
    module: 'files', name: 'line', idempotent: true,
    doc: 'Ensures a line is present in (or absent from) a remote file; `line` is a regular expression unless escaped.',
    parameters: [
      p('path', 'str', 'Remote file.'),
      p('line', 'str', 'Regular expression (or literal with `escape_regex_characters`) the line must match.'),
      p('present', 'bool', 'Whether the line should exist.', 'True'),
      p('replace', 'str | None', 'Text to write when the line is added or changed.', 'None'),
      p('flags', 'list[str] | None', 'Flags for the matching `grep`/`sed`.', 'None'),
      p('backup', 'bool', 'Keep a copy of the file before editing.', 'False'),
      p('interpolate_variables', 'bool', 'Let the shell expand variables in the line.', 'False'),
      p('escape_regex_characters', 'bool', 'Treat `line` as a literal string.', 'False'),
      p('ensure_newline', 'bool', 'Make sure the file ends with a newline before appending.', 'False'),
    ],
  },
  {
    module: 'files', name: 'replace', idempotent: true,
    doc: 'Replaces text matching a pattern in a remote file (`sed`).',
    parameters: [
      p('path', 'str', 'Remote file.'),
      p('text', 'str | None', 'Pattern to find.', 'None'),
      p('replace', 'str | None', 'Replacement text.', 'None'),
      p('flags', 'list[str] | None', 'Flags for `sed`.', 'None'),
      p('backup', 'bool', 'Keep a copy of the file before editing.', 'False'),
      p('interpolate_variables', 'bool', 'Let the shell expand variables.', 'False'),
    ],
  },
  {
    module: 'files', name: 'link', idempotent: true,
    doc: 'Ensures a symbolic (or hard) link exists pointing at `target`.',
    parameters: [
      p('path', 'str', 'The link to create.'),
      p('target', 'str | None', 'What the link points at.', 'None'),
      p('present', 'bool', 'Whether the link should exist.', 'True'),
      p('user', 'str | None', 'Owner of the link.', 'None'),
      p('group', 'str | None', 'Group of the link.', 'None'),
      p('symbolic', 'bool', 'Symbolic (True) or hard link.', 'True'),
      p('create_remote_dir', 'bool', 'Create the parent directory when missing.', 'True'),
      p('force', 'bool', 'Replace a file or directory that is in the way.', 'False'),
      p('force_backup', 'bool', 'Back up what `force` replaces.', 'True'),
      p('force_backup_dir', 'str | None', 'Where to keep that backup.', 'None'),
    ],
  },
  {
    module: 'files', name: 'download', idempotent: true,
    doc: 'Downloads a URL on the host (curl or wget) unless the file already exists or matches the checksum.',
    parameters: [
      p('src', 'str', 'URL to download.'),
      p('dest', 'str', 'Remote path to write.'),
      ...OWNERSHIP,
      p('cache_time', 'int | None', 'Download again when the file is older than this many seconds.', 'None'),
      p('force', 'bool', 'Always download.', 'False'),
      p('sha256sum', 'str | None', 'Expected SHA-256 of the file.', 'None'),
      p('sha1sum', 'str | None', 'Expected SHA-1 of the file.', 'None'),
      p('md5sum', 'str | None', 'Expected MD5 of the file.', 'None'),
      p('headers', 'dict[str, str] | None', 'HTTP headers to send.', 'None'),
      p('insecure', 'bool', 'Skip TLS verification.', 'False'),
      p('proxy', 'str | None', 'Proxy URL.', 'None'),
      p('temp_dir', 'str | None', 'Remote temporary directory.', 'None'),
      p('extra_curl_args', 'dict[str, str] | None', 'Extra curl options.', 'None'),
      p('extra_wget_args', 'dict[str, str] | None', 'Extra wget options.', 'None'),
    ],
  },
  {
    module: 'files', name: 'sync', idempotent: true,
    doc: 'Mirrors a local directory to the host, uploading changed files and optionally deleting extra ones.',
    parameters: [
      p('src', 'str', 'Local directory.'),
      p('dest', 'str', 'Remote directory.'),
      ...OWNERSHIP,
      p('dir_mode', 'str | None', 'Mode for created directories.', 'None'),
      p('delete', 'bool', 'Delete remote files that are not in `src`.', 'False'),
      p('exclude', 'str | list[str] | None', 'Glob patterns to skip.', 'None'),
      p('exclude_dir', 'str | list[str] | None', 'Directory patterns to skip.', 'None'),
      p('add_deploy_dir', 'bool', 'Resolve a relative `src` against the deploy directory.', 'True'),
    ],
  },
  {
    module: 'server', name: 'shell', idempotent: false,
    doc: 'Runs raw shell commands on every deploy. Prefer an operation that checks state first when one exists.',
    parameters: [p('commands', 'str | list[str]', 'Command or commands to run.')],
  },
  {
    module: 'server', name: 'script', idempotent: false,
    doc: 'Uploads a local script and runs it on every deploy.',
    parameters: [p('src', 'str', 'Local script file.'), p('args', 'tuple', 'Arguments passed to the script.', '()')],
  },
  {
    module: 'server', name: 'user', idempotent: true,
    doc: 'Ensures a system user exists (or not) with the given groups, shell, home and SSH keys.',
    parameters: [
      p('user', 'str', 'User name.'),
      p('present', 'bool', 'Whether the user should exist.', 'True'),
      p('home', 'str | None', 'Home directory.', 'None'),
      p('shell', 'str | None', 'Login shell.', 'None'),
      p('group', 'str | None', 'Primary group.', 'None'),
      p('groups', 'list[str] | None', 'Supplementary groups.', 'None'),
      p('append', 'bool', 'Add to `groups` instead of replacing them.', 'False'),
      p('public_keys', 'str | list[str] | None', 'Authorized SSH public keys.', 'None'),
      p('delete_keys', 'bool', 'Remove keys that are not listed.', 'False'),
      p('ensure_home', 'bool', 'Create the home directory.', 'True'),
      p('create_home', 'bool', 'Let `useradd` create the home directory.', 'False'),
      p('system', 'bool', 'Create a system account.', 'False'),
      p('uid', 'int | None', 'Numeric user ID.', 'None'),
      p('comment', 'str | None', 'GECOS comment.', 'None'),
      p('unique', 'bool', 'Refuse a duplicate UID.', 'True'),
      p('password', 'str | None', 'Encrypted password.', 'None'),
    ],
  },
  {
    module: 'server', name: 'group', idempotent: true,
    doc: 'Ensures a system group exists (or not).',
    parameters: [
      p('group', 'str', 'Group name.'),
      p('present', 'bool', 'Whether the group should exist.', 'True'),
      p('system', 'bool', 'Create a system group.', 'False'),
      p('gid', 'int | str | None', 'Numeric group ID.', 'None'),
    ],
  },
  {
    module: 'server', name: 'service', idempotent: true,
    doc: 'Manages a service through whichever init system the host runs.',
    parameters: [
      p('service', 'str', 'Service name.'),
      p('running', 'bool', 'Whether it should be running.', 'True'),
      p('restarted', 'bool', 'Restart it.', 'False'),
      p('reloaded', 'bool', 'Reload it.', 'False'),
      p('command', 'str | None', 'Custom init command to run.', 'None'),
      p('enabled', 'bool | None', 'Whether it starts at boot.', 'None'),
    ],
  },
  {
    module: 'server', name: 'packages', idempotent: true,
    doc: 'Installs or removes packages with the host\'s own package manager.',
    parameters: [
      p('packages', 'str | list[str]', 'Package names.'),
      p('present', 'bool', 'Install (True) or remove (False).', 'True'),
    ],
  },
  {
    module: 'server', name: 'sysctl', idempotent: true,
    doc: 'Sets a kernel parameter now and, with `persist`, across reboots.',
    parameters: [
      p('key', 'str', 'Parameter name, e.g. `net.core.somaxconn`.'),
      p('value', 'str | int | list', 'Value to set.'),
      p('persist', 'bool', 'Also write it to a sysctl configuration file.', 'False'),
      p('persist_file', 'str', 'File used by `persist`.', '"/etc/sysctl.conf"'),
    ],
  },
  {
    module: 'server', name: 'hostname', idempotent: true,
    doc: 'Sets the host name (with `hostnamectl` when available).',
    parameters: [
      p('hostname', 'str', 'New host name.'),
      p('hostname_file', 'str | None', 'File to write the name to when `hostnamectl` is absent.', 'None'),
    ],
  },
  {
    module: 'server', name: 'modprobe', idempotent: true,
    doc: 'Loads (or unloads) a kernel module.',
    parameters: [
      p('module', 'str', 'Module name.'),
      p('present', 'bool', 'Whether it should be loaded.', 'True'),
      p('force', 'bool', 'Pass `--force`.', 'False'),
    ],
  },
  {
    module: 'server', name: 'mount', idempotent: true,
    doc: 'Mounts (or unmounts) a filesystem.',
    parameters: [
      p('path', 'str', 'Mount point.'),
      p('mounted', 'bool', 'Whether it should be mounted.', 'True'),
      p('options', 'list[str] | None', 'Mount options.', 'None'),
      p('device', 'str | None', 'Device to mount.', 'None'),
      p('fs_type', 'str | None', 'Filesystem type.', 'None'),
    ],
  },
  {
    module: 'server', name: 'reboot', idempotent: false,
    doc: 'Reboots the host and waits for it to come back.',
    parameters: [
      p('delay', 'int', 'Seconds to wait before reconnecting.', '10'),
      p('interval', 'int', 'Seconds between reconnection attempts.', '1'),
      p('reboot_timeout', 'int', 'Give up after this many seconds.', '300'),
    ],
  },
  {
    module: 'server', name: 'wait', idempotent: false,
    doc: 'Waits until something listens on a port.',
    parameters: [p('port', 'int', 'Port to wait for.')],
  },
  {
    module: 'systemd', name: 'service', idempotent: true,
    doc: 'Manages a systemd unit: running, restarted, reloaded, enabled; `.service` is appended when no unit suffix is given.',
    parameters: [
      p('service', 'str', 'Unit name.'),
      p('running', 'bool', 'Whether it should be running.', 'True'),
      p('restarted', 'bool', 'Restart it.', 'False'),
      p('reloaded', 'bool', 'Reload it.', 'False'),
      p('command', 'str | None', 'Custom systemctl command to run.', 'None'),
      p('enabled', 'bool | None', 'Whether it starts at boot.', 'None'),
      p('daemon_reload', 'bool', 'Run `systemctl daemon-reload` first.', 'False'),
      p('user_mode', 'bool', 'Use `systemctl --user`.', 'False'),
      p('machine', 'str | None', 'Machine to connect to.', 'None'),
      p('user_name', 'str | None', 'User whose session to manage.', 'None'),
    ],
  },
  {
    module: 'systemd', name: 'daemon_reload', idempotent: false,
    doc: 'Runs `systemctl daemon-reload` so changed unit files are read.',
    parameters: [
      p('user_mode', 'bool', 'Use `systemctl --user`.', 'False'),
      p('machine', 'str | None', 'Machine to connect to.', 'None'),
      p('user_name', 'str | None', 'User whose session to reload.', 'None'),
    ],
  },
  {
    module: 'pip', name: 'packages', idempotent: true,
    doc: 'Ensures pip packages are installed (or removed), globally or in a virtualenv. Pin a version with `name==version`.',
    parameters: [
      p('packages', 'str | list[str] | None', 'Package specs, optionally pinned as `name==version`.', 'None'),
      p('present', 'bool', 'Install (True) or remove (False).', 'True'),
      p('latest', 'bool', 'Upgrade packages given without a version.', 'False'),
      p('requirements', 'str | None', 'Requirements file to install.', 'None'),
      p('pip', 'str', 'pip executable to use.', '"pip"'),
      p('virtualenv', 'str | None', 'Virtualenv to install into (created when missing).', 'None'),
      p('virtualenv_kwargs', 'dict | None', 'Arguments for creating that virtualenv.', 'None'),
      p('extra_install_args', 'str | None', 'Extra arguments for `pip install`.', 'None'),
    ],
  },
  {
    module: 'pip', name: 'venv', idempotent: true,
    doc: 'Ensures a virtualenv made with `python -m venv` exists (or not).',
    parameters: [
      p('path', 'str', 'Directory of the virtualenv.'),
      p('python', 'str | None', 'Interpreter to use.', 'None'),
      p('site_packages', 'bool', 'Give access to the global site-packages.', 'False'),
      p('always_copy', 'bool', 'Copy files instead of symlinking.', 'False'),
      p('present', 'bool', 'Whether it should exist.', 'True'),
    ],
  },
  {
    module: 'git', name: 'repo', idempotent: true,
    doc: 'Clones a git repository, or checks out and pulls it when already cloned.',
    parameters: [
      p('src', 'str', 'Repository URL.'),
      p('dest', 'str', 'Directory to clone into.'),
      p('branch', 'str | None', 'Branch or tag to check out.', 'None'),
      p('pull', 'bool', 'Pull new commits.', 'True'),
      p('rebase', 'bool', 'Pull with `--rebase`.', 'False'),
      p('user', 'str | None', 'Owner to give the files afterwards.', 'None'),
      p('group', 'str | None', 'Group to give the files afterwards.', 'None'),
      p('ssh_keyscan', 'bool', 'Add the remote host key to known_hosts first.', 'False'),
      p('update_submodules', 'bool', 'Update submodules.', 'False'),
      p('recursive_submodules', 'bool', 'Update submodules recursively.', 'False'),
      p('depth', 'int | None', 'Shallow-clone depth.', 'None'),
    ],
  },
  {
    module: 'git', name: 'config', idempotent: true,
    doc: 'Sets a git configuration key for a repository, the user or the system.',
    parameters: [
      p('key', 'str', 'Configuration key.'),
      p('value', 'str', 'Value to set.'),
      p('multi_value', 'bool', 'Add the value instead of replacing it.', 'False'),
      p('repo', 'str | None', 'Repository for a local setting.', 'None'),
      p('system', 'bool', 'Use the system-wide configuration.', 'False'),
    ],
  },
];

export const GLOBAL_ARGUMENTS: readonly GlobalArgument[] = [
  { name: '_sudo', type: 'bool', default: 'False', doc: 'Run the operation\'s commands through sudo.' },
  { name: '_sudo_user', type: 'str | None', default: 'None', doc: 'With `_sudo`, run as this user instead of root.' },
  { name: '_use_sudo_login', type: 'bool', default: 'False', doc: 'Start a login shell under sudo (`sudo -i`).' },
  { name: '_sudo_password', type: 'str | None', default: 'None', doc: 'Password to give sudo.' },
  { name: '_preserve_sudo_env', type: 'bool', default: 'False', doc: 'Keep the caller\'s environment under sudo (`sudo -E`).' },
  { name: '_su_user', type: 'str | None', default: 'None', doc: 'Run the commands as this user through `su`.' },
  { name: '_use_su_login', type: 'bool', default: 'False', doc: 'Start a login shell under su.' },
  { name: '_preserve_su_env', type: 'bool', default: 'False', doc: 'Keep the environment under su.' },
  { name: '_su_shell', type: 'str | None', default: 'None', doc: 'Shell su should use.' },
  { name: '_doas', type: 'bool', default: 'False', doc: 'Run the commands through doas.' },
  { name: '_doas_user', type: 'str | None', default: 'None', doc: 'With `_doas`, run as this user.' },
  { name: '_shell_executable', type: 'str', default: '"sh"', doc: 'Shell that runs the commands.' },
  { name: '_chdir', type: 'str | None', default: 'None', doc: 'Remote directory to change into before running the commands.' },
  { name: '_env', type: 'dict[str, str]', default: '{}', doc: 'Environment variables for the remote commands (not the deploy script\'s own `os.environ`).' },
  { name: '_success_exit_codes', type: 'Iterable[int]', default: '[0]', doc: 'Exit codes that count as success.' },
  { name: '_timeout', type: 'int | None', default: 'None', doc: 'Fail a command that runs longer than this many seconds.' },
  { name: '_get_pty', type: 'bool', default: 'False', doc: 'Allocate a pseudo-terminal.' },
  { name: '_stdin', type: 'str | list[str] | None', default: 'None', doc: 'Text written to the commands\' standard input.' },
  { name: '_ignore_errors', type: 'bool', default: 'False', doc: 'Carry on with the deploy when this operation fails.' },
  { name: '_continue_on_error', type: 'bool', default: 'False', doc: 'Run the operation\'s remaining commands after one fails.' },
  { name: '_if', type: 'Callable[[], bool] | list[Callable[[], bool]] | None', default: 'None', doc: 'Run only when the callable(s) return True at execution time, e.g. `_if=previous_op.did_change`.' },
  { name: '_parallel', type: 'int', default: '0', doc: 'Run on this many hosts at once.' },
  { name: '_run_once', type: 'bool', default: 'False', doc: 'Run on the first host only.' },
  { name: '_serial', type: 'bool', default: 'False', doc: 'Run on one host after another.' },
];

/** The optional `name` every operation accepts: the label pyinfra prints for it. */
export const NAME_ARGUMENT: OperationParameter = p('name', 'str | None', 'Label pyinfra prints for this operation.', 'None');

const BY_KEY = new Map(OPERATIONS.map((operation) => [`${operation.module}.${operation.name}`, operation]));
const GLOBALS_BY_NAME = new Map(GLOBAL_ARGUMENTS.map((argument) => [argument.name, argument]));

export const OPERATION_MODULES: readonly string[] = [...new Set(OPERATIONS.map((operation) => operation.module))];

export function findOperation(module: string, name: string): PyinfraOperation | undefined {
  return BY_KEY.get(`${module}.${name}`);
}

export function operationsOf(module: string): PyinfraOperation[] {
  return OPERATIONS.filter((operation) => operation.module === module);
}

export function findGlobalArgument(name: string): GlobalArgument | undefined {
  return GLOBALS_BY_NAME.get(name);
}

export function operationSignature(operation: PyinfraOperation): string {
  const parameters = operation.parameters.map(formatParameter);
  if (operation.extraKeywords) parameters.push(`**${operation.extraKeywords}`);
  return `${operation.module}.${operation.name}(${parameters.join(', ')})`;
}

export function formatParameter(parameter: OperationParameter): string {
  return parameter.default === undefined ? `${parameter.name}: ${parameter.type}` : `${parameter.name}: ${parameter.type} = ${parameter.default}`;
}

export function operationMarkdown(operation: PyinfraOperation): string {
  const notice = operation.idempotent ? '' : '\n\n*Not idempotent: its commands run on every deploy.*';
  return `\`\`\`python\n${operationSignature(operation)}\n\`\`\`\n\n${operation.doc}${notice}`;
}

/**
 * Raw shell commands that an idempotent operation does better, by the command's first words. Order matters: the first
 * pattern that matches names the suggestion.
 */
export const SHELL_ALTERNATIVES: readonly { pattern: RegExp; operation: string }[] = [
  { pattern: /\bapt(-get)?\s+(-\S+\s+)*install\b/, operation: 'apt.packages' },
  { pattern: /\bapt(-get)?\s+(-\S+\s+)*update\b/, operation: 'apt.update' },
  { pattern: /\bpip3?\s+install\b/, operation: 'pip.packages' },
  { pattern: /\bsystemctl\s+(enable|disable|start|stop|restart|reload)\b/, operation: 'systemd.service' },
  { pattern: /\bsystemctl\s+daemon-reload\b/, operation: 'systemd.daemon_reload' },
  { pattern: /\buseradd\b|\badduser\b/, operation: 'server.user' },
  { pattern: /\bgroupadd\b|\baddgroup\b/, operation: 'server.group' },
  { pattern: /\bmkdir\b/, operation: 'files.directory' },
  { pattern: /\bln\s+-s/, operation: 'files.link' },
  { pattern: /\bgit\s+clone\b/, operation: 'git.repo' },
  { pattern: /\b(curl|wget)\b/, operation: 'files.download' },
  { pattern: /\bhostnamectl\s+set-hostname\b/, operation: 'server.hostname' },
  { pattern: /\bsysctl\s+-w\b/, operation: 'server.sysctl' },
  { pattern: /\bmodprobe\b/, operation: 'server.modprobe' },
  { pattern: /\bch(own|mod)\b/, operation: 'files.file or files.directory' },
];
