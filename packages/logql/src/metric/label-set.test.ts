import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LabelPair } from '@logi/protocol';
import { compareLabels, compareStrings, setLabel } from './label-set.js';

describe('compareLabels (Prometheus labels.Compare)', () => {
  const cases: [string, LabelPair[], LabelPair[], number][] = [
    ['name decides first', [['a', 'z']], [['b', 'a']], -1],
    ['then the value', [['a', '1'], ['b', '9']], [['a', '2']], -1],
    ['shorter first when a prefix', [['a', '1']], [['a', '1'], ['b', '1']], -1],
    ['equal', [['a', '1']], [['a', '1']], 0],
    ['empty first', [], [['a', '']], -1],
  ];
  for (const [name, a, b, want] of cases) {
    it(name, () => {
      assert.equal(Math.sign(compareLabels(a, b)), want);
      assert.equal(Math.sign(compareLabels(b, a)), -want || 0);
    });
  }
  it('orders strings by UTF-8 bytes, not UTF-16 units', () => {
    assert.ok(compareStrings('\uffff', '😀') < 0); // U+FFFF < U+1F600 in UTF-8
    assert.ok('\uffff' > '😀'); // …while JS compares the surrogate 0xD83D first
    assert.ok(compareStrings('B', 'a') < 0);
  });
});

describe('setLabel', () => {
  it('inserts in order, replaces, and removes on an empty value', () => {
    assert.deepEqual(setLabel([['a', '1'], ['c', '3']], 'b', '2'), [['a', '1'], ['b', '2'], ['c', '3']]);
    assert.deepEqual(setLabel([['a', '1']], 'a', '9'), [['a', '9']]);
    assert.deepEqual(setLabel([['a', '1'], ['b', '2']], 'a', ''), [['b', '2']]);
  });
});
