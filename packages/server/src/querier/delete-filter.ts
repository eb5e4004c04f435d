// Delete requests applied while scanning: a row of a stream a request's selector matches, inside the
// request's time range, that the request's pipeline keeps, is dropped before the query's own pipeline sees
// it. Compiled once per query in each scan thread; a stream no request touches pays nothing.
import { compileLogPipeline, parseExpr, type StreamPipeline } from '@logi/logql';
import type { LabelPair } from '@logi/protocol';
import type { DeleteFilter } from '../compactor/delete-requests.js';
import { compileMatchers, type LabelPredicate } from '../index/matchers.js';

export interface CompiledDelete {
  selects: LabelPredicate;
  pipeline: ReturnType<typeof compileLogPipeline>;
  startNs: bigint;
  endNs: bigint;
}

/** True when the row is deleted. */
export type DeletedRow = (ts: bigint, line: Buffer, sm: readonly LabelPair[] | undefined) => boolean;

export function compileDeletes(filters: readonly DeleteFilter[] | undefined): CompiledDelete[] {
  return (filters ?? []).map((f) => {
    const expr = parseExpr(f.query);
    if (expr.kind !== 'log_selector') throw new Error(`BUG: delete request with a ${expr.kind} query`);
    return { selects: compileMatchers(expr.matchers), pipeline: compileLogPipeline(expr.pipeline), startNs: f.startNs, endNs: f.endNs };
  });
}

/** The deleted-row test for one stream, or undefined when no request selects it. */
export function deletedRowTest(deletes: readonly CompiledDelete[], labels: readonly LabelPair[]): DeletedRow | undefined {
  const mine: { d: CompiledDelete; sp: StreamPipeline }[] = [];
  for (const d of deletes) if (d.selects(labels)) mine.push({ d, sp: d.pipeline.forStream(labels) });
  if (mine.length === 0) return undefined;
  return (ts, line, sm) => mine.some(({ d, sp }) => ts >= d.startNs && ts <= d.endNs && sp.process(ts, line, sm) !== null);
}
