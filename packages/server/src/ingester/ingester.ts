// The ingester: accepts validated pushes into per-stream heads behind a group-committed WAL, cuts heads
// into chunks (full, idle, old, WAL pressure, flush) and hands them to the store; the querier reads its
// memory (memory()) beside the store. Series are registered in the store's index, so ids stay unique.
// Main thread only.
import { join } from 'node:path';
import { Pace } from '@logi/logql';
import { formatLabels, type LabelPair } from '@logi/protocol';
import { BufferPool } from '../chunk/bytes.js';
import type { Series, TenantIndex } from '../index/tenant-index.js';
import type { Store } from '../storage/store.js';
import { clearDedupCache, isDuplicate } from './dedup.js';
import { Flusher } from './flush.js';
import { ignoredEntriesMessage, streamLimitMessage, tooFarBehindReason } from './messages.js';
import { smKeyOf } from './sm-interner.js';
import { replayWal } from './recovery.js';
import { Sealer } from './sealer.js';
import { Stream, type CutChunk, type StreamLimits } from './stream.js';
import {
  StreamLimitError, type WalWriteError,
  type Ingester, type IngesterConfig, type MemoryStream, type StreamIn, type StreamOutcome,
} from './types.js';
import { PendingSection } from './pending.js';
import { EntriesRecordWriter } from './wal-record.js';
import { segmentName, WalWriter } from './wal-writer.js';

const MS = 1_000_000n;

interface TenantState {
  readonly name: string;
  readonly index: TenantIndex;
  /** Streams with anything in memory, or recently pushed; others live only in the index. */
  readonly streams: Map<number, Stream>;
  readonly active: Set<Stream>;
}

interface Settings {
  fsync: boolean;
  walSegmentBytes: number;
  walMaxBytes: number;
  checkIntervalMs: number;
  flushIntervalMs: number;
  walRetryMs: number;
  sealInWorker: boolean;
  warn: (msg: string) => void;
}

export interface IngesterOptions {
  /** WAL segment size (default 64 MiB). */
  walSegmentBytes?: number;
  /** Above this much WAL, the heads pinning the oldest segment are cut early (default 256 MiB: about a second of replay). */
  walMaxBytes?: number;
  /** How often idle and old heads are looked for (default min(10 s, idle period / 4)). */
  checkIntervalMs?: number;
  /** Least time between two flushes of cut chunks (default 1 s; see FlushTarget.intervalMs). */
  flushIntervalMs?: number;
  /** While WAL writes fail, how often a fresh segment is tried (default 1 s). */
  walRetryMs?: number;
  /** Compress blocks on a worker thread (default true); false compresses on the calling thread. */
  sealInWorker?: boolean;
  warn?: (msg: string) => void;
}

class LogiIngester implements Ingester {
  readonly #cfg: IngesterConfig;
  readonly #set: Settings;
  readonly #limits: StreamLimits;
  readonly #windowNs: bigint;
  readonly #tenants = new Map<string, TenantState>();
  readonly #store: Store;
  readonly #flusher: Flusher;
  readonly #sealer: Sealer;
  #wal: WalWriter | undefined;
  #nextSeriesId = 1;
  #timer: NodeJS.Timeout | undefined;
  /** The sweep in progress: a slow one (many streams) is not started again on top of itself. */
  #sweeping: Promise<void> | undefined;
  #lastPressureMs = 0;
  /** WAL writes failed and none has worked since. */
  #walOutage = false;
  readonly #recordBuffers = new BufferPool();
  #closed = false;

  get #writer(): WalWriter {
    if (!this.#wal) throw new Error('BUG: ingester used before start()');
    return this.#wal;
  }

  constructor(cfg: IngesterConfig, set: Settings, store: Store) {
    this.#cfg = cfg;
    this.#set = set;
    this.#sealer = new Sealer(set.sealInWorker);
    this.#limits = { blockSize: cfg.blockSize, chunkTargetSize: cfg.chunkTargetSize, maxChunkAgeNs: BigInt(cfg.maxChunkAgeMs) * MS, sealer: this.#sealer };
    this.#windowNs = (BigInt(cfg.maxChunkAgeMs) * MS) / 2n;
    this.#store = store;
    this.#flusher = new Flusher({
      write: (tenant, items, landed) => store.write(tenant, items, landed),
      persisted: () => this.#trimWal(),
      failed: (err) => set.warn(`flush failed, will retry: ${err.message}`),
      intervalMs: set.flushIntervalMs,
    });
  }

  async start(): Promise<void> {
    this.#nextSeriesId = this.#store.maxSeriesId + 1;

    let t: TenantState | undefined;
    let cur: Stream | undefined;
    let ct = 0;
    let segment = 0;
    const now = Date.now();
    const walDir = join(this.#cfg.dir, 'wal');
    const kept = await replayWal(walDir, {
      segment: (n) => { segment = n; },
      tenant: (name) => { t = this.#tenant(name); },
      series: (id, labels) => {
        if (!t!.index.byId.has(id)) t!.index.add(id, labels);
        if (id >= this.#nextSeriesId) this.#nextSeriesId = id + 1;
      },
      stream: (id, firstCt, count) => {
        const s = t!.index.byId.get(id);
        if (!s) {
          // Its labels were declared by a record lost to damage earlier in the segment.
          this.#set.warn(`WAL segment ${segmentName(segment)}: ${count} entries of series ${id} (tenant ${t!.name}) not replayed: the record declaring its labels was lost`);
          cur = undefined;
          return;
        }
        cur = this.#activate(t!, s);
        ct = firstCt;
        if (firstCt > cur.entryCt) {
          this.#set.warn(`WAL segment ${segmentName(segment)}: entries ${cur.entryCt + 1}..${firstCt} of stream ${s.key} (tenant ${t!.name}) are neither in stored chunks nor in the WAL: ${firstCt - cur.entryCt} entries lost`);
        }
      },
      entry: (ts, src, start, end, sm) => {
        if (!cur) return;
        ct++;
        if (ct <= cur!.entryCt) return; // already in a stored chunk (or replayed from an older segment)
        cur!.entryCt = ct - 1;
        if (cur!.append(ts, src, start, end, sm, segment, now)) this.#cut(cur!);
      },
    }, this.#set.warn);
    this.#wal = new WalWriter(walDir, kept, {
      fsync: this.#set.fsync, segmentBytes: this.#set.walSegmentBytes, retryMs: this.#set.walRetryMs,
      onFailure: (e) => this.#walFailed(e),
      onRecovery: (n) => {
        this.#walOutage = false;
        this.#set.warn(`WAL writes work again (segment ${segmentName(n)}); accepting pushes`);
      },
    });
    this.#timer = setInterval(() => {
      if (this.#sweeping) return;
      this.#sweeping = this.#sweep().finally(() => { this.#sweeping = undefined; });
    }, this.#set.checkIntervalMs);
    this.#timer.unref();
  }

  // ------------------------------------------------------------------ write path

  async push(tenant: string, streams: StreamIn[]): Promise<StreamOutcome[]> {
    if (this.#closed) throw new Error('ingester is closed');
    // Refused before anything is touched: nothing of it can be made durable.
    if (this.#writer.failure) throw this.#writer.failure;
    const t = this.#tenant(tenant);
    const nowMs = Date.now();
    // From here to wal.append nothing awaits, so the record lands in `seg` and in acceptance order.
    const seg = this.#writer.nextSegment();
    const targets: (Stream | StreamLimitError)[] = streams.map((s) => this.#streamFor(t, s.labels));
    let estimate = 256;
    for (const s of streams) {
      estimate += 64;
      for (const e of s.entries) estimate += e.line.length + 48;
    }
    const rec = new EntriesRecordWriter(tenant, estimate, this.#recordBuffers.take(estimate));
    for (const s of targets) {
      if (!(s instanceof Stream) || s.walDeclared === seg) continue;
      s.walDeclared = seg;
      rec.declare(s.id, s.labels);
    }
    rec.beginStreams();
    const w = rec.w;
    const outcomes: StreamOutcome[] = [];
    // Streams given a pending section by this push: its entries reach them (and queries) once the record is durable.
    const pendingIn: Stream[] = [];
    streams.forEach((input, i) => {
      const st = targets[i]!;
      if (st instanceof StreamLimitError) {
        outcomes.push({ accepted: 0, rejected: [], limit: st });
        return;
      }
      const firstCt = st.walCt;
      rec.beginStream(st.id, firstCt);
      const sec = new PendingSection(w, w.pos, rec.smSets, firstCt, seg);
      st.pending.push(sec);
      let failed: { ts: bigint; reason: string }[] | undefined;
      let failedBytes = 0;
      for (const e of input.entries) {
        const ts = e.ts;
        const hi = st.newestTs;
        // Newer than anything in the stream (the common case): neither too old nor a possible duplicate.
        const newest = hi === undefined || ts > hi;
        if (!newest && ts < hi - this.#windowNs) {
          (failed ??= []).push({ ts, reason: tooFarBehindReason(ts, hi - this.#windowNs) });
          failedBytes += Buffer.byteLength(e.line);
          continue;
        }
        const sm = e.sm && e.sm.length > 0 ? e.sm : undefined;
        rec.entry(ts, e.line, sm);
        if (!newest && isDuplicate(st, ts, w.buf, rec.lineStart, rec.lineEnd, smKeyOf(sm))) {
          rec.dropEntry(); // stored once already: drop silently
          continue;
        }
        sec.add(ts);
        if (newest) st.pendingMaxTs = ts;
      }
      rec.endStream();
      if (sec.count > 0) pendingIn.push(st);
      else st.pending.pop();
      outcomes.push({
        accepted: input.entries.length - (failed?.length ?? 0),
        rejected: failed ? [ignoredEntriesMessage(failed, input.entries.length, tenant, st.series.key)] : [],
        ...(failed ? { rejectedBytes: failedBytes } : {}),
      });
    });
    // Even a push that adds nothing waits for the WAL: what it duplicated may not be durable yet.
    const durable = this.#writer.append(rec.finish(), () => {
      for (const st of pendingIn) st.applyPending(nowMs, () => this.#cut(st));
    });
    this.#relieveWalPressure(nowMs);
    try {
      await durable;
    } finally {
      this.#recordBuffers.give(rec.w.buf); // written (or failed): nothing refers to it any more
    }
    return outcomes;
  }

  /** A WAL write failed: every entry not durable yet belongs to a refused push. Logged once per outage. */
  #walFailed(e: WalWriteError): void {
    for (const t of this.#tenants.values()) for (const st of t.streams.values()) st.dropPending();
    if (this.#walOutage) return;
    this.#walOutage = true;
    this.#set.warn(`${e.message}; refusing pushes until a WAL write works again (retrying every ${this.#set.walRetryMs} ms)`);
  }

  #tenant(name: string): TenantState {
    let t = this.#tenants.get(name);
    if (!t) {
      t = { name, index: this.#store.tenant(name), streams: new Map(), active: new Set() };
      this.#tenants.set(name, t);
    }
    return t;
  }

  /** The stream for labels, created or re-activated within the tenant's active-stream limit. */
  #streamFor(t: TenantState, labels: LabelPair[]): Stream | StreamLimitError {
    const key = formatLabels(labels);
    const series = t.index.byKey.get(key);
    const have = series ? t.streams.get(series.id) : undefined;
    if (have?.active) return have;
    const max = this.#cfg.maxStreamsPerTenant;
    if (max > 0 && t.active.size >= max) return new StreamLimitError(streamLimitMessage(key, t.name));
    return this.#activate(t, series ?? t.index.add(this.#nextSeriesId++, labels));
  }

  #activate(t: TenantState, series: Series): Stream {
    let st = t.streams.get(series.id);
    if (!st) {
      st = new Stream(t.name, series, this.#limits);
      t.streams.set(series.id, st);
    }
    if (!st.active) {
      st.active = true;
      st.lastAppendMs = Date.now();
      t.active.add(st);
    }
    return st;
  }

  #cut(st: Stream): void {
    const c = st.cut();
    if (c) this.#flusher.enqueue(c);
  }

  /** Cuts idle and old heads; forgets streams that have been idle with nothing in memory. */
  async #sweep(): Promise<void> {
    const now = Date.now();
    clearDedupCache();
    // Tens of thousands of streams going idle together are cut in slices between event-loop turns.
    const pace = new Pace();
    for (const t of this.#tenants.values()) {
      for (const st of t.active) {
        await pace.step();
        const idle = now - st.lastAppendMs >= this.#cfg.chunkIdlePeriodMs;
        if (st.headEntries > 0) {
          if (idle || st.headMaxTs! - st.headMinTs! > this.#limits.maxChunkAgeNs) this.#cut(st);
        } else if (idle && st.flushing.length === 0 && st.pending.length === 0) {
          st.active = false;
          t.active.delete(st);
          t.streams.delete(st.id);
        }
      }
    }
  }

  /** When the WAL grows past its budget, cut the heads that keep its oldest segment alive. */
  #relieveWalPressure(nowMs: number): void {
    if (nowMs - this.#lastPressureMs < Math.min(1000, this.#set.checkIntervalMs) || this.#writer.totalBytes <= this.#set.walMaxBytes) return;
    this.#lastPressureMs = nowMs;
    const low = this.#lowWater();
    for (const t of this.#tenants.values()) {
      for (const st of t.active) if (st.headEntries > 0 && st.headWalSegment <= low) this.#cut(st);
    }
  }

  /** The oldest WAL segment still needed by anything in memory. */
  #lowWater(): number {
    let low = this.#writer.currentSegment;
    for (const t of this.#tenants.values()) {
      for (const st of t.streams.values()) {
        const pin = st.walPin();
        if (pin !== undefined && pin < low) low = pin;
      }
    }
    return low;
  }

  async #trimWal(): Promise<void> {
    // Chunks cut during replay persist before the writer exists; the next trim catches up.
    if (this.#wal) await this.#wal.removeBelow(this.#lowWater());
  }

  memory(tenant: string, seriesId: number): MemoryStream | undefined {
    return this.#tenants.get(tenant)?.streams.get(seriesId);
  }

  memoryStreams(): Map<string, number> {
    return new Map([...this.#tenants.values()].map((t) => [t.name, t.streams.size]));
  }

  // ------------------------------------------------------------------ lifecycle

  async flush(): Promise<void> {
    const pace = new Pace();
    // Queued together once all are cut: one batch, so one chunk object per tenant and partition.
    const cuts: CutChunk[] = [];
    for (const t of this.#tenants.values()) {
      for (const st of t.streams.values()) {
        const c = st.cut();
        if (c) cuts.push(c);
        await pace.step();
      }
    }
    for (const c of cuts) this.#flusher.enqueue(c);
    await this.#flusher.idle();
    // Nothing left in memory: the current segment is obsolete as soon as new records go elsewhere.
    if (this.#lowWater() === this.#writer.currentSegment) this.#writer.roll();
    await this.#trimWal();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#sweeping;
    await this.#writer.close();
    await this.flush();
    this.#flusher.stop();
    await this.#sealer.close();
  }
}

/** Opens the ingester over an open store: replays the WAL, then accepts pushes. */
export async function openIngester(cfg: IngesterConfig, store: Store, opts: IngesterOptions = {}): Promise<Ingester> {
  const set: Settings = {
    fsync: cfg.fsync ?? true,
    walSegmentBytes: opts.walSegmentBytes ?? 64 * 1024 * 1024,
    walMaxBytes: opts.walMaxBytes ?? 256 * 1024 * 1024,
    checkIntervalMs: opts.checkIntervalMs ?? Math.max(100, Math.min(10_000, (cfg.chunkIdlePeriodMs > 0 ? cfg.chunkIdlePeriodMs : 60_000) / 4)),
    flushIntervalMs: opts.flushIntervalMs ?? 1000,
    walRetryMs: opts.walRetryMs ?? 1000,
    sealInWorker: opts.sealInWorker ?? true,
    warn: opts.warn ?? ((msg) => process.stderr.write(`logi ingester: ${msg}\n`)),
  };
  // Zero or negative sizes would cut a chunk per entry: fall back to Loki's defaults.
  const sane: IngesterConfig = {
    ...cfg,
    chunkTargetSize: cfg.chunkTargetSize > 0 ? cfg.chunkTargetSize : 1572864,
    blockSize: cfg.blockSize > 0 ? cfg.blockSize : 262144,
    chunkIdlePeriodMs: cfg.chunkIdlePeriodMs > 0 ? cfg.chunkIdlePeriodMs : 30 * 60_000,
    maxChunkAgeMs: cfg.maxChunkAgeMs > 0 ? cfg.maxChunkAgeMs : 2 * 3600_000,
  };
  const ing = new LogiIngester(sane, set, store);
  await ing.start();
  return ing;
}
