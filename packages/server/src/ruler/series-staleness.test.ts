import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SeriesStaleness } from './series-staleness.js';

const T0 = Date.UTC(2026, 0, 1);
const at = (service: string, value: number, ts: number) => ({ labels: { __name__: 'x', service }, value, timestampMs: ts });

test('a series written last time and gone now gets one staleness marker; one that comes back starts again', () => {
  const s = new SeriesStaleness();
  assert.deepEqual(s.mark([at('api', 1, T0), at('web', 2, T0)], T0), [at('api', 1, T0), at('web', 2, T0)]);
  assert.deepEqual(s.mark([at('api', 3, T0 + 1000)], T0 + 1000), [at('api', 3, T0 + 1000), { labels: { __name__: 'x', service: 'web' }, value: NaN, timestampMs: T0 + 1000, stale: true }]);
  assert.deepEqual(s.mark([at('api', 4, T0 + 2000)], T0 + 2000), [at('api', 4, T0 + 2000)], 'the marker is written once');
  assert.deepEqual(s.mark([at('web', 5, T0 + 3000)], T0 + 3000), [at('web', 5, T0 + 3000), { labels: { __name__: 'x', service: 'api' }, value: NaN, timestampMs: T0 + 3000, stale: true }]);
});
