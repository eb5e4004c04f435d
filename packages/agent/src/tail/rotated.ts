import type { BigIntStats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isCompressedName } from './compressed.js';

/** What follows a watched name in the names rotation gives its files (app.log.1, app.log-20240101, app.log_old). */
export const ROTATION_SEPARATORS = '._-'; // '-' last: a glob bracket expression takes it literally there

export interface Sibling {
  file: string;
  st: BigIntStats;
}

/** Orders siblings by modification time, oldest first. */
export function oldestFirst(a: Sibling, b: Sibling): number {
  return a.st.mtimeNs < b.st.mtimeNs ? -1 : a.st.mtimeNs > b.st.mtimeNs ? 1 : 0;
}

/**
 * Files next to `path` that rotation may have produced from it (app.log.1, app.log-20240101, app.log_old),
 * oldest first, compressed ones left out.
 */
export async function rotatedSiblings(path: string): Promise<Sibling[]> {
  const dir = dirname(path);
  const base = basename(path);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const out: Sibling[] = [];
  for (const name of names) {
    if (name.length <= base.length || !name.startsWith(base) || !ROTATION_SEPARATORS.includes(name[base.length]!) || isCompressedName(name)) continue;
    const file = join(dir, name);
    try {
      const st = await stat(file, { bigint: true });
      if (st.isFile()) out.push({ file, st });
    } catch {
      // rotated away or deleted between readdir and stat
    }
  }
  return out.sort(oldestFirst);
}
