// A step-invariant subexpression is evaluated once and replayed at every later step, on vector()'s clock.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ConstantNode } from './node-constant.js';
import { VectorNode } from './node-vector.js';
import { rangeGrid } from './step-grid.js';
import type { StepNode } from './step-node.js';
import { SECOND } from './testing.js';

it('evaluates its inner node once and gives the same samples at every step, at vector() times', () => {
  const grid = rangeGrid(1795136400n * SECOND, 1795136430n * SECOND, 15n * SECOND);
  const vector = new VectorNode(3, grid);
  let calls = 0;
  const counted: StepNode = { table: vector.table, next: () => (calls++, vector.next()), timestampMs: () => assert.fail('the inner clock is not asked') };
  const node = new ConstantNode(counted, grid);
  const seen = [0, 1, 2].map((step) => {
    const v = node.next();
    return { ids: [...v.ids.subarray(0, v.length)], values: [...v.values.subarray(0, v.length)], ms: node.timestampMs(step) };
  });
  assert.equal(calls, 1);
  assert.deepEqual(seen, [0, 1, 2].map((step) => ({ ids: [0], values: [3], ms: vector.timestampMs(step) })));
  assert.deepEqual(seen.map((s) => s.ms), [1795136400000, 1795136415000, 1795136430000]);
});
