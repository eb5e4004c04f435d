import type { LabelPair, PushStream } from '@logi/protocol';
import type { Limits } from '../app/config.js';
import { HttpError } from '../api/http-error.js';
import { WalWriteError, type EntryIn, type Ingester, type StreamIn } from '../ingester/types.js';
import { detectLevel, levelFromLabels } from './detected-level.js';
import { TokenBucket } from './rate-limiter.js';
import { serviceNameFor } from './service-name.js';
import { entryBounds, sanitizeMetadataName, validateEntry, validateStreamLabels, type LabelsCheck } from './validate.js';

const MAX_REPORTED_ERRORS = 10;
// Bounds of the two caches below (a client sending ever new label sets must not grow them without end).
const MAX_CHECKED_STREAMS = 100_000;
const MAX_LEVELS = 1000;

/** `[['detected_level', level]]`, one shared array per level: most entries carry no metadata of their own. Never mutated. */
const levelOnly = new Map<string, LabelPair[]>();
function levelOnlySm(level: string): LabelPair[] {
  let sm = levelOnly.get(level);
  if (!sm) {
    sm = [['detected_level', level]];
    if (levelOnly.size < MAX_LEVELS) levelOnly.set(level, sm);
  }
  return sm;
}

/** An unambiguous key of label pairs as pushed (lengths keep any bytes of names and values apart). */
function rawLabelsKey(labels: readonly LabelPair[]): string {
  let key = '';
  for (const [n, v] of labels) key += `${n.length}:${n}${v.length}:${v}`;
  return key;
}

/** Told about every push once it is durable (live tails). `keys[i]` is the label string of `streams[i]`. */
export type StoredListener = (tenant: string, streams: readonly StreamIn[], keys: readonly string[]) => void;

function joinErrors(errors: string[]): string {
  if (errors.length === 1) return errors[0]!;
  return `${errors.length} errors like: ${errors.slice(0, MAX_REPORTED_ERRORS).join('; ')}`;
}

/** Counts for /metrics (Loki's names): entries stored, and entries refused by Loki's discard reason. */
export interface PushCounters {
  received(tenant: string, lines: number, bytes: number): void;
  discarded(tenant: string, reason: string, lines: number, bytes: number): void;
}

function entriesBytes(entries: readonly { line: string }[]): number {
  let n = 0;
  for (const e of entries) n += Buffer.byteLength(e.line);
  return n;
}

function truncateUtf8(line: string, maxBytes: number): string {
  return Buffer.from(line).subarray(0, maxBytes).toString('utf8').replace(/\uFFFD$/, '');
}

/**
 * Validates pushes, applies Loki's ingest-time defaults (service_name, detected_level, metadata name
 * sanitising) and rate limits, then hands the valid part to the ingester. Valid entries of a partly
 * invalid request are stored; the refusals are reported together afterwards.
 */
export class Distributor {
  #ingester: Ingester;
  #limits: (tenant: string) => Limits;
  #tenantBuckets = new Map<string, TokenBucket>();
  #streamBuckets = new Map<string, TokenBucket>();
  #now: () => number;
  #onStored: StoredListener | undefined;
  #counters: PushCounters | undefined;
  // Pushes repeat the same few streams: their labels are validated once (again if a limit they depend on changes).
  #checked = new Map<string, { by: string; check: LabelsCheck }>();

  constructor(ingester: Ingester, limits: (tenant: string) => Limits, opts: { now?: () => number; onStored?: StoredListener; counters?: PushCounters } = {}) {
    this.#ingester = ingester;
    this.#limits = limits;
    this.#now = opts.now ?? Date.now;
    this.#onStored = opts.onStored;
    this.#counters = opts.counters;
  }

  /** Resolves when the accepted entries are durable; throws HttpError (400/422/429) for refusals. */
  async push(tenant: string, streams: PushStream[]): Promise<void> {
    if (streams.length === 0) throw new HttpError(422, 'error at least one valid stream is required for ingestion');
    const limits = this.#limits(tenant);
    const nowMs = this.#now();
    const bounds = entryBounds(limits, nowMs);
    const errors: string[] = [];
    const valid: { stream: StreamIn; key: string; bytes: number }[] = [];
    let totalBytes = 0;
    let totalLines = 0;
    const discover = limits.discoverServiceName;
    const addLevel = limits.discoverLogLevels && limits.allowStructuredMetadata;

    const counters = this.#counters;
    for (const s of streams) {
      const check = this.#checkLabels(s.labels, limits, discover);
      if (!check.ok) {
        errors.push(check.error.message);
        counters?.discarded(tenant, check.error.reason, s.entries.length, entriesBytes(s.entries));
        continue;
      }
      const streamLevel = addLevel ? levelFromLabels(check.labels) : undefined;
      const entries: EntryIn[] = [];
      let bytes = 0;
      for (const e of s.entries) {
        let line = e.line;
        // -1 = short enough that it cannot exceed the limit: measured only when needed for the rate
        let lineBytes = line.length < 0x10000 && line.length * 3 <= limits.maxLineSize ? -1 : Buffer.byteLength(line);
        if (lineBytes > limits.maxLineSize && limits.maxLineSizeTruncate && limits.maxLineSize > 0) {
          line = truncateUtf8(line, limits.maxLineSize);
          lineBytes = Buffer.byteLength(line);
        }
        let sm: LabelPair[] | undefined = e.sm?.map((p): LabelPair => [sanitizeMetadataName(p[0]), p[1]]);
        const err = validateEntry(e.ts, lineBytes, sm, check.key, bounds, limits);
        if (err) {
          errors.push(err.message);
          counters?.discarded(tenant, err.reason, 1, lineBytes < 0 ? Buffer.byteLength(line) : lineBytes);
          continue;
        }
        if (addLevel && !sm?.some((p) => p[0] === 'detected_level')) {
          const level = detectLevel(streamLevel, sm, line);
          if (sm) sm.push(['detected_level', level]);
          else sm = levelOnlySm(level);
        }
        const entry: EntryIn = { ts: e.ts, line };
        if (sm?.length) entry.sm = sm;
        entries.push(entry);
        bytes += lineBytes < 0 ? Buffer.byteLength(line) : lineBytes;
      }
      if (entries.length === 0) continue;
      valid.push({ stream: { labels: check.labels, entries }, key: check.key, bytes });
      totalBytes += bytes;
      totalLines += entries.length;
    }

    if (valid.length > 0) {
      const bucket = this.#bucket(this.#tenantBuckets, tenant, limits.ingestionRateBytes, limits.ingestionBurstBytes, nowMs);
      if (!bucket.allow(totalBytes, nowMs)) {
        counters?.discarded(tenant, 'rate_limited', totalLines, totalBytes);
        throw new HttpError(
          429,
          `ingestion rate limit exceeded for user ${tenant} (limit: ${limits.ingestionRateBytes} bytes/sec) while attempting to ingest '${totalLines}' lines totaling '${totalBytes}' bytes, reduce log volume or contact your Loki administrator to see if the limit can be increased`,
        );
      }
    }

    let rateLimited = false;
    const accepted: StreamIn[] = [];
    const acceptedKeys: string[] = [];
    const acceptedBytes: number[] = [];
    for (const v of valid) {
      const b = this.#bucket(this.#streamBuckets, `${tenant}\x00${v.key}`, limits.perStreamRateBytes, limits.perStreamBurstBytes, nowMs);
      if (!b.allow(v.bytes, nowMs)) {
        rateLimited = true;
        counters?.discarded(tenant, 'per_stream_rate_limit', v.stream.entries.length, v.bytes);
        errors.push(
          `Per stream rate limit exceeded (limit: ${formatMB(limits.perStreamRateBytes)}/sec) while attempting to ingest for stream '${v.key}' totaling ${v.bytes}B, consider splitting a stream via additional labels or contact your Loki administrator to see if the limit can be increased`,
        );
        continue;
      }
      accepted.push(v.stream);
      acceptedKeys.push(v.key);
      acceptedBytes.push(v.bytes);
    }

    if (accepted.length > 0) {
      // Loki answers 500 when its WAL cannot be written; the ingester logs the failure once, not per push.
      const outcomes = await this.#ingester.push(tenant, accepted).catch((e: unknown) => {
        throw e instanceof WalWriteError ? new HttpError(500, e.message) : e;
      });
      this.#onStored?.(tenant, accepted, acceptedKeys);
      outcomes.forEach((o, i) => {
        const bytes = acceptedBytes[i]!;
        const refused = accepted[i]!.entries.length - o.accepted;
        const refusedBytes = o.limit ? bytes : o.rejectedBytes ?? 0;
        if (refused > 0) counters?.discarded(tenant, o.limit ? 'stream_limit' : 'too_far_behind', refused, refusedBytes);
        counters?.received(tenant, o.accepted, bytes - refusedBytes);
        errors.push(...o.rejected);
        if (o.limit) {
          rateLimited = true;
          errors.push(o.limit.message);
        }
      });
    }
    if (errors.length > 0) throw new HttpError(rateLimited ? 429 : 400, joinErrors(errors));
  }

  #checkLabels(labels: LabelPair[], limits: Limits, discover: readonly string[]): LabelsCheck {
    const key = rawLabelsKey(labels);
    const by = `${limits.maxLabelNamesPerSeries} ${limits.maxLabelNameLength} ${limits.maxLabelValueLength} ${discover.join(',')}`;
    const hit = this.#checked.get(key);
    if (hit && hit.by === by) return hit.check;
    const check = validateStreamLabels(labels, (l) => serviceNameFor(l, discover), limits);
    if (this.#checked.size >= MAX_CHECKED_STREAMS) this.#checked.clear();
    this.#checked.set(key, { by, check });
    return check;
  }

  #bucket(map: Map<string, TokenBucket>, key: string, rate: number, burst: number, nowMs: number): TokenBucket {
    let b = map.get(key);
    if (!b) {
      b = new TokenBucket(rate, burst, nowMs);
      map.set(key, b);
    }
    return b;
  }
}

function formatMB(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)}MB` : `${bytes}B`;
}
