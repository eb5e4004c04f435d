import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LogEntryOut } from '../querier/log-result.js';
import { mergeSplitResponses } from './merge-streams.js';

const e = (key: string, ts: number): LogEntryOut => ({
  ts: BigInt(ts), line: `${key}@${ts}`, stream: [], streamKey: key, sm: [], parsed: [], fullKey: key,
});
const lines = (xs: LogEntryOut[]): string[] => xs.map((x) => x.line);

test('at most `limit` entries in hand: everything', () => {
  const out = mergeSplitResponses([[e('a', 5), e('b', 4)], [e('a', 2)]], 10, false, false);
  assert.deepEqual(lines(out).sort(), ['a@2', 'a@5', 'b@4']);
});

test("with two streams Loki's heap alternates between them, whatever their times", () => {
  // backward: a is much newer than b, yet both get half of the limit
  const newer = [e('a', 100), e('a', 99), e('a', 98), e('a', 97)];
  const older = [e('b', 10), e('b', 9), e('b', 8), e('b', 7)];
  const out = mergeSplitResponses([[...newer, ...older]], 4, false, false);
  assert.deepEqual(lines(out).sort(), ['a@100', 'a@99', 'b@10', 'b@9']);
});

test('responses past the one that reaches the limit are not merged', () => {
  const out = mergeSplitResponses([[e('a', 9), e('a', 8)], [e('b', 5)]], 2, false, false);
  assert.deepEqual(lines(out), ['a@9', 'a@8']);
});

test('with categorize-labels streams are the indexed labels', () => {
  const x = { ...e('a', 1), fullKey: 'a1' };
  const y = { ...e('a', 2), fullKey: 'a2' };
  const z = e('b', 3);
  // one stream `a` (two full label sets) and `b`: alternation is per indexed stream
  const out = mergeSplitResponses([[y, x, z]], 2, false, true);
  assert.deepEqual(lines(out).sort(), ['a@2', 'b@3']);
});
