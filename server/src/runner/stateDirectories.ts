// Per-user private directories: build logs under the user's state directory, the code cache, Packer's cache, the empty
// directory Packer runs in and temporary copies under the user's cache directory (XDG base directories). Another local
// user must not be able to read them, plant files in them or redirect them: each directory Bilder owns is created
// 0700 without following a symlink, and one that is a symlink, belongs to someone else or is open to others is refused
// (or, when it is ours, closed).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const APP_DIRECTORY = 'bilder';

export class UnsafeDirectoryError extends Error {}

function currentUid(): number | undefined {
  return process.getuid?.();
}

/** A per-user fallback in the temporary folder, for users without a home (service accounts, some containers). */
function temporaryRoot(): string {
  return path.join(os.tmpdir(), `${APP_DIRECTORY}-${currentUid() ?? os.userInfo().username}`);
}

/** The user's home from HOME, else the password database; undefined when there is none (or it is not absolute). */
function homeOrUndefined(env: NodeJS.ProcessEnv): string | undefined {
  let home = env.HOME;
  if (!home) {
    try {
      home = os.homedir();
    } catch {
      return undefined;
    }
  }
  return home && path.isAbsolute(home) ? home : undefined;
}

/** XDG says relative values are invalid and must be ignored. */
function xdg(env: NodeJS.ProcessEnv, variable: string, fallback: string[]): string | undefined {
  const value = env[variable];
  if (value && path.isAbsolute(value)) return value;
  const home = homeOrUndefined(env);
  return home ? path.join(home, ...fallback) : undefined;
}

/** `$XDG_STATE_HOME/bilder` (default `~/.local/state/bilder`): build logs. */
export function userStateDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const base = xdg(env, 'XDG_STATE_HOME', ['.local', 'state']);
  return base ? path.join(base, APP_DIRECTORY) : path.join(temporaryRoot(), 'state');
}

/** `$XDG_CACHE_HOME/bilder` (default `~/.cache/bilder`): code cache, Packer cache, Packer's working directory. */
export function userCacheDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const base = xdg(env, 'XDG_CACHE_HOME', ['.cache']);
  return base ? path.join(base, APP_DIRECTORY) : path.join(temporaryRoot(), 'cache');
}

/**
 * Checks an existing directory without following a final symlink: ours, a real directory, closed to others (closing
 * it when it is ours and open). Throws UnsafeDirectoryError otherwise.
 */
export function checkPrivateDirectory(directory: string): void {
  const stat = fs.lstatSync(directory);
  if (stat.isSymbolicLink()) throw new UnsafeDirectoryError(`${directory} is a symbolic link; Bilder keeps its private files only in a real directory`);
  if (!stat.isDirectory()) throw new UnsafeDirectoryError(`${directory} is not a directory`);
  const uid = currentUid();
  if (uid !== undefined && stat.uid !== uid) throw new UnsafeDirectoryError(`${directory} belongs to another user (uid ${stat.uid})`);
  // lstat just said this is our real directory, and a directory cannot be swapped inside a parent only we can write
  // to; chmod by name is as safe as the parent, which is ours or a sticky tmp where others cannot rename our entries.
  if ((stat.mode & 0o077) !== 0) fs.chmodSync(directory, 0o700);
}

/**
 * Creates (or accepts) a private directory and every missing parent. Parents that already exist are left as they are
 * (a home directory is the user's business); every directory created here is 0700, and the last one is checked.
 */
export function ensurePrivateDirectory(directory: string): string {
  const absolute = path.resolve(directory);
  const missing: string[] = [];
  for (let current = absolute; ; current = path.dirname(current)) {
    let exists = true;
    try {
      fs.lstatSync(current);
    } catch {
      exists = false;
    }
    if (exists || path.dirname(current) === current) break;
    missing.unshift(current);
  }
  for (const created of missing) {
    try {
      // mkdir never follows a symlink at the new name: a planted one makes it fail with EEXIST, caught below.
      fs.mkdirSync(created, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  checkPrivateDirectory(absolute);
  return absolute;
}

/** A private subdirectory of one of the user's directories, each level checked. */
export function privateSubdirectory(root: string, ...parts: string[]): string {
  let current = ensurePrivateDirectory(root);
  for (const part of parts) {
    current = path.join(current, part);
    try {
      fs.mkdirSync(current, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    checkPrivateDirectory(current);
  }
  return current;
}

/**
 * The empty directory every Packer command runs in except a build: Packer 1.6.6 runs any `packer-plugin-*` file in its
 * working directory, so a template's folder must never be it. Nothing but Packer's own crash log is ever written here.
 */
export function packerWorkingDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return privateSubdirectory(userCacheDirectory(env), 'packer-cwd');
}

/** Where build logs go when the editor gives no storage folder of its own (the CLI). */
export function buildStateDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return privateSubdirectory(userStateDirectory(env), 'builds');
}

/** Packer's download cache for builds (1.6.6 would otherwise create ./packer_cache in the template folder). */
export function packerCacheDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return privateSubdirectory(userCacheDirectory(env), 'packer_cache');
}

/** Opens a new file for writing, 0600, refusing to follow a symlink or to reuse an existing file. */
export function createPrivateFile(file: string): number {
  return fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, 0o600);
}
