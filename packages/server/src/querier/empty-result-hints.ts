// Why a log query found nothing, where that can be told cheaply: Loki-style `warnings` that Grafana shows under
// the query. Label hints come from the label index alone; the JSON-escape hint re-runs the query once, limited to
// one line, only when its line filter holds non-ASCII text.
import { closestName } from '@logi/protocol';
import type { Expr, LineFilterStage, LogSelectorExpr, Matcher, SampleExpr } from '@logi/logql';
import { valuePredicate } from '../index/matchers.js';
import type { StreamIndex } from '../ingester/types.js';

/** Whether the query, changed as given, finds at least one line in the same range. */
export type FindsAny = (expr: LogSelectorExpr) => Promise<boolean>;

const NON_ASCII = /[^\x00-\x7f]/;

/** `\uXXXX` for every non-ASCII UTF-16 unit, as JSON encoders that ensure ASCII (Python's json, structlog) write it. */
export function jsonEscapeNonAscii(text: string): string {
  return text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A matcher that a stream lacking its label fails: the label's absence alone explains an empty answer. */
const needsLabel = (m: Matcher): boolean => (m.type === '=' || m.type === '=~') && !valuePredicate(m)('');

function labelHints(reader: StreamIndex, tenant: string, matchers: readonly Matcher[], from: bigint, to: bigint): string[] {
  const names = reader.labelNames(tenant, from, to);
  const hints: string[] = [];
  for (const m of matchers) {
    if (!needsLabel(m)) continue;
    if (!names.includes(m.name)) {
      const near = closestName(m.name, names);
      hints.push(`no stream has the label "${m.name}"${near ? `; did you mean "${near}"?` : ''}`);
      continue;
    }
    if (m.type !== '=') continue;
    const values = reader.labelValues(tenant, m.name, from, to);
    if (values.includes(m.value)) continue;
    const sameButCase = values.find((v) => v.toLowerCase() === m.value.toLowerCase());
    if (sameButCase !== undefined) hints.push(`${m.name}=${JSON.stringify(m.value)} matches no stream; the label ${m.name} has the value ${JSON.stringify(sameButCase)}`);
  }
  return hints;
}

/** The first `|= "…"` filter with non-ASCII text, and its position in the pipeline. */
function nonAsciiFilter(expr: LogSelectorExpr): { at: number; stage: LineFilterStage; needle: string } | undefined {
  for (const [at, stage] of expr.pipeline.entries()) {
    if (stage.kind !== 'line_filter' || stage.op !== '|=' || stage.items.length !== 1) continue;
    const item = stage.items[0]!;
    if (item.kind === 'string' && NON_ASCII.test(item.value)) return { at, stage, needle: item.value };
  }
  return undefined;
}

async function escapedTextHint(expr: LogSelectorExpr, findsAny: FindsAny): Promise<string[]> {
  const f = nonAsciiFilter(expr);
  if (!f) return [];
  const escaped = jsonEscapeNonAscii(f.needle);
  const pipeline = [...expr.pipeline];
  pipeline[f.at] = { ...f.stage, items: [{ kind: 'string', value: escaped }] };
  if (!(await findsAny({ ...expr, pipeline }))) return [];
  return [`the lines hold non-ASCII text JSON-escaped ("${escaped}"); ` +
    `try |= ${JSON.stringify(escaped)} or | json | <field>=${JSON.stringify(f.needle)}`];
}

const selectsNone = (reader: StreamIndex, tenant: string, matchers: Matcher[], from: bigint, to: bigint): boolean =>
  reader.selectStreams(tenant, matchers, from, to)[Symbol.iterator]().next().done === true;

/** The hints for a log query whose answer was empty over [from, to). */
export async function emptyResultHints(reader: StreamIndex, tenant: string, expr: LogSelectorExpr, from: bigint, to: bigint, findsAny: FindsAny): Promise<string[]> {
  if (selectsNone(reader, tenant, expr.matchers, from, to)) return labelHints(reader, tenant, expr.matchers, from, to);
  return escapedTextHint(expr, findsAny);
}

function selectorsOf(e: Expr, out: LogSelectorExpr[] = []): LogSelectorExpr[] {
  switch (e.kind) {
    case 'log_selector': out.push(e); break;
    case 'range_agg': out.push(e.range.selector); break;
    case 'vector_agg': case 'label_replace': selectorsOf(e.inner, out); break;
    case 'binary': selectorsOf(e.left, out); selectorsOf(e.right, out); break;
  }
  return out;
}

/** The label hints for a metric query whose answer was empty over [from, to): those of each selector that selects no stream. */
export function emptyMetricHints(reader: StreamIndex, tenant: string, expr: SampleExpr, from: bigint, to: bigint): string[] {
  const hints = new Set<string>();
  for (const s of selectorsOf(expr)) {
    if (selectsNone(reader, tenant, s.matchers, from, to)) for (const h of labelHints(reader, tenant, s.matchers, from, to)) hints.add(h);
  }
  return [...hints];
}
