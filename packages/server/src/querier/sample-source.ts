import { compileSampleExtractor, formatExpr, type SampleBatch, type SampleRequest, type SampleSource, type SeriesSamples } from '@logi/logql';
import type { LabelPair } from '@logi/protocol';
import type { ChunkSource, Ingester } from '../ingester/types.js';
import type { QueryStats } from './log-result.js';
import { MAX_SERIES_LABEL_BYTES, resultTooLarge, sumSeriesKeyBytes } from './result-bytes.js';
import { sharedScanPool, type ScanRunner } from './scan-pool.js';
import { nextQueryId, runScan } from './scan-schedule.js';
import type { SampleTask } from './scan-task.js';
import { overlapRuns } from './stream-rows.js';

interface RunUnit {
  stream: number;
  index: number;
  labels: LabelPair[];
  run: ChunkSource[];
  rawBytes: number;
}

/** One stream's batches, from runs in time order (disjoint), as one batch: each series' parts concatenated. */
function concatRuns(batches: readonly SampleBatch[], baseNs: bigint): SampleBatch {
  if (batches.length === 1) return batches[0]!;
  const parts = new Map<string, SeriesSamples[]>();
  for (const b of batches) {
    for (const s of b.series) {
      const list = parts.get(s.key);
      if (list) list.push(s);
      else parts.set(s.key, [s]);
    }
  }
  const series: SeriesSamples[] = [];
  for (const list of parts.values()) {
    if (list.length === 1) {
      series.push(list[0]!);
      continue;
    }
    const length = list.reduce((n, s) => n + s.length, 0);
    const ts = new Float64Array(length);
    const values = new Float64Array(length);
    let at = 0;
    for (const s of list) {
      ts.set(s.ts.subarray(0, s.length), at);
      values.set(s.values.subarray(0, s.length), at);
      at += s.length;
    }
    series.push({ key: list[0]!.key, labels: list[0]!.labels, ts, values, length });
  }
  return { baseNs, series };
}

/**
 * The metric evaluator's view of storage: for one range aggregation, every sample in (start, end],
 * produced on the scan workers by the log pipeline and sample extractor over each overlap run of each
 * matching stream. Answers one batch per stream, in stream order, so the evaluator's merge keeps equal
 * times in the order a single-threaded read would have produced them.
 */
export class StoreSampleSource implements SampleSource {
  #ingester: Ingester;
  #tenant: string;
  #runner: ScanRunner;
  readonly stats: QueryStats = { bytesProcessed: 0, linesProcessed: 0, chunksRef: 0, execTimeSec: 0 };

  constructor(ingester: Ingester, tenant: string, runner: ScanRunner = sharedScanPool()) {
    this.#ingester = ingester;
    this.#tenant = tenant;
    this.#runner = runner;
  }

  async select(req: SampleRequest): Promise<SampleBatch[]> {
    const range = req.expr.range;
    // Stage errors before any work; the workers compile their own copy to run.
    const extractor = compileSampleExtractor(range, req.expr.op, { grouping: req.grouping });
    const query = formatExpr(req.expr);
    const queryId = nextQueryId();
    const first = req.startNs + 1n;
    const batches: SampleBatch[][] = [];
    const units: RunUnit[] = [];
    for (const ref of this.#ingester.selectStreams(this.#tenant, range.selector.matchers, first, req.endNs)) {
      if (extractor.forStream(ref.labels).dropsAll) continue;
      const sources = this.#ingester.chunkSources(this.#tenant, ref.id, first, req.endNs);
      this.stats.chunksRef += sources.length;
      const runs = overlapRuns(sources);
      const stream = batches.length;
      batches.push(new Array<SampleBatch>(runs.length));
      runs.forEach((run, index) => units.push({ stream, index, labels: ref.labels, run, rawBytes: run.reduce((n, s) => n + s.rawBytes, 0) }));
    }
    // Biggest first, so the last task to finish is a short one.
    units.sort((a, b) => b.rawBytes - a.rawBytes);
    let held = 0;
    let k = 0;
    const next = (): { task: SampleTask; ctx: RunUnit } | undefined => {
      const u = units[k++];
      if (u === undefined) return undefined;
      const task: SampleTask = {
        kind: 'samples', queryId, query, grouping: req.grouping, labels: u.labels, run: u.run, startNs: req.startNs, endNs: req.endNs, maxBytes: MAX_SERIES_LABEL_BYTES - held,
      };
      return { task, ctx: u };
    };
    try {
      // Two tasks per worker: the next is queued before the current one ends.
      await runScan(this.#runner, 2, next, (u, r) => {
        held += sumSeriesKeyBytes(r.batch.series);
        if (r.overBytes || held > MAX_SERIES_LABEL_BYTES) throw resultTooLarge('series labels');
        batches[u.stream]![u.index] = r.batch;
        this.stats.linesProcessed += r.lines;
        this.stats.bytesProcessed += r.bytes;
      });
    } finally {
      this.#runner.forget(queryId);
    }
    return batches.filter((b) => b.length > 0).map((b) => concatRuns(b, req.startNs));
  }
}
