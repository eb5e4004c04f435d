// The chunk files of the version 1 layout (<chunks_directory>/<tenant>/NNNNNN.chunks: chunk encodings back to
// back, located by the tenant's index log): read only to migrate them into partitions (migrate-v1.ts).
import { readdir } from 'node:fs/promises';

const FILE_RE = /^(\d{6,})\.chunks$/;

export function chunkFileName(fileNo: number): string {
  return `${String(fileNo).padStart(6, '0')}.chunks`;
}

/** The numbers of the chunk files in a tenant's directory, ascending (none when it does not exist). */
export async function chunkFileNumbers(tenantDir: string): Promise<number[]> {
  let names: string[];
  try {
    names = await readdir(tenantDir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  return names.map((n) => FILE_RE.exec(n)).filter((m) => m !== null).map((m) => Number(m[1])).sort((a, b) => a - b);
}
