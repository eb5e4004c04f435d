// A sample task, in a scan worker: the rows in (startNs, endNs] of each of its runs through the sample
// extractor, into one SampleBatch whose arrays are transferred back.
import { bucketEnd, failingWindowEnd, failsQuery, SampleBatchBuilder, type ExtractedSample, type SampleExtractor, type StreamSampleExtractor } from '@logi/logql';
import type { LabelPair } from '@logi/protocol';
import { deletedRowTest, type CompiledDelete } from './delete-filter.js';
import { candidateRows, needleForStream, type Needle } from './line-needles.js';
import { EXTRAPOLATE_AFTER } from './query-budget.js';
import type { ReadWant } from '../chunk/read.js';
import type { DecodedBlock, SourceSpan } from '../ingester/types.js';
import type { ObjectStore } from '../storage/object/object-store.js';
import { runBlocks, type Countable, type RunBlock } from './scan-blocks.js';
import type { SampleTask, SampleTaskResult, StreamRun } from './scan-task.js';
import { lineAt, lowerBound, smAt } from './stream-rows.js';

export interface CompiledSampleQuery {
  extractor: SampleExtractor;
  /**
   * False when a sample depends only on the stream and the row's structured metadata (count_over_time,
   * rate, absent_over_time without pipeline or unwrap): line bodies are then never decompressed.
   */
  needLines: boolean;
  needle: Needle | undefined;
  deletes: CompiledDelete[];
}

const EMPTY = Buffer.alloc(0);

export async function scanSamples(task: SampleTask, c: CompiledSampleQuery, objects: ObjectStore): Promise<SampleTaskResult> {
  const builder = new SampleBatchBuilder(task.startNs, task.bucketNs);
  const res: SampleTaskResult = { kind: 'samples', batch: { baseNs: task.startNs, series: [] }, lines: 0, bytes: 0 };
  // The builder keeps each series' samples stably sorted by time, so equal times stay in part order.
  for (const part of task.parts) {
    const needle = needleForStream(c.needle, part.labels);
    const se = c.extractor.forStream(part.labels);
    const want = runWant(task, c, se, needle, part, res);
    const countable = want.lines ? undefined : wholeInBucket(task, se, endOf(task, res));
    scanPart(task, part, c, se, needle, builder, res, await runBlocks(part.run, want, true, objects, { countable, transientLines: needle !== undefined }));
    if (res.overBytes) return res;
  }
  res.batch = builder.build();
  return res;
}

/** Rows up to this time are read: the task's end, or the end of the window where a failing sample was found. */
const endOf = (task: SampleTask, res: SampleTaskResult): bigint => res.failsBy ?? task.endNs;

/** What a part's blocks are read for: a delete request's filters read the lines. */
function runWant(task: SampleTask, c: CompiledSampleQuery, se: StreamSampleExtractor, needle: Needle | undefined, part: StreamRun, res: SampleTaskResult): ReadWant {
  const lines = c.needLines || deletedRowTest(c.deletes, part.labels) !== undefined;
  const sm = (needle === undefined || needle.label !== undefined) && (lines || !se.smFree);
  return { lines, sm, fromNs: task.startNs + 1n, toNs: endOf(task, res) };
}

/**
 * When a row's sample depends on nothing but the stream: whether a block (or a chunk) has all its rows in
 * (startNs, endNs] and in one bucket of the task, so that their sum is its entry count (the block is then
 * never decoded, and where the chunk allows never read).
 */
function wholeInBucket(task: SampleTask, se: StreamSampleExtractor, endNs: bigint): Countable | undefined {
  const bucket = task.bucketNs;
  if (bucket === undefined || !se.smFree) return undefined;
  const endOfRow = (ts: bigint): number => bucketEnd(Number(ts - task.startNs), bucket);
  return (span) => span.minTs > task.startNs && span.maxTs <= endNs && endOfRow(span.minTs) === endOfRow(span.maxTs);
}

/** Adds the rows of a block (or a chunk) taken from its span as one sample (the builder moves it to its bucket's end). */
function sampleTaken(task: SampleTask, se: StreamSampleExtractor, builder: SampleBatchBuilder, res: SampleTaskResult, span: SourceSpan): void {
  const s = se.process(span.maxTs, EMPTY, undefined);
  if (s !== null) builder.addOffset(s.series, Number(span.maxTs - task.startNs), s.value * span.entries);
  res.lines += span.entries;
  res.bytes += span.rawBytes;
}

/**
 * After a sample at `offset` (from startNs) was added: when it fails the query inside a step window, the rows after
 * that window's end need not be read (the query's error comes by then, naming the series it would have named).
 * Returns the offset rows are read up to.
 */
function noteFailure(task: SampleTask, res: SampleTaskResult, s: ExtractedSample, offset: number, endOffset: number): number {
  if (task.stepNs === undefined || s.series.error === '' || !failsQuery(s.series.labels)) return endOffset;
  const windowEnd = failingWindowEnd(offset, task.stepNs, task.rangeNs);
  if (windowEnd === undefined || windowEnd >= endOffset) return endOffset;
  res.failsBy = task.startNs + BigInt(windowEnd);
  return windowEnd;
}

/**
 * The samples of rows [from, to) of a block read without its lines: one per structured-metadata set (the
 * stream is the same), and with bucketed sums a run of rows of one sample in one bucket is added as its sum, so
 * a count over a million rows costs a comparison per row. Returns the row after the last one read.
 */
function sampleRowsBySet(
  task: SampleTask, res: SampleTaskResult, se: StreamSampleExtractor, builder: SampleBatchBuilder,
  block: DecodedBlock, from: number, to: number, shift: number, endOffset: number,
): number {
  const ts = block.ts;
  const bucket = task.bucketNs;
  // Rows of a block share one array per set: the same array, the same sample.
  const bySet = new Map<readonly LabelPair[] | undefined, ExtractedSample | null>();
  let lastSm: readonly LabelPair[] | undefined | null = null;
  let s: ExtractedSample | null = null;
  let run: ExtractedSample | null = null;
  let runAt = 0;
  let runSum = 0;
  let i = from;
  for (; i < to; i++) {
    const offset = ts[i]! + shift;
    if (offset > endOffset) break;
    const sm = smAt(block, i);
    if (sm !== lastSm) {
      lastSm = sm;
      const known = bySet.get(sm);
      s = known === undefined ? se.process(block.base + BigInt(ts[i]!), EMPTY, sm) : known;
      if (known === undefined) bySet.set(sm, s);
    }
    if (s === null) continue;
    if (bucket !== undefined && s.series.error === '') {
      // the run's bucket is (runAt - bucket, runAt]: a comparison, where finding a row's bucket takes a division
      if (s === run && offset <= runAt && offset > runAt - bucket) {
        runSum += s.value;
        continue;
      }
      if (run !== null) builder.addOffset(run.series, runAt, runSum);
      run = s;
      runAt = bucketEnd(offset, bucket);
      runSum = s.value;
      continue;
    }
    builder.addOffset(s.series, offset, s.value);
    endOffset = noteFailure(task, res, s, offset, endOffset);
  }
  if (run !== null) builder.addOffset(run.series, runAt, runSum);
  return i;
}

/**
 * The samples of rows [from, to) of a block when every row gives the same sample (se.smFree): each bucket's rows
 * are found by a binary search over the sorted times and added as one sum. Returns the row after the last one read.
 */
function sampleBucketRuns(
  se: StreamSampleExtractor, builder: SampleBatchBuilder, block: DecodedBlock, from: number, to: number, shift: number, endOffset: number, bucket: number,
): number {
  const ts = block.ts;
  if (from >= to) return from;
  const s = se.process(block.base + BigInt(ts[from]!), EMPTY, undefined);
  let i = from;
  while (i < to) {
    const offset = ts[i]! + shift;
    if (offset > endOffset) break;
    const at = bucketEnd(offset, bucket);
    // the first row past the bucket (or past endOffset)
    const last = Math.min(at, endOffset) - shift;
    let lo = i + 1;
    let hi = to;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ts[mid]! <= last) lo = mid + 1;
      else hi = mid;
    }
    if (s !== null) builder.addOffset(s.series, at, s.value * (lo - i));
    i = lo;
  }
  return i;
}

/**
 * Whether a task whose series labels hold `chars` after `read` rows is clearly on course to pass `maxBytes`: at
 * the same growth per row over the `left` rows of its current block, twice over. A template that writes a 200 KB
 * label per line is refused after a few lines, not after the 80 that fill 16 MiB; the ordinary case of rows that
 * each start a series of a few hundred characters would need some hundred thousand rows left in one block.
 */
function seriesOverBudget(chars: number, read: number, left: number, maxBytes: number): boolean {
  if (chars > maxBytes) return true;
  return read >= EXTRAPOLATE_AFTER && chars + (chars / read) * left > 2 * maxBytes;
}

/** Adds one part's samples to the builder; stops early, with res.overBytes set, past the task's maxBytes or on course to it. */
function scanPart(
  task: SampleTask, part: StreamRun, c: CompiledSampleQuery, se: StreamSampleExtractor, needle: Needle | undefined,
  builder: SampleBatchBuilder, res: SampleTaskResult, blocks: Iterable<RunBlock>,
): void {
  const deleted = deletedRowTest(c.deletes, part.labels);
  const needLines = c.needLines || deleted !== undefined;
  const first = task.startNs + 1n;
  let endOffset = Number(endOf(task, res) - task.startNs);
  for (const rb of blocks) {
    if (rb.taken) {
      sampleTaken(task, se, builder, res, rb.taken);
      continue;
    }
    const { block, loadSm } = rb;
    const from = lowerBound(block, first);
    const to = lowerBound(block, endOf(task, res) + 1n);
    if (from >= to) continue;
    // offsets relative to the batch base, exact: a query window is far below 2^53 ns
    const shift = Number(block.base - task.startNs);
    const ts = block.ts;
    /** one past the last row read: rows after a failing sample's window are not */
    let stop = to;
    if (!needLines && se.smFree && task.bucketNs !== undefined) {
      stop = sampleBucketRuns(se, builder, block, from, to, shift, endOffset, task.bucketNs);
    } else if (!needLines) {
      stop = sampleRowsBySet(task, res, se, builder, block, from, to, shift, endOffset);
      endOffset = Number(endOf(task, res) - task.startNs);
    } else {
      const rows = needle ? candidateRows(block, from, to, needle) : undefined;
      if (rows?.length) loadSm();
      const n = rows ? rows.length : to - from;
      for (let k = 0; k < n; k++) {
        const i = rows ? rows[k]! : from + k;
        const offset = ts[i]! + shift;
        if (offset > endOffset) {
          stop = i;
          break;
        }
        const rowTs = block.base + BigInt(ts[i]!);
        const line = lineAt(block, i);
        const sm = smAt(block, i);
        if (deleted?.(rowTs, line, sm)) continue;
        const s = se.process(rowTs, line, sm);
        if (s === null) continue;
        builder.addOffset(s.series, offset, s.value);
        endOffset = noteFailure(task, res, s, offset, endOffset);
        // only a pipeline (needLines) makes series per line, with labels as large as its templates write
        if (seriesOverBudget(builder.seriesKeyChars, res.lines + k + 1, n - k - 1, task.maxBytes)) {
          res.overBytes = true;
          return;
        }
      }
    }
    if (stop > from) {
      const ends = block.lineEnds!;
      res.lines += stop - from;
      res.bytes += ends[stop - 1]! - (from === 0 ? 0 : ends[from - 1]!);
    }
  }
}
