import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mergeBatches } from './batch-merge.js';
import { batchTransferList, SampleBatchBuilder } from './sample-batch.js';

const A = { key: '{a="1"}', labels: [['a', '1']] as [string, string][] };
const B = { key: '{a="2"}', labels: [['a', '2']] as [string, string][] };

describe('SampleBatchBuilder', () => {
  it('groups by series, sorts interleaved streams stably, keeps ns exact', () => {
    const b = new SampleBatchBuilder(1795133404026031352n);
    b.add(A, 1795133404026031362n, 1);
    b.add(B, 1795133404026031353n, 5);
    b.add({ ...A }, 1795133404026031355n, 2); // another object with the same key
    b.add(A, 1795133404026031355n, 3);
    const batch = b.build();
    assert.equal(batch.series.length, 2);
    const a = batch.series.find((s) => s.key === A.key)!;
    assert.deepEqual([...a.ts.subarray(0, a.length)], [3, 3, 10]);
    assert.deepEqual([...a.values.subarray(0, a.length)], [2, 3, 1]);
    assert.equal(batchTransferList(batch).length, 4);
  });

  it('with a bucket, moves samples to the end of their bucket and sums consecutive ones of a series there', () => {
    const b = new SampleBatchBuilder(1000n, 10);
    for (const [ts, v] of [[1001n, 1], [1010n, 2], [1011n, 4], [1019n, 8]] as const) b.add(A, ts, v);
    b.add(B, 1015n, 16);
    b.add(A, 1020n, 32); // after another series: a second sample at the same end, still summed by the window
    b.add(A, 1021n, 64);
    const a = b.build().series.find((s) => s.key === A.key)!;
    assert.deepEqual([...a.ts.subarray(0, a.length)], [10, 20, 20, 30]);
    assert.deepEqual([...a.values.subarray(0, a.length)], [3, 12, 32, 64]);
  });

  it('survives structured cloning, as posted from a worker', () => {
    const b = new SampleBatchBuilder(10n);
    b.add(A, 12n, 7);
    const copy = structuredClone(b.build());
    assert.equal(copy.baseNs, 10n);
    assert.equal(copy.series[0]!.values[0], 7);
  });
});

describe('mergeBatches', () => {
  it('rebases batches and merges runs of one series in time order', () => {
    const one = new SampleBatchBuilder(100n);
    one.add(A, 110n, 1);
    one.add(A, 130n, 3);
    const two = new SampleBatchBuilder(120n);
    two.add(A, 120n, 2);
    two.add(A, 130n, 4);
    two.add(B, 125n, 9);
    const merged = mergeBatches([one.build(), two.build()], 100n);
    const a = merged.find((s) => s.labels.key === A.key)!;
    assert.deepEqual([...a.ts.subarray(0, a.length)], [10, 20, 30, 30]);
    assert.deepEqual([...a.values.subarray(0, a.length)], [1, 2, 3, 4]);
    const b = merged.find((s) => s.labels.key === B.key)!;
    assert.deepEqual([...b.ts.subarray(0, b.length)], [25]);
  });

  it('keeps equal times in batch order when many batches make one series', () => {
    // Samples at 5 and 10 in each of 9 batches: the values say which batch they came from.
    const batches = Array.from({ length: 9 }, (_, k) => {
      const b = new SampleBatchBuilder(0n);
      b.add(A, 5n, k);
      b.add(A, 10n, 100 + k);
      return b.build();
    });
    const [a] = mergeBatches(batches, 0n);
    assert.deepEqual([...a!.values.subarray(0, a!.length)], [0, 1, 2, 3, 4, 5, 6, 7, 8, 100, 101, 102, 103, 104, 105, 106, 107, 108]);
  });
});
