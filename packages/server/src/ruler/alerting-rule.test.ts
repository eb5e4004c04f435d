import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prepareParser, type VectorSample } from '@logi/logql';
import { AlertingRule, RESOLVED_RETENTION_MS } from './alerting-rule.js';
import { compileRule } from './rule-file.js';

prepareParser();
const ctx = { externalLabels: {}, externalURL: 'http://logi' };
const S = 1000;
const T0 = Date.UTC(2026, 0, 1);

function rule(forMs: number, keepFiringForMs = 0): AlertingRule {
  return new AlertingRule(compileRule({
    alert: 'HighErrors', expr: 'sum(rate({app="a"}[5m])) by (service) > 0.1', forMs, keepFiringForMs,
    labels: { severity: 'page' }, annotations: { summary: '{{ $labels.service }} at {{ $value }}' },
  }, 'g', ''));
}
const sample = (service: string, value: number): VectorSample => ({ labels: [['service', service]], timestampMs: 0, value });

test('pending, then firing after `for`, then resolved when the series is gone; resolved alerts are retained 15 minutes', () => {
  const r = rule(60 * S);
  r.eval([sample('api', 0.5)], 0, 0, ctx);
  assert.equal(r.state(), 'pending');
  const [a] = r.active.values();
  assert.deepEqual(a!.labels, { service: 'api', severity: 'page', alertname: 'HighErrors' });
  assert.deepEqual(a!.annotations, { summary: 'api at 0.5' });
  assert.deepEqual(r.alertsToSend(0, 60 * S, 10 * S), [], 'pending alerts are not sent');
  r.eval([sample('api', 0.7)], 59 * S, 0, ctx);
  assert.equal(r.state(), 'pending');
  r.eval([sample('api', 0.9)], 60 * S, 0, ctx);
  assert.equal(r.state(), 'firing');
  assert.equal(a!.firedAtMs, 60 * S);
  assert.equal(a!.activeAtMs, 0);
  assert.equal(a!.annotations.summary, 'api at 0.9');
  r.eval([], 70 * S, 0, ctx);
  assert.equal(r.state(), 'inactive');
  assert.equal(a!.resolvedAtMs, 70 * S);
  assert.equal(r.active.size, 1);
  r.eval([], 70 * S + RESOLVED_RETENTION_MS + 1, 0, ctx);
  assert.equal(r.active.size, 0);
});

test('a pending alert whose series goes away is dropped, and starts over when it comes back', () => {
  const r = rule(60 * S);
  r.eval([sample('api', 1)], 0, 0, ctx);
  r.eval([], 10 * S, 0, ctx);
  assert.equal(r.active.size, 0);
  r.eval([sample('api', 1)], 20 * S, 0, ctx);
  assert.equal([...r.active.values()][0]!.activeAtMs, 20 * S);
  r.eval([sample('api', 1)], 79 * S, 0, ctx);
  assert.equal(r.state(), 'pending');
});

test('keep_firing_for keeps an alert firing after its series is gone, then resolves it', () => {
  const r = rule(0, 30 * S);
  r.eval([sample('api', 1)], 0, 0, ctx);
  assert.equal(r.state(), 'firing', 'for: 0 fires at once');
  r.eval([], 10 * S, 0, ctx);
  r.eval([], 39 * S, 0, ctx);
  assert.equal(r.state(), 'firing');
  // the series is back: the keep-firing clock restarts
  r.eval([sample('api', 1)], 45 * S, 0, ctx);
  r.eval([], 50 * S, 0, ctx);
  r.eval([], 79 * S, 0, ctx);
  assert.equal(r.state(), 'firing');
  r.eval([], 80 * S, 0, ctx);
  assert.equal(r.state(), 'inactive');
});

test('firing alerts are re-sent every resend delay, the resolution at once, validity four sends long', () => {
  const r = rule(0);
  r.eval([sample('api', 1)], T0, 0, ctx);
  const first = r.alertsToSend(T0, 60 * S, 10 * S);
  assert.equal(first.length, 1);
  assert.equal(first[0]!.validUntilMs, T0 + 240 * S);
  assert.deepEqual(r.alertsToSend(T0 + 10 * S, 60 * S, 10 * S), []);
  assert.equal(r.alertsToSend(T0 + 61 * S, 60 * S, 10 * S).length, 1);
  r.eval([], T0 + 70 * S, 0, ctx);
  const resolved = r.alertsToSend(T0 + 70 * S, 60 * S, 10 * S);
  assert.equal(resolved[0]!.state, 'inactive');
  assert.equal(resolved[0]!.resolvedAtMs, T0 + 70 * S);
  assert.deepEqual(r.alertsToSend(T0 + 80 * S, 60 * S, 10 * S), []);
});

test('the limit and duplicate series are the rule\'s errors', () => {
  const r = rule(0);
  assert.throws(() => r.eval([sample('a', 1), sample('b', 1), sample('c', 1)], 0, 2, ctx), /^Error: exceeded limit of 2 with 3 alerts$/);
  assert.equal(r.active.size, 0);
  const dup: VectorSample[] = [{ labels: [['__name__', 'x'], ['service', 'a']], timestampMs: 0, value: 1 }, sample('a', 2)];
  assert.throws(() => r.eval(dup, 0, 0, ctx), /same labelset after applying alert labels/);
});

test('the ALERTS series: 1 per pending or firing alert, with its labels and alertstate; none once resolved', () => {
  const r = rule(60 * S);
  r.eval([sample('api', 0.5)], T0, 0, ctx);
  assert.deepEqual(r.alertsSeries(T0), [{ labels: { service: 'api', severity: 'page', alertname: 'HighErrors', __name__: 'ALERTS', alertstate: 'pending' }, value: 1, timestampMs: T0 }]);
  r.eval([sample('api', 0.5)], T0 + 60 * S, 0, ctx);
  assert.equal(r.alertsSeries(T0 + 60 * S)[0]!.labels.alertstate, 'firing');
  r.eval([], T0 + 120 * S, 0, ctx);
  assert.deepEqual(r.alertsSeries(T0 + 120 * S), []);
});
