// What is left running, read straight from /proc: the tests prove "no process left", not "the kill call returned".
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../helpers/lspClient';

export const FAKE_PACKER = path.join(REPO_ROOT, 'test', 'fixtures', 'fake-packer', 'packer');
const VALID_CASE = path.join(REPO_ROOT, 'test', 'fixtures', 'packer-cli', 'validate', 'cases', '00_valid');
export const HAS_PROC = existsSync('/proc/self/stat');

interface ProcessInfo {
  pid: number;
  state: string;
  pgrp: number;
  command: string;
}

function read(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command sits in parentheses and may itself contain spaces or ')'; the fields follow the last ')'.
    const close = stat.lastIndexOf(')');
    const [state, , pgrp] = stat.slice(close + 2).split(' ');
    return { pid, state: state!, pgrp: Number(pgrp), command: stat.slice(stat.indexOf('(') + 1, close) };
  } catch {
    return undefined;
  }
}

/** Live (non-zombie) processes of a process group. */
export function groupMembers(pgid: number): ProcessInfo[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => read(Number(name)))
    .filter((info): info is ProcessInfo => info !== undefined && info.pgrp === pgid && info.state !== 'Z');
}

export function isAlive(pid: number): boolean {
  const info = read(pid);
  return info !== undefined && info.state !== 'Z';
}

/** Memory of a process from /proc/<pid>/status, in MB. */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)![1]) / 1024;
}

export async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const temporary: string[] = [];

/** A fresh copy of the valid validate case (one template) in its own temporary directory. */
export function templateDirectory(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `bilder-hygiene-${prefix}-`));
  temporary.push(dir);
  cpSync(VALID_CASE, dir, { recursive: true });
  for (const output of ['output.stdout', 'output.stderr', 'output.rc', 'output.machine-readable.stdout', 'transcript.txt']) rmSync(path.join(dir, output), { force: true });
  return dir;
}

export function removeTemporaryDirectories(): void {
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Process ids the fake packer logged as `start <pid>` and `child <pid>`. */
export function loggedPids(log: string): { starts: number[]; children: number[] } {
  const text = existsSync(log) ? readFileSync(log, 'utf8') : '';
  const all = (kind: string) => [...text.matchAll(new RegExp(`^${kind} (\\d+)`, 'gm'))].map((match) => Number(match[1]));
  return { starts: all('start'), children: all('child') };
}
