// The machine's process table from /proc, for tests that prove no process survives (Linux only).
import { readFileSync, readdirSync } from 'node:fs';

export interface ProcessInfo {
  pid: number;
  /** The command name, as /proc/<pid>/stat has it (at most 15 characters). */
  name: string;
  state: string;
  ppid: number;
  pgrp: number;
}

export function processTable(): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The name sits in parentheses and may itself contain spaces or parentheses: split after the last ')'.
      const close = stat.lastIndexOf(')');
      const [state, ppid, pgrp] = stat.slice(close + 2).split(' ');
      found.push({ pid: Number(entry), name: stat.slice(stat.indexOf('(') + 1, close), state: state!, ppid: Number(ppid), pgrp: Number(pgrp) });
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** Live (non-zombie) members of a process group: a killed orphan may linger as a zombie until its reaper runs. */
export function liveGroupMembers(pgid: number): ProcessInfo[] {
  return processTable().filter((process) => process.pgrp === pgid && process.state !== 'Z');
}
