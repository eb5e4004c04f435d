// Label filters after a parser error: numeric, duration and bytes filters still compare (Loki's label_filter.go).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LabelFilterExpr, Stage } from '../syntax/ast.js';
import { compileLogPipeline } from './pipeline.js';

const strictLogfmt: Stage = { kind: 'logfmt', strict: true, keepEmpty: false, params: [] };
const lf = (filter: LabelFilterExpr): Stage => ({ kind: 'label_filter', filter });

function kept(stages: Stage[], lines: string[]): string[] {
  const p = compileLogPipeline(stages).forStream([['app', 'api']]);
  return lines.flatMap((l, i) => {
    const r = p.process(BigInt(i + 1), Buffer.from(l), undefined);
    return r === null ? [] : [r.labels.key];
  });
}

const broken = ['latency_seconds=5 size=2KB took=3s broken="unterminated', 'latency_seconds=500 size=2MB took=3m broken="unterminated'];

test('numeric, duration and bytes filters compare on a line that already has __error__', () => {
  const cases: LabelFilterExpr[] = [
    { kind: 'numeric', name: 'latency_seconds', op: '>', value: 100, text: '100' },
    { kind: 'bytes', name: 'size', op: '>', value: 1e6, text: '1MB' },
    { kind: 'duration', name: 'took', op: '>', value: 60e9, text: '1m' },
  ];
  for (const f of cases) {
    const got = kept([strictLogfmt, lf(f)], broken);
    assert.equal(got.length, 1, f.kind);
    assert.match(got[0]!, /__error__="LogfmtParserErr".*latency_seconds="500"/, f.kind);
  }
});

test('an unparsable value keeps the line and the earlier error', () => {
  const [got] = kept([strictLogfmt, lf({ kind: 'numeric', name: 'took', op: '>', value: 1, text: '1' })], broken);
  assert.match(got!, /__error__="LogfmtParserErr"/);
});

test('a missing label drops the line even when it has an error', () => {
  assert.deepEqual(kept([strictLogfmt, lf({ kind: 'numeric', name: 'absent', op: '<', value: 1, text: '1' })], broken), []);
});

test('ip() still lets a line with an error through, as in Loki', () => {
  assert.equal(kept([strictLogfmt, lf({ kind: 'ip', name: 'latency_seconds', op: '=', pattern: '10.0.0.0/8' })], broken).length, 2);
});
