import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Expr } from './ast.js';
import { parseExpr } from './parser.js';
import { prettyExpr } from './prettier.js';
import { formatExpr } from './printer.js';

/** format_query's answer for `input`. */
function f(input: string, expected: string): void {
  assert.equal(prettyExpr(parseExpr(input)), expected, input);
}

test('format_query: short queries print on one line like Expr.String()', () => {
  f('sum by(app)(rate({app="api"}|logfmt|status>=500[5m]))', 'sum by (app)(rate({app="api"} | logfmt | status>=500[5m]))');
  f('{app="api"}', '{app="api"}');
  f('2 * 3 + 4 ^ 2', '22');
});

test('format_query: long pipelines put each stage on its own line', () => {
  f('{app="api",env=~"prod.*"}|="x"!~"y"|json a="b.c"|line_format "{{.a}}"|label_format x=a|drop b',
    '{app="api", env=~"prod.*"}\n  |= "x" !~ "y"\n  | json a="b.c"\n  | line_format "{{.a}}"\n  | label_format x=a\n  | drop b');
  // Loki never indents decolorize, and a split line filter keeps its first alternative only
  f(`{app="api"} |= "${'a'.repeat(50)}" |= "${'b'.repeat(60)}" or "c" | decolorize`,
    `{app="api"}\n  |= "${'a'.repeat(50)}"\n  |= "${'b'.repeat(60)}"\n| decolorize`);
});

test('format_query: long metric queries split arguments and binary operations', () => {
  const sel = '{app="python-starter-kit", env="production"}';
  f(`sum by (env, level) (sum_over_time(${sel} | logfmt | unwrap x | __error__="" [1h] offset 5m)) / on(env) group_left(a,b) topk(5, sum by (env) (count_over_time({app="x"}[1h])))`,
    [
      '  sum by (env, level)(',
      '    sum_over_time(',
      `      ${sel} | logfmt`,
      '        | unwrap x',
      '        | __error__="" [1h] offset 5m',
      '    )',
      '  )',
      '/ on (env) group_left (a, b)',
      '  topk(5,sum by (env)(count_over_time({app="x"}[1h])))',
    ].join('\n'));
  f(`quantile_over_time(0.99, ${sel} | logfmt | drop a, b | unwrap bytes(size) | __error__="" [10m] offset 1h) by (env)`,
    [
      'quantile_over_time(',
      '  0.99,',
      `  ${sel} | logfmt | drop a,b`,
      '    | unwrap bytes(size)',
      '    | __error__="" [10m] offset 1h',
      ') by (env)',
    ].join('\n'));
  f(`label_replace(rate(${sel} |= "some long filter text" [5m]), "dst", "$1", "src", "(.*)")`,
    ['label_replace(', `  rate(${sel} |= "some long filter text"[5m]),`, '  "dst",', '  "$1",', '  "src",', '  "(.*)"', ')'].join('\n'));
});

test('Expr.String() quirks', () => {
  const s = (q: string): string => formatExpr(parseExpr(q));
  assert.equal(s('rate({a="b"}[1m]) / on(x) rate({a="b"}[1m])'), '(rate({a="b"}[1m]) / on (x)  rate({a="b"}[1m]))');
  assert.equal(s('{a="b"} | json x'), '{a="b"} | json x="x"');
  assert.equal(s('{a="b"} | size > 1024B'), '{a="b"} | size>1024B');
  assert.equal(s('{a="b"} | size > 1000B'), '{a="b"} | size>1.0kB');
  assert.equal(s('{a="b"} | size > 1550B'), '{a="b"} | size>1550B');
  assert.equal(s('{a="b"} | d > 90m'), '{a="b"} | d>1h30m0s');
  assert.equal(s('count_over_time({a="b"}[90m])'), 'count_over_time({a="b"}[1h30m])');
  assert.equal(s('count_over_time({a="b"}[14d])'), 'count_over_time({a="b"}[2w])');
  assert.equal(s('count_over_time({a="b"}[365d])'), 'count_over_time({a="b"}[1y])');
  assert.equal(s('count_over_time({a="b"}[1.5h] offset 1.5h)'.replace('[1.5h]', '[90m]')), 'count_over_time({a="b"}[1h30m] offset 1h30m0s)');
  assert.equal(s('{a="\\t\\"x\\"\\u00ff\\x01"}'), '{a="\\t\\"x\\"ÿ\\x01"}');
});

test('every printed query parses back to the same tree', () => {
  const queries = [
    '{a="b"} | json a, b="c" | logfmt --strict x | unpack | regexp "(?P<a>.)" | pattern "<a> <_>" | a=ip("1.2.3.4") | b!=ip("10.0.0.0/8") | c > 1KiB | d <= 2h | e == -3 | drop a, b="c" | keep x=~"y" | line_format "{{.a}}" | label_format a=b, c="{{.d}}" | decolorize',
    'sum without () (rate({a="b"}[5m] offset -1h30m))',
    'avg_over_time({a="b"} | unwrap bytes(x) | __error__="" [1m]) by ()',
    'sum(rate({a="b"}[1m])) * ignoring () group_left sum(rate({a="b"}[1m]))',
    'vector(0.0000001) + vector(123456789.123)',
    '-1 * 2^1024 + 0/0',
    'label_replace(vector(1), "a", "b", "c", "(.*)")',
    'sum(rate({a="b"}[1m])) > bool on(x) group_right(y) sum(rate({a="b"}[1m]))',
    'quantile_over_time(0.99, {a="b"} | unwrap x [1m]) without (a)',
    'topk by (a) (3, rate({a="b"}[1m]))',
    '{a="b"} |= ip("1.2.3.4") or "x" |> "<_> a" !> "b <_>" != "a" or "b"',
    '{a="b"} | x > 0.000001 | y < 1e21 | z == 1_000',
    // a bare group modifier before a parenthesised operand
    'sum(rate({a="b"}[1m])) == on() group_right vector(1) + vector(2)',
    'rate({a="b"}[1m]) unless ignoring(x) group_left -1 % rate({a="b"}[1m])',
  ];
  for (const q of queries) {
    const e: Expr = parseExpr(q);
    assert.deepEqual(parseExpr(formatExpr(e)), e, q);
    assert.deepEqual(parseExpr(prettyExpr(e)), e, `pretty ${q}`);
  }
});
