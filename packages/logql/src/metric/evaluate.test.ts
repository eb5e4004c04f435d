// LogQL spec §9 examples 30-52 over hand-built samples (the log pipeline's output for each query).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateInstant, evaluateRange } from './evaluate.js';
import { QueryError } from './errors.js';
import type { MetricResult } from './result.js';
import type { SampleExpr } from '../syntax/ast.js';
import { agg, bin, by, FakeSource, lit, range, SECOND, vec, type FakeEntry } from './testing.js';

const T0 = 1699999200n * SECOND;
const at = (s: number): bigint => T0 + BigInt(s) * SECOND;
const S1 = { app: 'web', env: 'prod' };
const S2 = { app: 'web', env: 'dev' };
const S3 = { app: 'api', env: 'prod' };
const S4 = { app: 'db', env: 'prod' };
/** One sample per line: what count/rate extract. */
const LINES: FakeEntry[] = [
  { labels: S1, ts: at(10) },
  { labels: S1, ts: at(20) },
  { labels: S1, ts: at(40), line: 'level=warn msg="timeout on /api"' },
  { labels: S2, ts: at(15) },
  { labels: S2, ts: at(30) },
  { labels: S3, ts: at(25) },
  { labels: S3, ts: at(50) },
  { labels: S4, ts: at(35) },
  { labels: S4, ts: at(55) },
];
const LIMITS = { maxQuerySeries: 500 };

type Simple = [Record<string, string>, number][];

function simplify(r: MetricResult): unknown {
  switch (r.type) {
    case 'vector':
      return r.samples.map((s) => [Object.fromEntries(s.labels), s.value]);
    case 'matrix':
      return r.series.map((s) => [Object.fromEntries(s.labels), s.timestampsMs.map((t, i) => [t, s.values[i]])]);
    case 'scalar':
      return [r.timestampMs, r.value];
  }
}

interface Case {
  name: string;
  expr: SampleExpr;
  entries?: FakeEntry[];
  /** instant at T0+60 */
  want?: Simple;
  error?: RegExp;
}

const web = [['app', '=', 'web']] as const;
const prod = [['env', '=', 'prod']] as const;
const webProd = [['app', '=', 'web'], ['env', '=', 'prod']] as const;
const count = (sel: readonly (readonly [string, '=' | '=~', string])[], s = 60) =>
  range('count_over_time', sel.map((m) => [...m]), s);
const latency = (v: number[]): FakeEntry[] => [10, 20, 40].map((s, i) => ({ labels: S1, ts: at(s), value: v[i]! }));

const CASES: Case[] = [
  { name: '30 count_over_time', expr: count(web), want: [[S2, 2], [S1, 3]] },
  { name: '31 left-open window', expr: count(web, 30), want: [[S1, 1]] },
  {
    name: '33 rate',
    expr: range('rate', [['app', '=', 'web']], 60),
    entries: [{ labels: S1, ts: at(20) }, { labels: S2, ts: at(15) }],
    want: [[S2, 0.016666666666666666], [S1, 0.016666666666666666]],
  },
  {
    name: '34 sum by (app) of rate',
    expr: agg('sum', range('rate', [['env', '=', 'prod']], 60), by('app')),
    want: [[{ app: 'api' }, 0.03333333333333333], [{ app: 'db' }, 0.03333333333333333], [{ app: 'web' }, 0.05]],
  },
  {
    name: '35 unwrap failure is a pipeline error',
    expr: range('sum_over_time', webProd.map((m) => [...m]), 60, { unwrap: 'latency' }),
    entries: [{ labels: { ...S1, __error__: 'SampleExtractionErr', latency: '120ms' }, ts: at(10), value: 0 }],
    error: /^pipeline error: 'SampleExtractionErr' for series: '\{__error__="SampleExtractionErr", app="web", env="prod", latency="120ms"\}'\.\nUse a label filter/,
  },
  {
    name: '36 sum of sum_over_time',
    expr: agg('sum', range('sum_over_time', webProd.map((m) => [...m]), 60, { unwrap: 'latency' })),
    entries: latency([0.12, 2, 5]),
    want: [[{}, 7.12]],
  },
  {
    name: '37 avg_over_time by (app)',
    expr: range('avg_over_time', webProd.map((m) => [...m]), 60, { unwrap: 'latency', grouping: by('app') }),
    entries: latency([0.12, 2, 5]),
    want: [[{ app: 'web' }, 2.3733333333333335]],
  },
  {
    name: '38 max_over_time by (env)',
    expr: range('max_over_time', webProd.map((m) => [...m]), 60, { unwrap: 'size', grouping: by('env') }),
    entries: latency([1500, 300]).slice(0, 2),
    want: [[{ env: 'prod' }, 1500]],
  },
  {
    name: '39 quantile_over_time(0.5) by (app)',
    expr: range('quantile_over_time', webProd.map((m) => [...m]), 60, { unwrap: 'status', grouping: by('app'), param: 0.5 }),
    entries: latency([200, 500, 504]),
    want: [[{ app: 'web' }, 500]],
  },
  {
    name: '40 topk',
    expr: agg('topk', agg('sum', count(prod), by('app')), undefined, 1),
    want: [[{ app: 'web' }, 3]],
  },
  {
    name: '41 comparison filters',
    expr: bin('>', agg('sum', count(prod), by('app')), lit(2)),
    want: [[{ app: 'web' }, 3]],
  },
  {
    name: '41 comparison with bool',
    expr: bin('>', agg('sum', count(prod), by('app')), lit(2), { bool: true }),
    want: [[{ app: 'api' }, 0], [{ app: 'db' }, 0], [{ app: 'web' }, 1]],
  },
  {
    name: '42 on() group_left',
    expr: bin('/', agg('sum', count(web), by('env')), agg('sum', count(web)), {
      matching: { on: true, labels: [], card: 'many-to-one', include: [] },
    }),
    want: [[{ env: 'dev' }, 0.4], [{ env: 'prod' }, 0.6]],
  },
  {
    name: '43 and',
    expr: bin('and', count(web), range('count_over_time', [['app', '=', 'web']], 60, { contains: 'timeout' })),
    want: [[S1, 3]],
  },
  {
    name: '43 unless',
    expr: bin('unless', count(web), range('count_over_time', [['app', '=', 'web']], 60, { contains: 'timeout' })),
    want: [[S2, 2]],
  },
  {
    name: '44 label_replace',
    expr: {
      kind: 'label_replace',
      inner: agg('sum', count(prod), by('app')),
      dst: 'team',
      replacement: 't-$1',
      src: 'app',
      regex: '(a.*)',
    },
    want: [[{ app: 'api', team: 't-api' }, 2], [{ app: 'db' }, 2], [{ app: 'web' }, 3]],
  },
  { name: '45 absent_over_time of nothing', expr: range('absent_over_time', [['app', '=', 'missing']], 60), want: [[{ app: 'missing' }, 1]] },
  { name: '45 absent_over_time of something', expr: range('absent_over_time', [['app', '=', 'web']], 60), want: [] },
  {
    name: '46 or vector(0)',
    expr: bin('or', agg('sum', count([['app', '=', 'missing']])), vec(0)),
    want: [[{}, 0]],
  },
  {
    name: '47 offset',
    expr: range('count_over_time', [['app', '=', 'web']], 60, { offsetS: 30 }),
    want: [[S2, 2], [S1, 2]],
  },
  {
    name: '48 bytes_over_time',
    expr: range('bytes_over_time', [['app', '=', 'db']], 60),
    entries: [{ labels: S4, ts: at(35), value: 33 }, { labels: S4, ts: at(55), value: 17 }],
    want: [[S4, 50]],
  },
  {
    name: '49 sum by (level) over parsed labels',
    expr: agg('sum', count([['app', '=', 'web'], ['env', '=', 'dev']]), by('level')),
    entries: [{ labels: { ...S2, level: 'error' }, ts: at(15) }, { labels: { ...S2, level: 'info' }, ts: at(30) }],
    want: [[{ level: 'error' }, 1], [{ level: 'info' }, 1]],
  },
  {
    name: '50 parser errors reaching a range aggregation fail the query',
    expr: count(web),
    entries: [{ labels: { ...S1, __error__: 'JSONParserErr' }, ts: at(10) }],
    error: /^pipeline error: 'JSONParserErr' for series/,
  },
  {
    name: '50 sum by (__error__) keeps errors that are asked for',
    expr: agg('sum', count(web), by('__error__')),
    entries: [
      ...[10, 20, 40].map((s) => ({ labels: { ...S1, __error__: 'JSONParserErr', __preserve_error__: 'true' }, ts: at(s) })),
      { labels: S2, ts: at(15) },
      { labels: S2, ts: at(30) },
    ],
    want: [[{}, 2], [{ __error__: 'JSONParserErr' }, 3]],
  },
];

describe('metric evaluation: spec examples (instant at T0+60)', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const run = evaluateInstant(c.expr, at(60), new FakeSource(c.entries ?? LINES), LIMITS);
      if (c.error) {
        await assert.rejects(run, (e: unknown) => e instanceof QueryError && e.status === 400 && c.error!.test(e.message));
        return;
      }
      const r = await run;
      assert.equal(r.type, 'vector');
      assert.deepEqual(simplify(r), c.want);
      if (r.type === 'vector') for (const s of r.samples) assert.equal(s.timestampMs, 1699999260000);
    });
  }

  it('32 range query steps: no point where the window is empty', async () => {
    const r = await evaluateRange(count(web, 20), at(20), at(60), 20n * SECOND, new FakeSource(LINES), LIMITS);
    assert.deepEqual(simplify(r), [
      [S2, [[1699999220000, 1], [1699999240000, 1]]],
      [S1, [[1699999220000, 2], [1699999240000, 1]]],
    ]);
  });

  it('51 sort_desc keeps value order', async () => {
    const r = await evaluateInstant(agg('sort_desc', agg('sum', count([['app', '=~', '.+']]), by('env'))), at(60), new FakeSource(LINES), LIMITS);
    assert.deepEqual(simplify(r), [[{ env: 'prod' }, 7], [{ env: 'dev' }, 2]]);
  });

  it('52 literal queries are scalars at the query time', async () => {
    assert.deepEqual(await evaluateInstant(bin('+', lit(1), lit(1)), at(60), new FakeSource([]), LIMITS), {
      type: 'scalar',
      timestampMs: 1699999260000,
      value: 2,
    });
    assert.deepEqual(simplify(await evaluateInstant(bin('>', lit(2), lit(3)), at(60), new FakeSource([]), LIMITS)), [1699999260000, 0]);
  });
});
