import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatSampleValue, formatTimestamp, metricResultJSON } from './format.js';

describe('formatSampleValue (Go FormatFloat f, -1)', () => {
  const cases: [number, string][] = [
    [0, '0'],
    [-0, '-0'],
    [1, '1'],
    [-2.5, '-2.5'],
    [0.06485355648535565, '0.06485355648535565'],
    [0.00002383338038642762, '0.00002383338038642762'],
    [1e-7, '0.0000001'],
    [-1.5e-10, '-0.00000000015'],
    [1e21, '1000000000000000000000'],
    [1.2345e25, '12345000000000000000000000'],
    [123456789012345680000, '123456789012345680000'],
    [1795133404.026, '1795133404.026'],
    [5e-324, '0.' + '0'.repeat(323) + '5'],
    [NaN, 'NaN'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
  ];
  for (const [v, want] of cases) it(`${v} → ${want.length > 30 ? want.slice(0, 30) + '…' : want}`, () => assert.equal(formatSampleValue(v), want));
});

describe('formatTimestamp', () => {
  const cases: [number, string][] = [
    [1795136400000, '1795136400'],
    [1795133404026, '1795133404.026'],
    [1795133404020, '1795133404.02'],
    [1795133404001, '1795133404.001'],
    [-1500, '-1.5'],
    [0, '0'],
  ];
  for (const [ms, want] of cases) it(`${ms} → ${want}`, () => assert.equal(formatTimestamp(ms), want));
});

describe('metricResultJSON', () => {
  it('renders each result type in Loki shape', () => {
    assert.equal(metricResultJSON({ type: 'scalar', timestampMs: 1795136400000, value: 22 }), '"resultType":"scalar","result":[1795136400,"22"]');
    assert.equal(
      metricResultJSON({ type: 'vector', samples: [{ labels: [['__proto__', 'x'], ['a', 'q"'] ], timestampMs: 1795133404026, value: NaN }] }),
      '"resultType":"vector","result":[{"metric":{"__proto__":"x","a":"q\\""},"value":[1795133404.026,"NaN"]}]',
    );
    const json = metricResultJSON({ type: 'matrix', series: [{ labels: [], timestampsMs: [1000, 2500], values: [1, 0.5] }] });
    assert.equal(json, '"resultType":"matrix","result":[{"metric":{},"values":[[1,"1"],[2.5,"0.5"]]}]');
    assert.deepEqual(JSON.parse(`{${json}}`).result[0].values, [[1, '1'], [2.5, '0.5']]);
  });
});
