// Hands stored lines to the mining worker and asks it for patterns. Like Loki's pattern tee, it drops lines
// rather than slow ingest: when the worker has used its CPU budget, or when MAX_QUEUED_LINES wait for it.
// The budget follows the main thread's own work, so that on a machine whose cores are all busy mining takes
// from ingest under 10 % of its throughput; a small allowance per second lets a quiet server mine every line.
// A stream's lines mined after some of its lines were dropped stand for those too, so that pattern counts stay
// estimates of the lines received rather than fall with the share mined.
import { Worker } from 'node:worker_threads';
import type { Matcher, StreamIn } from '../ingester/types.js';
import type { PatternSeries } from './merge-patterns.js';
import { toStreamLines, type PatternMinerOptions, type StreamLines } from './pattern-miner.js';
import { threadCpuMs } from './thread-cpu.js';

const MAX_QUEUED_LINES = 100_000;
/**
 * The worker's CPU budget: this share of the main thread's CPU time, plus QUIET_SHARE of wall time, saved up to
 * BURST_MS. Mining costs about half as much again outside the worker's own time (handing lines over, garbage
 * collection on V8's threads), hence 3 % for a cost under 10 % (bench/pattern-ingest.js).
 */
const CPU_SHARE = 0.03;
const QUIET_SHARE = 0.01;
const BURST_MS = 250;
/** The budget is topped up at most this often (reading the thread's CPU time is a system call). */
const REFILL_EVERY_MS = 50;
/** Streams whose dropped lines are remembered at most (beyond, the memory is cleared: counts fall a little short). */
const MAX_STREAMS_WITH_DROPS = 100_000;

export type ToMiner =
  | { type: 'lines'; tenant: string; streams: StreamLines[]; lines: number }
  | { type: 'patterns'; id: number; tenant: string; matchers: readonly Matcher[]; fromMs: number; throughMs: number; stepMs: number };
type FromMiner = { type: 'mined'; lines: number; busyMs: number } | { type: 'patterns'; id: number; series: PatternSeries[] };

export class PatternTee {
  /** Started with the first lines: a server that receives none needs no miner. */
  #worker: Worker | undefined;
  readonly #waiting = new Map<number, (series: PatternSeries[]) => void>();
  #nextId = 1;
  #queuedLines = 0;
  #creditMs = BURST_MS;
  #refilledAt = performance.now();
  #mainCpuAt = threadCpuMs();
  /** Lines dropped per stream (tenant, NUL, key) since its lines were last handed over. */
  readonly #droppedSince = new Map<string, number>();

  constructor(private readonly opts: PatternMinerOptions) {}

  #start(): Worker {
    const worker = new Worker(new URL('./pattern-worker.js', import.meta.url), { workerData: this.opts });
    worker.unref();
    worker.on('message', (m: FromMiner) => {
      if (m.type === 'mined') {
        this.#queuedLines -= m.lines;
        this.#creditMs -= m.busyMs;
      } else {
        this.#waiting.get(m.id)?.(m.series);
        this.#waiting.delete(m.id);
      }
    });
    return worker;
  }

  observe(tenant: string, streams: readonly StreamIn[], keys: readonly string[]): void {
    let lines = 0;
    for (const s of streams) lines += s.entries.length;
    this.#refill();
    if (this.#creditMs <= 0 || this.#queuedLines + lines > MAX_QUEUED_LINES) {
      if (this.#droppedSince.size >= MAX_STREAMS_WITH_DROPS) this.#droppedSince.clear();
      for (const [i, s] of streams.entries()) {
        const id = `${tenant}\x00${keys[i]}`;
        this.#droppedSince.set(id, (this.#droppedSince.get(id) ?? 0) + s.entries.length);
      }
      return;
    }
    this.#queuedLines += lines;
    const columns = toStreamLines(streams, keys);
    for (const s of columns) {
      const id = `${tenant}\x00${s.key}`;
      const dropped = this.#droppedSince.get(id);
      if (dropped === undefined || s.lines.length === 0) continue;
      s.weight = (dropped + s.lines.length) / s.lines.length;
      this.#droppedSince.delete(id);
    }
    this.#worker ??= this.#start();
    this.#worker.postMessage({ type: 'lines', tenant, streams: columns, lines } satisfies ToMiner);
  }

  #refill(): void {
    const now = performance.now();
    if (now - this.#refilledAt < REFILL_EVERY_MS) return;
    const mainCpu = threadCpuMs();
    this.#creditMs = Math.min(BURST_MS, this.#creditMs + (mainCpu - this.#mainCpuAt) * CPU_SHARE + (now - this.#refilledAt) * QUIET_SHARE);
    this.#refilledAt = now;
    this.#mainCpuAt = mainCpu;
  }

  /** The tenant's patterns in [fromMs, throughMs), merged over the streams the matchers select; after the lines handed over so far. */
  patterns(tenant: string, matchers: readonly Matcher[], fromMs: number, throughMs: number, stepMs: number): Promise<PatternSeries[]> {
    const worker = this.#worker;
    if (!worker) return Promise.resolve([]);
    const id = this.#nextId++;
    return new Promise<PatternSeries[]>((resolve) => {
      this.#waiting.set(id, resolve);
      worker.ref(); // an answer is awaited: keep the process up for it
      worker.postMessage({ type: 'patterns', id, tenant, matchers, fromMs, throughMs, stepMs } satisfies ToMiner);
    }).finally(() => { if (this.#waiting.size === 0) worker.unref(); });
  }

  async close(): Promise<void> {
    await this.#worker?.terminate();
  }
}
