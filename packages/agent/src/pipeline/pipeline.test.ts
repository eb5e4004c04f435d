import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Args } from '../config/args.js';
import type { Entry } from './entry.js';
import { LabelSet } from './label-set.js';
import { buildStages } from './pipeline.js';
import type { StageConfig } from './stage.js';

const stage = (type: string, values: Record<string, unknown>, stages?: StageConfig[]): StageConfig => ({ type, args: new Args(`stage.${type}`, values), stages });

interface Run {
  out: Entry[];
  dropped: string[];
  released: number;
  push(line: string, labels?: Record<string, string>): void;
  flush(): void;
}

function run(configs: StageConfig[]): Run {
  const r: Run = {
    out: [], dropped: [], released: 0,
    push(line, labels = { filename: '/x.log' }) {
      chain.push({ labels: LabelSet.of(labels), line, ts: 1000n, extracted: undefined, sm: undefined, ack: { retain() {}, release: () => void r.released++ } });
    },
    flush: () => chain.flush?.(),
  };
  const chain = buildStages(configs, (e, reason) => {
    r.dropped.push(reason);
    e.ack.release();
  })((e) => r.out.push(e));
  return r;
}

test('json + labels + static_labels (the seed pipeline)', () => {
  const r = run([
    stage('json', { expressions: { level: 'level', service: 'service', user: 'ctx.user', first: 'items[0]' } }),
    stage('labels', { values: { level: 'level', service: '' } }),
    stage('static_labels', { values: { app: 'python-starter-kit', env: 'production' } }),
  ]);
  r.push('{"level":"info","service":"api","ctx":{"user":"u1"},"items":[7,8],"event":"hi"}');
  r.push('not json');
  assert.deepEqual(Object.fromEntries(r.out[0]!.labels), { filename: '/x.log', level: 'info', service: 'api', app: 'python-starter-kit', env: 'production' });
  assert.equal(r.out[0]!.extracted!.user, 'u1');
  assert.equal(r.out[0]!.extracted!.first, 7);
  assert.deepEqual(Object.fromEntries(r.out[1]!.labels), { filename: '/x.log', app: 'python-starter-kit', env: 'production' });
});

test('json drop_malformed drops and acknowledges', () => {
  const r = run([stage('json', { expressions: { a: '' }, drop_malformed: true })]);
  r.push('{"a":1}');
  r.push('{broken');
  assert.equal(r.out.length, 1);
  assert.deepEqual(r.dropped, ['malformed_json']);
  assert.equal(r.released, 1);
});

test('logfmt, regex, template, output, structured_metadata', () => {
  const r = run([
    stage('logfmt', { mapping: { lvl: 'level', msg: '' } }),
    stage('regex', { expression: 'took=(?P<took>\\d+)ms', source: 'msg' }),
    stage('template', { source: 'lvl', template: '{{ ToUpper .Value }}-{{ .took }}' }),
    stage('structured_metadata', { values: { took: '' } }),
    stage('output', { source: 'msg' }),
  ]);
  r.push('level=warn msg="request done took=42ms" extra');
  const e = r.out[0]!;
  assert.equal(e.extracted!.lvl, 'WARN-42');
  assert.deepEqual(e.sm, [['took', '42']]);
  assert.equal(e.line, 'request done took=42ms');
});

test('timestamp: formats, fallback, fudge and skip', () => {
  const r = run([stage('json', { expressions: { t: 'time' } }), stage('timestamp', { source: 't', format: 'RFC3339Nano', fallback_formats: ['UnixMs'] })]);
  r.push('{"time":"2024-05-01T10:00:00.123456789Z"}');
  r.push('{"time":"1714557600500"}');
  r.push('{"time":"garbage"}');
  assert.equal(r.out[0]!.ts, 1714557600123456789n);
  assert.equal(r.out[1]!.ts, 1714557600500000000n);
  assert.equal(r.out[2]!.ts, 1714557600500000001n); // fudged: last + 1ns
  const skip = run([stage('regex', { expression: '^(?P<t>\\S+ \\S+)' }), stage('timestamp', { source: 't', format: '2006-01-02 15:04:05', location: 'Europe/Berlin', action_on_failure: 'skip' })]);
  skip.push('2024-01-15 12:00:00 winter');
  skip.push('nope');
  assert.equal(skip.out[0]!.ts, BigInt(Date.UTC(2024, 0, 15, 11)) * 1_000_000n);
  assert.equal(skip.out[1]!.ts, 1000n);
});

test('multiline joins continuation lines and keeps one ack per block', () => {
  const r = run([stage('multiline', { firstline: '^\\d{4}-', max_wait_time: '10s', max_lines: 3 })]);
  for (const l of ['2024- start', '  at a', '  at b', '2024- next', 'x', 'y', 'z']) r.push(l);
  assert.deepEqual(r.out.map((e) => e.line), ['2024- start\n  at a\n  at b', '2024- next\nx\ny']);
  assert.equal(r.released, 4); // the joined lines' own references
  r.flush();
  assert.deepEqual(r.out.map((e) => e.line).slice(2), ['z']);
});

test('drop: value, expression, longer_than, older_than', () => {
  const r = run([
    stage('json', { expressions: { level: '' } }),
    stage('drop', { source: 'level', value: 'debug', drop_counter_reason: 'debug' }),
    stage('drop', { expression: 'healthz' }),
    stage('drop', { longer_than: '20B' }),
    stage('drop', { older_than: '1h', drop_counter_reason: 'old' }),
  ]);
  r.push('{"level":"debug"}');
  r.push('GET /healthz');
  r.push('x'.repeat(21));
  r.push('{"level":"info"}');
  assert.deepEqual(r.dropped, ['debug', 'drop_stage', 'drop_stage', 'old']); // ts 1000ns is older than an hour
  assert.equal(r.out.length, 0);
});

test('match: nested stages for matching entries, drop action, label_drop/label_keep', () => {
  const r = run([
    stage('match', { selector: '{app="a"} |~ "err(or)?"' }, [stage('static_labels', { values: { matched: 'yes' } })]),
    stage('match', { selector: '{app=~"b|c"}', action: 'drop' }),
    stage('label_drop', { values: ['filename'] }),
    stage('label_keep', { values: ['app', 'matched'] }),
  ]);
  r.push('an error', { app: 'a', filename: 'f', other: 'o' });
  r.push('fine', { app: 'a' });
  r.push('gone', { app: 'c' });
  assert.deepEqual(r.out.map((e) => Object.fromEntries(e.labels)), [{ app: 'a', matched: 'yes' }, { app: 'a' }]);
  assert.deepEqual(r.dropped, ['match_stage']);
});

test('bad stage arguments are config errors', () => {
  assert.throws(() => run([stage('json', {})]), /"expressions" must name at least one value/);
  assert.throws(() => run([stage('regex', { expression: '(a' })]), /invalid regular expression/);
  assert.throws(() => run([stage('labels', { values: { 'bad-name': '' } })]), /invalid label name/);
  assert.throws(() => run([stage('timestamp', { source: 'a', format: 'no layout here' })]), /not a Go time layout/);
  assert.throws(() => run([stage('match', { selector: '{a=}' }, [stage('output', { source: 'x' })])]), /invalid selector/);
  assert.throws(() => run([stage('template', { source: 'a', template: '{{ Nope .Value }}' })]), /function "Nope" not defined/);
  assert.throws(() => run([stage('json', { expressions: { a: 'a' }, bogus: 1 })]), /unrecognized attribute "bogus"/);
});
