import { compileSampleExtractor, formatExpr, Pace, type SampleBatch, type SampleRequest, type SampleSource } from '@logi/logql';
import type { StreamIndex } from '../ingester/types.js';
import type { QueryStats } from './log-result.js';
import { MAX_SERIES_LABEL_BYTES, resultTooLarge, sumSeriesKeyBytes } from './result-bytes.js';
import { sharedScanPool, tasksPerWorker, type ScanRunner } from './scan-pool.js';
import { nextQueryId, runScan, type QueryControl } from './scan-schedule.js';
import type { SampleTask, StreamRun } from './scan-task.js';
import { overlapRuns } from './stream-rows.js';

/** Consecutive small runs share a task up to this many raw bytes or parts; a bigger run is a task alone. */
const TASK_BYTES = 4 << 20;
const TASK_PARTS = 256;

interface TaskUnit {
  /** Position of the task's batch in the answer (stream order). */
  index: number;
  parts: StreamRun[];
  rawBytes: number;
}

/**
 * The metric evaluator's view of storage: for one range aggregation, every sample in (start, end],
 * produced on the scan workers by the log pipeline and sample extractor over each overlap run of each
 * matching stream. Runs are grouped into tasks in stream order and the batches answered in that order,
 * so the evaluator's merge keeps equal times in the order a single-threaded read would have produced them.
 */
export class StoreSampleSource implements SampleSource {
  #reader: StreamIndex;
  #tenant: string;
  #runner: ScanRunner;
  #control: QueryControl;
  readonly stats: QueryStats = { bytesProcessed: 0, linesProcessed: 0, chunksRef: 0, execTimeSec: 0 };
  readonly sumsBuckets = true;

  constructor(reader: StreamIndex, tenant: string, control: QueryControl, runner: ScanRunner = sharedScanPool()) {
    this.#reader = reader;
    this.#tenant = tenant;
    this.#control = control;
    this.#runner = runner;
  }

  async select(req: SampleRequest): Promise<SampleBatch[]> {
    const range = req.expr.range;
    // Stage errors before any work; the workers compile their own copy to run.
    const extractor = compileSampleExtractor(range, req.expr.op, { grouping: req.grouping });
    const query = formatExpr(req.expr);
    const queryId = nextQueryId();
    const first = req.startNs + 1n;
    const pace = new Pace(this.#control.signal);
    // Only a pipeline's stages can drop a whole stream by its labels; asking costs a stream extractor each.
    const mayDrop = range.selector.pipeline.length > 0;
    const units: TaskUnit[] = [];
    let open: TaskUnit | undefined;
    // Selecting the streams is one long step: queries starting together take turns with everything else.
    await pace.step();
    for (const ref of this.#reader.selectStreams(this.#tenant, range.selector.matchers, first, req.endNs)) {
      await pace.step();
      if (mayDrop && extractor.forStream(ref.labels).dropsAll) continue;
      const sources = this.#reader.chunkSources(this.#tenant, ref.id, first, req.endNs);
      this.stats.chunksRef += sources.length;
      for (const run of overlapRuns(sources)) {
        const rawBytes = run.reduce((n, s) => n + s.rawBytes, 0);
        if (!open || open.rawBytes + rawBytes > TASK_BYTES || open.parts.length >= TASK_PARTS) {
          open = { index: units.length, parts: [], rawBytes: 0 };
          units.push(open);
        }
        open.parts.push({ labels: ref.labels, run });
        open.rawBytes += rawBytes;
      }
    }
    const batches = new Array<SampleBatch>(units.length);
    // Biggest first, so the last task to finish is a short one.
    const order = [...units].sort((a, b) => b.rawBytes - a.rawBytes);
    let held = 0;
    let k = 0;
    // narrowed once a task finds a failing sample: the query's error is then known to come by that window's end
    let endNs = req.endNs;
    const next = (): { task: SampleTask; ctx: TaskUnit } | undefined => {
      const u = order[k++];
      if (u === undefined) return undefined;
      const task: SampleTask = {
        kind: 'samples', queryId, objects: this.#reader.objects, query, grouping: req.grouping, parts: u.parts, startNs: req.startNs, endNs, bucketNs: req.bucketNs,
        stepNs: req.stepNs === undefined ? undefined : Number(req.stepNs), rangeNs: range.range, maxBytes: MAX_SERIES_LABEL_BYTES - held, deletes: this.#control.deletes,
      };
      return { task, ctx: u };
    };
    try {
      // Two tasks per worker (over a remote store more, for their GETs): the next is queued before the current one ends.
      await runScan(this.#runner, { perWorker: tasksPerWorker(this.#reader.objects), ...this.#control }, next, (u, r) => {
        held += sumSeriesKeyBytes(r.batch.series);
        if (r.overBytes || held > MAX_SERIES_LABEL_BYTES) throw resultTooLarge('series labels');
        batches[u.index] = r.batch;
        if (r.failsBy !== undefined && r.failsBy < endNs) endNs = r.failsBy;
        this.stats.linesProcessed += r.lines;
        this.stats.bytesProcessed += r.bytes;
      });
    } finally {
      this.#runner.forget(queryId);
    }
    return batches;
  }
}
