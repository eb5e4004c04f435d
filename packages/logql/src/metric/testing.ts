// Test helpers (used by the *.test.ts files only): AST builders and a fake sample source that
// stands in for the querier plus log pipeline, over entries whose labels are already final.
import RE2 from 're2';
import { formatLabels, sortLabels, type LabelPair } from '@logi/protocol';
import type {
  BinOp,
  BinaryExpr,
  Grouping,
  MatchType,
  Matcher,
  RangeAggregationExpr,
  RangeOp,
  SampleExpr,
  VectorAggregationExpr,
  VectorMatching,
  VectorOp,
} from '../syntax/ast.js';
import { SampleBatchBuilder } from './sample-batch.js';
import type { SampleBatch, SampleRequest, SampleSource } from './source.js';

export const SECOND = 1_000_000_000n;

/** `[name, op, value]` triples, e.g. `['app', '=', 'web']`. */
export type MatcherSpec = [string, MatchType, string];

export function matchers(specs: readonly MatcherSpec[]): Matcher[] {
  return specs.map(([name, type, value]) => ({ name, type, value }));
}

export interface RangeOptions {
  offsetS?: number;
  unwrap?: string;
  grouping?: Grouping;
  param?: number;
  /** `|= "text"`: FakeSource keeps entries whose `line` contains it. */
  contains?: string;
}

export function range(op: RangeOp, selector: readonly MatcherSpec[], rangeS: number, o: RangeOptions = {}): RangeAggregationExpr {
  return {
    kind: 'range_agg',
    op,
    range: {
      kind: 'log_range',
      selector: {
        kind: 'log_selector',
        matchers: matchers(selector),
        pipeline:
          o.contains === undefined ? [] : [{ kind: 'line_filter', op: '|=', items: [{ kind: 'string', value: o.contains }] }],
      },
      range: rangeS * 1e9,
      offset: (o.offsetS ?? 0) * 1e9,
      ...(o.unwrap !== undefined ? { unwrap: { label: o.unwrap, conversion: '', postFilters: [] } } : {}),
    },
    ...(o.param !== undefined ? { param: o.param } : {}),
    ...(o.grouping !== undefined ? { grouping: o.grouping } : {}),
  };
}

export const by = (...labels: string[]): Grouping => ({ without: false, labels });
export const without = (...labels: string[]): Grouping => ({ without: true, labels });

export function agg(op: VectorOp, inner: SampleExpr, grouping?: Grouping, param?: number): VectorAggregationExpr {
  return { kind: 'vector_agg', op, inner, ...(grouping ? { grouping } : {}), ...(param !== undefined ? { param } : {}) };
}

export function bin(op: BinOp, left: SampleExpr, right: SampleExpr, o: { bool?: boolean; matching?: VectorMatching } = {}): BinaryExpr {
  return { kind: 'binary', op, left, right, returnBool: o.bool ?? false, ...(o.matching ? { matching: o.matching } : {}) };
}

export const lit = (value: number): SampleExpr => ({ kind: 'literal', value });
export const vec = (value: number): SampleExpr => ({ kind: 'vector', value });

/** One extracted sample: final series labels (stream + parsed + error labels), time, value. */
export interface FakeEntry {
  labels: Record<string, string>;
  ts: bigint;
  value?: number;
  line?: string;
}

/** Entries `count` times, `stepNs` apart from `firstNs` (to reproduce a counted total). */
export function repeat(labels: Record<string, string>, count: number, firstNs: bigint, stepNs: bigint): FakeEntry[] {
  return Array.from({ length: count }, (_, i) => ({ labels, ts: firstNs + BigInt(i) * stepNs }));
}

/**
 * Serves the entries whose labels match the request's selector (and whose `line` contains the
 * text of every `|=` stage), inside (startNs, endNs], with
 * the labels reduced by the request's grouping the way Loki's extractor does (not for samples
 * carrying an error, which keep every label). Records every request.
 */
export class FakeSource implements SampleSource {
  readonly requests: SampleRequest[] = [];
  readonly #entries: readonly FakeEntry[];

  constructor(entries: readonly FakeEntry[]) {
    this.#entries = entries;
  }

  select(request: SampleRequest): SampleBatch {
    this.requests.push(request);
    const selector = request.expr.range.selector;
    const matches = selectorTest(selector.matchers);
    const needles = selector.pipeline.flatMap((st) => (st.kind === 'line_filter' ? st.items.map((i) => i.value) : []));
    const builder = new SampleBatchBuilder(request.startNs);
    for (const e of this.#entries) {
      if (e.ts <= request.startNs || e.ts > request.endNs) continue;
      if (!matches(e.labels)) continue;
      if (!needles.every((n) => (e.line ?? '').includes(n))) continue;
      const labels = reduce(sortLabels(Object.entries(e.labels)), request.grouping);
      builder.add({ key: formatLabels(labels), labels }, e.ts, e.value ?? 1);
    }
    return builder.build();
  }
}

/** Whether stream labels satisfy every matcher of a selector. */
export function selectorTest(ms: readonly Matcher[]): (labels: Record<string, string>) => boolean {
  const tests = ms.map((m) => matcherTest(m));
  return (labels) => tests.every((test) => test(labels));
}

function matcherTest(m: Matcher): (labels: Record<string, string>) => boolean {
  const re = new RE2(`^(?:${m.value})$`, 'su');
  switch (m.type) {
    case '=':
      return (l) => (l[m.name] ?? '') === m.value;
    case '!=':
      return (l) => (l[m.name] ?? '') !== m.value;
    case '=~':
      return (l) => re.test(l[m.name] ?? '');
    case '!~':
      return (l) => !re.test(l[m.name] ?? '');
  }
}

function reduce(pairs: LabelPair[], grouping: Grouping | undefined): LabelPair[] {
  if (grouping === undefined || pairs.some((p) => p[0] === '__error__')) return pairs;
  return pairs.filter((p) => grouping.labels.includes(p[0]) !== grouping.without);
}
