// Loki's query formatter (syntax.Prettify, the answer of /loki/api/v1/format_query): an
// expression whose canonical text fits in 100 bytes prints as formatExpr does; a longer one
// is split over lines, two spaces of indent per level. Its quirks are kept: `| decolorize`
// is never indented, a split binary operation loses its parentheses and any `on ()` without
// labels, a split line filter keeps only its first `or` alternative, `[range]` gets a space.

import { quoteGo } from '@logi/protocol';
import type { Expr, Grouping, LineFilterStage, LogRangeExpr, LogSelectorExpr, SampleExpr, Stage, Unwrap } from './ast.js';
import { formatGoFloat } from './go-float.js';
import { formatBinaryOp, formatLabelFilter, formatLineFilter, formatLogSelector, formatMatchers, formatSample, formatStage } from './printer.js';
import { formatPromDuration } from './units.js';

const MAX_CHARS_PER_LINE = 100;

const indent = (level: number): string => '  '.repeat(level);
const needSplit = (text: string): boolean => Buffer.byteLength(text, 'utf8') > MAX_CHARS_PER_LINE;

export function prettyExpr(e: Expr): string {
  return e.kind === 'log_selector' ? prettySelector(e, 0) : prettySample(e, 0);
}

/** Loki's pipeline stages: consecutive line filters are one stage. */
function lokiStages(pipeline: readonly Stage[]): (Stage | LineFilterStage[])[] {
  const out: (Stage | LineFilterStage[])[] = [];
  for (const s of pipeline) {
    const last = out[out.length - 1];
    if (s.kind === 'line_filter' && Array.isArray(last)) last.push(s);
    else out.push(s.kind === 'line_filter' ? [s] : s);
  }
  return out;
}

function prettySelector(e: LogSelectorExpr, level: number): string {
  const text = formatLogSelector(e);
  if (e.pipeline.length === 0 || !needSplit(text)) return indent(level) + text;
  const stages = lokiStages(e.pipeline).map((s) => (Array.isArray(s) ? prettyLineFilters(s, level + 1) : prettyStage(s, level + 1)));
  return `${indent(level)}${formatMatchers(e.matchers)}\n${stages.join('\n')}`;
}

function prettyStage(s: Stage, level: number): string {
  return s.kind === 'decolorize' ? formatStage(s) : indent(level) + formatStage(s);
}

function prettyLineFilters(fs: readonly LineFilterStage[], level: number): string {
  const text = fs.map(formatLineFilter).join(' ');
  if (!needSplit(text)) return indent(level) + text;
  const last = fs[fs.length - 1]!;
  const head = fs.length > 1 ? prettyLineFilters(fs.slice(0, -1), level) + '\n' : '';
  return `${head}${indent(level)}${formatLineFilter({ ...last, items: last.items.slice(0, 1) })}`;
}

function prettyUnwrap(u: Unwrap, level: number): string {
  const head = u.conversion === '' ? `| unwrap ${u.label}` : `| unwrap ${u.conversion}(${u.label})`;
  return indent(level) + head + u.postFilters.map((f) => `\n${indent(level)}| ${formatLabelFilter(f)}`).join('');
}

function prettyRange(r: LogRangeExpr, level: number): string {
  let s = prettySelector(r.selector, level);
  if (r.unwrap) s += '\n' + prettyUnwrap(r.unwrap, level + 1);
  s += ` [${formatPromDuration(r.range)}]`;
  // Prometheus' duration text is empty for negative values
  if (r.offset !== 0) s += ` offset ${r.offset < 0 ? '' : formatPromDuration(r.offset)}`;
  return s;
}

function prettyGrouping(g: Grouping): string {
  const kw = g.without ? ' without' : g.labels.length > 0 ? ' by' : '';
  return kw + (g.labels.length > 0 ? ` (${g.labels.join(', ')})` : '');
}

function prettySample(e: SampleExpr, level: number): string {
  const text = formatSample(e);
  if (!needSplit(text)) return indent(level) + text;
  switch (e.kind) {
    case 'range_agg': {
      const param = e.param !== undefined ? `${indent(level + 1)}${formatGoFloat(e.param)},\n` : '';
      return `${indent(level)}${e.op}(\n${param}${prettyRange(e.range, level + 1)}\n${indent(level)})${e.grouping ? prettyGrouping(e.grouping) : ''}`;
    }
    case 'vector_agg': {
      const args = [prettySample(e.inner, level + 1)];
      if (e.param !== undefined) args.unshift(`${indent(level + 1)}${e.param}`);
      return `${indent(level)}${e.op}${e.grouping ? prettyGrouping(e.grouping) : ''}(\n${args.join(',\n')}\n${indent(level)})`;
    }
    case 'binary': {
      const right = prettySample(e.right, level + 1);
      return `${prettySample(e.left, level + 1)}\n${indent(level)}${formatBinaryOp(e, right, true)}\n${right}`;
    }
    case 'label_replace': {
      const args = [prettySample(e.inner, level + 1), ...[e.dst, e.replacement, e.src, e.regex].map((s) => indent(level + 1) + quoteGo(s))];
      return `${indent(level)}label_replace(\n${args.join(',\n')}\n${indent(level)})`;
    }
    default:
      return indent(level) + text;
  }
}

