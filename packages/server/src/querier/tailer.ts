import type { WebSocket } from 'ws';
import { compileLogPipeline, type LogSelectorExpr, type StreamPipeline } from '@logi/logql';
import type { LabelPair } from '@logi/protocol';
import { compileMatchers, type LabelPredicate } from '../index/matchers.js';
import type { StreamIn } from '../ingester/types.js';
import { pairsEntry, type LogEntryOut } from './log-result.js';

/** Loki's per-tenant cap on concurrent tails. */
export const MAX_TAILS_PER_TENANT = 10;
const FLUSH_MS = 100;
/** How long a closing tail waits for the client's close frame before the socket is cut. */
const CLOSE_WAIT_MS = 1000;

/**
 * What one tail may hold for a client that does not read: entries waiting for the next send plus bytes
 * queued on its socket. Beyond it entries are dropped and reported, as Loki's tailer does with a slow client.
 */
export const MAX_TAIL_BUFFER_BYTES = 4 * 1024 * 1024;
/** Loki's maxDroppedEntriesPerTailResponse: more dropped entries are not even listed. */
const MAX_DROPPED_LISTED = 1000;

/** An entry a slow client never got, listed in the next message's `dropped_entries`. */
export interface DroppedEntry {
  ts: bigint;
  stream: LogEntryOut['stream'];
  streamKey: string;
}

/** Frames a batch of entries as Loki's tail message (streams grouped like query results, then dropped entries). */
export type TailEncoder = (entries: LogEntryOut[], dropped: readonly DroppedEntry[]) => string;

const entryKey = (e: LogEntryOut): string => `${e.fullKey}\0${e.ts}\0${e.line}`;

/** One live tail: filters every accepted push through the query and sends what passes. */
class Tail {
  readonly tenant: string;
  #matches: LabelPredicate;
  #pipeline: ReturnType<typeof compileLogPipeline>;
  #streams = new Map<string, StreamPipeline>();
  #socket: WebSocket;
  #encode: TailEncoder;
  #pending: LogEntryOut[] = [];
  #pendingBytes = 0;
  #dropped: DroppedEntry[] = [];
  /** live entries wait until the history (the newest entries before the tail began) is out, so they follow it */
  #historySent = false;
  #timer: NodeJS.Timeout | undefined;
  #delayMs: number;

  constructor(tenant: string, expr: LogSelectorExpr, socket: WebSocket, encode: TailEncoder, delayMs: number) {
    this.tenant = tenant;
    this.#matches = compileMatchers(expr.matchers);
    this.#pipeline = compileLogPipeline(expr.pipeline);
    this.#socket = socket;
    this.#encode = encode;
    this.#delayMs = delayMs;
  }

  offer(labels: readonly LabelPair[], key: string, stream: StreamIn): void {
    if (!this.#matches(labels)) return;
    let sp = this.#streams.get(key);
    if (!sp) this.#streams.set(key, (sp = this.#pipeline.forStream(labels as LabelPair[])));
    for (const e of stream.entries) {
      const r = sp.process(e.ts, Buffer.from(e.line), e.sm);
      if (r === null) continue;
      const l = r.labels;
      const line = typeof r.line === 'string' ? r.line : r.line.toString('utf8');
      if (this.#pendingBytes + line.length + this.#socket.bufferedAmount > MAX_TAIL_BUFFER_BYTES) {
        this.#drop(e.ts, l.stream, l.streamKey);
        continue;
      }
      this.#pendingBytes += line.length;
      this.#pending.push(pairsEntry(e.ts, line, l));
    }
    this.#timer ??= setTimeout(() => this.flush(), FLUSH_MS + this.#delayMs);
  }

  /** Sends what is pending, oldest first. */
  flush(): void {
    this.#timer = undefined;
    if (!this.#historySent || this.#pending.length === 0 || this.#socket.readyState !== this.#socket.OPEN) return;
    const batch = this.#pending.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
    this.#pending = [];
    this.#pendingBytes = 0;
    if (this.#socket.bufferedAmount > MAX_TAIL_BUFFER_BYTES) {
      for (const e of batch) this.#drop(e.ts, e.stream, e.streamKey);
      return;
    }
    this.#socket.send(this.#encode(batch, this.#dropped));
    this.#dropped = [];
  }

  #drop(ts: bigint, stream: LogEntryOut['stream'], streamKey: string): void {
    if (this.#dropped.length < MAX_DROPPED_LISTED) this.#dropped.push({ ts, stream, streamKey });
  }

  /** The history was sent: live entries it already held are not sent twice, the others follow it. */
  historySent(history: readonly LogEntryOut[]): void {
    const sent = new Set(history.map(entryKey));
    this.#pending = this.#pending.filter((e) => !sent.has(entryKey(e)));
    this.#historySent = true;
    this.flush();
  }

  stop(): void {
    clearTimeout(this.#timer);
  }

  /** Ends the tail with a WebSocket close frame (1001 going away); a client that does not answer it is cut. */
  close(): void {
    this.#socket.close(1001, 'server shutting down');
    setTimeout(() => this.#socket.terminate(), CLOSE_WAIT_MS).unref();
  }
}

/** The live tails of all tenants; the distributor reports every accepted push here. */
export class Tailers {
  #tails = new Set<Tail>();

  count(tenant: string): number {
    let n = 0;
    for (const t of this.#tails) if (t.tenant === tenant) n++;
    return n;
  }

  /** Starts a tail; the caller sends its history, then reports it with `historySent`, and calls `stop` when the socket closes. */
  add(tenant: string, expr: LogSelectorExpr, socket: WebSocket, encode: TailEncoder, delayMs: number): { historySent: (history: readonly LogEntryOut[]) => void; stop: () => void } {
    const tail = new Tail(tenant, expr, socket, encode, delayMs);
    this.#tails.add(tail);
    return {
      historySent: (history) => tail.historySent(history),
      stop: () => {
        tail.stop();
        this.#tails.delete(tail);
      },
    };
  }

  /** Shutdown: every tail is closed. */
  closeAll(): void {
    for (const t of this.#tails) t.close();
  }

  /** Called after a push was stored. Cheap when nobody tails. */
  pushed(tenant: string, streams: readonly StreamIn[], keys: readonly string[]): void {
    if (this.#tails.size === 0) return;
    for (const t of this.#tails) {
      if (t.tenant !== tenant) continue;
      for (let i = 0; i < streams.length; i++) t.offer(streams[i]!.labels, keys[i]!, streams[i]!);
    }
  }
}
