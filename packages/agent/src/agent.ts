import type { Server } from 'node:http';
import { join } from 'node:path';
import { Client, type ClientMetrics } from './client/client.js';
import type { AgentConfig } from './config/model.js';
import { Discovery } from './discovery/discovery.js';
import { log } from './log.js';
import { forkEntry, type Emit, type Entry } from './pipeline/entry.js';
import { buildStages } from './pipeline/pipeline.js';
import type { Stage } from './pipeline/stage.js';
import { Positions } from './positions/positions.js';
import { Metrics } from './server/metrics.js';
import { startHttpServer } from './server/server.js';
import { Budget } from './tail/budget.js';
import type { FileReader } from './tail/file-reader.js';
import type { TailStats, WatchContext } from './tail/path-watch.js';

export interface AgentOptions {
  /** Directory for state (positions) unless the config names a positions file. */
  storagePath: string;
  /** HOST:PORT for /metrics and /ready; undefined serves nothing. */
  listenAddr: string | undefined;
  /** Bytes read but not yet acknowledged before reading pauses (backpressure). */
  bufferBytes?: number;
  /** How long stop() waits for the servers to take what is buffered. */
  stopGraceMs?: number;
}

export const DEFAULT_BUFFER_BYTES = 8 * 1024 * 1024;

/** Sends copies to several receivers; the last one gets the original. */
function fanOut(targets: readonly Emit[]): Emit {
  if (targets.length === 1) return targets[0]!;
  return (e) => {
    for (let i = 0; i < targets.length - 1; i++) targets[i]!(forkEntry(e));
    targets[targets.length - 1]!(e);
  };
}

/** A running agent: discovery and tailing per source, pipelines, clients, positions, /metrics. */
export class Agent {
  readonly cfg: AgentConfig;
  readonly metrics = new Metrics();
  readonly positions: Positions;
  readonly #opts: AgentOptions;
  readonly #stats: TailStats = { lines: 0, bytes: 0 };
  readonly #budget: Budget;
  readonly #open = new Map<string, FileReader>();
  readonly #clients: Client[] = [];
  readonly #chains: Stage[] = [];
  readonly #discoveries: Discovery[] = [];
  #server: Server | undefined;
  #ready = false;
  /** start() completed: stop() then reports the stop */
  #started = false;

  constructor(cfg: AgentConfig, opts: AgentOptions) {
    this.cfg = cfg;
    this.#opts = opts;
    this.positions = new Positions(cfg.positionsFile ?? join(opts.storagePath, 'positions.json'));
    this.#budget = new Budget(opts.bufferBytes ?? DEFAULT_BUFFER_BYTES);
  }

  #buildReceivers(): Map<string, Emit> {
    const m = this.metrics;
    const cm: ClientMetrics = {
      sentEntries: m.counter('logi_agent_sent_entries_total', 'Entries acknowledged by the endpoint.'),
      sentBytes: m.counter('logi_agent_sent_bytes_total', 'Line bytes acknowledged by the endpoint.'),
      dropped: m.counter('logi_agent_dropped_entries_total', 'Entries dropped after a 400 (or other content error), a 413 for a single entry, or too many retries.'),
      retries: m.counter('logi_agent_request_retries_total', 'Push requests retried after a network error, 401, 403, 404, 429 or 5xx.'),
      failures: m.counter('logi_agent_request_failures_total', 'Push requests that failed, by HTTP status code ("error": no answer).'),
    };
    const stageDrops = m.counter('logi_agent_pipeline_dropped_entries_total', 'Entries dropped on purpose by pipeline stages.');
    const drop = (e: Entry, reason: string): void => {
      stageDrops.inc(1, { reason });
      e.ack.release();
    };
    const receivers = new Map<string, Emit>();
    const route = (ids: readonly string[]): Emit => fanOut(ids.map((id) => (e: Entry) => receivers.get(id)!(e)));
    for (const w of this.cfg.writes) {
      const clients = w.endpoints.map((ep) => new Client(ep, cm));
      this.#clients.push(...clients);
      receivers.set(w.id, fanOut(clients.map((c) => (e: Entry) => c.push(e))));
    }
    for (const p of this.cfg.processes) {
      const chain = buildStages(p.stages, drop)(route(p.forwardTo));
      this.#chains.push(chain);
      receivers.set(p.id, (e) => chain.push(e));
    }
    return receivers;
  }

  async start(): Promise<void> {
    // First: a second agent on the same defaults fails on the address before touching the positions file.
    if (this.#opts.listenAddr) this.#server = await startHttpServer(this.#opts.listenAddr, this.metrics, () => this.#ready);
    this.positions.checkWritable();
    await this.positions.load(this.cfg.legacyPositionsFiles);
    const receivers = this.#buildReceivers();
    const ctx: WatchContext = { positions: this.positions, budget: this.#budget, open: this.#open, stats: this.#stats };
    const m = this.metrics;
    m.gauge('logi_agent_read_lines_total', 'Lines read from files.', () => this.#stats.lines, 'counter');
    m.gauge('logi_agent_read_bytes_total', 'Bytes read from files.', () => this.#stats.bytes, 'counter');
    m.gauge('logi_agent_files_watched', 'Files open for reading (current and rotated).', () => this.#open.size);
    m.gauge('logi_agent_buffered_bytes', 'Bytes read but not yet acknowledged.', () => this.#budget.used);
    m.gauge('logi_agent_lag_bytes', 'Bytes in watched files not yet acknowledged by the servers.', () => {
      let n = 0;
      for (const d of this.#discoveries) for (const w of d.watches) n += w.lagBytes;
      return n;
    });
    m.gauge('process_resident_memory_bytes', 'Resident memory size in bytes.', () => process.memoryUsage.rss());
    m.gauge('nodejs_heap_used_bytes', 'V8 heap in use.', () => process.memoryUsage().heapUsed);
    m.gauge('nodejs_external_memory_bytes', 'Memory of buffers and native objects outside the V8 heap.', () => process.memoryUsage().external);
    this.positions.start(this.cfg.positionsSyncMs);
    for (const s of this.cfg.sources) {
      const d = new Discovery(s, ctx, fanOut(s.forwardTo.map((id) => receivers.get(id)!)));
      this.#discoveries.push(d);
      await d.start();
    }
    this.#ready = true;
    this.#started = true;
    log('info', 'agent started', { config: this.cfg.file, positions: this.positions.file, listen: this.#opts.listenAddr });
    if (this.cfg.ignoredKeys.length > 0) log('warn', 'Promtail config keys logi agent does not use, ignored', { keys: this.cfg.ignoredKeys.join(',') });
  }

  /** Stops reading, sends what is buffered (bounded wait), saves positions. */
  async stop(): Promise<void> {
    this.#ready = false;
    await Promise.all(this.#discoveries.map((d) => d.stop()));
    for (const c of this.#chains) c.flush?.();
    for (const c of this.#chains) c.stop?.();
    await Promise.all(this.#clients.map((c) => c.stop(this.#opts.stopGraceMs ?? 5000)));
    await this.positions.stop();
    if (this.#server) await new Promise((r) => this.#server!.close(r));
    // A start that failed was reported in one line already.
    if (this.#started) log('info', 'agent stopped');
  }
}
