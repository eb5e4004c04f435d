import assert from 'node:assert/strict';
import { test } from 'node:test';
import { leaveNextTurn, Pace } from './pace.js';

/** Holds the thread past the slice, so that the next step has to wait for a turn. */
function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

/** What happened in which turn of the event loop while a step waited. */
async function order(leave: boolean): Promise<string[]> {
  const marks: string[] = [];
  spin(5);
  const waited = new Pace().step().then(() => { marks.push('step resumed'); });
  if (leave) leaveNextTurn();
  setImmediate(() => {
    marks.push('turn 1');
    setImmediate(() => marks.push('turn 2'));
  });
  await waited;
  await new Promise((r) => setTimeout(r, 20));
  return marks;
}

test('a step past its slice waits for the next turn', async () => {
  assert.deepEqual(await order(false), ['step resumed', 'turn 1', 'turn 2']);
});

test('leaveNextTurn gives one whole turn to I/O before the waiting step goes on', async () => {
  assert.deepEqual(await order(true), ['turn 1', 'step resumed', 'turn 2']);
});

test('connections arriving at every turn cannot hold a waiting step back for more than a few turns', { timeout: 10_000 }, async () => {
  let turns = 0;
  let resumed = false;
  spin(5);
  const waited = new Pace().step().then(() => { resumed = true; });
  const everyTurn = (): void => {
    if (resumed) return;
    turns++;
    leaveNextTurn();
    setImmediate(everyTurn);
  };
  everyTurn();
  await waited;
  assert.ok(turns <= 10, `resumed after ${turns} turns`);
});

test('a step of an aborted query throws the reason once it had to wait', async () => {
  const ac = new AbortController();
  ac.abort(new Error('query timed out'));
  spin(5);
  await assert.rejects(new Pace(ac.signal).step(), /query timed out/);
});
