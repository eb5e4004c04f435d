import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newQueryBudget, TaskBudget } from './query-budget.js';

const MAX = 32 * 1024 * 1024;
const LINE = 200_000;

/** Keeps `n` entries of LINE bytes, one row each, from a block of `rows` in range; the entry number at which it was over, or 0. */
function keepAll(task: TaskBudget, n: number, rows: number, from = 0): number {
  for (let i = from; i < from + n; i++) if (task.keep(LINE, i + 1, rows - i - 1)) return i + 1;
  return 0;
}

test('one task whose rows in range fit the bound keeps them all', () => {
  // 150 rows of 200 KB: 30 MB, under 32 MiB
  assert.equal(keepAll(new TaskBudget(newQueryBudget(), MAX, 5000), 150, 150), 0);
});

test('tasks that each fit but fill the bound together are over from what they expect, long before it is full', () => {
  // three streams of 96 rows of 200 KB: 19.2 MB each, 57.6 MB together; two run at once
  const shared = newQueryBudget();
  const a = new TaskBudget(shared, MAX, 1335);
  const b = new TaskBudget(shared, MAX, 1335);
  let over = 0;
  for (let i = 0; i < 96 && over === 0; i++) {
    if (a.keep(LINE, i + 1, 96 - i - 1) || b.keep(LINE, i + 1, 96 - i - 1)) over = i + 1;
  }
  // at 28 each the two expect 38.4 MB, past the margin of 1 + 8/56 over 32 MiB; filling the bound takes 84 each
  assert.ok(over > 0 && over <= 30, `over after ${over} entries each`);
  // alone, either of them would have kept its 96
  assert.equal(keepAll(new TaskBudget(newQueryBudget(), MAX, 1335), 96, 96), 0);
});

test('a finished task leaves only what it kept in the count; what it kept still counts toward the bound', () => {
  const shared = newQueryBudget();
  const first = new TaskBudget(shared, MAX, 5000);
  assert.equal(keepAll(first, 60, 100), 0);
  // first expected 40 more (8 MB); it ended after 60 (12 MB kept)
  first.end();
  const second = new TaskBudget(shared, MAX, 5000);
  // 12 MB kept + 100 rows × 200 KB = 32 MB: under 32 MiB, so kept whole
  assert.equal(keepAll(second, 100, 100), 0);
  second.end();
  // a third task passes the bound with what the two kept: 32 MB + 8 entries
  const third = new TaskBudget(shared, MAX, 5000);
  const at = keepAll(third, 20, 20);
  assert.ok(at > 0 && at <= 8, `over at entry ${at}`);
});
