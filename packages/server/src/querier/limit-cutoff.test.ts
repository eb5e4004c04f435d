import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LimitCutoff } from './limit-cutoff.js';

test('the cutoff is the limit-th newest time seen (backward), known only once limit entries are', () => {
  const c = new LimitCutoff(3, false);
  c.add([9n, 5n]);
  assert.equal(c.cutoff, undefined);
  c.add([7n, 7n, 1n]);
  assert.equal(c.cutoff, 7n); // 9, 7, 7
  c.add([8n]);
  assert.equal(c.cutoff, 7n); // 9, 8, 7
  c.add([10n, 9n]);
  assert.equal(c.cutoff, 9n);
});

test('forward keeps the oldest; a zero limit never cuts', () => {
  const c = new LimitCutoff(2, true);
  c.add([4n, 6n]);
  c.add([5n]);
  assert.equal(c.cutoff, 5n);
  const z = new LimitCutoff(0, true);
  z.add([1n]);
  assert.equal(z.cutoff, undefined);
});
