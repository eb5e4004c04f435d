// A pushed entry that got 204 survives SIGKILL: a real `logi serve` process is killed under concurrent
// ingest, restarted on the same data directory, and must answer every acknowledged entry exactly once.
import { test } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertAckedOnce, startPushers, type PusherOptions } from '../testing/acked-pushers.js';
import { freePort, startLogi } from '../testing/logi-process.js';

test('every acknowledged entry survives SIGKILL during concurrent ingest', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'logi-durability-'));
  const port = await freePort();
  const first = await startLogi(dir, port);
  // 200 batches of 20 stay below the 5000-entry query limit used to read each stream back
  const o: PusherOptions = { job: 'durability', pushers: 4, batch: 20, maxBatches: 200, t0: BigInt(Date.now() - 60_000) * 1_000_000n };
  const pushers = startPushers(first.base, o);
  // kill at a random moment once every pusher is under way
  await pushers.underWay();
  await new Promise((r) => setTimeout(r, Math.random() * 400));
  const stopped = pushers.stop(); // first: pushes cut by the kill are not failures
  first.child.kill('SIGKILL');
  await stopped;
  await first.exited;

  const restarted = await startLogi(dir, port);
  try {
    await assertAckedOnce(restarted.base, o, pushers.acked);
  } finally {
    restarted.child.kill('SIGTERM');
    await restarted.exited;
    rmSync(dir, { recursive: true, force: true });
  }
});
