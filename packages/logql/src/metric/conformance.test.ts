// Answers recorded from Loki 3.6.7 (the conformance corpus, packages/server/testdata/conformance; ids in the test names), over a
// synthetic data set that reproduces the counts those queries saw, plus the corpus' deviations.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateInstant, evaluateRange } from './evaluate.js';
import { QueryError } from './errors.js';
import type { MetricResult } from './result.js';
import type { SampleExpr } from '../syntax/ast.js';
import { agg, bin, by, FakeSource, lit, range, repeat, SECOND, vec, type FakeEntry, type MatcherSpec } from './testing.js';

const START = 1795132800n * SECOND; // 2026-11-20T00:00:00Z
const HOUR = 3600n * SECOND;
const T1 = START + HOUR;
const LIMITS = { maxQuerySeries: 100000 };

/** `count` entries spread over the hour (00:00, 01:00]. */
function hourOf(labels: Record<string, string>, count: number): FakeEntry[] {
  return repeat(labels, count, START + SECOND, (HOUR - SECOND) / BigInt(count));
}
const py = (env: string, service: string, level: string) => ({ app: 'python-starter-kit', env, service, level });

const DATA: FakeEntry[] = [
  ...hourOf({ app: 'api', env: 'production' }, 624),
  ...hourOf({ app: 'api', env: 'staging' }, 590),
  ...hourOf({ app: 'worker', env: 'production' }, 327),
  ...hourOf({ app: 'checkout', env: 'production' }, 400),
  ...hourOf(py('production', 'api', 'debug'), 376),
  ...hourOf(py('production', 'api', 'info'), 1193),
  ...hourOf(py('production', 'auth', 'debug'), 353),
  ...hourOf(py('production', 'auth', 'info'), 1238),
  ...hourOf(py('production', 'payments', 'info'), 1373),
  ...hourOf(py('staging', 'api', 'info'), 425),
  ...hourOf(py('staging', 'auth', 'info'), 439),
  ...hourOf(py('staging', 'payments', 'info'), 308),
];
const SOURCE = new FakeSource(DATA);

const countHour = (sel: MatcherSpec[]) => range('count_over_time', sel, 3600);
const api = countHour([['app', '=', 'api']]);
const pyAll = countHour([['app', '=', 'python-starter-kit']]);
const pyDebug = countHour([['app', '=', 'python-starter-kit'], ['level', '=', 'debug']]);

function vector(r: MetricResult): [Record<string, string>, number][] {
  assert.equal(r.type, 'vector');
  return r.type === 'vector' ? r.samples.map((s) => [Object.fromEntries(s.labels), s.value]) : [];
}

const instantCases: [string, SampleExpr, [Record<string, string>, number][]][] = [
  ['bin-02 vector * scalar', bin('*', agg('sum', api, by('env')), lit(2)), [[{ env: 'production' }, 1248], [{ env: 'staging' }, 1180]]],
  ['bin-05 comparison filters', bin('>', agg('sum', pyAll, by('service')), lit(2000)), [[{ service: 'auth' }, 2030]]],
  [
    'bin-06 comparison with bool',
    bin('>', agg('sum', pyAll, by('service')), lit(2000), { bool: true }),
    [[{ service: 'api' }, 0], [{ service: 'auth' }, 1], [{ service: 'payments' }, 0]],
  ],
  [
    'bin-08 and',
    bin('and', agg('sum', pyAll, by('service')), agg('sum', pyDebug, by('service'))),
    [[{ service: 'api' }, 1994], [{ service: 'auth' }, 2030]],
  ],
  [
    'bin-09 or',
    bin('or', agg('sum', pyDebug, by('service')), agg('sum', pyAll, by('service'))),
    [[{ service: 'api' }, 376], [{ service: 'auth' }, 353], [{ service: 'payments' }, 1681]],
  ],
  ['bin-10 unless', bin('unless', agg('sum', pyAll, by('service')), agg('sum', pyDebug, by('service'))), [[{ service: 'payments' }, 1681]]],
  [
    'bin-11 / on() group_left',
    bin('/', agg('sum', api, by('env')), agg('sum', api), { matching: { on: true, labels: [], card: 'many-to-one', include: [] } }),
    [[{ env: 'production' }, 0.514003294892916], [{ env: 'staging' }, 0.48599670510708404]],
  ],
  [
    'bin-13 * on(env) group_right',
    bin('*', agg('sum', api, by('env')), agg('sum', pyAll, by('env', 'service')), {
      matching: { on: true, labels: ['env'], card: 'one-to-many', include: [] },
    }),
    [
      [{ env: 'production', service: 'api' }, 979056],
      [{ env: 'production', service: 'auth' }, 992784],
      [{ env: 'production', service: 'payments' }, 856752],
      [{ env: 'staging', service: 'api' }, 250750],
      [{ env: 'staging', service: 'auth' }, 259010],
      [{ env: 'staging', service: 'payments' }, 181720],
    ],
  ],
  ['bin-17 or vector(0)', bin('or', agg('sum', range('count_over_time', [['app', '=', 'missing']], 300)), vec(0)), [[{}, 0]]],
  ['bin-18 vector(1)+vector(1)', bin('+', vec(1), vec(1)), [[{}, 2]]],
  ['bin-22 x/0 is NaN', bin('/', agg('sum', countHour([['app', '=', 'checkout']])), lit(0)), [[{}, NaN]]],
  [
    'bin-19 label_replace',
    {
      kind: 'label_replace',
      inner: agg('sum', countHour([['app', '=~', '.+']]), by('app')),
      dst: 'team',
      replacement: 't-$1',
      src: 'app',
      regex: '(a.*)',
    },
    [[{ app: 'api', team: 't-api' }, 1214], [{ app: 'checkout' }, 400], [{ app: 'python-starter-kit' }, 5705], [{ app: 'worker' }, 327]],
  ],
  ['va-07 count', agg('count', pyAll), [[{}, 8]]],
  ['va-17 max of sums', agg('max', agg('sum', pyAll, by('service'))), [[{}, 2030]]],
  [
    'va-03 sum without',
    agg('sum', pyAll, { without: true, labels: ['level', 'service'] }),
    [[{ app: 'python-starter-kit', env: 'production' }, 4533], [{ app: 'python-starter-kit', env: 'staging' }, 1172]],
  ],
];

describe('conformance answers (instant at 01:00)', () => {
  for (const [name, expr, want] of instantCases) {
    it(name, async () => {
      const r = await evaluateInstant(expr, T1, SOURCE, LIMITS);
      assert.deepEqual(vector(r), want);
      if (r.type === 'vector') for (const s of r.samples) assert.equal(s.timestampMs, 1795136400000);
    });
  }

  it('va-13 sort: value order, ascending', async () => {
    const r = await evaluateInstant(agg('sort', agg('sum', countHour([['app', '=~', '.+']]), by('app'))), T1, SOURCE, LIMITS);
    assert.deepEqual(vector(r).map((s) => s[1]), [327, 400, 1214, 5705]);
  });

  it('va-14 sort_desc: value order, descending', async () => {
    const r = await evaluateInstant(agg('sort_desc', agg('sum', countHour([['app', '=~', '.+']]), by('app'))), T1, SOURCE, LIMITS);
    assert.deepEqual(vector(r).map((s) => s[1]), [5705, 1214, 400, 327]);
  });

  it('bin-14 (deviation) many-to-one without group_left is a 400', async () => {
    const expr = bin('/', agg('sum', pyAll, by('env', 'level')), agg('sum', pyAll, by('env')), {
      matching: { on: true, labels: ['env'], card: 'one-to-one', include: [] },
    });
    await assert.rejects(evaluateInstant(expr, T1, SOURCE, LIMITS), (e: unknown) =>
      e instanceof QueryError &&
      e.status === 400 &&
      e.message === 'multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)');
  });

  it('bin-24 a literal leg of a set operation is refused', async () => {
    await assert.rejects(evaluateInstant(bin('or', agg('sum', api), lit(1)), T1, SOURCE, LIMITS), (e: unknown) =>
      e instanceof QueryError &&
      e.status === 400 &&
      e.message === 'parse error : unexpected literal for right leg of logical/set binary operation (or): 1.000000');
  });

  const scalars: [string, SampleExpr, bigint, number][] = [
    ['bin-15 (deviation) folded arithmetic', bin('+', bin('*', lit(2), lit(3)), bin('^', lit(4), lit(2))), T1, 22],
    ['bin-16 (deviation) folded comparison', bin('>', lit(2), lit(3)), T1, 0],
    ['inst-07 (deviation) a bare literal', lit(42), START + 90n * 60n * SECOND, 42],
  ];
  for (const [name, expr, time, value] of scalars) {
    it(`${name}: scalar at the query time`, async () => {
      assert.deepEqual(await evaluateInstant(expr, time, SOURCE, LIMITS), { type: 'scalar', timestampMs: Number(time / 1_000_000n), value });
    });
  }

  it('inst-05 an instant with nanoseconds answers at the truncated millisecond', async () => {
    const time = 1795133404026031352n;
    const r = await evaluateInstant(range('count_over_time', [['app', '=', 'api']], 60), time, SOURCE, LIMITS);
    assert.ok(r.type === 'vector' && r.samples.length === 2);
    if (r.type === 'vector') for (const s of r.samples) assert.equal(s.timestampMs, 1795133404026);
  });
});

describe('conformance answers (range queries)', () => {
  const step = 600n * SECOND;

  it('ra-17 absent_over_time of nothing: 1 at every step', async () => {
    const r = await evaluateRange(range('absent_over_time', [['app', '=', 'missing'], ['env', '=', 'production']], 300), START, T1, step, SOURCE, LIMITS);
    assert.deepEqual(r.type === 'matrix' && r.series.map((s) => [Object.fromEntries(s.labels), s.timestampsMs, s.values]), [
      [{ app: 'missing', env: 'production' }, [0, 1, 2, 3, 4, 5, 6].map((i) => 1795132800000 + i * 600000), [1, 1, 1, 1, 1, 1, 1]],
    ]);
  });

  it('ra-18 absent_over_time of data: 1 only where the window is empty', async () => {
    const r = await evaluateRange(range('absent_over_time', [['app', '=', 'worker']], 300), START, T1, step, SOURCE, LIMITS);
    assert.deepEqual(r.type === 'matrix' && r.series.map((s) => [Object.fromEntries(s.labels), s.timestampsMs]), [[{ app: 'worker' }, [1795132800000]]]);
  });

  it('ra-19 offset moves the windows back but not the timestamps', async () => {
    const source = new FakeSource([{ labels: { app: 'checkout', trace_id: 'x' }, ts: START + 25n * 60n * SECOND }]);
    const r = await evaluateRange(range('count_over_time', [['app', '=', 'checkout']], 600, { offsetS: 1800 }), START, T1, step, source, LIMITS);
    assert.deepEqual(r.type === 'matrix' && r.series.map((s) => [s.timestampsMs, s.values]), [[[1795136400000], [1]]]);
    assert.equal(source.requests[0]!.startNs, START - 600n * SECOND - 1800n * SECOND);
    assert.equal(source.requests[0]!.endNs, T1 - 1800n * SECOND);
  });

  it('va-15 topk per step in a range query; a series without the label is {}', async () => {
    const at = (min: number) => START + BigInt(min) * 60n * SECOND;
    const source = new FakeSource([
      ...repeat({ app: 'api', path: '/a' }, 3, at(11), SECOND),
      ...repeat({ app: 'api', path: '/b' }, 2, at(12), SECOND),
      ...repeat({ app: 'api' }, 1, at(13), SECOND),
      ...repeat({ app: 'api', path: '/b' }, 4, at(31), SECOND),
      ...repeat({ app: 'api' }, 5, at(32), SECOND),
    ]);
    const expr = agg('topk', agg('sum', range('count_over_time', [['app', '=', 'api']], 600), by('path')), undefined, 2);
    const r = await evaluateRange(expr, START, T1, 1200n * SECOND, source, LIMITS);
    assert.deepEqual(r.type === 'matrix' && r.series.map((s) => [Object.fromEntries(s.labels), s.timestampsMs, s.values]), [
      [{}, [1795135200000], [5]],
      [{ path: '/a' }, [1795134000000], [3]],
      [{ path: '/b' }, [1795134000000, 1795135200000], [2, 4]],
    ]);
  });
});
