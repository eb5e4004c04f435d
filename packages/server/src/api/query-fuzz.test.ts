// A short run of the query fuzzer (bench/fuzz-queries.js, `npm run fuzz` runs 100,000): a real
// `logi serve` must answer every generated, mutated or random query with 200 or 400, never die,
// and refuse quickly.
import { test } from 'node:test';
import assert from 'node:assert/strict';

interface FuzzResult {
  queries: number;
  statuses: Record<string, number>;
  violations: string[];
}
interface FuzzModule {
  fuzzQueries(opts: { queries: number; concurrency: number; seed: number; log: (line: string) => void }): Promise<FuzzResult>;
  summaryLine(res: FuzzResult): string;
}

test('2,000 fuzzed queries: only 200 and 400, no crash, no slow refusal', async () => {
  const url = new URL('../../../../bench/fuzz-queries.js', import.meta.url).href;
  const fuzz = (await import(url)) as FuzzModule;
  const res = await fuzz.fuzzQueries({ queries: 2000, concurrency: 3, seed: 11, log: () => undefined });
  assert.equal(res.queries, 2000);
  assert.deepEqual(res.violations, [], fuzz.summaryLine(res));
  assert.ok((res.statuses['200'] ?? 0) > 200, 'a good share of the queries reaches the engine');
  assert.ok((res.statuses['400'] ?? 0) > 200, 'and a good share is refused');
});
