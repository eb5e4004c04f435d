// Wrote v1-data/ with the version 1 layout's code (commit 045b617, run from the root of a built checkout of it:
// node gen-v1.mjs DIR): two tenants, two days, chunks flushed, and entries only in the WAL (the process exits
// without closing). Kept to show how the fixture of migrate-v1.test.ts was made; it does not run against this code.
import { openIngester } from './packages/server/dist/ingester/ingester.js';
const dir = process.argv[2];
const DAY = 86_400_000_000_000n;
const T0 = 1_795_132_800_000_000_000n; // 2026-11-20T00:00:00Z
const ing = await openIngester({ dir, chunksDir: `${dir}/chunks`, chunkTargetSize: 1572864, blockSize: 262144, chunkIdlePeriodMs: 1800000, maxChunkAgeMs: 7200000, maxStreamsPerTenant: 0, fsync: true }, { warn: () => undefined });
const e = (ts, line, sm) => ({ ts, line, ...(sm ? { sm } : {}) });
for (const [tenant, app] of [['fake', 'api'], ['t/2', 'web']]) {
  for (let d = 0n; d < 2n; d++) {
    await ing.push(tenant, [{ labels: [['app', app], ['day', String(d)]], entries: Array.from({ length: 50 }, (_, i) => e(T0 + d * DAY + BigInt(i) * 1_000_000_000n, `${tenant} day ${d} line ${i}`, i % 10 === 0 ? [['trace_id', `t${i}`]] : undefined)) }]);
  }
}
await ing.flush();
// entries only in the WAL: the process exits without closing
await ing.push('fake', [{ labels: [['app', 'api'], ['day', '1']], entries: Array.from({ length: 5 }, (_, i) => e(T0 + DAY + 3_600_000_000_000n + BigInt(i), `fake wal line ${i}`)) }]);
process.exit(0);
