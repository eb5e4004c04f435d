import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Expr, LabelFilterExpr, LogSelectorExpr, SampleExpr } from './ast.js';
import { parseExpr, parseLogSelector } from './parser.js';
import { formatExpr } from './printer.js';

/** Parses `input`, checks Loki's canonical text of it, and that the text parses back to the same AST. */
function f(input: string, canonical: string): Expr {
  const e = parseExpr(input);
  assert.equal(formatExpr(e), canonical, input);
  assert.deepEqual(parseExpr(canonical), e, `round trip of ${canonical}`);
  return e;
}

const selectorOf = (e: Expr): LogSelectorExpr => {
  assert.equal(e.kind, 'log_selector');
  return e as LogSelectorExpr;
};
const filterOf = (q: string): LabelFilterExpr => {
  const stage = selectorOf(parseExpr(q)).pipeline.at(-1);
  assert.equal(stage?.kind, 'label_filter');
  return (stage as { filter: LabelFilterExpr }).filter;
};

test('selectors: matchers, spacing, comments, keywords as values', () => {
  f('{app="web"}', '{app="web"}');
  f('{ app = "worker" ,\n  env = "production" }', '{app="worker", env="production"}');
  f('{app=~"api|worker", env!="dev", host!~"web-.*"}', '{app=~"api|worker", env!="dev", host!~"web-.*"}');
  f('{app="a"} # a comment', '{app="a"}');
  f('{app="a"} // go comment\n', '{app="a"}');
  f('{app="a" /* block */}', '{app="a"}');
  f('{app=`raw\\d`}', '{app="raw\\\\d"}');
  f('{app="\\u00e9\\x41\\101\\n"}', '{app="éAA\\n"}');
  f('{app="계정 잠김"}', '{app="계정 잠김"}');
  // function names are identifiers unless a call follows
  f('{count="x", rate="y", bytes="z"}', '{count="x", rate="y", bytes="z"}');
  f('{élan="x"}', '{élan="x"}');
  f('({app="a"})', '{app="a"}');
  assert.deepEqual(parseExpr('{a="b", c=~"d"}'), {
    kind: 'log_selector',
    matchers: [{ name: 'a', type: '=', value: 'b' }, { name: 'c', type: '=~', value: 'd' }],
    pipeline: [],
  });
});

test('line filters: operators, or, ip(), negative or split per alternative', () => {
  f('{a="b"} |= "x" != "y" |~ "z" !~ "w" |> "<_> x" !> "y <_>"', '{a="b"} |= "x" != "y" |~ "z" !~ "w" |> "<_> x" !> "y <_>"');
  f('{a="b"}|="x"', '{a="b"} |= "x"');
  f('{a="b"} |= "a" or "b" or "c"', '{a="b"} |= "a" or "b" or "c"');
  f('{a="b"} |= ip("10.0.0.0/8")', '{a="b"} |= ip("10.0.0.0/8")');
  f('{a="b"} != ip("192.168.1.1-192.168.1.9")', '{a="b"} != ip("192.168.1.1-192.168.1.9")');
  f('{a="b"} |= ip("::1") or "x"', '{a="b"} |= ip("::1") or "x"');
  f('{a="b"} |= "x" or ip("1.2.3.4")', '{a="b"} |= "x" or ip("1.2.3.4")');
  // `or` continues any line filter, not only the first (Loki's `lineFilter OR orFilter`)
  f('{app="api"} |= "GET" != ip("10.0.0.0/8") or ip("172.16.0.0/12")', '{app="api"} |= "GET" != ip("10.0.0.0/8") != ip("172.16.0.0/12")');
  f('{a="b"} |= "x" |= ip("1.2.3.4") or "y" or ip("::1")', '{a="b"} |= "x" |= ip("1.2.3.4") or "y" or ip("::1")');
  const e = f('{a="b"} != "a" or "b" |~ "c" or "d"', '{a="b"} != "a" != "b" |~ "c" or "d"');
  assert.deepEqual(selectorOf(e).pipeline, [
    { kind: 'line_filter', op: '!=', items: [{ kind: 'string', value: 'a' }] },
    { kind: 'line_filter', op: '!=', items: [{ kind: 'string', value: 'b' }] },
    { kind: 'line_filter', op: '|~', items: [{ kind: 'string', value: 'c' }, { kind: 'string', value: 'd' }] },
  ]);
});

test('parsers and formatting stages', () => {
  f('{a="b"} | json | logfmt | unpack', '{a="b"} | json | logfmt | unpack');
  f('{a="b"} | json lvl="level", uid="user.id", t="tags[0]", plain', '{a="b"} | json lvl="level",uid="user.id",t="tags[0]",plain="plain"');
  f('{a="b"} | logfmt --strict --keep-empty', '{a="b"} | logfmt --strict --keep-empty');
  f('{a="b"} | logfmt --keep-empty a, b="c"', '{a="b"} | logfmt --keep-empty a="a",b="c"');
  f('{a="b"} | regexp `(?P<method>GET|POST) (?P<path>\\S+)`', '{a="b"} | regexp "(?P<method>GET|POST) (?P<path>\\\\S+)"');
  f('{a="b"} | pattern `<ip> - - [<_>] "<method> <path>"`', '{a="b"} | pattern "<ip> - - [<_>] \\"<method> <path>\\""');
  f('{a="b"} | line_format "{{.level | ToUpper}} {{.msg}}"', '{a="b"} | line_format "{{.level | ToUpper}} {{.msg}}"');
  f('{a="b"} | label_format lvl=level, svc="{{.app}}-{{.env}}"', '{a="b"} | label_format lvl=level,svc="{{.app}}-{{.env}}"');
  f('{a="b"} | decolorize', '{a="b"} | decolorize');
  f('{a="b"} | drop a, b="v", c=~"r.*"', '{a="b"} | drop a,b="v",c=~"r.*"');
  f('{a="b"} | keep level, user_id', '{a="b"} | keep level,user_id');
  const e = parseExpr('{a="b"} | json x | logfmt --strict | drop b="v"');
  assert.deepEqual(selectorOf(e).pipeline, [
    { kind: 'json', params: [{ label: 'x', expr: 'x' }] },
    { kind: 'logfmt', strict: true, keepEmpty: false, params: [] },
    { kind: 'drop', labels: [{ name: 'b', matcher: { name: 'b', type: '=', value: 'v' } }] },
  ]);
});

test('label filters: kinds, units, canonical values', () => {
  f('{a="b"} | level="error"', '{a="b"} | level="error"');
  f('{a="b"} | level=~"warn.*" | x!~"y"', '{a="b"} | level=~"warn.*" | x!~"y"');
  f('{a="b"} | status >= 500', '{a="b"} | status>=500');
  f('{a="b"} | status = 200', '{a="b"} | status==200');
  f('{a="b"} | status == 2e2 | x < -1.5 | y != +3', '{a="b"} | status==200 | x<-1.5 | y!=3');
  f('{a="b"} | latency > 250ms | d <= 1h30m | e >= 1.5s | g < 300us', '{a="b"} | latency>250ms | d<=1h30m0s | e>=1.5s | g<300µs');
  f('{a="b"} | size > 1.5KB | s < 10KiB | t == 300B', '{a="b"} | size>1.5kB | s<10240B | t==300B');
  f('{a="b"} | addr = ip("10.0.0.0/8") | b != ip("::1")', '{a="b"} | addr=ip("10.0.0.0/8") | b!=ip("::1")');
  assert.deepEqual(filterOf('{a="b"} | latency > 1h'), { kind: 'duration', name: 'latency', op: '>', value: 3_600_000_000_000, text: '1h0m0s' });
  assert.deepEqual(filterOf('{a="b"} | size >= 1MiB'), { kind: 'bytes', name: 'size', op: '>=', value: 1_048_576, text: '1048576B' });
  assert.deepEqual(filterOf('{a="b"} | n = 1e3'), { kind: 'numeric', name: 'n', op: '==', value: 1000, text: '1000' });
  // `1mb` is the duration 1m followed by the label name `b`, not bytes
  assert.throws(() => parseExpr('{a="b"} | size > 1mb'), /col 21: syntax error: unexpected \$end/);
  assert.deepEqual(filterOf('{a="b"} | size > 1mb="x"'), {
    kind: 'binary', op: 'and',
    left: { kind: 'duration', name: 'size', op: '>', value: 60e9, text: '1m0s' },
    right: { kind: 'matcher', matcher: { name: 'b', type: '=', value: 'x' } },
  });
});

test('label filter grouping: and binds tighter than or; `,` and juxtaposition take everything right', () => {
  const m = (name: string, value: string): LabelFilterExpr => ({ kind: 'matcher', matcher: { name, type: '=', value } });
  const and = (left: LabelFilterExpr, right: LabelFilterExpr): LabelFilterExpr => ({ kind: 'binary', op: 'and', left, right });
  const or = (left: LabelFilterExpr, right: LabelFilterExpr): LabelFilterExpr => ({ kind: 'binary', op: 'or', left, right });
  const [a, b, c] = [m('a', '1'), m('b', '2'), m('c', '3')];
  assert.deepEqual(filterOf('{x="y"} | a="1" or b="2", c="3"'), or(a, and(b, c)));
  assert.deepEqual(filterOf('{x="y"} | a="1", b="2" or c="3"'), and(a, or(b, c)));
  assert.deepEqual(filterOf('{x="y"} | a="1" b="2" or c="3"'), and(a, or(b, c)));
  assert.deepEqual(filterOf('{x="y"} | a="1" and b="2" or c="3"'), or(and(a, b), c));
  assert.deepEqual(filterOf('{x="y"} | a="1" or b="2" and c="3"'), or(a, and(b, c)));
  assert.deepEqual(filterOf('{x="y"} | a="1" or b="2" or c="3"'), or(or(a, b), c));
  assert.deepEqual(filterOf('{x="y"} | (a="1" or b="2") and c="3"'), and(or(a, b), c));
  f('{x="y"} | level="error" or level="warn", status=504', '{x="y"} | ( level="error" or ( level="warn" , status==504 ) )');
  f('{x="y"} | (a="1" or b="2") and c="3"', '{x="y"} | ( ( a="1" or b="2" ) , c="3" )');
});

test('range aggregations: every function, unwrap forms, offset, grouping, range positions', () => {
  for (const op of ['count_over_time', 'rate', 'bytes_over_time', 'bytes_rate', 'absent_over_time']) f(`${op}({a="b"}[5m])`, `${op}({a="b"}[5m])`);
  for (const op of ['sum_over_time', 'avg_over_time', 'min_over_time', 'max_over_time', 'stdvar_over_time', 'stddev_over_time', 'first_over_time', 'last_over_time', 'rate_counter', 'rate']) {
    f(`${op}({a="b"} | unwrap x [1m])`, `${op}({a="b"} | unwrap x[1m])`);
  }
  f('quantile_over_time(0.99, {a="b"} | logfmt | unwrap latency [10m]) by (env)', 'quantile_over_time(0.99,{a="b"} | logfmt | unwrap latency[10m]) by (env)');
  f('max_over_time({a="b"} | logfmt | unwrap duration(d) | __error__="" [15m]) without (x, y)', 'max_over_time({a="b"} | logfmt | unwrap duration(d) | __error__=""[15m]) without (x,y)');
  f('avg_over_time({a="b"} | unwrap bytes(size) [1m]) by ()', 'avg_over_time({a="b"} | unwrap bytes(size)[1m]) by ()');
  f('sum_over_time({a="b"} | unwrap duration_seconds(d) [1m])', 'sum_over_time({a="b"} | unwrap duration_seconds(d)[1m])');
  f('count_over_time({a="b"}[10m] offset 30m)', 'count_over_time({a="b"}[10m] offset 30m0s)');
  f('count_over_time({a="b"}[1h] offset -1h30m)', 'count_over_time({a="b"}[1h] offset -1h30m0s)');
  f('count_over_time({a="b"}[5m] |= "x" | json)', 'count_over_time({a="b"} |= "x" | json[5m])');
  f('sum_over_time({a="b"}[5m] offset 1m | logfmt | unwrap x)', 'sum_over_time({a="b"} | logfmt | unwrap x[5m] offset 1m0s)');
  f('count_over_time(({a="b"} |= "x")[5m])', 'count_over_time({a="b"} |= "x"[5m])');
  f('count_over_time(({a="b"}[5m]))', 'count_over_time({a="b"}[5m])');
  f('rate({a="b"}[1d]) + rate({a="b"}[1w]) + rate({a="b"}[1y]) + rate({a="b"}[1h30m]) + rate({a="b"}[500ms])',
    '((((rate({a="b"}[1d]) + rate({a="b"}[1w])) + rate({a="b"}[1y])) + rate({a="b"}[1h30m])) + rate({a="b"}[500ms]))');
  const e = parseExpr('sum_over_time({a="b"} | unwrap x | y > 1 [2m] offset 10s)') as SampleExpr;
  assert.deepEqual(e, {
    kind: 'range_agg', op: 'sum_over_time',
    range: {
      kind: 'log_range', selector: { kind: 'log_selector', matchers: [{ name: 'a', type: '=', value: 'b' }], pipeline: [] },
      range: 120e9, offset: 10e9,
      unwrap: { label: 'x', conversion: '', postFilters: [{ kind: 'numeric', name: 'y', op: '>', value: 1, text: '1' }] },
    },
  });
});

test('vector aggregations: grouping before or after, parameters, default grouping', () => {
  for (const op of ['sum', 'avg', 'min', 'max', 'count', 'stddev', 'stdvar', 'sort', 'sort_desc']) f(`${op}(rate({a="b"}[1m]))`, `${op}(rate({a="b"}[1m]))`);
  f('sum by (app) (rate({a="b"}[1m]))', 'sum by (app)(rate({a="b"}[1m]))');
  f('sum(rate({a="b"}[1m])) by (app, env)', 'sum by (app,env)(rate({a="b"}[1m]))');
  f('sum without (x) (rate({a="b"}[1m]))', 'sum without (x)(rate({a="b"}[1m]))');
  f('sum without () (rate({a="b"}[1m]))', 'sum without ()(rate({a="b"}[1m]))');
  f('SUM BY (app) (RATE({a="b"}[1m]))', 'sum by (app)(rate({a="b"}[1m]))');
  f('sum by () (rate({a="b"}[1m]))', 'sum(rate({a="b"}[1m]))');
  f('topk(3, sum by (x) (rate({a="b"}[1m])))', 'topk(3,sum by (x)(rate({a="b"}[1m])))');
  f('bottomk by (env) (1, rate({a="b"}[1m]))', 'bottomk by (env)(1,rate({a="b"}[1m]))');
  f('topk(2, rate({a="b"}[1m])) by (x)', 'topk by (x)(2,rate({a="b"}[1m]))');
  f('approx_topk(5, rate({a="b"}[1m]))', 'approx_topk(5,rate({a="b"}[1m]))');
  f('sort_desc by () (rate({a="b"}[1m]))', 'sort_desc(rate({a="b"}[1m]))');
  const e = parseExpr('sum(rate({a="b"}[1m]))') as SampleExpr;
  assert.deepEqual(e.kind === 'vector_agg' && e.grouping, { without: false, labels: [] });
  const k = parseExpr('topk(010, rate({a="b"}[1m]))') as SampleExpr;
  assert.equal(k.kind === 'vector_agg' && k.param, 10);
});

test('binary operations: precedence, associativity, modifiers', () => {
  const r = 'rate({a="b"}[1m])';
  f(`${r} + ${r} * ${r}`, `(${r} + (${r} * ${r}))`);
  f(`${r} - ${r} - ${r}`, `((${r} - ${r}) - ${r})`);
  f(`${r} ^ ${r} ^ ${r}`, `(${r} ^ (${r} ^ ${r}))`);
  f(`${r} > ${r} and ${r} or ${r} unless ${r}`, `(((${r} > ${r}) and ${r}) or (${r} unless ${r}))`);
  f(`(${r} + ${r}) * ${r}`, `((${r} + ${r}) * ${r})`);
  f(`${r} > bool 1`, `(${r} > bool 1)`);
  f(`${r} / on(env) group_left ${r}`, `(${r} / on (env) group_left ${r})`);
  f(`${r} / on(env)  ${r}`, `(${r} / on (env)  ${r})`);
  f(`${r} * ignoring(a, b) group_right(c) ${r}`, `(${r} * ignoring (a,b) group_right (c) ${r})`);
  f(`${r} == bool on() group_left() ${r}`, `(${r} == bool on () group_left ${r})`);
  f(`${r} + ignoring() ${r}`, `(${r} + ${r})`);
  f(`${r} + ignoring() group_left ${r}`, `(${r} + ignoring () group_left ${r})`);
  f(`${r} >= 5 <= 10 != 3 == 2 < 1`, `(((((${r} >= 5) <= 10) != 3) == 2) < 1)`);
  f(`${r} % 2`, `(${r} % 2)`);
  f(`100 - ${r}`, `(100 - ${r})`);
  f(`-1 * ${r}`, `(-1 * ${r})`);
  const e = parseExpr(`${r} / on(a) group_left(b) ${r}`) as SampleExpr;
  assert.deepEqual(e.kind === 'binary' && e.matching, { on: true, labels: ['a'], card: 'many-to-one', include: ['b'] });
  const plain = parseExpr(`${r} + ${r}`) as SampleExpr;
  assert.equal(plain.kind === 'binary' && plain.matching, undefined);
});

test('literals fold at parse time with Loki rules', () => {
  const v = (q: string): number => {
    const e = parseExpr(q);
    assert.equal(e.kind, 'literal', q);
    return (e as { value: number }).value;
  };
  assert.equal(v('2 * 3 + 4 ^ 2'), 22);
  assert.equal(v('2 > 3'), 0);
  assert.equal(v('3 > bool 2'), 1);
  assert.equal(v('2 ^ 3 ^ 2'), 512);
  assert.equal(v('-2 ^ 2'), 4);
  assert.ok(Number.isNaN(v('1 / 0')));
  assert.ok(Number.isNaN(v('5 % 0')));
  assert.equal(v('7 % 3'), 1);
  assert.equal(v('1 ^ (0/0)'), 1);
  assert.equal(v('(1 + 2) * 3'), 9);
  assert.equal(v('42'), 42);
  assert.equal(v('.5'), 0.5);
  assert.equal(v('1_000'), 1000);
  f('2 * 3 + 4 ^ 2', '22');
  f('0.00001', '1e-05');
  f('1e21', '1e+21');
  f('123456789012345678901', '123456789012345680000');
  f('0 * -1', '(0 * -1)');
  // `-0` lexes as a (zero) duration, as in Loki
  assert.throws(() => parseExpr('-0'), /line 0, col 1: syntax error: unexpected DURATION/);
  f('1/0', '(0/0)');
  f('2^1024', '(2^1024)');
  f('-1 * 2^1024', '(0-2^1024)');
});

test('vector(), label_replace and nested metric expressions', () => {
  f('vector(1)', 'vector(1.000000)');
  f('vector(0.5) + vector(1e-7)', '(vector(0.500000) + vector(1e-07))');
  f('sum(count_over_time({a="b"}[5m])) or vector(0)', '(sum(count_over_time({a="b"}[5m])) or vector(0.000000))');
  f('label_replace(sum by (app) (rate({a="b"}[1m])), "team", "t-$1", "app", "(a.*)")',
    'label_replace(sum by (app)(rate({a="b"}[1m])),"team","t-$1","app","(a.*)")');
  f('((sum(rate({a="b"}[1m]))))', 'sum(rate({a="b"}[1m]))');
  f('sum(rate({a="b"}[1m]) > 2) by (x)', 'sum by (x)((rate({a="b"}[1m]) > 2))');
});

test('parseLogSelector accepts a bare selector only', () => {
  assert.deepEqual(parseLogSelector('{a="b", c!="d"}').matchers.length, 2);
  assert.throws(() => parseLogSelector('{a="b"} |= "x"'), { message: 'only label matchers are supported' });
  assert.throws(() => parseLogSelector('rate({a="b"}[1m])'), { message: 'only label matchers are supported' });
  assert.throws(() => parseLogSelector('{a=~".*"}'), /parse error : queries require at least one/);
});
