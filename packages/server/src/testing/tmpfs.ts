// Small real filesystems for disk-full tests: mounting needs root (CI runs the tests as root too).
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Why a tmpfs test cannot run here, or false: mounting needs root. Outside CI a non-root `npm test` skips them
 * with this reason; in CI (run as root) they always run.
 */
export const tmpfsUnavailable: string | false = process.getuid?.() !== 0 && !process.env.CI
  ? 'mounting a tmpfs needs root: run `npm test` as root (CI does) to include the disk-full tests'
  : false;

/** Mounts a tmpfs of `size` (mount's syntax: 1m, 256k) on the existing directory `dir`. */
export function mountTmpfs(dir: string, size: string): void {
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
}

/** Gives the tmpfs on `dir` a new size: "freeing space" without touching its files. */
export function resizeTmpfs(dir: string, size: string): void {
  execFileSync('mount', ['-o', `remount,size=${size}`, dir]);
}

export function unmount(dir: string): void {
  execFileSync('umount', [dir]);
}

/** Writes `dir`/filler until the filesystem has no byte left; returns the filler's path. */
export function fillUp(dir: string): string {
  const path = join(dir, 'filler');
  const fd = openSync(path, 'a');
  try {
    for (const size of [65536, 4096, 1]) {
      const block = Buffer.alloc(size);
      try {
        for (;;) writeSync(fd, block);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
      }
    }
  } finally {
    closeSync(fd);
  }
  return path;
}
