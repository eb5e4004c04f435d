// One query may hold the same range aggregation many times (`sum(rate(X[1m])) / sum(rate(X[1m]))`, or a
// generated sum of 400 equal legs): the source is asked once per distinct request and every leg evaluates
// the same samples. Loki reads each leg; the answer is the same, the scan is not repeated.
import { formatExpr } from '../syntax/printer.js';
import type { SampleRequest, SampleSource } from './source.js';

export function shareSelects(source: SampleSource): SampleSource {
  const asked = new Map<string, ReturnType<SampleSource['select']>>();
  return {
    sumsBuckets: source.sumsBuckets,
    select(req: SampleRequest) {
      const key = JSON.stringify([formatExpr(req.expr), req.grouping ?? null, String(req.startNs), String(req.endNs), String(req.stepNs), req.bucketNs]);
      let answer = asked.get(key);
      if (answer === undefined) {
        answer = source.select(req);
        asked.set(key, answer);
      }
      return answer;
    },
  };
}
