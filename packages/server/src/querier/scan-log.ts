// A log task, in a scan worker: the run's rows in the query direction through the pipeline, stopping at
// the task's limit. Rows are taken exactly as the single-threaded reading did (ties in arrival order).
import type { LabelsResult, LogPipeline } from '@logi/logql';
import { deletedRowTest, type CompiledDelete } from './delete-filter.js';
import { entryLabelsJSON, type LabelsJSONMode } from './entry-json.js';
import { NO_PAIRS, pairsEntry, type LogEntryOut } from './log-result.js';
import { candidateRows, needleForStream, type Needle } from './line-needles.js';
import { beyondCutoff } from './limit-cutoff.js';
import { TaskBudget } from './query-budget.js';
import { entryBytes } from './result-bytes.js';
import { runBlocks } from './scan-blocks.js';
import type { ObjectStore } from '../storage/object/object-store.js';
import type { LogTask, LogTaskResult } from './scan-task.js';
import { lineAt, lowerBound, rowsBytes, runSpan, smAt } from './stream-rows.js';

export interface CompiledLogQuery {
  pipeline: LogPipeline;
  needle: Needle | undefined;
  deletes: CompiledDelete[];
}

/** Entries with their labels as pairs, or as JSON text (the labels of consecutive entries written once when they are the same). */
function entryMaker(mode: LabelsJSONMode | undefined): (ts: bigint, line: string, l: LabelsResult) => LogEntryOut {
  if (mode === undefined) return pairsEntry;
  let last: LabelsResult | undefined;
  let json = '';
  return (ts, line, l) => {
    if (l !== last) {
      last = l;
      json = entryLabelsJSON(mode, { stream: l.stream, sm: l.structuredMetadata, parsed: l.parsed, all: l.labels });
    }
    return { ts, line, stream: l.stream, streamKey: l.streamKey, sm: NO_PAIRS, parsed: NO_PAIRS, fullKey: l.key, labelsJSON: json };
  };
}

export async function scanLog(task: LogTask, c: CompiledLogQuery, objects: ObjectStore): Promise<LogTaskResult> {
  const res: LogTaskResult = { kind: 'log', entries: [], lines: 0, bytes: 0 };
  if (task.limit <= 0) return res;
  // the task's estimate of what is ahead of it leaves the query's count however the task ends
  const budget = new TaskBudget(task.budget, task.maxBytes, task.limit);
  try {
    return await scanRun(task, c, objects, res, budget);
  } finally {
    budget.end();
  }
}

async function scanRun(task: LogTask, c: CompiledLogQuery, objects: ObjectStore, res: LogTaskResult, budget: TaskBudget): Promise<LogTaskResult> {
  const sp = c.pipeline.forStream(task.labels);
  const needle = needleForStream(c.needle, task.labels);
  const deleted = deletedRowTest(c.deletes, task.labels);
  const out = res.entries;
  const { forward, limit } = task;
  const entryOf = entryMaker(task.labelsJSON);
  let read = 0;
  // A task sent while others were still running (several per worker over a remote store) may find its whole run
  // beyond a cutoff found meanwhile: then nothing of it is fetched.
  const span = runSpan(task.run);
  if (beyondCutoff(task.cut, forward ? span.minTs : span.maxTs, forward)) return res;
  const blocks = await runBlocks(task.run, { lines: true, sm: needle === undefined || needle.label !== undefined, fromNs: task.fromNs, toNs: task.toNs }, forward, objects, { skip: task.skipBlocks, transientLines: needle !== undefined });
  for (const { block, loadSm, next, merged } of blocks) {
    read++;
    const from = lowerBound(block, task.fromNs);
    const to = lowerBound(block, task.toNs + 1n);
    if (from >= to) continue;
    // rows in range of the blocks before this one
    const before = res.lines;
    res.lines += to - from;
    res.bytes += rowsBytes(block, from, to);
    /** Takes back the block's rows from row i on, in the query direction: this task did not read them. */
    const unreadFrom = (i: number): void => {
      const [a, b] = forward ? [i, to] : [from, i + 1];
      if (a >= b) return;
      res.lines -= b - a;
      res.bytes -= rowsBytes(block, a, b);
    };
    const rows = needle ? candidateRows(block, from, to, needle) : undefined;
    if (rows?.length) loadSm();
    const n = rows ? rows.length : to - from;
    const rowAt = (k: number): number => {
      const j = forward ? k : n - 1 - k;
      return rows ? rows[j]! : from + j;
    };
    const tsAt = (i: number): bigint => block.base + BigInt(block.ts[i]!);
    for (let k = 0; k < n; k++) {
      const i = rowAt(k);
      const ts = tsAt(i);
      // Rows come in the query direction: past the cutoff, the rest of the run is too. Rows a needle
      // search passed over were read.
      if (beyondCutoff(task.cut, ts, forward)) {
        if (!rows) unreadFrom(i);
        return res;
      }
      const passedHere = forward ? i - from + 1 : to - i;
      const line = lineAt(block, i);
      const sm = smAt(block, i);
      if (!deleted?.(ts, line, sm)) {
        const r = sp.process(ts, line, sm);
        if (r !== null) {
          const entry = entryOf(ts, typeof r.line === 'string' ? r.line : r.line.toString('utf8'), r.labels);
          if (budget.keep(entryBytes(entry), before + passedHere, to - from - passedHere)) {
            out.length = 0;
            res.overBytes = true;
            return res;
          }
          out.push(entry);
          if (out.length >= limit) return res;
        }
      }
      // A piece may end inside a block, between two times (rows of one time are read by one task): the
      // next task reads the run from the next time on, so a block of 1,000 rows kept whole by a query
      // with no filter is not built twice over when half of it is enough. Not inside a merged run, which
      // the next task would merge again whole.
      if (!merged && before + passedHere >= task.pieceLines && k + 1 < n && tsAt(rowAt(k + 1)) !== ts) {
        unreadFrom(forward ? i + 1 : i - 1);
        res.resume = forward ? { skipBlocks: 0, minTs: ts + 1n, maxTs: ts + 1n, byTime: true } : { skipBlocks: 0, minTs: ts - 1n, maxTs: ts - 1n, byTime: true };
        return res;
      }
    }
    // a piece of the run is done: the query may know enough by now to skip the rest
    if (next !== undefined && res.lines >= task.pieceLines) {
      res.resume = { skipBlocks: task.skipBlocks + read, minTs: next.minTs, maxTs: next.maxTs };
      return res;
    }
  }
  return res;
}
