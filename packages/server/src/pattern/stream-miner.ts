// One stream's patterns, a Drain per detected level, as Loki's pattern ingester keeps them (pkg/pattern/stream.go).
import type { LabelPair } from '@logi/protocol';
import { Drain, type Cluster, type DrainOptions } from './drain.js';
import { detectLineFormat, tokenizerFor, type LineTokenizer } from './tokenizer.js';

export interface MinerOptions extends DrainOptions {
  /** pattern_ingester.max_allowed_line_length */
  maxLineLength: number;
  /** the JSON fields a line's message is taken from, the first present wins */
  jsonMessageFields: readonly string[];
}

// The levels Loki mines apart; any other detected_level value is mined as "unknown".
const KNOWN_LEVELS = new Set(['unknown', 'debug', 'info', 'warn', 'error', 'fatal', 'critical', 'trace']);

export class StreamMiner {
  readonly #tokenizer: LineTokenizer;
  readonly #byLevel = new Map<string, Drain>();
  #lastTsMs = -Infinity;
  /** The level last seen and what it is mined as (a stream's lines mostly share one). */
  #lastLevel = '';
  #lastMinedAs = 'unknown';

  /** The line format is guessed once, from the stream's first line, as Loki does. */
  constructor(readonly labels: readonly LabelPair[], firstLine: string, private readonly opts: MinerOptions, private readonly now?: () => number) {
    this.#tokenizer = tokenizerFor(detectLineFormat(firstLine), opts.maxLineLength, opts.jsonMessageFields);
  }

  /** Mines one line ('' for no detected level) as `weight` lines; lines older than the stream's latest are skipped, as in Loki. */
  push(tsMs: number, line: string, detectedLevel: string, weight: number): void {
    if (tsMs < this.#lastTsMs) return;
    this.#lastTsMs = tsMs;
    if (detectedLevel !== this.#lastLevel) {
      const lower = detectedLevel.toLowerCase();
      this.#lastLevel = detectedLevel;
      this.#lastMinedAs = KNOWN_LEVELS.has(lower) ? lower : 'unknown';
    }
    const level = this.#lastMinedAs;
    let drain = this.#byLevel.get(level);
    if (!drain) this.#byLevel.set(level, (drain = new Drain(this.#tokenizer, this.opts, this.now)));
    drain.train(line, tsMs, weight);
  }

  *clusters(): Iterable<{ level: string; cluster: Cluster }> {
    for (const [level, drain] of this.#byLevel) for (const cluster of drain.clusters) yield { level, cluster };
  }

  get clusterCount(): number {
    let n = 0;
    for (const d of this.#byLevel.values()) n += d.clusterCount;
    return n;
  }

  /** Forgets what is older than `cutoffMs`; true when nothing is left. */
  pruneBefore(cutoffMs: number): boolean {
    for (const [level, drain] of this.#byLevel) {
      drain.pruneBefore(cutoffMs);
      if (drain.clusterCount === 0) this.#byLevel.delete(level);
    }
    return this.#byLevel.size === 0;
  }
}
