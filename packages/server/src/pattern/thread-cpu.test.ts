// The calling thread's CPU time, which the miner's budget is counted in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { threadCpuMs } from './thread-cpu.js';

test('work on this thread shows in its CPU time', () => {
  const before = threadCpuMs();
  let x = 0;
  // spin until the clock moves (10 ms ticks); the bound only stops a broken clock from hanging the test
  const giveUpAt = performance.now() + 30_000;
  while (threadCpuMs() === before && performance.now() < giveUpAt) for (let i = 0; i < 1e6; i++) x += i;
  assert.ok(threadCpuMs() > before, `CPU time moved (${x > 0})`);
});
