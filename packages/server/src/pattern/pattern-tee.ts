// Hands stored lines to the mining worker and asks it for patterns. Like Loki's pattern tee, it drops lines
// rather than slow ingest: when the worker has used its CPU budget (a tenth of a core, so that mining costs
// ingest under 10 % even on a machine whose cores are all busy), or when MAX_QUEUED_LINES wait for it.
import { Worker } from 'node:worker_threads';
import type { Matcher, StreamIn } from '../ingester/types.js';
import type { PatternSeries } from './merge-patterns.js';
import type { PatternMinerOptions } from './pattern-miner.js';

const MAX_QUEUED_LINES = 100_000;
/** The worker's CPU budget: this share of one core, saved up to BURST_MS (a burst of pushes is mined whole). */
const CPU_SHARE = 0.1;
const BURST_MS = 2_000;

export type ToMiner =
  | { type: 'lines'; tenant: string; streams: readonly StreamIn[]; keys: readonly string[]; lines: number }
  | { type: 'patterns'; id: number; tenant: string; matchers: readonly Matcher[]; fromMs: number; throughMs: number; stepMs: number };
type FromMiner = { type: 'mined'; lines: number; busyMs: number } | { type: 'patterns'; id: number; series: PatternSeries[] };

export class PatternTee {
  readonly #worker: Worker;
  readonly #waiting = new Map<number, (series: PatternSeries[]) => void>();
  #nextId = 1;
  #queuedLines = 0;
  #creditMs = BURST_MS;
  #creditAt = performance.now();
  /** Lines not mined because the worker was behind (for tests and the operator). */
  droppedLines = 0;

  constructor(opts: PatternMinerOptions) {
    this.#worker = new Worker(new URL('./pattern-worker.js', import.meta.url), { workerData: opts });
    this.#worker.unref();
    this.#worker.on('message', (m: FromMiner) => {
      if (m.type === 'mined') {
        this.#queuedLines -= m.lines;
        this.#creditMs -= m.busyMs;
      } else {
        this.#waiting.get(m.id)?.(m.series);
        this.#waiting.delete(m.id);
      }
    });
  }

  observe(tenant: string, streams: readonly StreamIn[], keys: readonly string[]): void {
    let lines = 0;
    for (const s of streams) lines += s.entries.length;
    const now = performance.now();
    this.#creditMs = Math.min(BURST_MS, this.#creditMs + (now - this.#creditAt) * CPU_SHARE);
    this.#creditAt = now;
    if (this.#creditMs <= 0 || this.#queuedLines + lines > MAX_QUEUED_LINES) {
      this.droppedLines += lines;
      return;
    }
    this.#queuedLines += lines;
    this.#worker.postMessage({ type: 'lines', tenant, streams, keys, lines } satisfies ToMiner);
  }

  /** The tenant's patterns in [fromMs, throughMs), merged over the streams the matchers select; after the lines handed over so far. */
  patterns(tenant: string, matchers: readonly Matcher[], fromMs: number, throughMs: number, stepMs: number): Promise<PatternSeries[]> {
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#waiting.set(id, resolve);
      this.#worker.ref(); // an answer is awaited: keep the process up for it
      this.#worker.postMessage({ type: 'patterns', id, tenant, matchers, fromMs, throughMs, stepMs } satisfies ToMiner);
    }).finally(() => { if (this.#waiting.size === 0) this.#worker.unref(); }) as Promise<PatternSeries[]>;
  }

  async close(): Promise<void> {
    await this.#worker.terminate();
  }
}
