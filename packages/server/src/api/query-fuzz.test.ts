// A short, deterministic run of the request fuzzer (bench/fuzz-queries.js; `npm run fuzz` runs 100,000):
// a real `logi serve` gets generated, mutated and random LogQL and the families of issue 8 (huge numbers,
// deep nesting, templates with large output, long ranges, odd push timestamps) on every endpoint, and
// must never die nor answer 5xx, nor pass 1.5 GB of RSS. Latency bounds are left to `npm run fuzz`: tests
// hold no timing assertions.
import { test } from 'node:test';
import assert from 'node:assert/strict';

interface FuzzResult {
  queries: number;
  statuses: Record<string, number>;
  families: Record<string, { requests: number; errors: number }>;
  violations: string[];
  peakRssBytes: number;
}
interface FuzzModule {
  fuzzQueries(opts: { queries: number; concurrency: number; seed: number; log: (line: string) => void }): Promise<FuzzResult>;
  summaryLine(res: FuzzResult): string;
}

test('2,000 fuzzed requests on every endpoint: no 5xx, no crash, RSS under 1.5 GB', { timeout: 900_000 }, async () => {
  const url = new URL('../../../../bench/fuzz-queries.js', import.meta.url).href;
  const fuzz = (await import(url)) as FuzzModule;
  const res = await fuzz.fuzzQueries({ queries: 2000, concurrency: 3, seed: 11, log: () => undefined });
  assert.equal(res.queries, 2000);
  const failures = res.violations.filter((v) => !v.startsWith('slow '));
  assert.deepEqual(failures, [], fuzz.summaryLine(res));
  for (const family of ['logql', 'legacy', 'metadata', 'numbers', 'ranges', 'nesting', 'templates', 'push', 'format']) {
    assert.ok((res.families[family]?.requests ?? 0) > 20, `family ${family} is covered`);
  }
  assert.ok((res.statuses['200'] ?? 0) > 200, 'a good share of the requests reaches the engine');
  assert.ok((res.statuses['400'] ?? 0) > 200, 'and a good share is refused');
});
