// What the evaluator asks of the source, and how the answer is joined (limits, literal results).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateInstant, evaluateRange } from './evaluate.js';
import { QueryError } from './errors.js';
import { SampleBatchBuilder } from './sample-batch.js';
import type { SampleRequest, SampleSource } from './source.js';
import type { Grouping, SampleExpr } from '../syntax/ast.js';
import { agg, bin, by, FakeSource, lit, range, SECOND, vec, without } from './testing.js';

const T = 1795136400n * SECOND;
const LIMITS = { maxQuerySeries: 500 };
const sel = [['app', '=', 'api']] as [string, '=', string][];

describe('source requests', () => {
  const cases: [string, SampleExpr, (Grouping | undefined)[]][] = [
    ['a bare range aggregation keeps every label', range('count_over_time', sel, 60), [undefined]],
    ['sum by pushes its grouping down', agg('sum', range('count_over_time', sel, 60), by('level')), [by('level')]],
    ['sum without pushes down too', agg('sum', range('bytes_rate', sel, 60), without('pod')), [without('pod')]],
    ['plain sum needs no label', agg('sum', range('rate', sel, 60)), [by()]],
    ['sum over sum_over_time', agg('sum', range('sum_over_time', sel, 60, { unwrap: 'v' }), by('a')), [by('a')]],
    ['not over avg_over_time', agg('sum', range('avg_over_time', sel, 60, { unwrap: 'v' })), [undefined]],
    ['not for other vector ops', agg('max', range('count_over_time', sel, 60), by('a')), [undefined]],
    ["the range aggregation's own grouping", range('max_over_time', sel, 60, { unwrap: 'v', grouping: by('env') }), [by('env')]],
    ['not through a binary operation', agg('sum', bin('*', range('count_over_time', sel, 60), lit(2)), by('a')), [undefined]],
    [
      'each leg of a binary operation',
      bin('/', agg('sum', range('count_over_time', sel, 60), by('a')), agg('sum', range('count_over_time', sel, 300))),
      [by('a'), by()],
    ],
  ];
  for (const [name, expr, want] of cases) {
    it(name, async () => {
      const source = new FakeSource([]);
      await evaluateInstant(expr, T, source, LIMITS);
      assert.deepEqual(
        source.requests.map((r) => r.grouping),
        want,
      );
    });
  }

  it('asks once for a range aggregation that several legs hold, and each leg sees its samples', async () => {
    const leg = () => agg('sum', range('count_over_time', sel, 60));
    const source = new FakeSource([{ labels: { app: 'api' }, ts: T - SECOND }, { labels: { app: 'api' }, ts: T - 2n * SECOND }]);
    const r = await evaluateInstant(bin('+', bin('+', leg(), leg()), agg('sum', range('count_over_time', sel, 30))), T, source, LIMITS);
    assert.equal(source.requests.length, 2);
    assert.deepEqual(r, { type: 'vector', samples: [{ labels: [], timestampMs: 1795136400000, value: 6 }] });
  });

  it('asks for the union of the windows: (start − range − offset, end − offset]', async () => {
    const source = new FakeSource([]);
    const expr = range('count_over_time', sel, 300, { offsetS: 60 });
    await evaluateRange(expr, T, T + 600n * SECOND, 60n * SECOND, source, LIMITS);
    await evaluateInstant(expr, T, source, LIMITS);
    assert.deepEqual(
      source.requests.map((r) => [r.startNs, r.endNs]),
      [
        [T - 360n * SECOND, T + 540n * SECOND],
        [T - 360n * SECOND, T - 60n * SECOND],
      ],
    );
  });
});

describe('sources', () => {
  it('may answer asynchronously with several batches that split a series', async () => {
    const source: SampleSource = {
      async select(req: SampleRequest) {
        const labels = { key: '{app="api"}', labels: [['app', 'api']] as [string, string][] };
        const one = new SampleBatchBuilder(req.startNs);
        one.add(labels, T - 10n * SECOND, 3);
        const two = new SampleBatchBuilder(T);
        two.add(labels, T - 20n * SECOND, 5);
        two.add(labels, T, 7);
        return [one.build(), two.build()];
      },
    };
    const r = await evaluateInstant(range('last_over_time', sel, 60, { unwrap: 'v' }), T, source, LIMITS);
    assert.deepEqual(r.type === 'vector' && r.samples.map((s) => s.value), [7]);
    const first = await evaluateInstant(range('first_over_time', sel, 60, { unwrap: 'v' }), T, source, LIMITS);
    assert.deepEqual(first.type === 'vector' && first.samples.map((s) => s.value), [5]);
  });
});

describe('answers', () => {
  const three = new FakeSource([
    { labels: { app: 'api', pod: 'a' }, ts: T - SECOND },
    { labels: { app: 'api', pod: 'b' }, ts: T - SECOND },
    { labels: { app: 'api', pod: 'c' }, ts: T + 100n * SECOND },
  ]);
  const limitMessage =
    'maximum number of series (2) reached for a single query; consider reducing query cardinality by adding more specific stream ' +
    'selectors, reducing the time range, or aggregating results with functions like sum(), count() or topk()';

  it('an instant vector over max_query_series is refused', async () => {
    await assert.rejects(
      evaluateInstant(range('count_over_time', sel, 200), T + 100n * SECOND, three, { maxQuerySeries: 2 }),
      (e: unknown) => e instanceof QueryError && e.status === 400 && e.message.startsWith('maximum number of series (2)'),
    );
  });

  it('a range query fails once the series seen so far pass the limit', async () => {
    const run = evaluateRange(range('count_over_time', sel, 60), T, T + 120n * SECOND, 60n * SECOND, three, { maxQuerySeries: 2 });
    await assert.rejects(run, (e: unknown) => e instanceof QueryError && e.message === limitMessage);
    const ok = await evaluateRange(range('count_over_time', sel, 60), T, T + 120n * SECOND, 60n * SECOND, three, { maxQuerySeries: 0 });
    assert.equal(ok.type === 'matrix' && ok.series.length, 3);
  });

  it('errors only matter inside a step window', async () => {
    const source = new FakeSource([
      { labels: { app: 'api', __error__: 'JSONParserErr' }, ts: T + 30n * SECOND },
      { labels: { app: 'api' }, ts: T + 90n * SECOND },
    ]);
    // windows (T−10s, T], (T+50s, T+60s], (T+110s, T+120s]: the error at T+30s falls between them
    const r = await evaluateRange(range('count_over_time', sel, 10), T, T + 120n * SECOND, 60n * SECOND, source, LIMITS);
    assert.equal(r.type === 'matrix' && r.series.length, 0);
    await assert.rejects(evaluateRange(range('count_over_time', sel, 60), T, T + 120n * SECOND, 60n * SECOND, source, LIMITS), QueryError);
  });

  it('a literal range query is one label-less series at every step', async () => {
    const r = await evaluateRange(bin('*', lit(2), lit(3)), T, T + 30n * SECOND, 15n * SECOND, new FakeSource([]), LIMITS);
    assert.deepEqual(r, {
      type: 'matrix',
      series: [{ labels: [], timestampsMs: [1795136400000, 1795136415000, 1795136430000], values: [6, 6, 6] }],
    });
  });

  it('vector() gives a sample at every step, alone or in an expression', async () => {
    const r = await evaluateRange(bin('-', vec(5), lit(1)), T, T + 30n * SECOND, 15n * SECOND, new FakeSource([]), LIMITS);
    assert.deepEqual(r, {
      type: 'matrix',
      series: [{ labels: [], timestampsMs: [1795136400000, 1795136415000, 1795136430000], values: [4, 4, 4] }],
    });
    const i = await evaluateInstant(vec(1), T + 1n, new FakeSource([]), LIMITS);
    assert.deepEqual(i, { type: 'vector', samples: [{ labels: [], timestampMs: 1795136400000, value: 1 }] });
  });

  it('an expression of vector() and literals only gives the same values at every step, however deep', async () => {
    const chain = (n: number, op: '+' | '^' | 'or'): SampleExpr => (n === 0 ? vec(1) : bin(op, chain(n - 1, op), vec(1)));
    const times = [1795136400000, 1795136415000, 1795136430000];
    const plus = await evaluateRange(chain(490, '+'), T, T + 30n * SECOND, 15n * SECOND, new FakeSource([]), LIMITS);
    assert.deepEqual(plus, { type: 'matrix', series: [{ labels: [], timestampsMs: times, values: [491, 491, 491] }] });
    const or = await evaluateRange(chain(490, 'or'), T, T + 30n * SECOND, 15n * SECOND, new FakeSource([]), LIMITS);
    assert.deepEqual(or, { type: 'matrix', series: [{ labels: [], timestampsMs: times, values: [1, 1, 1] }] });
    // a filtering comparison drops the sample at every step; over a range aggregation the same leg still varies
    const none = await evaluateRange(bin('>', vec(1), vec(2)), T, T + 30n * SECOND, 15n * SECOND, new FakeSource([]), LIMITS);
    assert.deepEqual(none, { type: 'matrix', series: [] });
    const source = new FakeSource([{ labels: { app: 'api' }, ts: T + 25n * SECOND }]);
    const mixed = await evaluateRange(bin('+', agg('sum', range('count_over_time', sel, 10)), bin('*', vec(2), lit(3))), T, T + 30n * SECOND, 15n * SECOND, source, LIMITS);
    assert.deepEqual(mixed, { type: 'matrix', series: [{ labels: [], timestampsMs: [1795136430000], values: [7] }] });
  });

  it('a literal where only binary operations take one is refused', async () => {
    const expr = agg('sum', lit(1));
    await assert.rejects(evaluateInstant(expr, T, new FakeSource([]), LIMITS), (e: unknown) => e instanceof QueryError && e.status === 400);
  });
});
