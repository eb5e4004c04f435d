import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';

/** How many leading bytes identify a file's content (with its inode). */
export const FINGERPRINT_BYTES = 256;

export interface Fingerprint {
  len: number;
  hash: string;
}

/** Hashes the first `len` bytes of a file (fewer if it is shorter). */
export async function fingerprint(fh: FileHandle, len: number): Promise<Fingerprint> {
  const buf = Buffer.alloc(len);
  const { bytesRead } = await fh.read(buf, 0, len, 0);
  return { len: bytesRead, hash: createHash('sha1').update(buf.subarray(0, bytesRead)).digest('hex') };
}
