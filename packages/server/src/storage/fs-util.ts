import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/**
 * Opens (or creates) a file for writes at offsets the caller tracks. Never O_APPEND: on Linux a positional
 * write to an O_APPEND file goes to the end whatever the position, so after a short write (a full disk) the
 * offsets recorded for later writes would point before where their bytes really are.
 */
export function openForWriting(path: string): Promise<FileHandle> {
  return open(path, constants.O_RDWR | constants.O_CREAT, 0o644);
}

/**
 * Writes the buffers at `position` and, with `sync`, makes them durable. If anything fails (ENOSPC, EIO) the
 * file is cut back to `position`, freeing what a short write used, and the error names the file.
 */
export async function writeDurably(fh: FileHandle, path: string, bufs: readonly Buffer[], position: number, sync: boolean): Promise<void> {
  try {
    await writeAll(fh, bufs, position);
    if (sync) await fh.datasync();
  } catch (e) {
    // Best effort: the next write goes to `position` anyway, over whatever is left.
    await fh.truncate(position).catch(() => undefined);
    const err = e as NodeJS.ErrnoException;
    throw Object.assign(new Error(`${path}: ${err.message}`, { cause: err }), { code: err.code });
  }
}

/** Writes every buffer at `position` onwards, looping over short writes. */
export async function writeAll(fh: FileHandle, bufs: readonly Buffer[], position: number): Promise<void> {
  let pending = bufs.filter((b) => b.length > 0);
  let pos = position;
  while (pending.length > 0) {
    const { bytesWritten } = await fh.writev(pending, pos);
    pos += bytesWritten;
    let skip = bytesWritten;
    const rest: Buffer[] = [];
    for (const b of pending) {
      if (skip >= b.length) { skip -= b.length; continue; }
      rest.push(skip > 0 ? b.subarray(skip) : b);
      skip = 0;
    }
    pending = rest;
  }
}

/** Makes a directory's entries (new or removed files) durable. */
export async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
