// A log task, in a scan worker: the run's rows in the query direction through the pipeline, stopping at
// the task's limit. Rows are taken exactly as the single-threaded reading did (ties in arrival order).
import type { LogPipeline } from '@logi/logql';
import { deletedRowTest, type CompiledDelete } from './delete-filter.js';
import type { LogEntryOut } from './log-result.js';
import { rowsContaining } from './line-needles.js';
import { entryBytes } from './result-bytes.js';
import { runBlocks } from './scan-blocks.js';
import type { ObjectStore } from '../storage/object/object-store.js';
import type { LogTask, LogTaskResult } from './scan-task.js';
import { lineAt, lowerBound, smAt } from './stream-rows.js';

/** Entries kept before their size is extrapolated over the rows left (see overBudget). */
const EXTRAPOLATE_AFTER = 8;

/**
 * Whether a task that kept `kept` entries of `held` bytes from the first `passed` rows in range is clearly on course
 * to pass `maxBytes`: the entries still to keep from the `left` rows in range ahead in its current block (as many as
 * the limit allows, at the rate kept so far) would, at the average size so far, hold twice the bound. Only the current
 * block's rows are known to be in the query's range, so later blocks are not counted. A template that writes 200 KB
 * per line is refused after a few lines, not after formatting the hundreds that fill the bound.
 */
function overBudget(held: number, kept: number, passed: number, left: number, limit: number, maxBytes: number): boolean {
  if (kept < EXTRAPOLATE_AFTER) return false;
  const ahead = Math.min(limit - kept, (kept / passed) * left);
  return held + (held / kept) * ahead > 2 * maxBytes;
}

export interface CompiledLogQuery {
  pipeline: LogPipeline;
  needle: Buffer | undefined;
  deletes: CompiledDelete[];
}

export async function scanLog(task: LogTask, c: CompiledLogQuery, objects: ObjectStore): Promise<LogTaskResult> {
  const sp = c.pipeline.forStream(task.labels);
  const deleted = deletedRowTest(c.deletes, task.labels);
  const res: LogTaskResult = { kind: 'log', entries: [], lines: 0, bytes: 0 };
  const out = res.entries;
  const { forward, limit } = task;
  if (limit <= 0) return res;
  let held = 0;
  let read = 0;
  // rows in range passed in finished blocks
  let passedBefore = 0;
  const blocks = await runBlocks(task.run, { lines: true, sm: !c.needle, fromNs: task.fromNs, toNs: task.toNs }, forward, objects, task.skipBlocks);
  for (const { block, loadSm, next } of blocks) {
    read++;
    const from = lowerBound(block, task.fromNs);
    const to = lowerBound(block, task.toNs + 1n);
    if (from < to) {
      const ends = block.lineEnds!;
      res.lines += to - from;
      res.bytes += ends[to - 1]! - (from === 0 ? 0 : ends[from - 1]!);
    }
    const rows = from < to && c.needle ? rowsContaining(block, from, to, c.needle) : undefined;
    if (rows?.length) loadSm();
    const n = from >= to ? 0 : rows ? rows.length : to - from;
    for (let k = 0; k < n; k++) {
      const j = forward ? k : n - 1 - k;
      const i = rows ? rows[j]! : from + j;
      const ts = block.base + BigInt(block.ts[i]!);
      const line = lineAt(block, i);
      const sm = smAt(block, i);
      if (deleted?.(ts, line, sm)) continue;
      const r = sp.process(ts, line, sm);
      if (r === null) continue;
      const l = r.labels;
      const entry: LogEntryOut = {
        ts, line: typeof r.line === 'string' ? r.line : r.line.toString('utf8'),
        stream: l.stream, streamKey: l.streamKey, sm: l.structuredMetadata, parsed: l.parsed, fullKey: l.key,
      };
      held += entryBytes(entry);
      const passedHere = forward ? i - from + 1 : to - i;
      if (held > task.maxBytes || overBudget(held, out.length + 1, passedBefore + passedHere, to - from - passedHere, limit, task.maxBytes)) {
        out.length = 0;
        res.overBytes = true;
        return res;
      }
      out.push(entry);
      if (out.length >= limit) return res;
    }
    passedBefore += Math.max(0, to - from);
    // a piece of the run is done: the query may know enough by now to skip the rest
    if (next !== undefined && res.lines >= task.pieceLines) {
      res.resume = { skipBlocks: task.skipBlocks + read, minTs: next.minTs, maxTs: next.maxTs };
      return res;
    }
  }
  return res;
}
