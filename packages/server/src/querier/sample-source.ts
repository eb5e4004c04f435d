import { compileSampleExtractor, SampleBatchBuilder, type SampleBatch, type SampleRequest, type SampleSource } from '@logi/logql';
import type { Ingester } from '../ingester/types.js';
import type { QueryStats } from './log-result.js';
import { lineAt, lowerBound, overlapRuns, readRun, smAt } from './stream-rows.js';

const EMPTY = Buffer.alloc(0);
/** Range functions whose samples need neither the line nor a parsed label when there is no pipeline. */
const LINE_FREE_OPS = new Set(['count_over_time', 'rate', 'absent_over_time']);

/**
 * The metric evaluator's view of storage: for one range aggregation, every sample in (start, end],
 * produced by the log pipeline and sample extractor over each matching stream. Line bodies are not
 * read when nothing needs them (count_over_time/rate without a pipeline read only timestamps and metadata).
 */
export class StoreSampleSource implements SampleSource {
  #ingester: Ingester;
  #tenant: string;
  readonly stats: QueryStats = { bytesProcessed: 0, linesProcessed: 0, chunksRef: 0, execTimeSec: 0 };

  constructor(ingester: Ingester, tenant: string) {
    this.#ingester = ingester;
    this.#tenant = tenant;
  }

  select(req: SampleRequest): SampleBatch {
    const range = req.expr.range;
    const extractor = compileSampleExtractor(range, req.expr.op, { grouping: req.grouping });
    const needLines = range.selector.pipeline.length > 0 || range.unwrap !== undefined || !LINE_FREE_OPS.has(req.expr.op);
    const first = req.startNs + 1n;
    const builder = new SampleBatchBuilder(req.startNs);
    for (const stream of this.#ingester.selectStreams(this.#tenant, range.selector.matchers, first, req.endNs)) {
      const se = extractor.forStream(stream.labels);
      const sources = this.#ingester.chunkSources(this.#tenant, stream.id, first, req.endNs);
      this.stats.chunksRef += sources.length;
      for (const run of overlapRuns(sources)) {
        const block = readRun(run, { lines: needLines, sm: true });
        const from = lowerBound(block, first);
        const to = lowerBound(block, req.endNs + 1n);
        this.stats.linesProcessed += to - from;
        // offsets relative to the batch base, exact: a query window is far below 2^53 ns
        const shift = Number(block.base - req.startNs);
        for (let i = from; i < to; i++) {
          const line = needLines ? lineAt(block, i) : EMPTY;
          this.stats.bytesProcessed += line.length;
          const s = se.process(block.base + BigInt(block.ts[i]!), line, smAt(block, i));
          if (s !== null) builder.addOffset(s.series, block.ts[i]! + shift, s.value);
        }
      }
    }
    return builder.build();
  }
}
