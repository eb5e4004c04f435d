import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';

/** How many leading bytes identify a file's content (with its inode). */
export const FINGERPRINT_BYTES = 256;

export interface Fingerprint {
  len: number;
  hash: string;
}

export function fingerprintOf(head: Buffer): Fingerprint {
  return { len: head.length, hash: createHash('sha1').update(head).digest('hex') };
}

/** The first `len` bytes of a file (fewer if it is shorter). */
export async function readHead(fh: FileHandle, len = FINGERPRINT_BYTES): Promise<Buffer> {
  const buf = Buffer.alloc(len);
  const { bytesRead } = await fh.read(buf, 0, len, 0);
  return buf.subarray(0, bytesRead);
}

/** Hashes the first `len` bytes of a file (fewer if it is shorter). */
export async function fingerprint(fh: FileHandle, len: number): Promise<Fingerprint> {
  return fingerprintOf(await readHead(fh, len));
}

/** Both start with the same bytes, as far as the shorter goes, and neither is empty: one may be a copy of the other. */
export function startAlike(a: Buffer, b: Buffer): boolean {
  const n = Math.min(a.length, b.length);
  return n > 0 && a.subarray(0, n).equals(b.subarray(0, n));
}
