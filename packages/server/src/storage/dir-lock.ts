// One process per data directory. A second `logi serve` on the same directory would replay, append to and
// finally rewrite the first one's WAL, losing entries the first had acknowledged. The lock is a file made
// with O_EXCL holding its owner's pid, the owner's start time and the host; a clean stop removes it, and a
// lock whose owner is gone (SIGKILL, a crash, a reboot that reused the pid) is taken over.
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const LOCK_FILE = 'logi.lock';

interface Owner {
  pid: number;
  /** The process's start time as /proc gives it (clock ticks since boot); '' where there is no /proc. */
  start: string;
  host: string;
}

/** Another live process holds the directory. `code` lets the start-up report it in one line. */
export class DataDirLockedError extends Error {
  readonly code = 'ELOCKED';
  readonly path: string;
  constructor(path: string, owner: Owner | undefined) {
    const who = owner === undefined ? '' : owner.host === hostname() ? ` (pid ${owner.pid})` : ` (pid ${owner.pid} on host ${owner.host})`;
    super(`the data directory ${path} is in use by another logi serve${who}; stop it first, or give this one another directory with -common.path-prefix=DIR`);
    this.name = 'DataDirLockedError';
    this.path = path;
  }
}

/** State letter and start time (clock ticks since boot) of a process from /proc; undefined where there is none. */
function procStat(pid: number): { state: string; start: string } | undefined {
  try {
    // Fields 3 and 22 of /proc/<pid>/stat, counted after the command name (which may hold spaces) closes.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', start: fields[19] ?? '' };
  } catch {
    return undefined;
  }
}

function isAlive(owner: Owner): boolean {
  // A lock from another host cannot be checked from here: it counts as held.
  if (owner.host !== hostname()) return true;
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  if (owner.start === '') return true;
  // The pid is in use: by the owner only if it started when the owner did, and it is not a zombie
  // (killed, its parent has not collected it yet).
  const stat = procStat(owner.pid);
  return stat !== undefined && stat.start === owner.start && stat.state !== 'Z';
}

function readOwner(path: string): Owner | undefined {
  try {
    const o = JSON.parse(readFileSync(path, 'utf8')) as Partial<Owner>;
    return typeof o.pid === 'number' ? { pid: o.pid, start: String(o.start ?? ''), host: String(o.host ?? '') } : undefined;
  } catch {
    // unreadable or half written: its writer died before finishing it
    return undefined;
  }
}

/**
 * Takes the directory for this process, creating it if needed; throws DataDirLockedError when another live
 * process has it. A lock already held by this process is taken again (tests reopen a directory in-process).
 */
export function lockDataDir(dir: string): { release(): void } {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  const me: Owner = { pid: process.pid, start: procStat(process.pid)?.start ?? '', host: hostname() };
  let fd: number | undefined;
  for (let attempt = 0; fd === undefined; attempt++) {
    try {
      fd = openSync(path, 'wx', 0o644);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = readOwner(path);
      // A second failure means another process took the lock between our look and our try.
      if (attempt > 0 || (owner !== undefined && isAlive(owner))) throw new DataDirLockedError(dir, owner);
      unlinkSync(path);
    }
  }
  try {
    writeSync(fd, `${JSON.stringify(me)}\n`);
  } finally {
    closeSync(fd);
  }
  return {
    release: () => {
      if (readOwner(path)?.pid === me.pid) unlinkSync(path);
    },
  };
}
