import { copyFileSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { log } from '../log.js';
import { parsePromtailPositions } from './promtail.js';

/** The saved read position of one file, identified by device and inode plus a fingerprint of its first bytes. */
export interface FilePosition {
  /** The watched path the file was found through (it may since have been renamed). */
  path: string;
  dev: string;
  ino: string;
  /** How many leading bytes the fingerprint covers, and their SHA-1 (hex). */
  fpLen: number;
  fp: string;
  /** Byte offset after the last line every server acknowledged. */
  offset: number;
  /** Bytes of the file seen so far (read, or found by a stat); absent in files written before it was kept. */
  size?: number;
}

export const positionKey = (dev: bigint | string, ino: bigint | string): string => `${dev}:${ino}`;

const VERSION = 1;

/**
 * Positions of every file being read, saved atomically (temp file + rename) so a crash leaves either
 * the old or the new file. A file that cannot be parsed is reported and moved aside, and reading
 * starts over, rather than failing on every start. Layout: see README.md beside this file.
 */
export class Positions {
  readonly file: string;
  #files = new Map<string, FilePosition>();
  #scanned = new Map<string, number>();
  /** Offsets imported from Promtail by path, until a file at that path is opened (kept in the file until then). */
  #imported = new Map<string, number>();
  #dirty = false;
  #saving: Promise<void> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;

  constructor(file: string) {
    this.file = file;
  }

  /**
   * Reads the positions file. The file may also be Promtail's (a Promtail config's own positions
   * file): its offsets are imported. On a first start (no file yet), Promtail's `promtailFiles` are
   * imported instead (loki.source.file's legacy_positions_file).
   */
  async load(promtailFiles: readonly string[] = []): Promise<void> {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      for (const f of promtailFiles) await this.#importLegacy(f);
      return;
    }
    try {
      const doc = JSON.parse(text) as { version?: unknown; paths?: Record<string, { scannedAt: number }>; files?: FilePosition[]; promtail?: Record<string, number> };
      if (doc.version !== VERSION || typeof doc.paths !== 'object' || !Array.isArray(doc.files)) throw new Error(`not a version ${VERSION} positions file`);
      for (const f of doc.files) {
        if (typeof f.path !== 'string' || typeof f.offset !== 'number' || typeof f.ino !== 'string' || typeof f.fp !== 'string') throw new Error('malformed file entry');
        this.#files.set(positionKey(f.dev, f.ino), f);
      }
      for (const [p, s] of Object.entries(doc.paths ?? {})) if (typeof s?.scannedAt === 'number') this.#scanned.set(p, s.scannedAt);
      for (const [p, offset] of Object.entries(doc.promtail ?? {})) if (typeof offset === 'number') this.#imported.set(p, offset);
    } catch (e) {
      if (await this.#importPromtail(this.file, text)) {
        // the next save replaces it with this layout: keep Promtail's for going back
        copyFileSync(this.file, `${this.file}.promtail`);
        return;
      }
      const aside = `${this.file}.corrupt-${Date.now()}`;
      renameSync(this.file, aside);
      this.#files.clear();
      this.#scanned.clear();
      this.#imported.clear();
      log('error', 'positions file is corrupt; moved it aside and starting without positions', { file: this.file, moved_to: aside, err: e });
    }
  }

  async #importLegacy(file: string): Promise<void> {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      log('warn', 'cannot read legacy_positions_file; nothing imported', { file, err: e });
      return;
    }
    if (!(await this.#importPromtail(file, text))) log('warn', 'legacy_positions_file is not a Promtail positions file; nothing imported', { file });
  }

  /** Takes the offsets of a Promtail positions file's text; false when it is not one. */
  async #importPromtail(file: string, text: string): Promise<boolean> {
    let offsets: Map<string, number>;
    try {
      offsets = await parsePromtailPositions(text);
    } catch {
      return false;
    }
    for (const [path, offset] of offsets) this.#imported.set(path, offset);
    this.#dirty = true;
    log('info', 'imported Promtail positions: files found there start where Promtail stopped', { file, files: offsets.size });
    return true;
  }

  /** The offset Promtail had for the file at `path`, once: the file's own entry takes over from then on. */
  takeImported(path: string): number | undefined {
    const offset = this.#imported.get(path);
    if (offset !== undefined) {
      this.#imported.delete(path);
      this.#dirty = true;
    }
    return offset;
  }

  get(key: string): FilePosition | undefined {
    return this.#files.get(key);
  }

  forPath(path: string): FilePosition[] {
    return [...this.#files.values()].filter((f) => f.path === path);
  }

  set(pos: FilePosition): void {
    this.#files.set(positionKey(pos.dev, pos.ino), pos);
    this.#dirty = true;
  }

  /**
   * Forgets a file that no longer exists. If it was seen longer than what the servers acknowledged, those
   * bytes (and anything written after the last look) can no longer be sent: say so, with how much.
   */
  forgetGone(key: string): void {
    const f = this.#files.get(key);
    if (f === undefined) return;
    this.#files.delete(key);
    this.#dirty = true;
    if (f.size !== undefined && f.size > f.offset) {
      log('warn', 'a file was deleted before all of it was sent; its unsent lines are lost', {
        path: f.path, dev: f.dev, ino: f.ino, sent_up_to: f.offset, size_seen: f.size, bytes_lost_at_least: f.size - f.offset,
      });
    }
  }

  /** When the path was last checked for new files (ms); files changed after it may hold unread lines. */
  scannedAt(path: string): number | undefined {
    return this.#scanned.get(path);
  }

  setScanned(path: string, ms: number): void {
    this.#scanned.set(path, ms);
    this.#dirty = true;
  }

  /** Forgets a path no longer watched, but not the files in `keep` (read through it and still there). */
  forgetPath(path: string, keep: ReadonlySet<string> = new Set()): void {
    this.#scanned.delete(path);
    for (const [k, f] of this.#files) if (f.path === path && !keep.has(k)) this.#files.delete(k);
    this.#dirty = true;
  }

  /** Writes the file if anything changed; saves never overlap. */
  save(): Promise<void> {
    this.#saving = this.#saving.then(() => this.#write()).catch((e: unknown) => log('error', 'cannot save positions', { file: this.file, err: e }));
    return this.#saving;
  }

  async #write(): Promise<void> {
    if (!this.#dirty) return;
    this.#dirty = false;
    const doc = {
      version: VERSION,
      paths: Object.fromEntries([...this.#scanned].map(([p, ms]) => [p, { scannedAt: ms }])),
      files: [...this.#files.values()],
      ...(this.#imported.size > 0 ? { promtail: Object.fromEntries(this.#imported) } : {}),
    };
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(JSON.stringify(doc));
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, this.file);
  }

  /** Fails at start, not at the first save, when the positions file cannot be written where it is configured. */
  checkWritable(): void {
    const probe = `${this.file}.tmp`;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      writeFileSync(probe, '');
      unlinkSync(probe);
    } catch (e) {
      throw new Error(`cannot write the positions file ${this.file}: ${(e as Error).message}; -storage.path=DIR (or the config's positions file) picks another place`);
    }
  }

  start(intervalMs: number): void {
    this.#timer = setInterval(() => void this.save(), intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.save();
  }
}
