#!/usr/bin/env node
// Entry point of `bilder-language-server` (dist/server.js). It runs the server bundle (dist/serverMain.js, built from
// main.ts) through a V8 code cache: compiling the 1 MB bundle, and then lazily each function start-up calls, was about a
// third of the time from spawn to the first diagnostics, and Node 20 has no compile cache of its own.
// A code cache is code: V8 checks only the length of the source it was made from, so whoever can write the cache can
// make the server run anything. It therefore lives in the user's private cache directory (0700, created without
// following symlinks), is written 0600, and is read only when it is a regular file owned by this user that nobody else
// may write — and only after its header proves it was made from this very bundle, by this Node, from these bytes.
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { privateSubdirectory, userCacheDirectory } from './runner/stateDirectories';

const BUNDLE = path.join(__dirname, 'serverMain.js');

/** A cache bigger than this is not one of ours (ours are a few MB): never read it whole into memory. */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;

/** Where the code cache of a bundle lives: the user's cache directory, one file per installed bundle. */
export function codeCacheFile(bundle: string, env: NodeJS.ProcessEnv = process.env): string {
  const directory = privateSubdirectory(userCacheDirectory(env), 'code-cache');
  const id = createHash('sha256').update(path.resolve(bundle)).digest('hex').slice(0, 24);
  return path.join(directory, `${id}.v8cache`);
}

type ModuleWrapper = (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;

export interface BundleRun {
  /** Whether the bundle was compiled from a cache matching its content. */
  cacheUsed: boolean;
  /** Why a cache file that exists was not used (for the log and the tests). */
  rejected?: string;
  /** Writes the cache from what has been compiled so far: call it late, so the functions the session ran are in it. */
  writeCache(): void;
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** The first line of a cache file: what it was made from, and a digest of the cached data that follows it. */
function headerOf(sourceDigest: string, dataDigest: string): string {
  return `bilder-v8-cache 2 ${sourceDigest} ${process.version} ${process.arch} ${dataDigest}\n`;
}

/**
 * Runs a CommonJS bundle as `require` would, compiled from its code cache when that matches its content. The bundle
 * may not run a dynamic `import()`: Node 20 gives scripts compiled by `vm.Script` no import callback (its replacement
 * is still experimental and warns). Bilder hands web-tree-sitter its wasm itself, so the bundle never reaches one.
 */
export function runWithCodeCache(bundle: string, cacheFile?: string): BundleRun {
  const bytes = fs.readFileSync(bundle);
  const sourceDigest = sha256(bytes);
  let file: string | undefined;
  let cached: Buffer | undefined;
  let rejected: string | undefined;
  try {
    file = cacheFile ?? codeCacheFile(bundle);
    const read = readCache(file, sourceDigest);
    if ('data' in read) cached = read.data;
    else rejected = read.rejected;
  } catch (error) {
    // No private cache directory (a symlink planted in its place, someone else's folder): run without a cache.
    rejected = error instanceof Error ? error.message : String(error);
    file = undefined;
  }
  const script = new vm.Script(Module.wrap(bytes.toString('utf8')), { filename: bundle, cachedData: cached });
  const bundleModule = new Module(bundle);
  bundleModule.filename = bundle;
  const cacheUsed = cached !== undefined && !script.cachedDataRejected;
  // The server reports it in its first log line, so a start without the cache can be told from one with it.
  (globalThis as Record<symbol, unknown>)[Symbol.for('bilder.codeCache')] = cacheUsed ? 'used' : cached === undefined && !rejected ? 'none' : 'rejected';
  const wrapper = script.runInThisContext() as ModuleWrapper;
  wrapper.call(bundleModule.exports, bundleModule.exports, Module.createRequire(bundle), bundleModule, bundle, path.dirname(bundle));
  return {
    cacheUsed,
    ...(rejected ? { rejected } : {}),
    writeCache: () => {
      if (file) writeCache(file, sourceDigest, script);
    },
  };
}

type CacheRead = { data: Buffer } | { rejected: string | undefined };

function readCache(cacheFile: string, sourceDigest: string): CacheRead {
  let descriptor: number;
  try {
    // O_NOFOLLOW: a symlink in place of the cache is refused, not followed; O_NONBLOCK: a FIFO cannot hang the start.
    descriptor = fs.openSync(cacheFile, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { rejected: code === 'ENOENT' ? undefined : `cannot open the code cache (${code})` };
  }
  try {
    const stat = fs.fstatSync(descriptor);
    if (!stat.isFile()) return { rejected: 'the code cache is not a regular file' };
    const uid = process.getuid?.();
    if (uid !== undefined && stat.uid !== uid) return { rejected: `the code cache belongs to uid ${stat.uid}` };
    if ((stat.mode & 0o022) !== 0) return { rejected: 'the code cache is writable by others' };
    if (stat.size > MAX_CACHE_BYTES) return { rejected: 'the code cache is too large' };
    const data = Buffer.alloc(stat.size);
    let length = 0;
    while (length < data.length) {
      const read = fs.readSync(descriptor, data, length, data.length - length, length);
      if (read === 0) break;
      length += read;
    }
    const content = data.subarray(0, length);
    const newline = content.indexOf(0x0a);
    if (newline < 0) return { rejected: 'the code cache has no header' };
    const header = content.subarray(0, newline + 1).toString('latin1');
    const payload = content.subarray(newline + 1);
    // Our digest of the bundle and of the cached data, checked before V8 sees a byte of it.
    if (header !== headerOf(sourceDigest, sha256(payload))) return { rejected: 'the code cache was made from another bundle or is damaged' };
    return { data: payload };
  } finally {
    fs.closeSync(descriptor);
  }
}

/**
 * Best effort: without a private cache directory the server just starts without a cache. Written whole, 0600, under a
 * name no other server can pick (servers start in parallel), then renamed into place.
 */
function writeCache(cacheFile: string, sourceDigest: string, script: vm.Script): void {
  const temporary = `${cacheFile}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const data = script.createCachedData();
    const descriptor = fs.openSync(temporary, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, 0o600);
    try {
      fs.writeSync(descriptor, Buffer.concat([Buffer.from(headerOf(sourceDigest, sha256(data)), 'latin1'), data]));
    } finally {
      fs.closeSync(descriptor);
    }
    fs.renameSync(temporary, cacheFile);
  } catch {
    fs.rmSync(temporary, { force: true });
  }
}

/** `--version` and usage errors compile almost nothing; a cache written then would leave out everything a server runs. */
function isServerSession(argv: readonly string[]): boolean {
  return argv.some((arg) => /^--(stdio|node-ipc|socket|pipe)(=|$)/.test(arg));
}

if (require.main === module) {
  if (process.env.BILDER_CODE_CACHE === 'off') require(BUNDLE);
  else {
    const run = runWithCodeCache(BUNDLE);
    // At exit the cache holds every function the session compiled, start-up and first analysis included.
    if (!run.cacheUsed && isServerSession(process.argv.slice(2))) process.once('exit', run.writeCache);
  }
}
