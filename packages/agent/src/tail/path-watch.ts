import type { BigIntStats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { log } from '../log.js';
import type { Entry } from '../pipeline/entry.js';
import { LabelSet } from '../pipeline/label-set.js';
import { positionKey, type Positions } from '../positions/positions.js';
import type { Budget } from './budget.js';
import { readTimeNs } from './clock.js';
import { isCompressedData } from './compressed.js';
import { FileReader, type Chunk } from './file-reader.js';
import { fingerprint, fingerprintOf, readHead, startAlike, type Fingerprint } from './fingerprint.js';
import type { LineCodec } from './lines.js';
import { borrowReadBuffer, CHUNK_BYTES, returnReadBuffer } from './read-buffers.js';
import { oldestFirst, rotatedSiblings, type Sibling } from './rotated.js';
import { settledSiblings, SiblingSnapshot } from './sibling-snapshot.js';

/** File-system clocks are coarse: a file changed this long before a scan may not look newer than it. */
export const MTIME_MARGIN_MS = 2000;
/** A rotated file that has not grown for this long is finished: its unterminated last line is sent and it is closed. */
const ROTATED_IDLE_MS = 1000;
/** Reads per reader before checking the path again. */
const READS_PER_ROUND = 8;
/** Listings of rotated siblings while rotation keeps moving them, before taking what was found. */
const SIBLING_PASSES = 3;
/** Truncated contents remembered until their copy turns up. */
const MAX_UNCOPIED = 16;
/** A name no longer held the file its stat described when it was opened. */
const MOVED = Symbol('moved');
/** A sibling that starts as a file at the path does: a copy whose truncation has not happened yet (or not shown). */
const PENDING = Symbol('pending');

/** The first bytes of the file at `path` now (none if there is no file). */
async function headAt(path: string): Promise<Buffer> {
  const fh = await open(path, 'r').catch(() => undefined);
  if (!fh) return Buffer.alloc(0);
  try {
    return await readHead(fh);
  } finally {
    await fh.close();
  }
}

/** Opens `file` if it is still the file `st` describes (a rotation may have renamed another one to its name). */
async function openSame(file: string, st: BigIntStats): Promise<FileHandle | undefined> {
  const fh = await open(file, 'r').catch(() => undefined);
  if (!fh) return undefined;
  const now = await fh.stat({ bigint: true }).catch(() => undefined);
  if (now?.dev === st.dev && now.ino === st.ino) return fh;
  await fh.close();
  return undefined;
}

/** Counters shared by every watch (read by /metrics). */
export interface TailStats {
  lines: number;
  bytes: number;
}

/** What a watch shares with the rest of the tailer. */
export interface WatchContext {
  positions: Positions;
  budget: Budget;
  /** Every open file by device:inode, so two watches (overlapping globs) never read one file twice. */
  open: Map<string, FileReader>;
  stats: TailStats;
}

export interface WatchOptions {
  path: string;
  /** Labels of every entry (target labels without "__" ones, plus filename). */
  labels: Readonly<Record<string, string>>;
  codec: LineCodec;
  pollMs: number;
  /** Start a file found on the agent's first look at this path at its end. */
  tailFromEnd: boolean;
  /** The path was first matched by a sync after this time (ms): rotated siblings changed since then hold new lines. */
  appearedAfter: number | undefined;
  forward(e: Entry): void;
  /** Called before the watch looks at the path, lists rotated siblings, opens a file, looks at its first bytes, or reads it (`file`): tests rotate at an exact step. */
  beforeStep?: (step: WatchStep, file: string) => void;
}

export type WatchStep = 'look' | 'list' | 'open' | 'peek' | 'read';

/**
 * Follows one watched path through rotation: the file at the path now ("current"), and files that were
 * at the path before and are still being finished ("rotated", oldest first, always read before current).
 * Rename-and-create rotation shows up as a new inode at the path; copytruncate as a file that shrank or
 * whose first bytes changed, and the rest of the old content is read from the copy when one is found.
 */
export class PathWatch {
  readonly path: string;
  /** Still matched by its glob; an unmatched watch ends once its files are finished. */
  matched = true;
  readonly #o: WatchOptions;
  readonly #ctx: WatchContext;
  #current: FileReader | undefined;
  #rotated: FileReader[] = [];
  #lastScan: number | undefined;
  /** The last read of the current file reached its end (or there is none): look at the path again. */
  #caughtUp = true;
  #firstLook = true;
  /**
   * The file at the path that this watch does not read: compressed (skipped while its size stays), or
   * open through another watch (skipped while it stays open: once closed and deleted, its inode
   * number may come back as a new file).
   */
  #skip: { key: string; size: bigint | undefined } | undefined;
  #stopped = false;
  /**
   * Contents truncated away before their copy could be found (a rotation was renaming the copy just
   * then): where reading them stood, so the copy continues there when it turns up as a new sibling.
   */
  #uncopied: { offset: number; fp: Fingerprint }[] = [];
  /**
   * The directory's mtime (older than the clock's coarseness) at a look for rotated files that found none
   * to read (the path gone, or its file emptied and not read yet): while it stays the same, none has appeared.
   */
  #quietDirMtime: bigint | undefined;
  /** When a look found the path without a file and, among the rotated files, none to read (ms). */
  #goneAt: number | undefined;
  /** The first bytes of content truncated away before its first read: its copy must turn up, or its lines are lost. */
  #truncatedUnread: Buffer | undefined;
  #wake: (() => void) | undefined;
  #loop: Promise<void> | undefined;
  readonly #labels: LabelSet;

  constructor(o: WatchOptions, ctx: WatchContext) {
    this.path = o.path;
    this.#o = o;
    this.#ctx = ctx;
    this.#labels = LabelSet.of(o.labels);
  }

  /** No file open: the path is gone and every rotated file is finished. */
  get idle(): boolean {
    return !this.#current && this.#rotated.length === 0;
  }

  /**
   * Idle, and a look since `t` (ms) found the path gone and no rotated file to read: a file that was at the
   * path only between two looks (created and renamed away) has been looked for by then.
   */
  idleSince(t: number): boolean {
    return this.idle && this.#goneAt !== undefined && this.#goneAt >= t;
  }

  /** The watched directory's mtime, and whether it is older than the clock's coarseness (a later change would show). */
  async #dirMtime(): Promise<{ mtime: bigint | undefined; settled: boolean }> {
    const looked = Date.now();
    const mtime = (await stat(dirname(this.path), { bigint: true }).catch(() => undefined))?.mtimeNs;
    return { mtime, settled: mtime !== undefined && Number(mtime / 1_000_000n) < looked - MTIME_MARGIN_MS };
  }

  /** Bytes in open files not yet acknowledged (for the lag gauge). */
  get lagBytes(): number {
    let n = 0;
    for (const r of this.#rotated) n += r.size - r.committed;
    if (this.#current) n += this.#current.size - this.#current.committed;
    return n;
  }

  get openFiles(): number {
    return this.#rotated.length + (this.#current ? 1 : 0);
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wake?.();
    await this.#loop;
    for (const r of [...this.#rotated, ...(this.#current ? [this.#current] : [])]) await this.#close(r);
    this.#rotated = [];
    this.#current = undefined;
  }

  async #run(): Promise<void> {
    while (!this.#stopped) {
      let progressed = false;
      try {
        // Checked after the current file was read to its end, else once per poll period: while a backlog
        // is read, every watch wakes each time acknowledgements free read-ahead room, and a stat of each
        // on every wake-up cost more than the reading of 100 files.
        if (this.#caughtUp || Date.now() - (this.#lastScan ?? 0) >= this.#o.pollMs) await this.#check();
        progressed = await this.#pumpAll();
      } catch (e) {
        log('error', 'error while reading file', { path: this.path, err: e });
      }
      if (!progressed && !this.#stopped) await this.#sleep();
    }
  }

  #sleep(): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, this.#o.pollMs);
      const budget = this.#ctx.budget;
      function done(): void {
        clearTimeout(t);
        resolve();
      }
      this.#wake = done;
      if (budget.full) void budget.room().then(done);
    });
  }

  async #close(r: FileReader): Promise<void> {
    if (this.#ctx.open.get(r.key) === r) this.#ctx.open.delete(r.key);
    await r.close();
  }

  /** The current file left the path: finish it as a rotated one (after a look for a copytruncate it went through first). */
  async #retire(): Promise<void> {
    const cur = this.#current;
    if (!cur) return;
    const st = await cur.fh.stat({ bigint: true }).catch(() => undefined);
    if (st) await this.#checkSameFile(cur, st);
    // its copies are looked for only while it is at the path: now or never
    for (let i = 0; i < SIBLING_PASSES && cur.unread && cur.siblingsAtStart; i++) if ((await this.#copiesBeforeFirstRead(cur)).head) break;
    cur.siblingsAtStart = undefined;
    cur.rotated = true;
    this.#rotated.push(cur);
    this.#current = undefined;
  }

  async #check(): Promise<void> {
    const scanStart = Date.now();
    let st: BigIntStats | undefined;
    this.#o.beforeStep?.('look', this.path);
    try {
      st = await stat(this.path, { bigint: true });
      if (!st.isFile()) st = undefined;
    } catch {
      st = undefined;
    }
    if (!st) {
      await this.#retire();
      // a file created and renamed away between two looks was at the path meanwhile: its rotated name holds its lines
      const dir = await this.#dirMtime();
      const before = this.#rotated.length;
      if (dir.mtime === undefined || dir.mtime !== this.#quietDirMtime) {
        this.#o.beforeStep?.('list', this.path);
        await this.#openChangedSiblings(await rotatedSiblings(this.path), async () => []);
      }
      const none = this.#rotated.length === before;
      this.#quietDirMtime = dir.settled && none ? dir.mtime : undefined;
      this.#goneAt = none ? scanStart : undefined;
    } else {
      this.#goneAt = undefined;
      const key = positionKey(st.dev, st.ino);
      const cur = this.#current;
      if (cur && cur.key === key) await this.#checkSameFile(cur, st);
      else if (!this.#skipped(key, st.size)) {
        await this.#retire();
        const accounted = await this.#adoptSiblings(key);
        const opened = await this.#openFile(this.path, st, 'current');
        // replaced again between the stat and the open: look again, from the same last scan, so the
        // file rotated away in between counts as changed since then and is read as a rotated one
        if (opened === MOVED || opened === PENDING) return;
        if (opened?.unread) opened.siblingsAtStart = accounted;
        this.#current = opened;
      }
    }
    this.#firstLook = false;
    this.#lastScan = scanStart;
    this.#ctx.positions.setScanned(this.path, scanStart);
  }

  #skipped(key: string, size: bigint): boolean {
    const skip = this.#skip;
    return skip?.key === key && (skip.size === undefined ? this.#ctx.open.has(key) : skip.size === size);
  }

  async #checkSameFile(cur: FileReader, st: BigIntStats): Promise<void> {
    const size = Number(st.size);
    // written since the last look though no longer: a copytruncate, then as many bytes as were there
    const changed = size !== cur.size || st.mtimeNs !== cur.mtimeNs;
    cur.mtimeNs = st.mtimeNs;
    if (size < cur.seen) return this.#truncated(cur, size);
    if (changed && cur.fp.len > 0 && size >= cur.fp.len) {
      const fp = await fingerprint(cur.fh, cur.fp.len);
      if (fp.hash !== cur.fp.hash) return this.#truncated(cur, size);
    }
  }

  /**
   * Opens a file and decides where to start; undefined when it must not be read (compressed, owned
   * elsewhere, finished), MOVED when the name no longer held the file `st` describes once opened,
   * PENDING for a new rotated file that starts as one of `live` (the files at the path) does.
   */
  async #openFile(file: string, st: BigIntStats, role: 'current' | 'rotated' | 'rotated-new', live: readonly Buffer[] = []): Promise<FileReader | undefined | typeof MOVED | typeof PENDING> {
    const key = positionKey(st.dev, st.ino);
    if (this.#ctx.open.has(key)) {
      if (role !== 'current') return undefined;
      // Open already: through another watch, or rotated away since the stat and just adopted as a
      // sibling, while a new file took the path (then it must not be skipped: look again).
      const now = await stat(file, { bigint: true }).catch(() => undefined);
      if (now?.dev !== st.dev || now.ino !== st.ino) return MOVED;
      this.#skip = { key, size: undefined };
      return undefined;
    }
    this.#o.beforeStep?.('open', file);
    const fh = await openSame(file, st);
    if (!fh) return MOVED;
    const size = Number(st.size);
    const head = await readHead(fh);
    if (role === 'rotated-new' && live.some((h) => startAlike(head, h))) {
      await fh.close();
      return PENDING;
    }
    if (isCompressedData(head)) {
      await fh.close();
      if (role === 'current') {
        this.#skip = { key, size: st.size };
        log('warn', 'skipping compressed file', { path: file });
      }
      return undefined;
    }
    const found = this.#ctx.positions.get(key);
    // saved before anything of its file was read, a position has no fingerprint: a copy on the reused inode
    // would pass for that file and be read from 0, though its original was read further
    const saved = role === 'rotated-new' && found?.fpLen === 0 ? undefined : found;
    const imported = saved ? undefined : this.#ctx.positions.takeImported(file);
    let offset: number | undefined;
    if (saved) {
      const fp = fingerprintOf(head.subarray(0, saved.fpLen));
      if (fp.hash === saved.fp && fp.len === saved.fpLen) offset = saved.offset <= size ? saved.offset : 0;
      else {
        log('info', 'file reuses the inode of a file read before; reading it as a new file', { path: file });
        this.#ctx.positions.forgetGone(key);
      }
    } else if (imported !== undefined) {
      log('info', 'starting where Promtail stopped', { path: file, offset: imported, size });
      offset = imported <= size ? imported : 0; // smaller than that: rotated since, a new file
    }
    // a copytruncate's copy may get the inode of a file deleted before: it still continues where its original stood
    if (offset === undefined && role === 'rotated-new') offset = this.#copyOffset(head, size);
    if (offset === undefined) {
      if (role === 'rotated') offset = size; // an old rotated file never read: not ours to send
      else if (role === 'current' && this.#firstLook && this.#o.tailFromEnd && this.#ctx.positions.scannedAt(this.path) === undefined) offset = size;
      else offset = 0;
    }
    if (role !== 'current' && offset >= size) {
      await fh.close();
      // a copy found finished: remembered, so a later look does not take it for a copy of something else
      if (role === 'rotated-new' && offset > 0) {
        const fp = fingerprintOf(head.subarray(0, Math.min(offset, head.length)));
        this.#ctx.positions.set({ path: this.path, dev: String(st.dev), ino: String(st.ino), fpLen: fp.len, fp: fp.hash, offset, size });
      }
      return undefined;
    }
    const r = new FileReader({
      path: this.path, openedAs: file, fh, dev: st.dev, ino: st.ino, size, offset,
      head, codec: this.#o.codec, budget: this.#ctx.budget, positions: this.#ctx.positions,
    });
    r.rotated = role !== 'current';
    this.#ctx.open.set(key, r);
    log('debug', 'opened file', { path: file, watched: this.path, ino: st.ino, offset, size });
    return r;
  }

  /**
   * A rotated file we never opened that starts with the bytes of a file we were reading is a copy made
   * by copytruncate (while the agent was down, or between two looks at the path): continue it where
   * the original stood. For an original still open, that is where reading got to (lines after its
   * acknowledged position are already on their way), by its current fingerprint (the saved one lags).
   */
  #copyOffset(head: Buffer, size: number): number | undefined {
    const known = this.#ctx.positions.forPath(this.path).map((p) => {
      const open = this.#ctx.open.get(positionKey(p.dev, p.ino));
      return open ?? { offset: p.offset, fp: { len: p.fpLen, hash: p.fp } };
    });
    const copyOf = (c: { offset: number; fp: Fingerprint }): boolean =>
      c.fp.len > 0 && c.offset <= size && head.length >= c.fp.len && fingerprintOf(head.subarray(0, c.fp.len)).hash === c.fp.hash;
    const original = known.find(copyOf);
    if (original) return original.offset;
    const i = this.#uncopied.findIndex(copyOf);
    return i < 0 ? undefined : this.#uncopied.splice(i, 1)[0]!.offset;
  }

  /**
   * A new file appeared at the path. Rotated siblings changed since the last look at the path were at
   * the path in between (or were being read when the agent stopped): finish them first. Positions of
   * files that no longer exist are forgotten. Returns the siblings accounted for.
   */
  async #adoptSiblings(liveKey: string): Promise<SiblingSnapshot> {
    // settled: a file renamed between a listing's directory read and its stat would pass for gone
    const siblings = await settledSiblings(this.path);
    const present = new Set([liveKey, ...siblings.map((s) => positionKey(s.st.dev, s.st.ino))]);
    for (const p of this.#ctx.positions.forPath(this.path)) {
      const k = positionKey(p.dev, p.ino);
      if (!present.has(k) && !this.#ctx.open.has(k)) this.#ctx.positions.forgetGone(k);
    }
    return new SiblingSnapshot(await this.#openChangedSiblings(siblings, async () => [await headAt(this.path)]));
  }

  /**
   * Opens the rotated siblings changed since the last look at the path (`siblings`: a listing just made),
   * except copies not truncated yet: those starting as the files at the path (`live`, looked at after each
   * listing) do. Returns the siblings decided on (all but those copies).
   */
  async #openChangedSiblings(siblings: Sibling[], live: () => Promise<Buffer[]>): Promise<Sibling[]> {
    const since = this.#firstLook ? this.#ctx.positions.scannedAt(this.path) ?? this.#o.appearedAfter : this.#lastScan;
    if (since === undefined) return siblings;
    const decided: Sibling[] = [];
    // a rotation while the names are read shifts files to names already passed: list them again
    for (let pass = 0, moved = true; moved && pass < SIBLING_PASSES; pass++) {
      moved = false;
      const listing = pass === 0 ? siblings : await rotatedSiblings(this.path);
      this.#o.beforeStep?.('peek', this.path);
      const heads = await live();
      for (const s of listing) {
        const recent = Number(s.st.mtimeMs) > since - MTIME_MARGIN_MS;
        const r = await this.#openFile(s.file, s.st, recent ? 'rotated-new' : 'rotated', heads);
        if (r === MOVED) moved = true;
        else if (r !== PENDING) {
          decided.push(s);
          if (r) this.#rotated.push(r);
        }
      }
    }
    return decided;
  }

  /**
   * Before the first read of a file at the path since it started (opened at its start, or truncated in
   * place): content written since and truncated away by a copytruncate before this read shows neither as
   * a shrink nor as other first bytes, only as its copy among the siblings. The siblings are listed, the
   * file's first bytes looked at, and both again: a copy listed before the look that does not start as
   * the file does was truncated from it; one made between the listings too, if the file did not change
   * between the looks (else this is tried again). The copies new since the start are opened, older lines
   * first, and the read takes nothing unless the file still starts with the bytes looked at. Returns how
   * many copies were opened and those bytes (undefined: the file changed, look again).
   */
  async #copiesBeforeFirstRead(r: FileReader): Promise<{ adopted: number; head: Buffer | undefined }> {
    const accounted = r.siblingsAtStart!;
    this.#o.beforeStep?.('list', this.path);
    const before = await rotatedSiblings(this.path);
    this.#o.beforeStep?.('peek', r.openedAs);
    const head = await readHead(r.fh);
    this.#o.beforeStep?.('list', this.path);
    const after = await settledSiblings(this.path);
    this.#o.beforeStep?.('peek', r.openedAs);
    const again = await readHead(r.fh);
    if (!again.equals(head) && !startAlike(head, again)) return { adopted: 0, head: undefined };
    // a file at the path other than r (r rotated away) may have copies of its own not truncated yet
    const live = [again, await headAt(this.path)];
    let adopted = 0;
    const latest = new Map([...before, ...after].map((s) => [positionKey(s.st.dev, s.st.ino), s]));
    const fresh = [...latest.values()].filter((s) => !accounted.has(s) && s.st.size > 0n).sort(oldestFirst);
    const truncated = this.#truncatedUnread;
    if (truncated) {
      this.#truncatedUnread = undefined;
      const heads = await Promise.all(fresh.map((s) => headAt(s.file)));
      if (!heads.some((h) => startAlike(h, truncated))) {
        log('warn', 'file truncated before its first read and no copy of it found (deleted or rotated out before the agent read it); its lines are lost', { path: this.path, bytes_lost_at_least: truncated.length });
      }
    }
    for (const s of fresh) {
      const copy = await this.#openFile(s.file, s.st, 'rotated-new', live);
      if (copy instanceof FileReader) {
        this.#rotated.push(copy);
        adopted++;
      }
    }
    if (adopted > 0) log('info', 'file truncated before its first read; reading its copies first', { path: this.path, copies: adopted });
    r.expectHead(again);
    return { adopted, head: again };
  }

  /**
   * Truncated in place: read what the copy holds past our offset, and copies of anything written and
   * truncated again before we looked, then start the file over.
   */
  async #truncated(cur: FileReader, size: number): Promise<void> {
    if (cur.unread && cur.siblingsAtStart) {
      // nothing read of it since it started: its copies are looked for before its first read
      log('debug', 'file truncated before its first read', { path: this.path, size });
      if (cur.lookedAt.length > 0) this.#truncatedUnread = cur.lookedAt;
      cur.restart();
      return;
    }
    let copied = false;
    if (cur.offset > 0 && cur.fp.len > 0) {
      for (const s of (await rotatedSiblings(this.path)).reverse()) {
        if (Number(s.st.size) < cur.offset || this.#ctx.open.has(positionKey(s.st.dev, s.st.ino))) continue;
        const fh = await openSame(s.file, s.st);
        if (!fh) continue;
        const head = await readHead(fh);
        if (head.length < cur.fp.len || fingerprintOf(head.subarray(0, cur.fp.len)).hash !== cur.fp.hash) {
          await fh.close();
          continue;
        }
        const r = new FileReader({
          path: this.path, openedAs: s.file, fh, dev: s.st.dev, ino: s.st.ino, size: Number(s.st.size), offset: cur.offset,
          head, codec: this.#o.codec, budget: this.#ctx.budget, positions: this.#ctx.positions,
        });
        r.rotated = true;
        this.#ctx.open.set(r.key, r);
        this.#rotated.push(r);
        copied = true;
        break;
      }
    }
    // truncated more than once since the last look (or before the first read): copies of contents
    // never read are new siblings
    const rotatedBefore = this.#rotated.length;
    this.#o.beforeStep?.('list', this.path);
    const accounted = await this.#openChangedSiblings(await rotatedSiblings(this.path), async () => [await readHead(cur.fh)]);
    const adopted = this.#rotated.length - rotatedBefore;
    if (copied || adopted > 0 || cur.offset === 0) log('info', 'file truncated; finishing its copies', { path: this.path, offset: cur.offset, size, copies: adopted + (copied ? 1 : 0) });
    else log('warn', 'file truncated; no copy found yet (lines written after the last read are lost unless one turns up)', { path: this.path, offset: cur.offset, size, fpLen: cur.fp.len });
    if (!copied && cur.fp.len > 0) {
      this.#uncopied.push({ offset: cur.offset, fp: cur.fp });
      if (this.#uncopied.length > MAX_UNCOPIED) this.#uncopied.shift();
    }
    cur.restart();
    if (cur === this.#current) cur.siblingsAtStart = new SiblingSnapshot(accounted);
  }

  async #pumpAll(): Promise<boolean> {
    let progressed = false;
    this.#caughtUp = false;
    for (const r of [...this.#rotated]) {
      const res = await this.#pump(r, false);
      progressed ||= res.read;
      if (!res.eof) return progressed; // older files first
      if (Date.now() - r.lastDataAt > ROTATED_IDLE_MS) {
        progressed = (await this.#pump(r, true)).read || progressed;
        if (r.settled) {
          this.#rotated.splice(this.#rotated.indexOf(r), 1);
          await this.#close(r);
        }
      }
    }
    this.#caughtUp = true;
    if (this.#current) {
      const res = await this.#pump(this.#current, false);
      progressed = res.read || progressed;
      this.#caughtUp = res.eof;
    }
    return progressed;
  }

  async #pump(r: FileReader, final: boolean): Promise<{ read: boolean; eof: boolean }> {
    let read = false;
    const budget = this.#ctx.budget;
    for (let i = 0; i < READS_PER_ROUND; i++) {
      if (r.unread && r.siblingsAtStart && !this.#stopped) {
        // an emptied file of an idle writer would otherwise have its directory listed on every poll
        const dir = await this.#dirMtime();
        if (dir.mtime !== undefined && dir.mtime === this.#quietDirMtime && (await r.fh.stat()).size === 0) return { read, eof: true };
        const { adopted, head } = await this.#copiesBeforeFirstRead(r);
        this.#quietDirMtime = dir.settled && adopted === 0 && head?.length === 0 ? dir.mtime : undefined;
        if (adopted > 0 || !head) return { read: true, eof: false }; // the copies hold older lines; or look again
        if (head.length === 0) return { read, eof: true };
      }
      const rb = await borrowReadBuffer();
      if (this.#stopped || budget.full) {
        returnReadBuffer(rb);
        return { read, eof: false };
      }
      // reserve the most a read can take before awaiting it, so files read concurrently cannot overshoot the budget
      budget.take(CHUNK_BYTES);
      let chunk: Chunk | 'truncated' | undefined;
      try {
        this.#o.beforeStep?.('read', r.openedAs);
        chunk = await r.read(rb, final);
        if (typeof chunk === 'object') this.#emit(chunk);
      } finally {
        returnReadBuffer(rb);
        budget.give(CHUNK_BYTES);
      }
      if (chunk === 'truncated') {
        await this.#truncated(r, r.size);
        return { read, eof: false };
      }
      if (!chunk) return { read, eof: true };
      read = true;
      if (chunk.eof) return { read, eof: true };
    }
    return { read, eof: false };
  }

  #emit(chunk: Chunk): void {
    const { buf, bounds, lines, ticket } = chunk;
    this.#ctx.stats.lines += lines;
    this.#ctx.stats.bytes += ticket.bytes;
    let ts = readTimeNs(lines);
    const labels = this.#labels;
    const forward = this.#o.forward;
    const codec = this.#o.codec;
    ticket.retain(lines);
    for (let i = 0; i < 2 * lines; i += 2) {
      forward({ labels, line: codec.decode(buf, bounds[i]!, bounds[i + 1]!), ts, extracted: undefined, sm: undefined, ack: ticket });
      ts++;
    }
    ticket.release();
  }
}
