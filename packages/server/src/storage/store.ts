// The store: the label index and the chunks, in an object store (a local directory or an S3 bucket), one
// partition per tenant and index period (layout.ts). It knows nothing of the WAL or the heads: the ingester
// writes cut chunks through write(), the querier reads chunk refs and fetches the bytes itself.
import type { LabelPair } from '@logi/protocol';
import { DamagedIndexError } from '../index/index-log.js';
import { decodePiece, encodePiece, type ChunkRef, type Piece, type PieceSeries } from '../index/index-piece.js';
import { chunkSpan, pieceFromChunkObject } from '../index/rebuild.js';
import { parseChunk } from '../chunk/chunk-format.js';
import { chunksIn, TenantIndex, type Series } from '../index/tenant-index.js';
import type { ChunkSource, SourceSpan } from '../ingester/types.js';
import { lockDataDir } from './dir-lock.js';
import { chunkObjectKey, compactorObjectName, indexPieceKey, isCompactorOutput, newObjectName, parseChunkKey, parsePieceKey, partitionOf, type PeriodConfig, type PieceKey } from './layout.js';
import { migrateV1Layout } from './migrate-v1.js';
import { ObjectNotFoundError, type ObjectInfo, type ObjectStore } from './object/object-store.js';
import { openObjectStore, shareObjectStore, type ObjectStoreRef } from './object/open-store.js';
import { tenantDirName } from './tenant-dir.js';

export interface StoreConfig {
  /** <path_prefix>: holds the lock (and index/ of the version 1 layout). */
  dir: string;
  /** <chunks_directory>: where the version 1 layout kept its chunk files. */
  chunksDir: string;
  objects: ObjectStoreRef;
  period: PeriodConfig;
  fsync: boolean;
  warn: (msg: string) => void;
}

/** One chunk to store: its encoding and what the index says about it. */
export interface WriteItem extends SourceSpan {
  seriesId: number;
  labels: LabelPair[];
  bytes: Buffer;
  lastCt: number;
}

/** What the store holds of one partition: its time span (retention deletes it whole once past). */
export interface PartitionInfo {
  name: string;
  minTs: bigint;
  maxTs: bigint;
}

// Pieces fetched at once at start: enough to hide an S3 round trip, few enough for a small disk.
const LOAD_PARALLEL = 16;

export class Store {
  readonly objects: ObjectStoreRef;
  readonly #store: ObjectStore;
  readonly #cfg: StoreConfig;
  readonly #tenants = new Map<string, TenantIndex>();
  readonly #partitions = new Map<string, Map<string, PartitionInfo>>();
  #maxSeriesId = 0;
  /**
   * Objects out of the index (of a partition retention dropped, replaced by a rewrite or a merge), oldest
   * first, waiting for queries that may still read them to end before they are deleted: the names of a
   * partition's objects, exactly those taken out (a flush may write to the partition meanwhile).
   */
  readonly #retired: { tenant: string; partition: string; names: string[]; what: string; sinceMs: number }[] = [];
  #lock: { release(): void } | undefined;

  private constructor(cfg: StoreConfig) {
    this.#cfg = cfg;
    this.objects = shareObjectStore(cfg.objects);
    this.#store = openObjectStore(this.objects);
  }

  /** Locks the data directory, migrates a version 1 layout, and loads every partition's index. */
  static async open(cfg: StoreConfig): Promise<Store> {
    const s = new Store(cfg);
    s.#lock = lockDataDir(cfg.dir);
    try {
      await migrateV1Layout(cfg, s.#store, (tenant, items, name) => s.#writePartitions(tenant, items, () => undefined, name));
      await s.#load();
    } catch (e) {
      s.#lock.release();
      throw e;
    }
    return s;
  }

  /** The highest series id stored: new series are numbered after it. */
  get maxSeriesId(): number {
    return this.#maxSeriesId;
  }

  /** The tenant's index, created empty when the tenant has nothing stored. */
  tenant(name: string): TenantIndex {
    let t = this.#tenants.get(name);
    if (!t) {
      tenantDirName(name); // refuses names that cannot be stored
      t = new TenantIndex(name);
      this.#tenants.set(name, t);
    }
    return t;
  }

  /** The tenant's index if it has one (a read never creates a tenant). */
  peek(name: string): TenantIndex | undefined {
    return this.#tenants.get(name);
  }

  tenants(): Iterable<TenantIndex> {
    return this.#tenants.values();
  }

  /** Stored chunks of a series overlapping [from, to] as sources, by minTs. */
  storedSources(s: Series, fromNs: bigint, toNs: bigint): ChunkSource[] {
    return chunksIn(s, fromNs, toNs).map((c) => ({
      kind: 'stored', key: c.key, offset: c.offset, length: c.length, minTs: c.minTs, maxTs: c.maxTs, entries: c.entries, rawBytes: c.rawBytes,
    }));
  }

  /**
   * Stores chunks of one tenant: per partition, one chunk object and then its index piece, each written whole.
   * `landed(i)` is called for each item once it is in the index; on a failure the items not landed are the
   * caller's to retry (a partition written before the failure is not written twice).
   */
  async write(tenant: string, items: readonly WriteItem[], landed: (i: number) => void): Promise<void> {
    await this.#writePartitions(tenant, items, landed, newObjectName());
  }

  /**
   * `name`: of the objects written (fixed for a migration, so that one cut short and run again replaces them);
   * `replaces`: chunk objects the new ones supersede, named in each piece (with no item, one empty object and
   * piece in `emptyPartition` carry them).
   */
  async #writePartitions(tenant: string, items: readonly WriteItem[], landed: (i: number) => void, name: string, replaces?: string[], emptyPartition?: string): Promise<void> {
    const byPartition = new Map<string, number[]>();
    if (items.length === 0 && emptyPartition !== undefined) byPartition.set(emptyPartition, []);
    items.forEach((it, i) => {
      const p = partitionOf(it.minTs, this.#cfg.period);
      let list = byPartition.get(p);
      if (!list) byPartition.set(p, (list = []));
      list.push(i);
    });
    for (const [partition, idx] of byPartition) {
      const key = chunkObjectKey(tenant, partition, name);
      const piece: Piece = { series: [], chunks: [], ...(replaces ? { replaces } : {}) };
      const declared = new Set<number>();
      const refs: ChunkRef[] = [];
      let offset = 0;
      for (const i of idx) {
        const it = items[i]!;
        if (!declared.has(it.seriesId)) {
          declared.add(it.seriesId);
          piece.series.push({ id: it.seriesId, labels: it.labels });
        }
        const span = { minTs: it.minTs, maxTs: it.maxTs, entries: it.entries, rawBytes: it.rawBytes };
        piece.chunks.push({ seriesId: it.seriesId, offset, length: it.bytes.length, lastCt: it.lastCt, ...span });
        refs.push({ key, offset, length: it.bytes.length, lastCt: it.lastCt, partition, ...span });
        offset += it.bytes.length;
      }
      // The chunk object first: a piece never points at chunks that are not there.
      await this.#store.put(key, Buffer.concat(idx.map((i) => items[i]!.bytes)));
      await this.#store.put(indexPieceKey(tenant, partition, name), encodePiece(piece));
      const index = this.tenant(tenant);
      idx.forEach((i, k) => {
        const it = items[i]!;
        if (it.seriesId > this.#maxSeriesId) this.#maxSeriesId = it.seriesId;
        index.addChunk(index.add(it.seriesId, it.labels), refs[k]!);
        this.#noteSpan(tenant, partition, refs[k]!);
        landed(i);
      });
    }
  }

  #noteSpan(tenant: string, partition: string, span: SourceSpan): void {
    let parts = this.#partitions.get(tenant);
    if (!parts) this.#partitions.set(tenant, (parts = new Map()));
    const p = parts.get(partition);
    if (!p) {
      parts.set(partition, { name: partition, minTs: span.minTs, maxTs: span.maxTs });
      return;
    }
    if (span.minTs < p.minTs) p.minTs = span.minTs;
    if (span.maxTs > p.maxTs) p.maxTs = span.maxTs;
  }

  /** The tenant's partitions, oldest first. */
  partitions(tenant: string): PartitionInfo[] {
    return [...(this.#partitions.get(tenant)?.values() ?? [])].sort((a, b) => (a.minTs < b.minTs ? -1 : a.minTs > b.minTs ? 1 : 0));
  }

  /**
   * Takes a partition out of the index (queries stop choosing it) and retires it: collectRetired deletes its
   * objects once queries already running are done with them. Returns how many series had chunks there.
   */
  dropPartition(tenant: string, partition: string): number {
    const names = new Set<string>();
    const series = this.#tenants.get(tenant)?.dropChunks((c) => {
      if (c.partition !== partition) return false;
      names.add(parseChunkKey(c.key)!.name);
      return true;
    }) ?? 0;
    this.#partitions.get(tenant)?.delete(partition);
    this.#retired.push({ tenant, partition, names: [...names], what: `partition ${partition}`, sinceMs: Date.now() });
    return series;
  }

  /**
   * Rewrites the chunk object `key` of a tenant: `edit` gets each chunk it holds and answers its new bytes
   * (null: drop it; undefined: keep it). When anything changed, the kept chunks are written as a new object
   * whose piece names `key` as replaced, and the index switches to them. The old object is only retired:
   * queries started before may still read it; collectRetired deletes it later, and a start that finds it still
   * there beside its replacement deletes it. Returns whether anything changed.
   *
   * `keepCounters` (a delete request): where the dropped chunks held a stream's highest entry counter, the new
   * piece keeps it in a tombstone (a CHUNK record with no bytes and no entries, over the dropped chunk's span),
   * so that a WAL segment still holding the deleted lines is not replayed into storage again after a restart.
   * Retention does without: what a replay would bring back has expired, and its next pass removes it.
   */
  async rewriteObject(tenant: string, key: string, edit: (chunk: Buffer, ref: ChunkRef, series: Series) => Buffer | null | undefined, keepCounters = false): Promise<boolean> {
    const index = this.#tenants.get(tenant);
    const at = parseChunkKey(key);
    if (!index || !at) return false;
    const object = await this.#store.get(key);
    const items: WriteItem[] = [];
    let changed = false;
    for (const s of index.byId.values()) {
      let dropped: ChunkRef | undefined; // the dropped chunk with the highest counter
      let keptCt = 0; // the highest counter the stream keeps, here or in other objects
      for (const ref of s.chunks) {
        if (ref.key !== key) {
          keptCt = Math.max(keptCt, ref.lastCt);
          continue;
        }
        const bytes = object.subarray(ref.offset, ref.offset + ref.length);
        const edited = edit(bytes, ref, s);
        if (edited !== undefined) changed = true;
        if (edited === null) {
          if (!dropped || ref.lastCt > dropped.lastCt) dropped = ref;
          continue;
        }
        keptCt = Math.max(keptCt, ref.lastCt);
        const span = edited === undefined ? ref : chunkSpan(parseChunk(edited));
        items.push({ seriesId: s.id, labels: s.labels, bytes: edited ?? bytes, lastCt: ref.lastCt, minTs: span.minTs, maxTs: span.maxTs, entries: span.entries, rawBytes: span.rawBytes });
      }
      if (keepCounters && dropped && dropped.lastCt > keptCt) {
        items.push({ seriesId: s.id, labels: s.labels, bytes: Buffer.alloc(0), lastCt: dropped.lastCt, minTs: dropped.minTs, maxTs: dropped.maxTs, entries: 0, rawBytes: 0 });
      }
    }
    if (!changed) return false;
    await this.#replaceObjects(tenant, at.partition, items, [key]);
    return true;
  }

  /**
   * Merges chunk objects of one partition (index compaction): their chunks, in the order given, are written as
   * one object whose piece names every one of `keys` as replaced; the index switches to it and the old objects
   * are retired, as a rewrite's. Flushes may write to the partition meanwhile: their objects are not touched.
   * Returns the bytes merged.
   */
  async mergeObjects(tenant: string, partition: string, keys: readonly string[]): Promise<number> {
    const index = this.#tenants.get(tenant);
    if (!index) return 0;
    const wanted = new Set(keys);
    const refs = new Map<string, { s: Series; ref: ChunkRef }[]>(keys.map((k) => [k, []]));
    for (const s of index.byId.values()) for (const ref of s.chunks) if (wanted.has(ref.key)) refs.get(ref.key)!.push({ s, ref });
    const items: WriteItem[] = [];
    for (const key of keys) {
      const object = await this.#store.get(key);
      for (const { s, ref } of refs.get(key)!.sort((a, b) => a.ref.offset - b.ref.offset)) {
        items.push({ seriesId: s.id, labels: s.labels, bytes: object.subarray(ref.offset, ref.offset + ref.length), lastCt: ref.lastCt, minTs: ref.minTs, maxTs: ref.maxTs, entries: ref.entries, rawBytes: ref.rawBytes });
      }
    }
    await this.#replaceObjects(tenant, partition, items, keys);
    return items.reduce((n, it) => n + it.bytes.length, 0);
  }

  /**
   * Writes `items` as a compactor object naming `replaced` in its piece, switches the index to it and retires
   * the replaced objects. A kill before the piece is written leaves an object a start deletes (isCompactorOutput);
   * a kill after, replaced objects a start deletes (REPLACES).
   */
  async #replaceObjects(tenant: string, partition: string, items: WriteItem[], replaced: readonly string[]): Promise<void> {
    const name = compactorObjectName();
    await this.#writePartitions(tenant, items, () => undefined, name, [...replaced], partition);
    const gone = new Set(replaced);
    this.#tenants.get(tenant)?.dropChunks((c) => gone.has(c.key));
    const sinceMs = Date.now();
    for (const key of replaced) {
      const at = parseChunkKey(key)!;
      this.#retired.push({ tenant, partition: at.partition, names: [at.name], what: key, sinceMs });
    }
    // With no chunk left the new object only names what it replaces: it is retired after them, so it goes once
    // they are gone (before, a start that found them would load them again).
    if (items.length === 0) this.#retired.push({ tenant, partition, names: [name], what: chunkObjectKey(tenant, partition, name), sinceMs });
  }

  /** The partition now being written (index compaction leaves it alone). */
  currentPartition(nowMs = Date.now()): string {
    return partitionOf(BigInt(nowMs) * 1_000_000n, this.#cfg.period);
  }

  /**
   * Deletes what was retired at least `graceMs` ago: the retired chunk objects, then their pieces (and pieces
   * moved aside as damaged), so that a kill half-way leaves pieces without objects, which a start deletes.
   * Other objects of the partition (written by a flush after a drop) are left to the next retention pass.
   * A kill before leaves them to be found again: a start deletes replaced objects and empty compactor ones,
   * and the next retention pass drops the partition again. Returns what each deletion freed.
   */
  async collectRetired(graceMs: number, nowMs = Date.now()): Promise<{ tenant: string; what: string; objects: number; bytes: number }[]> {
    const done: { tenant: string; what: string; objects: number; bytes: number }[] = [];
    // Each partition listed once per call (a merge retires its many objects one by one): an object is retired
    // only once, and only objects that were there before the call are, so the listing cannot be stale for them.
    const listings = new Map<string, ObjectInfo[]>();
    while (this.#retired.length > 0 && this.#retired[0]!.sinceMs + graceMs <= nowMs) {
      const r = this.#retired[0]!;
      const names = new Set(r.names);
      const keys: ObjectInfo[] = [];
      for (const prefix of [`chunks/${tenantDirName(r.tenant)}/${r.partition}/`, `index/${tenantDirName(r.tenant)}/${r.partition}/`]) {
        let listed = listings.get(prefix);
        if (!listed) listings.set(prefix, (listed = await this.#store.list(prefix)));
        // names hold no dot: the name is what comes before the first one (`<name>.idx.damaged-<time>` included)
        keys.push(...listed.filter((o) => names.has(o.key.slice(prefix.length).split('.')[0]!)));
      }
      let bytes = 0;
      for (const o of keys) {
        await this.#store.delete(o.key);
        bytes += o.size;
      }
      done.push({ tenant: r.tenant, what: r.what, objects: keys.length, bytes });
      this.#retired.shift();
    }
    return done;
  }

  close(): void {
    this.#lock?.release();
    this.#lock = undefined;
  }

  /**
   * Reads every index piece. A piece whose chunk object is gone (retention cut short) is deleted; a chunk
   * object without a piece (a flush cut short between its two puts, a lost piece) gets its piece rebuilt
   * from the chunks, which name their streams: WAL replay then skips what it holds, by the entry counters.
   */
  async #load(): Promise<void> {
    const chunkNames = new Set((await this.#store.list('chunks/')).map((o) => o.key));
    const pieces: { key: string; at: PieceKey }[] = [];
    const indexed = new Set<string>();
    for (const o of await this.#store.list('index/')) {
      const at = parsePieceKey(o.key);
      if (!at) continue;
      const chunkKey = chunkObjectKey(at.tenant, at.partition, at.name);
      if (!chunkNames.has(chunkKey)) {
        // Chunk objects go before their pieces (dropPartition): this is a deletion to finish.
        await this.#store.delete(o.key);
        this.#cfg.warn(`index piece ${this.#store.location}/${o.key}: its chunk object is missing (a deletion cut short): deleted`);
        continue;
      }
      indexed.add(chunkKey);
      pieces.push({ key: o.key, at });
    }
    for (const key of chunkNames) {
      const at = parseChunkKey(key);
      if (!at || indexed.has(key)) continue;
      if (isCompactorOutput(at.name)) {
        // Its piece would have named the objects it replaces, which are all still there.
        await this.#store.delete(key);
        this.#cfg.warn(`chunk object ${this.#store.location}/${key}: a compactor rewrite cut short before its index piece (the objects it replaces are kept): deleted`);
        continue;
      }
      pieces.push({ key: indexPieceKey(at.tenant, at.partition, at.name), at });
    }
    let next = 0;
    const loaded: { at: PieceKey; piece: Piece }[] = [];
    // Per tenant: a tenant's index checks its series by id alone, whatever another tenant's pieces say.
    const labelsById = new Map<string, Map<number, LabelPair[]>>();
    const worker = async (): Promise<void> => {
      while (next < pieces.length) {
        const { key, at } = pieces[next++]!;
        let labels = labelsById.get(at.tenant);
        if (!labels) labelsById.set(at.tenant, (labels = new Map()));
        const piece = await this.#readPiece(key, at, labels);
        if (piece) loaded.push({ at, piece });
      }
    };
    await Promise.all(Array.from({ length: LOAD_PARALLEL }, worker));
    // A rewrite cut short before its old object was deleted: the replacement wins, the old one goes now.
    const replaced = new Set(loaded.flatMap(({ piece }) => piece.replaces ?? []));
    // Oldest partition first, objects in write order: chunks reach each series nearly in time order (addChunk
    // then appends instead of searching where to insert).
    const periodNo = (p: string): number => Number(/\d+$/.exec(p)?.[0] ?? 0);
    loaded.sort((a, b) => periodNo(a.at.partition) - periodNo(b.at.partition) || (a.at.name < b.at.name ? -1 : a.at.name > b.at.name ? 1 : 0));
    const emptied: PieceKey[] = [];
    for (const { at, piece } of loaded) {
      const key = chunkObjectKey(at.tenant, at.partition, at.name);
      if (replaced.has(key)) await this.#deleteObject(at);
      else if (piece.chunks.length === 0 && isCompactorOutput(at.name)) emptied.push(at);
      else this.#apply(at, piece);
    }
    // A rewrite that dropped every chunk, not yet deleted: what it replaced is gone now, so it has no use left.
    for (const at of emptied) await this.#deleteObject(at);
  }

  /** Deletes a chunk object, then its piece (a kill between leaves a piece without an object: deleted at start). */
  async #deleteObject(at: PieceKey): Promise<void> {
    await this.#store.delete(chunkObjectKey(at.tenant, at.partition, at.name));
    await this.#store.delete(indexPieceKey(at.tenant, at.partition, at.name));
  }

  /** A piece's records; a damaged or missing piece is rebuilt from its chunk object (a damaged one kept aside). */
  async #readPiece(key: string, at: PieceKey, labelsById: Map<number, LabelPair[]>): Promise<Piece | undefined> {
    let data: Buffer | undefined;
    let damage: string;
    try {
      data = await this.#store.get(key);
      return decodePiece(data, labelsById);
    } catch (e) {
      if (e instanceof ObjectNotFoundError) damage = 'is missing though its chunk object is there';
      else if (e instanceof DamagedIndexError) damage = e.message;
      else throw e;
    }
    const chunkKey = chunkObjectKey(at.tenant, at.partition, at.name);
    const { piece, unreadable } = pieceFromChunkObject(await this.#store.get(chunkKey));
    const aside = data === undefined ? undefined : `${key}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    if (aside) await this.#store.put(aside, data!);
    await this.#store.put(key, encodePiece(piece));
    this.#cfg.warn(`index piece ${this.#store.location}/${key} ${damage}: ${aside ? `moved aside to ${aside}; ` : ''}rebuilt from ${chunkKey}: `
      + `${piece.chunks.length} chunks of ${piece.series.length} streams${unreadable > 0 ? `; not in the index: ${unreadable} bytes that are not a readable chunk` : ''}`);
    return piece;
  }

  #apply(at: PieceKey, piece: Piece): void {
    const index = this.tenant(at.tenant);
    const key = chunkObjectKey(at.tenant, at.partition, at.name);
    const declared = new Map<number, PieceSeries>(piece.series.map((s) => [s.id, s]));
    // Each series looked up once per piece, not once per chunk (its key is a formatted label string).
    const series = new Map<number, Series>();
    for (const c of piece.chunks) {
      let s = series.get(c.seriesId);
      if (!s) {
        const d = declared.get(c.seriesId);
        if (!d) {
          this.#cfg.warn(`index piece of ${key}: chunk of unknown series ${c.seriesId} ignored`);
          continue;
        }
        // Most series are in the index already (declared by an earlier piece): found by id, no label key built.
        series.set(d.id, (s = index.byId.get(d.id) ?? index.add(d.id, d.labels)));
        if (d.id > this.#maxSeriesId) this.#maxSeriesId = d.id;
      }
      const ref: ChunkRef = { key, offset: c.offset, length: c.length, lastCt: c.lastCt, partition: at.partition, minTs: c.minTs, maxTs: c.maxTs, entries: c.entries, rawBytes: c.rawBytes };
      index.addChunk(s, ref);
      this.#noteSpan(at.tenant, at.partition, ref);
    }
  }
}
