import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { QueryError } from './errors.js';
import { alignStep, rangeGrid } from './step-grid.js';

const S = 1_000_000_000n;

describe('alignStep', () => {
  const cases: [string, bigint, bigint, bigint, bigint, bigint][] = [
    // conformance step-04: 00:07:13 .. 00:52:41 step 60s answers 00:07:00 .. 00:53:00
    ['start down, end up', 1795133233n * S, 1795135961n * S, 60n * S, 1795133220n * S, 1795135980n * S],
    ['aligned stays', 1795132800n * S, 1795136400n * S, 600n * S, 1795132800n * S, 1795136400n * S],
    ['nanoseconds', 1795133404026031352n, 1795133404026031352n, 15n * S, 1795133400n * S, 1795133415n * S],
  ];
  for (const [name, start, end, step, wantStart, wantEnd] of cases) {
    it(name, () => assert.deepEqual(alignStep(start, end, step), { startNs: wantStart, endNs: wantEnd }));
  }
});

describe('rangeGrid', () => {
  it('counts the steps that fit, end included', () => {
    assert.equal(rangeGrid(0n, 60n * S, 20n * S).count, 4);
    assert.equal(rangeGrid(0n, 59n * S, 20n * S).count, 3);
    assert.equal(rangeGrid(5n, 5n, 1n).count, 1);
  });
  it('refuses a step ≤ 0 and an end before the start', () => {
    assert.throws(() => rangeGrid(0n, 1n, 0n), (e: unknown) => e instanceof QueryError && e.status === 400 && /zero or negative/.test(e.message));
    assert.throws(() => rangeGrid(2n, 1n, 1n), (e: unknown) => e instanceof QueryError && e.status === 400);
  });
});
