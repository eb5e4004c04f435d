// Concurrent pushers for kill tests: each sends numbered entries to its own stream {job, pusher} and keeps
// the lines that got 204, so that after a SIGKILL and a restart the test can ask for every acknowledged line
// exactly once.
import assert from 'node:assert/strict';

export interface Pushers {
  /** Lines acknowledged so far, per pusher. */
  readonly acked: string[][];
  /** Resolves once every pusher has had `batches` acknowledged (or after 30 s: a loaded machine). */
  underWay(batches?: number): Promise<void>;
  /** Stops pushing at once (pushes failing from now on are the kill's, so call it before killing) and waits for the pushers. */
  stop(): Promise<void>;
}

export interface PusherOptions {
  job: string;
  pushers: number;
  batch: number;
  /** Batches per pusher at most: keeps each stream below the query limit used to read it back. */
  maxBatches: number;
  /** Timestamp of entry 0; entry n is t0 + n µs. */
  t0: bigint;
}

export function startPushers(base: string, o: PusherOptions): Pushers {
  const acked: string[][] = Array.from({ length: o.pushers }, () => []);
  let stopped = false;
  const pusher = async (p: number): Promise<void> => {
    for (let batch = 0; !stopped && batch < o.maxBatches; batch++) {
      const values = Array.from({ length: o.batch }, (_, i) => {
        const n = batch * o.batch + i;
        return [(o.t0 + BigInt(n) * 1000n).toString(), `pusher=${p} seq=${n}`];
      });
      try {
        const r = await fetch(`${base}/loki/api/v1/push`, {
          method: 'POST', headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ streams: [{ stream: { job: o.job, pusher: String(p) }, values }] }),
        });
        if (r.status !== 204) throw new Error(`push answered ${r.status}: ${await r.text()}`);
        acked[p]!.push(...values.map((v) => v[1]!));
      } catch (e) {
        if (stopped) return;
        throw e;
      }
    }
  };
  const running = Array.from({ length: o.pushers }, (_, p) => pusher(p));
  return {
    acked,
    underWay: async (batches = 2) => {
      const deadline = Date.now() + 30_000;
      while (acked.some((a) => a.length < batches * o.batch) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    },
    stop: async () => {
      stopped = true;
      await Promise.all(running);
    },
  };
}

/** Asserts that the server at `base` answers every acknowledged line once, and no line twice. */
export async function assertAckedOnce(base: string, o: PusherOptions, acked: readonly string[][]): Promise<void> {
  for (let p = 0; p < o.pushers; p++) {
    assert.ok(acked[p]!.length > 0, `pusher ${p} got no acknowledgement before the kill`);
    const q = new URLSearchParams({
      query: `{job="${o.job}", pusher="${p}"}`, start: (o.t0 - 1n).toString(), end: (o.t0 + 10_000_000_000n).toString(),
      limit: String(o.batch * o.maxBatches), direction: 'forward',
    });
    const r = await fetch(`${base}/loki/api/v1/query_range?${q}`);
    assert.equal(r.status, 200, await r.clone().text());
    const body = (await r.json()) as { data: { result: { values: [string, string][] }[] } };
    const lines = body.data.result.flatMap((s) => s.values.map((v) => v[1]));
    const seen = new Set(lines);
    assert.equal(seen.size, lines.length, `pusher ${p}: duplicated entries after restart`);
    const missing = acked[p]!.filter((l) => !seen.has(l));
    assert.deepEqual(missing.slice(0, 5), [], `pusher ${p}: ${missing.length} of ${acked[p]!.length} acknowledged entries lost`);
  }
}
