// Child of scan-worker-gc.test.ts, run with --trace-gc: a server with LINES lines stored, then a needle scan that finds
// nothing, QUERIES times. Prints `scans start` and `scans end` around the scans, so the parent counts the garbage
// collections of those alone.
import { CONFORMANCE_LIMITS, startTestServer } from '../../testing/test-server.js';

const LINES = 200_000;
const STREAMS = 4;
const BATCH = 20_000;
const QUERIES = 60;
const T0_MS = Math.floor((Date.now() - 3 * 3600_000) / 60_000) * 60_000;
const PAD = 'lorem ipsum dolor sit amet '.repeat(6);

const srv = await startTestServer({ limits: CONFORMANCE_LIMITS });
try {
  for (let from = 0; from < LINES; from += BATCH) {
    const streams = Array.from({ length: STREAMS }, (_, s) => ({
      stream: { app: `gc-${s}` },
      values: Array.from({ length: BATCH / STREAMS }, (_, k) => {
        const i = from + k * STREAMS + s;
        return [String(BigInt(T0_MS) * 1_000_000n + BigInt(i) * 10_000_000n), `i=${i} status=${200 + (i % 5)} ${PAD}${i % 97}`];
      }),
    }));
    const r = await fetch(`${srv.base}/loki/api/v1/push`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ streams }) });
    if (r.status !== 204) throw new Error(`push answered ${r.status}: ${await r.text()}`);
  }
  if ((await fetch(`${srv.base}/flush`, { method: 'POST' })).status !== 204) throw new Error('flush failed');
  const q = new URLSearchParams({
    query: '{app=~"gc-.+"} |= "needle-that-never-matches"', limit: '100', direction: 'backward',
    start: String(BigInt(T0_MS) * 1_000_000n - 1n), end: String(BigInt(T0_MS) * 1_000_000n + BigInt(LINES) * 10_000_000n),
  });
  const scan = async (): Promise<void> => {
    const body = (await (await fetch(`${srv.base}/loki/api/v1/query_range?${q}`)).json()) as { data: { result: unknown[]; stats: { summary: { totalLinesProcessed: number } } } };
    if (body.data.result.length !== 0 || body.data.stats.summary.totalLinesProcessed !== LINES) throw new Error(`unexpected answer ${JSON.stringify(body.data.stats.summary)}`);
  };
  await scan(); // the workers are up and have compiled the scan
  console.log('scans start');
  for (let i = 0; i < QUERIES; i++) await scan();
  console.log('scans end');
} finally {
  await srv.close();
}
