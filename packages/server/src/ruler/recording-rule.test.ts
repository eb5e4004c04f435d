import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prepareParser, type VectorSample } from '@logi/logql';
import { RecordingRule } from './recording-rule.js';
import { compileRule } from './rule-file.js';

prepareParser();
const T0 = Date.UTC(2026, 0, 1);
const rule = (): RecordingRule => new RecordingRule(compileRule({
  record: 'service:errors:rate5m', expr: 'sum(rate({app="a"}[5m])) by (service, pod)', forMs: 0, keepFiringForMs: 0,
  labels: { team: 'payments', pod: '' }, annotations: {},
}, 'g', ''));
const sample = (service: string, pod: string, value: number): VectorSample => ({ labels: [['pod', pod], ['service', service]], timestampMs: 0, value });

test('recorded series carry the rule\'s labels and __name__, at the evaluation time', () => {
  assert.deepEqual(rule().eval([sample('api', 'p1', 0.5), sample('web', 'p2', 2)], T0, 0), [
    { labels: { service: 'api', team: 'payments', __name__: 'service:errors:rate5m' }, value: 0.5, timestampMs: T0 },
    { labels: { service: 'web', team: 'payments', __name__: 'service:errors:rate5m' }, value: 2, timestampMs: T0 },
  ], 'an empty rule label removes the label');
});

test('series that collide once the rule\'s labels apply, and a result over the group\'s limit, are the rule\'s error', () => {
  assert.throws(() => rule().eval([sample('api', 'p1', 1), sample('api', 'p2', 2)], T0, 0), /vector contains metrics with the same labelset after applying rule labels/);
  assert.throws(() => rule().eval([sample('api', 'p1', 1), sample('web', 'p2', 2)], T0, 1), /exceeded limit of 1 with 2 series/);
});
