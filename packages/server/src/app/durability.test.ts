// A pushed entry that got 204 survives SIGKILL: a real `logi serve` process is killed under concurrent
// ingest, restarted on the same data directory, and must answer every acknowledged entry exactly once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startLogi } from '../testing/logi-process.js';

const PUSHERS = 4;
const BATCH = 20;
/** stays below the 5000-entry query limit used to read each stream back */
const MAX_BATCHES = 200;

test('every acknowledged entry survives SIGKILL during concurrent ingest', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'logi-durability-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const first = await startLogi(dir, port);
  const acked: string[][] = Array.from({ length: PUSHERS }, () => []);
  const t0 = BigInt(Date.now() - 60_000) * 1_000_000n;
  let killed = false;

  const pusher = async (p: number): Promise<void> => {
    for (let batch = 0; !killed && batch < MAX_BATCHES; batch++) {
      const values = Array.from({ length: BATCH }, (_, i) => {
        const n = batch * BATCH + i;
        return [(t0 + BigInt(n) * 1000n).toString(), `pusher=${p} seq=${n}`];
      });
      try {
        const r = await fetch(`${base}/loki/api/v1/push`, {
          method: 'POST', headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ streams: [{ stream: { job: 'durability', pusher: String(p) }, values }] }),
        });
        if (r.status !== 204) throw new Error(`push answered ${r.status}: ${await r.text()}`);
        acked[p]!.push(...values.map((v) => v[1]!));
      } catch (e) {
        if (killed) return;
        throw e;
      }
    }
  };
  const running = Array.from({ length: PUSHERS }, (_, p) => pusher(p));
  // kill at a random moment once every pusher is under way (a loaded machine may need a while to get there)
  const underWay = Date.now() + 30_000;
  while (acked.some((a) => a.length < 2 * BATCH) && Date.now() < underWay) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, Math.random() * 400));
  killed = true;
  first.child.kill('SIGKILL');
  await Promise.all(running);
  await first.exited;

  const restarted = await startLogi(dir, port);
  try {
    for (let p = 0; p < PUSHERS; p++) {
      assert.ok(acked[p]!.length > 0, `pusher ${p} got no acknowledgement before the kill`);
      const q = new URLSearchParams({
        query: `{job="durability", pusher="${p}"}`, start: (t0 - 1n).toString(), end: (t0 + 10_000_000_000n).toString(),
        limit: '5000', direction: 'forward',
      });
      const body = (await (await fetch(`${base}/loki/api/v1/query_range?${q}`)).json()) as { data: { result: { values: [string, string][] }[] } };
      const lines = body.data.result.flatMap((s) => s.values.map((v) => v[1]));
      const seen = new Set(lines);
      assert.equal(seen.size, lines.length, `pusher ${p}: duplicated entries after restart`);
      const missing = acked[p]!.filter((l) => !seen.has(l));
      assert.deepEqual(missing.slice(0, 5), [], `pusher ${p}: ${missing.length} of ${acked[p]!.length} acknowledged entries lost`);
    }
  } finally {
    restarted.child.kill('SIGTERM');
    await restarted.exited;
    rmSync(dir, { recursive: true, force: true });
  }
});
