import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LabelPair } from '@logi/protocol';
import type { LogRangeExpr, RangeOp, Stage, Unwrap } from '../syntax/ast.js';
import { compileSampleExtractor } from './sample-extractor.js';
import type { SampleExtractorOptions } from './sample-types.js';
import { S1, S1_LINES, S2, S2_LINES } from './spec-dataset.js';

const logfmt: Stage = { kind: 'logfmt', strict: false, keepEmpty: false, params: [] };
const json: Stage = { kind: 'json', params: [] };

function range(pipeline: Stage[], unwrap?: Unwrap): LogRangeExpr {
  return { kind: 'log_range', selector: { kind: 'log_selector', matchers: [{ name: 'app', type: '=', value: 'web' }], pipeline }, range: 60e9, offset: 0, unwrap };
}

/** `[value, series key, error]` per line, null when no sample. */
function samples(r: LogRangeExpr, op: RangeOp, opts: SampleExtractorOptions, stream: LabelPair[], lines: string[]) {
  const ex = compileSampleExtractor(r, op, opts).forStream(stream);
  return lines.map((l, i) => {
    const s = ex.process(BigInt(i), Buffer.from(l), undefined);
    return s === null ? null : [s.value, s.series.key, s.series.error] as const;
  });
}

test('count/bytes samples keep stream labels (examples 30, 48)', () => {
  assert.deepEqual(samples(range([]), 'count_over_time', {}, S1, S1_LINES), S1_LINES.map(() => [1, '{app="web", env="prod"}', '']));
  const db = ['\x1b[31mERROR\x1b[0m connection refused', 'msg="unterminated'];
  assert.deepEqual(samples(range([]), 'bytes_over_time', {}, [['app', 'db']], db).map((s) => s![0]), [33, 17]);
  // bytes are counted after the pipeline
  assert.deepEqual(samples(range([{ kind: 'decolorize' }]), 'bytes_rate', {}, [['app', 'db']], db).map((s) => s![0]), [24, 17]);
});

test('unwrap conversions and the removal of the unwrapped label (examples 35-39)', () => {
  const dur = samples(range([logfmt], { label: 'latency', conversion: 'duration', postFilters: [] }), 'sum_over_time', {}, S1, S1_LINES);
  assert.deepEqual(dur.map((s) => s![0]), [0.12, 2, 5]);
  assert.equal(dur[0]![1], '{app="web", env="prod", level="info", msg="GET /api", size="1.5KB", status="200"}');
  // by (app): only app survives
  const byApp = samples(range([logfmt], { label: 'latency', conversion: 'duration_seconds', postFilters: [] }), 'avg_over_time', { grouping: { without: false, labels: ['app'] } }, S1, S1_LINES);
  assert.deepEqual(byApp.map((s) => s![1]), ['{app="web"}', '{app="web"}', '{app="web"}']);
  // bytes(size): the line without size yields no sample
  const bytes = samples(range([logfmt], { label: 'size', conversion: 'bytes', postFilters: [] }), 'max_over_time', { grouping: { without: false, labels: ['env'] } }, S1, S1_LINES);
  assert.deepEqual(bytes, [[1500, '{env="prod"}', ''], [300, '{env="prod"}', ''], null]);
  // plain unwrap of a duration text: value 0 with SampleExtractionErr and the full labels
  const bad = samples(range([logfmt], { label: 'latency', conversion: '', postFilters: [] }), 'sum_over_time', {}, S1, S1_LINES);
  assert.equal(bad[0]![0], 0);
  assert.equal(bad[0]![2], 'SampleExtractionErr');
  assert.ok(bad[0]![1].includes('__error_details__="strconv.ParseFloat: parsing \\"120ms\\": invalid syntax"'));
  assert.ok(bad[0]![1].includes('latency="120ms"'));
  // post filter `| __error__=""` drops them
  const post = samples(range([logfmt], { label: 'latency', conversion: '', postFilters: [{ kind: 'matcher', matcher: { name: '__error__', type: '=', value: '' } }] }), 'sum_over_time', {}, S1, S1_LINES);
  assert.deepEqual(post, [null, null, null]);
  const status = samples(range([logfmt], { label: 'status', conversion: '', postFilters: [] }), 'quantile_over_time', { grouping: { without: false, labels: ['app'] } }, S1, S1_LINES);
  assert.deepEqual(status.map((s) => s![0]), [200, 500, 504]);
});

test('parsers are skipped when no label is needed (example 50)', () => {
  const lines = [...S1_LINES];
  // sum(count_over_time(J [1m])): grouping by () → no errors, empty labels
  assert.deepEqual(samples(range([json]), 'count_over_time', { grouping: { without: false, labels: [] } }, S1, lines), lines.map(() => [1, '{}', '']));
  // count_over_time(J [1m]) alone: errors with full labels
  const plain = samples(range([json]), 'count_over_time', {}, S1, lines);
  assert.ok(plain.every((s) => s![2] === 'JSONParserErr' && s![1].startsWith('{__error__="JSONParserErr", __error_details__=')));
  // sum by (level): errors too (json runs for level)
  assert.ok(samples(range([json]), 'count_over_time', { grouping: { without: false, labels: ['level'] } }, S1, lines).every((s) => s![2] === 'JSONParserErr'));
  // sum by (level) on JSON lines (example 49)
  assert.deepEqual(samples(range([json]), 'count_over_time', { grouping: { without: false, labels: ['level'] } }, S2, S2_LINES).map((s) => s![1]), ['{level="error"}', '{level="info"}']);
  // sum by (__error__): errors are preserved for the evaluator
  const byErr = compileSampleExtractor(range([json]), 'count_over_time', { grouping: { without: false, labels: ['__error__'] } });
  const bad = byErr.forStream(S1).process(1n, Buffer.from(S1_LINES[0]!), undefined)!;
  assert.equal(bad.series.error, 'JSONParserErr');
  assert.equal(bad.series.preserveError, true);
  const good = byErr.forStream(S2).process(1n, Buffer.from(S2_LINES[0]!), undefined)!;
  assert.equal(good.series.key, '{}');
  // absent_over_time never needs labels
  assert.deepEqual(samples(range([json]), 'absent_over_time', {}, S1, lines.slice(0, 1)), [[1, '{}', '']]);
});

test('without grouping and series interning', () => {
  const ex = compileSampleExtractor(range([logfmt]), 'count_over_time', { grouping: { without: true, labels: ['msg', 'latency', 'size', 'status'] } }).forStream(S1);
  const a = ex.process(1n, Buffer.from(S1_LINES[0]!), undefined)!;
  const b = ex.process(2n, Buffer.from('level=info other=1'), undefined)!;
  assert.equal(a.series.key, '{app="web", env="prod", level="info"}');
  assert.notEqual(b.series.key, a.series.key);
  const c = ex.process(3n, Buffer.from('level=info msg=zzz'), undefined)!;
  assert.equal(c.series, a.series);
  assert.deepEqual(a.series.labels, [['app', 'web'], ['env', 'prod'], ['level', 'info']]);
});

test('by (a, b): values that look alike stay different series', () => {
  const ex = compileSampleExtractor(range([logfmt]), 'count_over_time', { grouping: { without: false, labels: ['b', 'a'] } }).forStream([['app', 'web']]);
  const key = (line: string) => ex.process(1n, Buffer.from(line), undefined)!.series.key;
  const keys = ['a=1 b=23', 'a=12 b=3', 'a=- b=1', 'b=1', 'a=1', 'a="" b=1', 'a=2:1 b=', 'a=2 b=1:'].map(key);
  assert.deepEqual(keys, ['{a="1", b="23"}', '{a="12", b="3"}', '{a="-", b="1"}', '{b="1"}', '{a="1"}', '{b="1"}', '{a="2:1"}', '{a="2", b="1:"}']);
  // the same labels give the very same series object
  assert.equal(ex.process(2n, Buffer.from('b=1 x=9'), undefined)!.series, ex.process(3n, Buffer.from('b=1'), undefined)!.series);
  const one = compileSampleExtractor(range([logfmt]), 'count_over_time', { grouping: { without: false, labels: ['a'] } }).forStream([['app', 'web']]);
  assert.deepEqual(['a=1', 'b=1', 'a=', 'a=x'].map((l) => one.process(1n, Buffer.from(l), undefined)!.series.key), ['{a="1"}', '{}', '{}', '{a="x"}']);
});

test('a stream whose labels fail a label filter says so, and gives no sample', () => {
  const filter: Stage = { kind: 'label_filter', filter: { kind: 'matcher', matcher: { name: 'env', type: '=', value: 'prod' } } };
  const ex = compileSampleExtractor(range([logfmt, filter]), 'count_over_time', {});
  const dev = ex.forStream([['app', 'web'], ['env', 'dev']]);
  assert.equal(dev.dropsAll, true);
  assert.equal(dev.process(1n, Buffer.from('a=1'), undefined), null);
  assert.equal(ex.forStream(S1).dropsAll, false);
});

test('a label set to "" by label_format is no series label, with or without grouping', () => {
  const short: Stage = { kind: 'label_format', items: [{ dst: 'short', template: '{{ if eq .level "info" }}ok{{ end }}' }] };
  const lines = S1_LINES.slice(0, 2);
  assert.deepEqual(samples(range([logfmt, short, { kind: 'keep', labels: [{ name: 'app' }, { name: 'short' }] }]), 'count_over_time', {}, S1, lines).map((s) => s![1]),
    ['{app="web", short="ok"}', '{app="web"}']);
  assert.deepEqual(samples(range([logfmt, short]), 'count_over_time', { grouping: { without: false, labels: ['app', 'short'] } }, S1, lines).map((s) => s![1]),
    ['{app="web", short="ok"}', '{app="web"}']);
  assert.deepEqual(samples(range([logfmt, short]), 'count_over_time', { grouping: { without: false, labels: ['short'] } }, S1, lines).map((s) => s![1]),
    ['{short="ok"}', '{}']);
});
