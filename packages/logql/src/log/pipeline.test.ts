// End-to-end pipeline tables: logql.md §9 examples and conformance-case expectations.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatLabels, type LabelPair } from '@logi/protocol';
import type { LabelFilterExpr, Stage } from '../syntax/ast.js';
import { compileLogPipeline, hoistLineFilters } from './pipeline.js';
import { S1, S1_LINES, S2, S2_LINES, S3, S3_LINES, S4, S4_LINES } from './spec-dataset.js';

const logfmt: Stage = { kind: 'logfmt', strict: false, keepEmpty: false, params: [] };
const json: Stage = { kind: 'json', params: [] };
const lf = (filter: LabelFilterExpr): Stage => ({ kind: 'label_filter', filter });
const eq = (name: string, value: string): LabelFilterExpr => ({ kind: 'matcher', matcher: { name, type: '=', value } });
const ne = (name: string, value: string): LabelFilterExpr => ({ kind: 'matcher', matcher: { name, type: '!=', value } });

/** Runs lines through a pipeline: each output is `<labels> <line>` or null when dropped. */
function run(stages: Stage[], stream: LabelPair[], lines: string[], sm?: LabelPair[]): (string | null)[] {
  const p = compileLogPipeline(stages).forStream(stream);
  return lines.map((l, i) => {
    const r = p.process(BigInt(i + 1), Buffer.from(l), sm);
    return r === null ? null : `${r.labels.key} ${r.line.toString()}`;
  });
}

const withLabels = (stream: LabelPair[], extra: LabelPair[], line: string): string =>
  `${formatLabels([...stream, ...extra].sort((a, b) => (a[0] < b[0] ? -1 : 1)))} ${line}`;

test('logql.md §9 examples', () => {
  const cases: [string, Stage[], LabelPair[], string[], (string | null)[]][] = [
    ['11 logfmt', [logfmt], S1, S1_LINES.slice(0, 1), [
      withLabels(S1, [['latency', '120ms'], ['level', 'info'], ['msg', 'GET /api'], ['size', '1.5KB'], ['status', '200']], S1_LINES[0]!),
    ]],
    ['12 status >= 500', [logfmt, lf({ kind: 'numeric', name: 'status', op: '>=', value: 500, text: '500' })], S1, S1_LINES, [null, 'keep', 'keep']],
    ['13 latency > 1s and level != warn', [logfmt, lf({ kind: 'binary', op: 'and', left: { kind: 'duration', name: 'latency', op: '>', value: 1e9, text: '1s' }, right: ne('level', 'warn') })], S1, S1_LINES, [null, 'keep', null]],
    ['14 error or (warn and 504)', [logfmt, lf({ kind: 'binary', op: 'or', left: eq('level', 'error'), right: { kind: 'binary', op: 'and', left: eq('level', 'warn'), right: { kind: 'numeric', name: 'status', op: '==', value: 504, text: '504' } } })], S1, S1_LINES, [null, 'keep', 'keep']],
    ['15 size > 1KB', [logfmt, lf({ kind: 'bytes', name: 'size', op: '>', value: 1000, text: '1KB' })], S1, S1_LINES, ['keep', null, null]],
    ['18 json user_id filter', [json, lf(eq('user_id', 'user-456'))], S2, S2_LINES, ['keep', null]],
    ['22 regexp', [{ kind: 'regexp', pattern: '(?P<method>GET|POST) (?P<path>\\S+)' }], S3, S3_LINES, [
      withLabels(S3, [['method', 'POST'], ['path', '/v1/items']], S3_LINES[0]!),
      withLabels(S3, [['method', 'GET'], ['path', '/v1/items']], S3_LINES[1]!),
    ]],
    ['21 pattern', [{ kind: 'pattern', pattern: '<ip> - - [<_>] "<method> <path> <_>" <status> <size>' }], S3, S3_LINES, [
      withLabels(S3, [['ip', '10.0.0.5'], ['method', 'POST'], ['path', '/v1/items'], ['size', '512'], ['status', '201']], S3_LINES[0]!),
      withLabels(S3, [['ip', '192.168.1.7'], ['method', 'GET'], ['path', '/v1/items'], ['size', '0'], ['status', '404']], S3_LINES[1]!),
    ]],
    ['23 line_format', [logfmt, { kind: 'line_format', template: '{{.level | ToUpper}} {{.msg}}' }], S1, S1_LINES, ['~INFO GET /api', '~ERROR GET /login', '~WARN timeout on /api']],
    ['25 decolorize', [{ kind: 'decolorize' }], S4, S4_LINES, [withLabels(S4, [], 'ERROR connection refused'), withLabels(S4, [], S4_LINES[1]!)]],
    ['26 filter hoisted before decolorize', [{ kind: 'decolorize' }, { kind: 'line_filter', op: '|=', items: [{ kind: 'string', value: '31m' }] }], S4, S4_LINES, [withLabels(S4, [], 'ERROR connection refused'), null]],
    ['27 logfmt --strict', [{ kind: 'logfmt', strict: true, keepEmpty: false, params: [] }], S4, S4_LINES.slice(1), [
      withLabels(S4, [['__error__', 'LogfmtParserErr'], ['__error_details__', 'logfmt syntax error at pos 18 : unterminated quoted value']], S4_LINES[1]!),
    ]],
    ['27 logfmt without --strict', [logfmt], S4, S4_LINES.slice(1), [withLabels(S4, [], S4_LINES[1]!)]],
    ['28 drop', [json, { kind: 'drop', labels: [{ name: 'user_name' }, { name: 'status', matcher: { name: 'status', type: '=', value: '200' } }] }], S2, S2_LINES, [
      withLabels(S2, [['app_extracted', 'frontend'], ['level', 'error'], ['status', '503'], ['user_id', 'user-456']], S2_LINES[0]!),
      withLabels(S2, [['duration', '250ms'], ['level', 'info'], ['user_id', 'user-123']], S2_LINES[1]!),
    ]],
    ['29 keep drops stream labels too', [json, { kind: 'keep', labels: [{ name: 'level' }, { name: 'user_id' }] }], S2, S2_LINES, [
      withLabels([], [['level', 'error'], ['user_id', 'user-456']], S2_LINES[0]!),
      withLabels([], [['level', 'info'], ['user_id', 'user-123']], S2_LINES[1]!),
    ]],
  ];
  for (const [name, stages, stream, lines, want] of cases) {
    const got = run(stages, stream, lines);
    want.forEach((w, i) => {
      if (w === 'keep') assert.notEqual(got[i], null, `${name}: line ${i} kept`);
      else if (w !== null && w.startsWith('~')) assert.ok(got[i]?.endsWith('} ' + w.slice(1)), `${name}: line ${i}: ${got[i]}`);
      else assert.equal(got[i], w, `${name}: line ${i}`);
    });
  }
});

test('example 16: numeric filter on a duration keeps lines with LabelFilterErr', () => {
  const got = run([logfmt, lf({ kind: 'numeric', name: 'latency', op: '>', value: 100, text: '100' })], S1, S1_LINES);
  assert.ok(got.every((g) => g?.includes('__error__="LabelFilterErr"')));
  assert.ok(got[0]!.includes('__error_details__="strconv.ParseFloat: parsing \\"120ms\\": invalid syntax"'));
  // `| __error__=""` then removes them all (lbl-14).
  const cleaned = run([logfmt, lf({ kind: 'numeric', name: 'latency', op: '>', value: 100, text: '100' }), lf(eq('__error__', ''))], S1, S1_LINES);
  assert.deepEqual(cleaned, [null, null, null]);
});

test('example 17/19: json flattening, _extracted, and errors on non-JSON lines', () => {
  const [a, b] = run([json], S2, S2_LINES);
  assert.equal(a, withLabels(S2, [['app_extracted', 'frontend'], ['level', 'error'], ['status', '503'], ['user_id', 'user-456'], ['user_name', 'Ann']], S2_LINES[0]!));
  assert.equal(b, withLabels(S2, [['duration', '250ms'], ['level', 'info'], ['status', '200'], ['user_id', 'user-123']], S2_LINES[1]!));
  const errs = run([json, lf(ne('__error__', ''))], S1, S1_LINES);
  for (const [i, e] of errs.entries()) {
    assert.equal(e, withLabels(S1, [['__error__', 'JSONParserErr'], ['__error_details__', "Value looks like object, but can't find closing '}' symbol"]], S1_LINES[i]!));
  }
});

test('example 24: label_format rename and template', () => {
  const [got] = run([logfmt, { kind: 'label_format', items: [{ dst: 'lvl', src: 'level' }, { dst: 'svc', template: '{{.app}}-{{.env}}' }] }], S1, S1_LINES.slice(0, 1));
  assert.equal(got, withLabels(S1, [['latency', '120ms'], ['lvl', 'info'], ['msg', 'GET /api'], ['size', '1.5KB'], ['status', '200'], ['svc', 'web-prod']], S1_LINES[0]!));
});

test('first parsed value wins across parsers and duplicate keys', () => {
  const [got] = run([json, logfmt], [['app', 'x']], ['{"level":"info","level":"warn"}']);
  assert.ok(got!.includes('level="info"'));
  // a logfmt key already set by json is not overwritten
  const [got2] = run([{ kind: 'logfmt', strict: false, keepEmpty: false, params: [] }, { kind: 'regexp', pattern: 'level=(?P<level>\\w+)' }], [['app', 'x']], ['level=info']);
  assert.ok(got2!.includes('level="info"'));
});

test('structured metadata: categories, a parsed key replaces metadata of its name, keep (dk-05, sm-08)', () => {
  const stream: LabelPair[] = [['app', 'checkout'], ['env', 'production'], ['service_name', 'checkout']];
  const sm: LabelPair[] = [['detected_level', 'info'], ['pod', 'checkout-c3'], ['trace_id', '48167fb826b5c8f9']];
  const line = 'level=info msg="order placed" order_id=80822 amount=411.89';
  const p = compileLogPipeline([logfmt, lf({ kind: 'numeric', name: 'amount', op: '>', value: 300, text: '300' })]).forStream(stream);
  const r = p.process(1n, Buffer.from(line), sm)!;
  assert.deepEqual(r.labels.stream, stream);
  assert.equal(r.labels.streamKey, '{app="checkout", env="production", service_name="checkout"}');
  assert.deepEqual(r.labels.structuredMetadata, sm);
  assert.deepEqual(r.labels.parsed, [['amount', '411.89'], ['level', 'info'], ['msg', 'order placed'], ['order_id', '80822']]);
  // a parsed key named as structured metadata replaces it (only stream labels give `_extracted`, Loki's BaseHas)
  const r2 = compileLogPipeline([logfmt]).forStream(stream).process(1n, Buffer.from('pod=x service_name=y'), sm)!;
  assert.deepEqual(r2.labels.parsed, [['pod', 'x'], ['service_name_extracted', 'y']]);
  assert.deepEqual(r2.labels.structuredMetadata, [['detected_level', 'info'], ['trace_id', '48167fb826b5c8f9']]);
  const [kept] = run([{ kind: 'keep', labels: [{ name: 'app' }, { name: 'pod' }] }], stream, [line], sm);
  assert.equal(kept, `{app="checkout", pod="checkout-c3"} ${line}`);
  // label filters see structured metadata (sm-02)
  assert.deepEqual(run([lf(eq('pod', 'checkout-a1'))], stream, [line], sm), [null]);
});

test('label_format over a stream label moves it to parsed (fmt-12)', () => {
  const stream: LabelPair[] = [['app', 'checkout'], ['env', 'production']];
  const r = compileLogPipeline([logfmt, { kind: 'label_format', items: [{ dst: 'env', template: '{{.level}}-{{.env}}' }] }])
    .forStream(stream).process(1n, Buffer.from('level=error msg="charge failed"'), undefined)!;
  assert.equal(r.labels.key, '{app="checkout", env="error-production", level="error", msg="charge failed"}');
  assert.deepEqual(r.labels.stream, [['app', 'checkout']]);
});

test('unpack: _entry replaces the line, string keys become labels (push-19, unpack-02)', () => {
  const stream: LabelPair[] = [['job', 'p13']];
  const [a, b, c] = run([{ kind: 'unpack' }], stream, ['{"_entry":"original line one","container":"c","pod":"p-1","n":5}', '{"a":"b"}', 'ERROR x']);
  assert.equal(a, '{container="c", job="p13", pod="p-1"} original line one');
  assert.equal(b, '{job="p13"} {"a":"b"}');
  assert.equal(c, '{__error__="JSONParserErr", __error_details__="expecting json object(6), but it is not", job="p13"} ERROR x');
  // unpack then logfmt on the unpacked line (push-22)
  const [d] = run([{ kind: 'unpack' }, logfmt, lf(eq('level', 'info'))], stream, ['{"_entry":"level=info msg=hi","pod":"p"}']);
  assert.equal(d, '{job="p13", level="info", msg="hi", pod="p"} level=info msg=hi');
});

test('logfmt --keep-empty, ANSI bytes as separators (logfmt-05), params (logfmt-06)', () => {
  const [a] = run([{ kind: 'logfmt', strict: false, keepEmpty: true, params: [] }], [['app', 'worker']], ['\x1b[32mINFO\x1b[0m job=354 queue=reports done in 11ms']);
  assert.equal(a!.split(' \x1b')[0], '{_0m="", _11ms="", _32mINFO="", app="worker", done="", in="", job="354", queue="reports"}');
  const [b] = run([{ kind: 'logfmt', strict: false, keepEmpty: false, params: [{ label: 'lvl', expr: 'level' }, { label: 'status' }, { label: 'dur', expr: 'duration' }] }], [['app', 'api']], ['level=info status=404 path=/x']);
  assert.equal(b, '{app="api", dur="", lvl="info", status="404"} level=info status=404 path=/x');
});

test('json parameters: paths, arrays as raw JSON, missing → "" (example 20, json-11)', () => {
  const [a, b] = run([{ kind: 'json', params: [{ label: 'lvl', expr: 'level' }, { label: 'uid', expr: 'user.id' }, { label: 't', expr: 'tags[0]' }] }], S2, S2_LINES);
  assert.equal(a, withLabels(S2, [['lvl', 'error'], ['t', 'a'], ['uid', 'user-456']], S2_LINES[0]!));
  assert.equal(b, withLabels(S2, [['lvl', 'info'], ['t', ''], ['uid', 'user-123']], S2_LINES[1]!));
  const [c] = run([{ kind: 'json', params: [{ label: 't', expr: 'tags' }, { label: 'u', expr: 'user' }, { label: 'k', expr: '["a b"]' }] }], [['x', 'y']], ['{"tags":["a","b"],"user":{"id":1},"a b":"sp"}']);
  assert.equal(c, '{k="sp", t="[\\"a\\",\\"b\\"]", u="{\\"id\\":1}", x="y"} {"tags":["a","b"],"user":{"id":1},"a b":"sp"}');
});

test('hoisting: line filters move to the front of their segment only', () => {
  const f = (v: string): Stage => ({ kind: 'line_filter', op: '|=', items: [{ kind: 'string', value: v }] });
  const stages: Stage[] = [json, f('a'), { kind: 'line_format', template: 'x' }, { kind: 'decolorize' }, f('b'), lf(eq('l', 'v')), f('c')];
  assert.deepEqual(hoistLineFilters(stages).map((s) => (s.kind === 'line_filter' ? (s.items[0] as { value: string }).value : s.kind)), [
    'a', 'json', 'line_format', 'b', 'decolorize', 'label_filter', 'c',
  ]);
  const p = compileLogPipeline([json, f('x')]);
  assert.equal(p.lineFilterOnly, false);
  assert.equal(p.lineFilter!(Buffer.from('xyz')), true);
  assert.equal(p.lineFilter!(Buffer.from('abc')), false);
  const only = compileLogPipeline([f('x'), f('y')]);
  assert.equal(only.lineFilterOnly, true);
  assert.equal(only.forStream([['a', 'b']]).process(1n, Buffer.from('xy'), undefined)!.labels.key, '{a="b"}');
  assert.equal(only.forStream([['a', 'b']]).process(1n, Buffer.from('x'), undefined), null);
});

test('line_format after a filter segment: filter sees the new line (fmt-13)', () => {
  const got = run([logfmt, { kind: 'line_format', template: '{{.status}} {{.msg}}' }, { kind: 'line_filter', op: '|=', items: [{ kind: 'string', value: '500' }] }], S1, S1_LINES);
  assert.equal(got[0], null);
  assert.ok(got[1]!.endsWith('} 500 GET /login'));
});

test('label filter on ip(), regex anchoring, and or/and (lbl-02, lbl-09)', () => {
  const stream: LabelPair[] = [['app', 'api']];
  const lines = ['client_ip=172.20.1.1 path=/api/v1/orders/42', 'client_ip=10.0.0.1 path=/api/v1/orders/42/x'];
  assert.deepEqual(run([logfmt, lf({ kind: 'ip', name: 'client_ip', op: '=', pattern: '172.16.0.0/12' })], stream, lines).map((x) => x !== null), [true, false]);
  assert.deepEqual(run([logfmt, lf({ kind: 'matcher', matcher: { name: 'path', type: '=~', value: '/api/v1/orders(/\\d+)?' } })], stream, lines).map((x) => x !== null), [true, false]);
});

test('parsers name keys that clash with structured metadata as written: the parsed value replaces the metadata', () => {
  const stream: LabelPair[] = [['app', 'x']];
  // the case: an OTLP attribute `pct` and `pct=91.5` in the line
  assert.deepEqual(run([logfmt], stream, ['pct=91.5'], [['pct', '12']]), [withLabels(stream, [['pct', '91.5']], 'pct=91.5')]);
  assert.deepEqual(run([json], stream, ['{"pct":91.5}'], [['pct', '12']]), [withLabels(stream, [['pct', '91.5']], '{"pct":91.5}')]);
  const pattern = (p: string): Stage => ({ kind: 'pattern', pattern: p });
  assert.deepEqual(run([pattern('<a> <a_extracted>')], stream, ['1 2'], [['a', 'm1'], ['a_extracted', 'm2']]), [
    withLabels(stream, [['a', '1'], ['a_extracted', '2']], '1 2'),
  ]);
  // with and without metadata in the same stream; a stream label still gives `_extracted`
  const p = compileLogPipeline([pattern('<ip> - <path> <app>')]).forStream(stream);
  const out = (line: string, meta?: LabelPair[]) => p.process(1n, Buffer.from(line), meta)!.labels.key;
  assert.equal(out('1.2.3.4 - /x y', [['path', 'm']]), '{app="x", app_extracted="y", ip="1.2.3.4", path="/x"}');
  assert.equal(out('1.2.3.4 - /y y'), '{app="x", app_extracted="y", ip="1.2.3.4", path="/y"}');
});
