// Whether a LogQL expression yields lines or samples, read with Grafana's LogQL grammar. The grammar is a chunk of
// its own (import() of this module): a dashboard's first frame does not wait for it.
import { parser } from '@grafana/lezer-logql';

/** A log query yields lines (its top expression is a LogExpr), a metric query yields samples. */
export function isLogQuery(expr: string): boolean {
  const top = parser.parse(expr).topNode.firstChild?.firstChild;
  return top?.name === 'LogExpr';
}
