import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rangeFunction } from './range-fn.js';
import { range } from './testing.js';
import type { RangeOp } from '../syntax/ast.js';

function run(op: RangeOp, values: number[], o: { rangeS?: number; param?: number; unwrap?: boolean; ts?: number[] } = {}): number {
  const fn = rangeFunction(range(op, [['a', '=', 'b']], o.rangeS ?? 60, {
    ...(o.param !== undefined ? { param: o.param } : {}),
    ...(o.unwrap ? { unwrap: 'v' } : {}),
  }));
  // Pad both ends so the functions must honour lo/hi.
  const v = Float64Array.from([99, ...values, 99]);
  const ts = Float64Array.from([0, ...(o.ts ?? values.map((_, i) => (i + 1) * 1e9)), 1e15]);
  return fn(v, ts, 1, values.length + 1);
}

describe('range functions', () => {
  const cases: [string, RangeOp, number[], number, { rangeS?: number; param?: number; unwrap?: boolean }?][] = [
    ['count', 'count_over_time', [5, 7, 9], 3],
    ['rate counts lines', 'rate', [5, 7, 9], 0.05],
    ['rate with unwrap sums values', 'rate', [5, 7, 9], 0.35, { unwrap: true }],
    ['rate over a fractional range', 'rate', [1, 1, 1], 2, { rangeS: 1.5 }],
    ['bytes_over_time', 'bytes_over_time', [33, 17], 50],
    ['bytes_rate', 'bytes_rate', [33, 17], 50 / 60],
    ['sum_over_time', 'sum_over_time', [0.12, 2, 5], 7.12],
    ['avg_over_time', 'avg_over_time', [0.12, 2, 5], 2.3733333333333335],
    ['avg_over_time keeps an infinite mean', 'avg_over_time', [Infinity, 3, Infinity], Infinity],
    ['avg_over_time of opposite infinities', 'avg_over_time', [Infinity, -Infinity], NaN],
    ['max_over_time', 'max_over_time', [1500, 300], 1500],
    ['max_over_time replaces NaN', 'max_over_time', [NaN, 3, 2], 3],
    ['max_over_time ignores a later NaN', 'max_over_time', [1, NaN], 1],
    ['min_over_time', 'min_over_time', [4, -2, 9], -2],
    ['min_over_time replaces NaN', 'min_over_time', [NaN, 8, 9], 8],
    ['stdvar_over_time', 'stdvar_over_time', [2, 4, 4, 4, 5, 5, 7, 9], 4],
    ['stddev_over_time', 'stddev_over_time', [2, 4, 4, 4, 5, 5, 7, 9], 2],
    ['stddev_over_time of one sample', 'stddev_over_time', [3], 0],
    ['quantile_over_time median', 'quantile_over_time', [504, 200, 500], 500, { param: 0.5 }],
    ['quantile_over_time interpolates', 'quantile_over_time', [1, 2, 3, 4], 3.25, { param: 0.75 }],
    ['quantile_over_time φ<0', 'quantile_over_time', [1, 2], -Infinity, { param: -0.1 }],
    ['quantile_over_time φ>1', 'quantile_over_time', [1, 2], Infinity, { param: 1.1 }],
    ['quantile_over_time sorts NaN first', 'quantile_over_time', [5, NaN, 1], 5, { param: 1 }],
    ['quantile_over_time reaches a NaN at the bottom', 'quantile_over_time', [5, NaN, 1], NaN, { param: 0 }],
    ['first_over_time', 'first_over_time', [3, 1, 2], 3],
    ['last_over_time', 'last_over_time', [3, 1, 2], 2],
    ['rate_counter of one sample is 0', 'rate_counter', [10], 0],
  ];
  for (const [name, op, values, want, o] of cases) {
    it(name, () => assert.deepEqual(run(op, values, o), want));
  }

  // Samples and answers recorded from Loki 3.6.7 (conformance ra-16: rate_counter over
  // latency_seconds [10m]); its results depend on nanosecond timestamps fed to millisecond code.
  const recorded: [string, [bigint, number][], number][] = [
    ['two samples', [[1795134118426026300n, 0.338], [1795134422338026272n, 0.0143]], 0.00002383338038642762],
    [
      'five samples with resets',
      [
        [1795132873936026005n, 2.4818],
        [1795133013351026793n, 2.7273],
        [1795133032686026650n, 0.8787],
        [1795133092852026029n, 2.3763],
        [1795133177769026771n, 1.1727],
      ],
      0.006324179155435137,
    ],
  ];
  for (const [name, samples, want] of recorded) {
    it(`rate_counter as Loki computes it: ${name}`, () => {
      const base = samples[0]![0] - 1000n;
      const got = run('rate_counter', samples.map((s) => s[1]), { rangeS: 600, ts: samples.map((s) => Number(s[0] - base)) });
      assert.equal(got, want);
    });
  }
});

describe('quantile_over_time by selection', () => {
  it('equals the sorted-window definition, NaNs, signed zeros, infinities and ties included', () => {
    const sortedQuantile = (q: number, vals: number[]): number => {
      const nans = vals.filter(Number.isNaN).length;
      const sorted = Float64Array.from(vals.filter((v) => !Number.isNaN(v))).sort();
      const at = (i: number) => (i < nans ? NaN : sorted[i - nans]!);
      const rank = q * (vals.length - 1);
      const lower = Math.max(0, Math.floor(rank));
      const upper = Math.min(vals.length - 1, lower + 1);
      const w = rank - Math.floor(rank);
      return at(lower) * (1 - w) + at(upper) * w;
    };
    const pool = [0, -0, 1, -1, 2.5, NaN, 3, 3, 3, -7, 1e9, Infinity, -Infinity];
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let t = 0; t < 20000; t++) {
      const n = 1 + Math.floor(rnd() * (t % 50 === 0 ? 300 : 12));
      const vals = Array.from({ length: n }, () => (rnd() < 0.5 ? pool[Math.floor(rnd() * pool.length)]! : Math.round(rnd() * 10) - 5));
      const q = [0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1][t % 8]!;
      const got = run('quantile_over_time', vals, { param: q, unwrap: true });
      assert.ok(Object.is(got, sortedQuantile(q, vals)), `${q} ${vals.join(',')}: ${got}`);
    }
  });
});
