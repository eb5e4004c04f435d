// Runs one scan task: in a scan worker, or inline when no worker can run. Each thread compiles a query's
// text once (per queryId) and keeps it until the query is over: a finished query's pipeline caches, kept
// alive, made every later scan's garbage collection slower (a full scan went from 1.0 to 1.3 s).
import { batchTransferList, compileLogPipeline, compileSampleExtractor, parseExpr } from '@logi/logql';
import { openObjectStore } from '../storage/object/open-store.js';
import { compileDeletes } from './delete-filter.js';
import { requiredNeedle } from './line-needles.js';
import { scanLog, type CompiledLogQuery } from './scan-log.js';
import { scanSamples, type CompiledSampleQuery } from './scan-samples.js';
import type { LogTask, SampleTask, ScanResult, ScanTask } from './scan-task.js';

/** Range functions whose samples need neither the line nor a parsed label when there is no pipeline. */
const LINE_FREE_OPS = new Set(['count_over_time', 'rate', 'absent_over_time']);
// A bound for queries whose end was never announced (a query that failed between tasks, say).
const KEEP_COMPILED = 8;

const compiled = new Map<number, CompiledLogQuery | CompiledSampleQuery>();

function remember<C extends CompiledLogQuery | CompiledSampleQuery>(queryId: number, compile: () => C): C {
  const hit = compiled.get(queryId);
  if (hit) return hit as C;
  const c = compile();
  compiled.set(queryId, c);
  if (compiled.size > KEEP_COMPILED) compiled.delete(compiled.keys().next().value!);
  return c;
}

/** Drops what this thread compiled for a query that is over. */
export function forgetQuery(queryId: number): void {
  compiled.delete(queryId);
}

function compileLog(task: LogTask): CompiledLogQuery {
  const expr = parseExpr(task.query);
  if (expr.kind !== 'log_selector') throw new Error(`BUG: log task with a ${expr.kind} query`);
  return { pipeline: compileLogPipeline(expr.pipeline), needle: requiredNeedle(expr.pipeline), deletes: compileDeletes(task.deletes) };
}

function compileSamples(task: SampleTask): CompiledSampleQuery {
  const expr = parseExpr(task.query);
  if (expr.kind !== 'range_agg') throw new Error(`BUG: sample task with a ${expr.kind} query`);
  const range = expr.range;
  return {
    extractor: compileSampleExtractor(range, expr.op, { grouping: task.grouping }),
    needLines: range.selector.pipeline.length > 0 || range.unwrap !== undefined || !LINE_FREE_OPS.has(expr.op),
    needle: requiredNeedle(range.selector.pipeline),
    deletes: compileDeletes(task.deletes),
  };
}

/** The result and the buffers to transfer with it. */
export async function runScanTask(task: ScanTask): Promise<{ result: ScanResult; transfer: ArrayBuffer[] }> {
  const objects = openObjectStore(task.objects);
  if (task.kind === 'log') return { result: await scanLog(task, remember(task.queryId, () => compileLog(task)), objects), transfer: [] };
  const result = await scanSamples(task, remember(task.queryId, () => compileSamples(task)), objects);
  return { result, transfer: batchTransferList(result.batch) };
}
