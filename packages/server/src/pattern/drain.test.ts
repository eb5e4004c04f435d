// Drain's clustering: templates with placeholders, the prefix tree, the token bounds, the cluster cap and retention.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Drain } from './drain.js';
import { PatternSamples } from './samples.js';
import { PunctuationTokenizer } from './tokenizer.js';

const timing = { intervalMs: 10_000, maxChunkAgeMs: 3_600_000 };
const drain = (maxClusters = 300, now?: () => number): Drain => new Drain(new PunctuationTokenizer(3000), { ...timing, maxClusters }, now);
const patterns = (d: Drain): string[] => [...d.clusters].map((c) => c.pattern).sort();

test('lines of one template form one cluster whose varying tokens are placeholders', () => {
  const d = drain();
  for (let i = 0; i < 20; i++) d.train(`order ${1000 + i} shipped to warehouse w${i % 3} after ${i}ms`, i * 1000);
  assert.deepEqual(patterns(d), ['order <_> shipped to warehouse <_> after <_>']);
});

test('templates differing early in the line stay apart; so do different token counts', () => {
  const d = drain();
  for (let i = 0; i < 10; i++) {
    d.train(`GET /orders/${i} answered 200 in ${i}ms`, i);
    d.train(`POST /orders/${i} answered 201 in ${i}ms`, i);
    d.train(`cache miss for key k${i} in region eu`, i);
  }
  assert.deepEqual(patterns(d), ['GET <_> answered 200 in <_>', 'POST <_> answered 201 in <_>', 'cache miss for key <_> in region eu']);
});

test('lines with fewer than 4 or more than 80 tokens are not mined', () => {
  const d = drain();
  assert.equal(d.train('user logged in', 0), undefined);
  assert.equal(d.train(Array.from({ length: 81 }, (_, i) => `w${i}`).join(' '), 0), undefined);
  assert.equal(d.clusterCount, 0);
});

test('max_clusters bounds the clusters, evicting the least recently matched; heavy churn pauses mining', () => {
  let now = 0;
  const d = drain(3, () => now);
  const distinct = (i: number): string => `${'abcdefghij'[i]}x alpha beta gamma ${'klmnopqrst'[i]}y`;
  for (let i = 0; i < 4; i++) d.train(distinct(i), 0);
  assert.equal(d.clusterCount, 3);
  assert.ok(!patterns(d).includes(distinct(0)), 'the oldest cluster went');
  for (let i = 4; i < 10; i++) d.train(distinct(i), 0);
  assert.equal(d.train(distinct(0), 0), undefined, 'evicting more than a quarter of what it creates: paused');
  now += 10 * 60_000;
  assert.ok(d.train(distinct(0), 0), 'mining resumes after ten minutes');
});

test('samples count lines per interval; a step sums them with zeros between', () => {
  const s = new PatternSamples();
  for (const t of [1_000, 2_000, 15_000, 41_000]) s.add(t, timing);
  s.add(5_000, timing); // older than the latest interval counted: not counted (Loki's order rule)
  assert.deepEqual(s.forRange(0, 60_000, 10_000, 10_000), [[[0, 2], [10_000, 1], [40_000, 1]]]);
  assert.deepEqual(s.forRange(0, 60_000, 20_000, 10_000), [[[0, 3], [20_000, 0], [40_000, 1]]]);
  assert.deepEqual(s.forRange(10_000, 40_000, 10_000, 10_000), [[[10_000, 1]]], 'the end is exclusive');
});

test('pruning forgets clusters with no sample left in the retention window', () => {
  const d = drain();
  for (let i = 0; i < 5; i++) d.train(`old job ${i} finished with code ${i}`, 1_000);
  for (let i = 0; i < 5; i++) d.train(`new job ${i} started on node n${i}`, 9_000_000);
  d.pruneBefore(5_000_000);
  assert.deepEqual(patterns(d), ['new job <_> started on node <_>']);
  assert.ok(d.train(`old job 7 finished with code 7`, 9_100_000), 'the tree still takes the old template anew');
});
