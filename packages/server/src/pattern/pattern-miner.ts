// Every tenant's stream miners: fed with stored lines, pruned of what is older than retain_for, bounded in streams.
import type { LabelPair } from '@logi/protocol';
import type { Config } from '../app/config.js';
import { compileMatchers } from '../index/matchers.js';
import type { Matcher, StreamIn } from '../ingester/types.js';
import type { Sample } from './samples.js';
import { StreamMiner, type MinerOptions } from './stream-miner.js';

export interface PatternMinerOptions extends MinerOptions {
  /** pattern_ingester.retain_for */
  retainForMs: number;
  /**
   * Streams mined at once, all tenants together (Logi's memory bound: each holds at most max_clusters clusters per
   * level); a stream arriving beyond it is not mined until pruning frees room.
   */
  maxStreams: number;
}

/**
 * One stream's stored lines as the miner takes them: columns rather than an object per line, which is what
 * handing them to the mining thread costs.
 */
export interface StreamLines {
  key: string;
  labels: LabelPair[];
  tsMs: Float64Array;
  lines: string[];
  /** each line's detected_level, '' when it has none */
  levels: string[];
  /** how many lines each stands for: more than 1 when lines of the stream were dropped before these (see PatternTee) */
  weight: number;
}

/** The columns of stored streams; `keys[i]` identifies `streams[i]` within its tenant. */
export function toStreamLines(streams: readonly StreamIn[], keys: readonly string[]): StreamLines[] {
  return streams.map((s, i) => {
    const n = s.entries.length;
    const out: StreamLines = { key: keys[i]!, labels: s.labels, tsMs: new Float64Array(n), lines: new Array<string>(n), levels: new Array<string>(n), weight: 1 };
    for (let j = 0; j < n; j++) {
      const e = s.entries[j]!;
      out.tsMs[j] = Number(e.ts / 1_000_000n);
      out.lines[j] = e.line;
      out.levels[j] = levelOf(e.sm) ?? '';
    }
    return out;
  });
}

/** One cluster's counts in one stream, by query step. */
export interface StreamPatternSamples { pattern: string; level: string; samples: Sample[] }

/** How often old samples are looked for (Loki's pattern_ingester.flush_check_period). */
const PRUNE_EVERY_MS = 60_000;
/** Logi's bound on mined streams, all tenants together: Loki's default max_global_streams_per_user. */
const MAX_MINED_STREAMS = 5000;
/**
 * The JSON fields a line's message is taken from: Loki's default (limits_config.pattern_ingester_tokenizable_json_fields_default,
 * a hidden key Logi does not read) and structlog's `event`.
 */
const JSON_MESSAGE_FIELDS = ['log', 'message', 'msg', 'msg_', '_msg', 'content', 'event'];

export function patternMinerOptions(config: Config): PatternMinerOptions {
  const p = config.patternIngester;
  return {
    maxClusters: p.maxClusters,
    maxLineLength: p.maxAllowedLineLength,
    retainForMs: p.retainForMs,
    maxChunkAgeMs: p.maxChunkAgeMs,
    intervalMs: p.sampleIntervalMs,
    jsonMessageFields: JSON_MESSAGE_FIELDS,
    maxStreams: MAX_MINED_STREAMS,
  };
}

const levelOf = (sm: readonly LabelPair[] | undefined): string | undefined => sm?.find((p) => p[0] === 'detected_level')?.[1];

export class PatternMiner {
  readonly #tenants = new Map<string, Map<string, StreamMiner>>();
  #streams = 0;
  #prunedAt: number;
  /** Streams refused by maxStreams since the start (for tests and the operator). */
  skippedStreams = 0;

  constructor(readonly opts: PatternMinerOptions, private readonly now: () => number = Date.now) {
    this.#prunedAt = now();
  }

  /** Mines stored lines. */
  observe(tenant: string, streams: readonly StreamLines[]): void {
    if (this.now() - this.#prunedAt >= PRUNE_EVERY_MS) this.prune();
    let miners = this.#tenants.get(tenant);
    if (!miners) this.#tenants.set(tenant, (miners = new Map()));
    for (const s of streams) {
      if (s.lines.length === 0) continue;
      let miner = miners.get(s.key);
      if (!miner) {
        if (this.#streams >= this.opts.maxStreams) {
          this.skippedStreams++;
          continue;
        }
        miner = new StreamMiner(s.labels, s.lines[0]!, this.opts, this.now);
        miners.set(s.key, miner);
        this.#streams++;
      }
      for (let j = 0; j < s.lines.length; j++) miner.push(s.tsMs[j]!, s.lines[j]!, s.levels[j]!, s.weight);
    }
  }

  /** The samples in [fromMs, throughMs) of every cluster of the tenant's streams that the matchers select. */
  *select(tenant: string, matchers: readonly Matcher[], fromMs: number, throughMs: number, stepMs: number): Iterable<StreamPatternSamples> {
    const miners = this.#tenants.get(tenant);
    if (!miners) return;
    const matches = compileMatchers(matchers);
    for (const miner of miners.values()) {
      if (!matches(miner.labels)) continue;
      for (const { level, cluster } of miner.clusters()) {
        for (const samples of cluster.samples.forRange(fromMs, throughMs, stepMs, this.opts.intervalMs)) {
          yield { pattern: cluster.pattern, level, samples };
        }
      }
    }
  }

  /** Forgets the samples older than retain_for, then the clusters and streams left empty. */
  prune(): void {
    this.#prunedAt = this.now();
    const cutoff = this.#prunedAt - this.opts.retainForMs;
    for (const [tenant, miners] of this.#tenants) {
      for (const [key, miner] of miners) {
        if (!miner.pruneBefore(cutoff)) continue;
        miners.delete(key);
        this.#streams--;
      }
      if (miners.size === 0) this.#tenants.delete(tenant);
    }
  }
}
