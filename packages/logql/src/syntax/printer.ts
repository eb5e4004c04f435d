// The canonical text of a query: what Loki's Expr.String() prints (and format_query answers
// for queries up to 100 characters). Binary operations are always parenthesised, label
// filter combinations print as `( a , b )` / `( a or b )`, durations in Go/Prometheus form.
// A printed query parses back to the same AST; where Loki's own text cannot (non-finite
// literals, `ignoring ()` with group modifiers) we print an equivalent that can.

import { quoteGo } from '@logi/protocol';
import type {
  BinaryExpr, Expr, Grouping, LabelFilterExpr, LineFilterStage, LogRangeExpr, LogSelectorExpr, Matcher, NamedLabel, SampleExpr, Stage,
  Unwrap,
} from './ast.js';
import { formatGoFloat, formatGoFloatFixed, formatGoFloatShortestFixed, parseGoFloat } from './go-float.js';
import { formatBytesFilterValue, formatDuration, formatPromDuration } from './units.js';

export function formatExpr(e: Expr): string {
  return e.kind === 'log_selector' ? formatLogSelector(e) : formatSample(e);
}

export function formatMatcher(m: Matcher): string {
  return `${m.name}${m.type}${quoteGo(m.value)}`;
}

export function formatMatchers(ms: readonly Matcher[]): string {
  return `{${ms.map(formatMatcher).join(', ')}}`;
}

export function formatLogSelector(e: LogSelectorExpr): string {
  const sel = formatMatchers(e.matchers);
  return e.pipeline.length === 0 ? sel : `${sel} ${e.pipeline.map(formatStage).join(' ')}`;
}

export function formatLineFilter(f: LineFilterStage): string {
  const item = (i: LineFilterStage['items'][number]): string => (i.kind === 'ip' ? `ip(${quoteGo(i.value)})` : quoteGo(i.value));
  return `${f.op} ${f.items.map(item).join(' or ')}`;
}

const named = (labels: readonly NamedLabel[]): string => labels.map((l) => (l.matcher ? formatMatcher(l.matcher) : l.name)).join(',');
const params = (ps: readonly { label: string; expr?: string }[]): string => ps.map((p) => `${p.label}=${quoteGo(p.expr ?? p.label)}`).join(',');

/** One pipeline stage as Loki prints it (`| json`, `|= "x" or "y"`, `| level="error"`). */
export function formatStage(s: Stage): string {
  switch (s.kind) {
    case 'line_filter': return formatLineFilter(s);
    case 'json': return s.params.length === 0 ? '| json' : `| json ${params(s.params)}`;
    case 'logfmt': {
      const flags = (s.strict ? ' --strict' : '') + (s.keepEmpty ? ' --keep-empty' : '');
      return s.params.length === 0 ? `| logfmt${flags}` : `| logfmt${flags} ${params(s.params)}`;
    }
    case 'regexp': return `| regexp ${quoteGo(s.pattern)}`;
    case 'pattern': return `| pattern ${quoteGo(s.pattern)}`;
    case 'unpack': return '| unpack';
    case 'label_filter': return `| ${formatLabelFilter(s.filter)}`;
    case 'line_format': return `| line_format ${quoteGo(s.template)}`;
    case 'label_format':
      return `| label_format ${s.items.map((i) => `${i.dst}=${i.src !== undefined ? i.src : quoteGo(i.template ?? '')}`).join(',')}`;
    case 'decolorize': return '| decolorize';
    case 'drop': return `| drop ${named(s.labels)}`;
    case 'keep': return `| keep ${named(s.labels)}`;
  }
}

export function formatLabelFilter(f: LabelFilterExpr): string {
  switch (f.kind) {
    case 'matcher': return formatMatcher(f.matcher);
    case 'numeric': return `${f.name}${f.op}${formatGoFloatShortestFixed(f.value)}`;
    case 'duration': return `${f.name}${f.op}${formatDuration(f.value)}`;
    case 'bytes': return `${f.name}${f.op}${formatBytesFilterValue(f.value)}`;
    case 'ip': return `${f.name}${f.op}ip(${quoteGo(f.pattern)})`;
    case 'binary': return `( ${formatLabelFilter(f.left)} ${f.op === 'and' ? ',' : 'or'} ${formatLabelFilter(f.right)} )`;
    case 'paren': return formatLabelFilter(f.inner);
  }
}

export function formatUnwrap(u: Unwrap): string {
  const head = u.conversion === '' ? ` | unwrap ${u.label}` : ` | unwrap ${u.conversion}(${u.label})`;
  return head + u.postFilters.map((f) => ` | ${formatLabelFilter(f)}`).join('');
}

export function formatLogRange(r: LogRangeExpr): string {
  return `${formatLogSelector(r.selector)}${r.unwrap ? formatUnwrap(r.unwrap) : ''}[${formatPromDuration(r.range)}]${r.offset !== 0 ? ` offset ${formatDuration(r.offset)}` : ''}`;
}

export function formatGrouping(g: Grouping): string {
  return ` ${g.without ? 'without' : 'by'} (${g.labels.join(',')})`;
}

/** A literal as Loki prints it (fmt %v); non-finite values as expressions that fold back to them. */
export function formatLiteral(v: number): string {
  if (Number.isNaN(v)) return '(0/0)';
  if (v === Infinity) return '(2^1024)';
  if (v === -Infinity) return '(0-2^1024)';
  // `-0` lexes as a duration in Loki
  if (Object.is(v, -0)) return '(0 * -1)';
  return formatGoFloat(v);
}

function formatVectorValue(v: number): string {
  // Loki prints %f; when six decimals lose the value, the shortest exact text is used instead
  const fixed = formatGoFloatFixed(v, 6);
  return parseGoFloat(fixed).value === v ? fixed : formatGoFloat(v);
}

/**
 * An operator with its modifiers. Expr.String() style prints any on/ignoring list joined by
 * `,`; the pretty style (format_query) joins with `, ` and drops an empty one. Before a right
 * operand that starts with `(`, a bare group_left/group_right gets `()` (Loki prints nothing
 * there, and its text then reads the operand as the label list).
 */
export function formatBinaryOp(e: BinaryExpr, rightText: string, pretty = false): string {
  let op: string = e.op;
  if (e.returnBool) op += ' bool';
  const m = e.matching;
  const sep = pretty ? ', ' : ',';
  if (m && (!pretty || m.labels.length > 0)) {
    let group = m.card === 'many-to-one' ? 'group_left' : m.card === 'one-to-many' ? 'group_right' : '';
    if (m.include.length > 0) group += ` (${m.include.join(sep)})`;
    else if (group !== '' && rightText.trimStart().startsWith('(')) group += ' ()';
    op += ` ${m.on ? 'on' : 'ignoring'} (${m.labels.join(sep)}) ${group}`;
  }
  return op;
}

export function formatSample(e: SampleExpr): string {
  switch (e.kind) {
    case 'range_agg':
      return `${e.op}(${e.param !== undefined ? formatGoFloatShortestFixed(e.param) + ',' : ''}${formatLogRange(e.range)})${e.grouping ? formatGrouping(e.grouping) : ''}`;
    case 'vector_agg': {
      const g = e.grouping && (e.grouping.without || e.grouping.labels.length > 0) ? formatGrouping(e.grouping) : '';
      const k = e.param !== undefined ? `${e.param},` : '';
      return `${e.op}${g}(${k}${formatSample(e.inner)})`;
    }
    case 'binary': {
      const right = formatSample(e.right);
      return `(${formatSample(e.left)} ${formatBinaryOp(e, right)} ${right})`;
    }
    case 'literal': return formatLiteral(e.value);
    case 'vector': return `vector(${formatVectorValue(e.value)})`;
    case 'label_replace':
      return `label_replace(${formatSample(e.inner)},${[e.dst, e.replacement, e.src, e.regex].map(quoteGo).join(',')})`;
  }
}
