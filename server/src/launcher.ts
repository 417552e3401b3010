#!/usr/bin/env node
// Entry point of `bilder-language-server` (dist/server.js). It runs the server bundle (dist/serverMain.js, built from
// main.ts) through a V8 code cache kept beside it: compiling the 1 MB bundle, and then lazily each function start-up
// calls, was about a third of the time from spawn to the first diagnostics, and Node 20 has no compile cache of its own.
// The cache sits next to the bundle, so whoever may change the bundle is the only one who can change it.
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

const BUNDLE = path.join(__dirname, 'serverMain.js');

/** Where the code cache of a bundle lives (not `*.js`, so packaging leaves it out). */
export function codeCacheFile(bundle: string): string {
  return `${bundle}.v8cache`;
}

type ModuleWrapper = (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;

export interface BundleRun {
  /** Whether the bundle was compiled from a cache matching its content. */
  cacheUsed: boolean;
  /** Writes the cache from what has been compiled so far: call it late, so the functions the session ran are in it. */
  writeCache(): void;
}

/**
 * Runs a CommonJS bundle as `require` would, compiled from its code cache when that matches its content. The bundle
 * may not run a dynamic `import()`: Node 20 gives scripts compiled by `vm.Script` no import callback (its replacement
 * is still experimental and warns). Bilder hands web-tree-sitter its wasm itself, so the bundle never reaches one.
 */
export function runWithCodeCache(bundle: string, cacheFile = codeCacheFile(bundle)): BundleRun {
  const bytes = fs.readFileSync(bundle);
  // V8 rejects a cache from another V8 version or flag set, but of the source it checks only the length; the header
  // ties the cache to the bundle's content.
  const header = Buffer.from(`bilder-v8-cache ${createHash('sha256').update(bytes).digest('hex')} ${process.version} ${process.arch}\n`);
  const cached = readCache(cacheFile, header);
  const script = new vm.Script(Module.wrap(bytes.toString('utf8')), { filename: bundle, cachedData: cached });
  const bundleModule = new Module(bundle);
  bundleModule.filename = bundle;
  const cacheUsed = cached !== undefined && !script.cachedDataRejected;
  // The server reports it in its first log line, so a start without the cache can be told from one with it.
  (globalThis as Record<symbol, unknown>)[Symbol.for('bilder.codeCache')] = cacheUsed ? 'used' : cached === undefined ? 'none' : 'rejected';
  const wrapper = script.runInThisContext() as ModuleWrapper;
  wrapper.call(bundleModule.exports, bundleModule.exports, Module.createRequire(bundle), bundleModule, bundle, path.dirname(bundle));
  return { cacheUsed, writeCache: () => writeCache(cacheFile, header, script) };
}

function readCache(cacheFile: string, header: Buffer): Buffer | undefined {
  let data: Buffer;
  try {
    data = fs.readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  return data.subarray(0, header.length).equals(header) ? data.subarray(header.length) : undefined;
}

/**
 * Best effort: a read-only install just starts without a cache. Written whole under a name no other server can pick
 * (servers start in parallel, possibly in containers sharing one install, where pids repeat), then renamed into place.
 */
function writeCache(cacheFile: string, header: Buffer, script: vm.Script): void {
  try {
    fs.accessSync(path.dirname(cacheFile), fs.constants.W_OK);
  } catch {
    return;
  }
  const temporary = `${cacheFile}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    fs.writeFileSync(temporary, Buffer.concat([header, script.createCachedData()]), { flag: 'wx' });
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
