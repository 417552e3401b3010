// Private temporary folders (a copy for `packer fmt` on Packer 1.6.6, the var file that carries a build's sensitive
// values), inside the user's private cache directory rather than a shared /tmp. They are removed when their work ends,
// on the process's exit, and — for a process that was killed before either — by the next Bilder that starts: each
// folder's name carries the pid that made it, and folders of processes no longer alive are swept.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { privateSubdirectory, userCacheDirectory } from './stateDirectories';

export interface PrivateTemporary {
  readonly path: string;
  remove(): Promise<void>;
}

const live = new Set<string>();
let exitHookInstalled = false;
let swept = false;

function temporariesRoot(env: NodeJS.ProcessEnv): string {
  return privateSubdirectory(userCacheDirectory(env), 'tmp');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes folders left by Bilder processes that were killed before they could clean up. */
export async function sweepAbandonedTemporaries(root: string): Promise<void> {
  const names = await fs.promises.readdir(root).catch(() => [] as string[]);
  await Promise.all(
    names.map(async (name) => {
      const pid = Number(/^[a-z]+-(\d+)-/.exec(name)?.[1]);
      if (!Number.isInteger(pid) || pid === process.pid || isAlive(pid)) return;
      await fs.promises.rm(path.join(root, name), { recursive: true, force: true }).catch(() => undefined);
    }),
  );
}

function removeLiveOnExit(): void {
  for (const folder of live) fs.rmSync(folder, { recursive: true, force: true });
  live.clear();
}

/** A new 0700 folder only this process uses; `kind` is a short lowercase word naming what it is for. */
export async function createPrivateTemporary(kind: string, env: NodeJS.ProcessEnv = process.env): Promise<PrivateTemporary> {
  const root = temporariesRoot(env);
  if (!swept) {
    swept = true;
    await sweepAbandonedTemporaries(root);
  }
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', removeLiveOnExit);
  }
  const folder = await fs.promises.mkdtemp(path.join(root, `${kind}-${process.pid}-`));
  live.add(folder);
  return {
    path: folder,
    async remove() {
      live.delete(folder);
      await fs.promises.rm(folder, { recursive: true, force: true });
    },
  };
}
