// Vector aggregations and binary operators over series with chosen values (each series is one
// sample read back by last_over_time).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateInstant } from './evaluate.js';
import { QueryError } from './errors.js';
import type { SampleExpr, VectorMatching } from '../syntax/ast.js';
import { agg, bin, by, FakeSource, lit, range, SECOND, without, type MatcherSpec } from './testing.js';

const T = 1795136400n * SECOND;
const LIMITS = { maxQuerySeries: 1000 };

/** Series `{job=<job>, …labels}` with one sample each. */
function source(series: [Record<string, string>, number][]): FakeSource {
  return new FakeSource(series.map(([labels, value]) => ({ labels, ts: T - SECOND, value })));
}
const last = (sel: MatcherSpec[]) => range('last_over_time', sel, 60, { unwrap: 'v' });
const A = last([['job', '=', 'a']]);
const B = last([['job', '=', 'b']]);

async function run(expr: SampleExpr, data: FakeSource): Promise<[Record<string, string>, number][]> {
  const r = await evaluateInstant(expr, T, data, LIMITS);
  assert.equal(r.type, 'vector');
  return r.type === 'vector' ? r.samples.map((s) => [Object.fromEntries(s.labels), s.value]) : [];
}

function rejectsWith(expr: SampleExpr, data: FakeSource, message: string) {
  return assert.rejects(evaluateInstant(expr, T, data, LIMITS), (e: unknown) => e instanceof QueryError && e.status === 400 && e.message === message);
}

const SIX = source([
  [{ job: 'a', env: 'prod', pod: '1' }, 4],
  [{ job: 'a', env: 'prod', pod: '2' }, NaN],
  [{ job: 'a', env: 'prod', pod: '3' }, 9],
  [{ job: 'a', env: 'dev', pod: '4' }, 2],
  [{ job: 'a', env: 'dev', pod: '5' }, 4],
  [{ job: 'a', env: 'dev', pod: '6' }, 4],
]);

describe('vector aggregations', () => {
  const cases: [string, SampleExpr, [Record<string, string>, number][]][] = [
    ['sum by', agg('sum', A, by('env')), [[{ env: 'dev' }, 10], [{ env: 'prod' }, NaN]]],
    ['avg', agg('avg', A, by('env')), [[{ env: 'dev' }, 10 / 3], [{ env: 'prod' }, NaN]]],
    ['max skips NaN', agg('max', A, by('env')), [[{ env: 'dev' }, 4], [{ env: 'prod' }, 9]]],
    ['min skips NaN', agg('min', A, by('env')), [[{ env: 'dev' }, 2], [{ env: 'prod' }, 4]]],
    ['count', agg('count', A, by('env')), [[{ env: 'dev' }, 3], [{ env: 'prod' }, 3]]],
    ['stdvar', agg('stdvar', A, by('env')), [[{ env: 'dev' }, 0.8888888888888888], [{ env: 'prod' }, NaN]]],
    ['stddev', agg('stddev', A, by('env')), [[{ env: 'dev' }, 0.9428090415820634], [{ env: 'prod' }, NaN]]],
    ['without', agg('count', A, without('pod')), [[{ env: 'dev', job: 'a' }, 3], [{ env: 'prod', job: 'a' }, 3]]],
    ['no grouping is by ()', agg('count', A), [[{}, 6]]],
    ['by a missing label', agg('count', A, by('nope')), [[{}, 6]]],
    [
      'topk keeps series, NaN only to fill',
      agg('topk', A, by('env'), 3),
      [
        [{ env: 'dev', job: 'a', pod: '4' }, 2],
        [{ env: 'dev', job: 'a', pod: '5' }, 4],
        [{ env: 'dev', job: 'a', pod: '6' }, 4],
        [{ env: 'prod', job: 'a', pod: '1' }, 4],
        [{ env: 'prod', job: 'a', pod: '2' }, NaN],
        [{ env: 'prod', job: 'a', pod: '3' }, 9],
      ],
    ],
    ['topk 1', agg('topk', A, undefined, 1), [[{ env: 'prod', job: 'a', pod: '3' }, 9]]],
    ['bottomk by', agg('bottomk', A, by('env'), 1), [[{ env: 'dev', job: 'a', pod: '4' }, 2], [{ env: 'prod', job: 'a', pod: '1' }, 4]]],
    ['approx_topk answers exactly', agg('approx_topk', A, undefined, 1), [[{ env: 'prod', job: 'a', pod: '3' }, 9]]],
  ];
  for (const [name, expr, want] of cases) it(name, async () => assert.deepEqual(await run(expr, SIX), want));

  it('sort / sort_desc order by value with NaN last', async () => {
    assert.deepEqual((await run(agg('sort', A), SIX)).map((s) => s[1]), [2, 4, 4, 4, 9, NaN]);
    assert.deepEqual((await run(agg('sort_desc', A), SIX)).map((s) => s[1]), [9, 4, 4, 4, 2, NaN]);
    // value order survives operators above the sort
    assert.deepEqual((await run(bin('*', agg('sort_desc', A), lit(10)), SIX)).map((s) => s[1]), [90, 40, 40, 40, 20, NaN]);
  });

  it('topk answers are in label order for an instant query', async () => {
    assert.deepEqual((await run(agg('topk', A, undefined, 2), SIX)).map((s) => s[0].pod), ['1', '3']);
  });
});

const on = (labels: string[], card: VectorMatching['card'] = 'one-to-one', include: string[] = []): VectorMatching => ({ on: true, labels, card, include });
const ignoring = (labels: string[], card: VectorMatching['card'] = 'one-to-one', include: string[] = []): VectorMatching => ({
  on: false,
  labels,
  card,
  include,
});

const PAIRS = source([
  [{ job: 'a', env: 'prod' }, 6],
  [{ job: 'a', env: 'dev' }, 3],
  [{ job: 'b', env: 'prod', team: 'x' }, 2],
  [{ job: 'b', env: 'dev', team: 'y' }, 5],
]);

describe('binary operators', () => {
  const cases: [string, SampleExpr, [Record<string, string>, number][]][] = [
    ['literal on the left', bin('-', lit(10), A), [[{ env: 'dev', job: 'a' }, 7], [{ env: 'prod', job: 'a' }, 4]]],
    ['modulo by zero is NaN', bin('%', A, lit(0)), [[{ env: 'dev', job: 'a' }, NaN], [{ env: 'prod', job: 'a' }, NaN]]],
    ['power', bin('^', A, lit(2)), [[{ env: 'dev', job: 'a' }, 9], [{ env: 'prod', job: 'a' }, 36]]],
    ['literal < vector keeps the vector value', bin('<', lit(4), A), [[{ env: 'prod', job: 'a' }, 6]]],
    ['vector == literal with bool', bin('==', A, lit(3), { bool: true }), [[{ env: 'dev', job: 'a' }, 1], [{ env: 'prod', job: 'a' }, 0]]],
    ['no match without a clause', bin('+', A, B), []],
    ['on(env) one-to-one keeps only env', bin('+', A, B, { matching: on(['env']) }), [[{ env: 'dev' }, 8], [{ env: 'prod' }, 8]]],
    [
      'ignoring(job, team) keeps the rest',
      bin('/', A, B, { matching: ignoring(['job', 'team']) }),
      [[{ env: 'dev' }, 0.6], [{ env: 'prod' }, 3]],
    ],
    ['comparison keeps the left value', bin('>', A, B, { matching: on(['env']) }), [[{ env: 'prod' }, 6]]],
    [
      'comparison with bool keeps every pair',
      bin('>', A, B, { bool: true, matching: on(['env']) }),
      [[{ env: 'dev' }, 0], [{ env: 'prod' }, 1]],
    ],
    [
      'group_left copies labels from the one side',
      bin('*', A, B, { matching: on(['env'], 'many-to-one', ['team']) }),
      [[{ env: 'dev', job: 'a', team: 'y' }, 15], [{ env: 'prod', job: 'a', team: 'x' }, 12]],
    ],
    [
      'group_left removes included labels the one side lacks',
      bin('-', B, A, { matching: on(['env'], 'many-to-one', ['team']) }),
      [[{ env: 'dev', job: 'b' }, 2], [{ env: 'prod', job: 'b' }, -4]],
    ],
    [
      'group_right: the right side is the many side, values stay left op right',
      bin('-', A, B, { matching: on(['env'], 'one-to-many') }),
      [[{ env: 'dev', job: 'b', team: 'y' }, -2], [{ env: 'prod', job: 'b', team: 'x' }, 4]],
    ],
    ['and with on()', bin('and', A, B, { matching: on([]) }), [[{ env: 'dev', job: 'a' }, 3], [{ env: 'prod', job: 'a' }, 6]]],
    [
      'or with on(env) adds nothing already matched',
      bin('or', A, B, { matching: on(['env']) }),
      [[{ env: 'dev', job: 'a' }, 3], [{ env: 'prod', job: 'a' }, 6]],
    ],
    [
      'or without a clause adds everything',
      bin('or', A, B),
      [[{ env: 'dev', job: 'a' }, 3], [{ env: 'dev', job: 'b', team: 'y' }, 5], [{ env: 'prod', job: 'a' }, 6], [{ env: 'prod', job: 'b', team: 'x' }, 2]],
    ],
    ['unless with on(env)', bin('unless', A, last([['team', '=', 'x']]), { matching: on(['env']) }), [[{ env: 'dev', job: 'a' }, 3]]],
  ];
  for (const [name, expr, want] of cases) it(name, async () => assert.deepEqual(await run(expr, PAIRS), want));

  it('duplicate series on the one side', async () => {
    const both = last([['env', '=~', '.+']]);
    const message = 'found duplicate series on the right hand-side;many-to-many matching not allowed: matching labels must be unique on one side';
    await rejectsWith(bin('+', A, both, { matching: on(['env']) }), PAIRS, message);
    await rejectsWith(bin('+', both, A, { matching: on(['env'], 'one-to-many') }), PAIRS, message.replace('right', 'left'));
  });

  it('many-to-one must be explicit', async () => {
    await rejectsWith(
      bin('+', last([['env', '=~', '.+']]), agg('sum', B), { matching: ignoring(['job', 'env', 'team']) }),
      PAIRS,
      'multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)',
    );
  });

  it('group_left results must stay unique', async () => {
    // label_replace drops env, so both job="a" series become {job="a"} on the many side.
    const collapsed: SampleExpr = { kind: 'label_replace', inner: A, dst: 'env', replacement: '', src: 'env', regex: '.*' };
    await rejectsWith(
      bin('*', collapsed, agg('sum', A, by('job')), { matching: on(['job'], 'many-to-one') }),
      PAIRS,
      'multiple matches for labels: grouping labels must ensure unique matches',
    );
  });

  it('label_replace leaves unmatched series alone and an empty result removes the label', async () => {
    const expr: SampleExpr = { kind: 'label_replace', inner: last([['env', '=~', '.+']]), dst: 'team', replacement: '$1', src: 'zzz', regex: '(.*)' };
    assert.deepEqual(await run(expr, PAIRS), [
      [{ env: 'dev', job: 'a' }, 3],
      [{ env: 'dev', job: 'b' }, 5],
      [{ env: 'prod', job: 'a' }, 6],
      [{ env: 'prod', job: 'b' }, 2],
    ]);
    const none: SampleExpr = { kind: 'label_replace', inner: A, dst: 'x', replacement: 'y', src: 'env', regex: 'nomatch' };
    assert.deepEqual((await run(none, PAIRS)).length, 2);
  });
});
