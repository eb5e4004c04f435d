// The miner over streams and tenants: merging a pattern across streams, weights of lines standing for dropped
// ones, Loki's 30-line floor, the bound on mined streams and retention.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergePatterns } from './merge-patterns.js';
import { PatternMiner, type PatternMinerOptions, type StreamLines } from './pattern-miner.js';

const OPTS: PatternMinerOptions = {
  maxClusters: 300, maxLineLength: 3000, retainForMs: 3 * 3600_000, maxChunkAgeMs: 3600_000, intervalMs: 10_000,
  jsonMessageFields: ['msg'], maxStreams: 2,
};
const T0 = 1_700_000_000_000;

function stream(key: string, service: string, n: number, weight = 1, level = 'info'): StreamLines {
  const lines = Array.from({ length: n }, (_, i) => `job ${i} done in ${i * 3}ms on node n${i % 4}`);
  return { key, labels: [['service_name', service]], tsMs: Float64Array.from(lines, (_, i) => T0 + i * 1000), lines, levels: lines.map(() => level), weight };
}

test('a pattern is merged over streams per level; weighted lines count as the lines they stand for', () => {
  const m = new PatternMiner(OPTS, () => T0);
  m.observe('t', [stream('a', 'api', 20), stream('b', 'api', 10, 2.5)]);
  const got = mergePatterns(m.select('t', [{ name: 'service_name', type: '=', value: 'api' }], T0, T0 + 3600_000, 60_000));
  assert.deepEqual(got.map((p) => [p.pattern, p.level, p.samples.reduce((n, s) => n + s[1], 0)]), [['job <_> done in <_> on node <_>', 'info', 45]]);
  assert.deepEqual(mergePatterns(m.select('other tenant', [], T0, T0 + 3600_000, 60_000)), []);
});

test('fewer than 30 lines in the range: left out, as Loki does', () => {
  const m = new PatternMiner(OPTS, () => T0);
  m.observe('t', [stream('a', 'api', 29)]);
  assert.deepEqual(mergePatterns(m.select('t', [], T0, T0 + 3600_000, 60_000)), []);
});

test('streams beyond the bound are not mined; retention frees them', () => {
  let now = T0;
  const m = new PatternMiner(OPTS, () => now);
  m.observe('t', [stream('a', 'a', 40), stream('b', 'b', 40), stream('c', 'c', 40)]);
  assert.equal(m.skippedStreams, 1);
  assert.deepEqual(mergePatterns(m.select('t', [{ name: 'service_name', type: '=', value: 'c' }], T0, T0 + 3600_000, 60_000)), []);
  now = T0 + 4 * 3600_000; // past retain_for: everything is forgotten at the next push
  m.observe('t', [stream('c', 'c', 40)]);
  assert.equal(m.skippedStreams, 1, 'room again for c');
  assert.deepEqual(mergePatterns(m.select('t', [], T0, now, 60_000)).map((p) => p.samples.reduce((n, s) => n + s[1], 0)), [40]);
});
