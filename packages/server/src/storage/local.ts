// The local-disk chunk store: per tenant, append-only chunk files (<chunks_directory>/<tenant>/NNNNNN.chunks)
// holding chunk encodings back to back; the index records where each chunk lives. Bytes past the last
// indexed chunk (a write cut short by a crash) are never referenced, so appending after them is safe.
import { mkdir, readdir, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { tenantDirName } from './tenant-dir.js';
import { fsyncDir, openForWriting, writeDurably } from './fs-util.js';

export interface ChunkLocation { fileNo: number; offset: number; length: number }

export interface LocalChunkStoreOptions {
  fsync: boolean;
  /** A file is closed and the next one started past this size. */
  maxFileBytes?: number;
}

interface OpenFile { fileNo: number; path: string; fh: FileHandle; size: number }

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

export class LocalChunkStore {
  readonly root: string;
  #fsync: boolean;
  #maxFileBytes: number;
  #files = new Map<string, OpenFile>();

  constructor(root: string, opts: LocalChunkStoreOptions) {
    this.root = root;
    this.#fsync = opts.fsync;
    this.#maxFileBytes = opts.maxFileBytes ?? 512 * 1024 * 1024;
  }

  #tenantDir(tenant: string): string {
    return join(this.root, tenantDirName(tenant));
  }

  pathOf(tenant: string, fileNo: number): string {
    return join(this.#tenantDir(tenant), chunkFileName(fileNo));
  }

  /**
   * Appends chunks for one tenant and makes them durable (one fsync for all). Calls must not overlap for
   * the same tenant (the ingester's flush loop is the only writer).
   */
  async append(tenant: string, chunks: readonly Buffer[]): Promise<ChunkLocation[]> {
    let f = await this.#file(tenant);
    if (f.size >= this.#maxFileBytes) f = await this.#roll(tenant, f);
    const locs: ChunkLocation[] = [];
    let off = f.size;
    for (const c of chunks) {
      locs.push({ fileNo: f.fileNo, offset: off, length: c.length });
      off += c.length;
    }
    await writeDurably(f.fh, f.path, chunks, f.size, this.#fsync);
    f.size = off;
    return locs;
  }

  async close(): Promise<void> {
    for (const f of this.#files.values()) await f.fh.close();
    this.#files.clear();
  }

  async #file(tenant: string): Promise<OpenFile> {
    const have = this.#files.get(tenant);
    if (have) return have;
    const dir = this.#tenantDir(tenant);
    await mkdir(dir, { recursive: true });
    const f = await this.#openFile(tenant, (await chunkFileNumbers(dir)).at(-1) ?? 1);
    this.#files.set(tenant, f);
    return f;
  }

  async #roll(tenant: string, f: OpenFile): Promise<OpenFile> {
    await f.fh.close();
    const next = await this.#openFile(tenant, f.fileNo + 1);
    this.#files.set(tenant, next);
    return next;
  }

  async #openFile(tenant: string, fileNo: number): Promise<OpenFile> {
    const path = this.pathOf(tenant, fileNo);
    const fh = await openForWriting(path);
    const { size } = await fh.stat();
    // A new file's directory entry must be durable before anything points into the file.
    if (size === 0 && this.#fsync) await fsyncDir(this.#tenantDir(tenant));
    return { fileNo, path, fh, size };
  }
}
