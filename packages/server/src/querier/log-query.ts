import { compileLogPipeline, formatLogSelector, Pace, type LogSelectorExpr } from '@logi/logql';
import type { LabelPair } from '@logi/protocol';
import type { ChunkSource, StreamIndex } from '../ingester/types.js';
import { LimitCutoff } from './limit-cutoff.js';
import type { LabelsJSONMode } from './entry-json.js';
import type { LogEntryOut, LogQueryResult } from './log-result.js';
import { newQueryBudget } from './query-budget.js';
import { MAX_LOG_RESULT_BYTES, resultTooLarge, sumEntryBytes } from './result-bytes.js';
import { REMOTE_TASKS_PER_WORKER, sharedScanPool, type ScanRunner } from './scan-pool.js';
import { nextQueryId, runScan, type QueryControl } from './scan-schedule.js';
import type { LogTask } from './scan-task.js';
import { overlapRuns, runSpan } from './stream-rows.js';

export interface LogQueryParams {
  start: bigint;
  /** exclusive */
  end: bigint;
  limit: number;
  direction: 'forward' | 'backward';
  /**
   * 0 = off. Otherwise, as Loki's readStreams does, the first `limit` entries are taken and then
   * thinned across all streams: an entry is kept only at least `interval` after the last kept one.
   */
  interval: bigint;
  /** Bytes the answer's entries may hold; MAX_LOG_RESULT_BYTES when absent (less for a split's later parts). */
  maxBytes?: number;
  /**
   * The answer is Loki's streams JSON, which needs an entry's labels only as JSON text in this mode: the scan
   * writes it (LogEntryOut.labelsJSON), and no pairs cross from the scan workers.
   */
  labelsJSON?: LabelsJSONMode;
}

function compareEntries(forward: boolean) {
  return (a: LogEntryOut, b: LogEntryOut): number => {
    if (a.ts !== b.ts) return (a.ts < b.ts) === forward ? -1 : 1;
    return a.fullKey < b.fullKey ? -1 : a.fullKey > b.fullKey ? 1 : 0;
  };
}

function thin(entries: LogEntryOut[], interval: bigint, forward: boolean): LogEntryOut[] {
  const kept: LogEntryOut[] = [];
  let last: bigint | undefined;
  for (const e of entries) {
    if (last !== undefined && (forward ? e.ts - last : last - e.ts) < interval) continue;
    kept.push(e);
    last = e.ts;
  }
  return kept;
}

/**
 * What is left to read of one overlap run of one stream (runs of a stream are numbered in the query
 * direction): its span shrinks, and skipBlocks grows, as tasks read it piece by piece.
 */
interface RunUnit {
  stream: StreamState;
  index: number;
  run: ChunkSource[];
  minTs: bigint;
  maxTs: bigint;
  /** The times left to read of the run (the query's range, less what a task stopped inside a block read). */
  fromNs: bigint;
  toNs: bigint;
  skipBlocks: number;
  /** Rows the next task of this run reads before handing back. */
  pieceLines: number;
  /** Rows its tasks read so far. */
  linesRead: number;
}

/**
 * Rows the first task of a run reads before handing back (ending inside a block if need be): small, so
 * that the newest (oldest when forward) rows of every stream are read before older ones of any, and a
 * limited query stops reading as soon as its limit is reached.
 */
const FIRST_PIECE_LINES = 512;
/** A piece reads at most this many times the rows of the one before: a long run takes few tasks (each reads its chunk's block table again). */
const MAX_PIECE_GROWTH = 16;

/**
 * Rows the next piece of a run reads, after a piece that kept `kept` entries. None kept says that matches are
 * rare there: the rest of the run is one task, so a scan that finds nothing costs no more than unsplit. With
 * the limit reached, the task stops at the cutoff by itself. Else the piece reads what the entries still
 * missing call for if they come as they did: this run's share of the entries known is its share of the rest,
 * found at its rate (`| logfmt | duration > 500ms` keeps one line in 20: pieces growing fourfold from 512 rows
 * took four rounds, each waiting for both streams; sized so, two), a quarter more for the guess. Streams yet to
 * report are taken to find what the others did (`reportedShare` of the streams have).
 */
function nextPieceLines(u: RunUnit, kept: number, linesRead: number, known: number, reportedShare: number, limit: number): number {
  if (kept === 0 || known >= limit) return Infinity;
  const expected = known / reportedShare;
  const wanted = Math.ceil((1.25 * linesRead * (limit - expected)) / expected);
  return Math.min(u.pieceLines * MAX_PIECE_GROWTH, Math.max(FIRST_PIECE_LINES, wanted));
}

interface StreamState {
  labels: LabelPair[];
  /** entries of each run, by run index, as far as its tasks have read it */
  results: (LogEntryOut[] | undefined)[];
  /** a task of the stream has returned */
  reported: boolean;
}

/** Entries read so far from the stream's runs up to `index` (included): the stream needs that many fewer. */
function takenUpTo(s: StreamState, index: number): number {
  let n = 0;
  for (let i = 0; i <= index; i++) n += s.results[i]?.length ?? 0;
  return n;
}

/**
 * Runs a log query: selects streams from the index and reads each stream's overlap runs on the scan
 * workers, newest runs first (oldest when forward) across all streams so that, once `limit` entries are
 * known, runs and blocks beyond the limit-th entry's time are skipped. Each stream contributes its first
 * `limit` entries in the query direction; the answer is the first `limit` of all of them.
 */
export async function runLogQuery(
  reader: StreamIndex, tenant: string, expr: LogSelectorExpr, q: LogQueryParams, control: QueryControl = {},
  runner: ScanRunner = sharedScanPool(),
): Promise<LogQueryResult> {
  const t0 = performance.now();
  // Stage errors (Loki's 400s) before any work; the workers compile their own copy to run.
  const pipeline = compileLogPipeline(expr.pipeline);
  const query = formatLogSelector(expr);
  const queryId = nextQueryId();
  const forward = q.direction === 'forward';
  const lastNs = q.end - 1n;
  const stats = { bytesProcessed: 0, linesProcessed: 0, chunksRef: 0, execTimeSec: 0 };

  const streams: StreamState[] = [];
  const units: RunUnit[] = [];
  const pace = new Pace(control.signal);
  // Only a pipeline's stages can drop a whole stream by its labels; asking costs a stream pipeline each.
  const mayDrop = expr.pipeline.length > 0;
  // Selecting the streams is one long step: queries starting together take turns with everything else.
  await pace.step();
  for (const ref of reader.selectStreams(tenant, expr.matchers, q.start, lastNs)) {
    await pace.step();
    if (mayDrop && pipeline.forStream(ref.labels).dropsAll) continue;
    const sources = reader.chunkSources(tenant, ref.id, q.start, lastNs);
    stats.chunksRef += sources.length;
    const runs = overlapRuns(sources);
    if (!forward) runs.reverse();
    const stream: StreamState = { labels: ref.labels, results: new Array(runs.length), reported: false };
    streams.push(stream);
    runs.forEach((run, index) => units.push({ stream, index, run, ...runSpan(run), fromNs: q.start, toNs: lastNs, skipBlocks: 0, pieceLines: FIRST_PIECE_LINES, linesRead: 0 }));
  }
  // stable: equal times keep stream order
  const order = forward
    ? (a: RunUnit, b: RunUnit): number => (a.minTs < b.minTs ? -1 : a.minTs > b.minTs ? 1 : 0)
    : (a: RunUnit, b: RunUnit): number => (a.maxTs > b.maxTs ? -1 : a.maxTs < b.maxTs ? 1 : 0);
  units.sort(order);
  // A lone run has nothing to be read before: its one task reads it to the limit.
  if (units.length === 1) units[0]!.pieceLines = Infinity;

  const cutoff = new LimitCutoff(q.limit, forward);
  const maxBytes = q.maxBytes ?? MAX_LOG_RESULT_BYTES;
  const budget = newQueryBudget();
  let held = 0;
  let reported = 0;
  let found = 0;
  let tasksDone = 0;
  /**
   * Tasks per worker in flight. On the local disk one: each result can tighten the cutoff before the next run is
   * chosen. Over a remote store more, so that their GETs are under way while one decodes, but a task started
   * before the limit is reached may fetch a chunk the answer does not need: two until results show how many runs
   * the entries still missing call for (at the rate tasks found them so far), up to what a worker holds; two
   * again once the limit is reached.
   */
  const remotePerWorker = (): number => {
    if (tasksDone === 0 || cutoff.known >= q.limit) return 2;
    const runsWanted = found === 0 ? Infinity : Math.ceil(((q.limit - cutoff.known) * tasksDone) / found);
    return Math.min(REMOTE_TASKS_PER_WORKER, Math.max(2, Math.ceil(runsWanted / runner.width)));
  };
  let k = 0;
  const next = (): { task: LogTask; ctx: RunUnit } | undefined => {
    while (k < units.length) {
      const u = units[k++]!;
      const limit = q.limit - takenUpTo(u.stream, u.index);
      if (limit <= 0) continue;
      let { fromNs, toNs } = u;
      const cut = cutoff.cutoff;
      if (cut !== undefined) {
        if (forward ? u.minTs > cut : u.maxTs < cut) continue;
        if (forward && cut < toNs) toNs = cut;
        if (!forward && cut > fromNs) fromNs = cut;
      }
      const task: LogTask = {
        kind: 'log', queryId, objects: reader.objects, query, labels: u.stream.labels, run: u.run, fromNs, toNs, forward, limit, maxBytes, budget,
        skipBlocks: u.skipBlocks, pieceLines: u.pieceLines, cut: cutoff.shared, deletes: control.deletes, labelsJSON: q.labelsJSON,
      };
      return { task, ctx: u };
    }
    return undefined;
  };
  /** The rest of a run goes back in line by the time of its next block (after units of equal time). */
  const requeue = (u: RunUnit): void => {
    let lo = k;
    let hi = units.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (order(units[mid]!, u) <= 0) lo = mid + 1;
      else hi = mid;
    }
    units.splice(lo, 0, u);
  };
  try {
    await runScan(runner, { perWorker: reader.objects.kind === 'fs' ? 1 : remotePerWorker, ...control }, next, (u, r) => {
      tasksDone++;
      found += r.entries.length;
      held += sumEntryBytes(r.entries);
      if (r.overBytes || held > maxBytes) throw resultTooLarge('log lines and labels');
      if (!u.stream.reported) {
        u.stream.reported = true;
        reported++;
      }
      const before = u.stream.results[u.index];
      u.stream.results[u.index] = before === undefined ? r.entries : before.concat(r.entries);
      stats.linesProcessed += r.lines;
      stats.bytesProcessed += r.bytes;
      cutoff.add(r.entries.map((e) => e.ts));
      const rest = r.resume;
      if (rest !== undefined) {
        const linesRead = u.linesRead + r.lines;
        requeue({
          ...u, skipBlocks: rest.skipBlocks, linesRead, pieceLines: nextPieceLines(u, r.entries.length, linesRead, cutoff.known, reported / streams.length, q.limit),
          minTs: forward ? rest.minTs : u.minTs, maxTs: forward ? u.maxTs : rest.maxTs,
          fromNs: rest.byTime && forward ? rest.minTs : u.fromNs, toNs: rest.byTime && !forward ? rest.maxTs : u.toNs,
        });
      }
    });
  } finally {
    runner.forget(queryId);
  }

  const out: LogEntryOut[] = [];
  for (const s of streams) {
    const mine = s.results.flatMap((entries) => entries ?? []);
    out.push(...(mine.length > q.limit ? mine.slice(0, q.limit) : mine));
  }
  out.sort(compareEntries(forward));
  if (out.length > q.limit) out.length = q.limit;
  stats.execTimeSec = (performance.now() - t0) / 1000;
  return { entries: q.interval > 0n ? thin(out, q.interval, forward) : out, stats };
}
