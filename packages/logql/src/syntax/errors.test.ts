import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ParseError } from './errors.js';
import { parseExpr } from './parser.js';

/** `input` must be refused with exactly Loki's 400 body text. */
function f(input: string, message: string): void {
  assert.throws(() => parseExpr(input), (e: unknown) => {
    assert.ok(e instanceof ParseError, `${input}: not a ParseError: ${String(e)}`);
    assert.equal(e.message, message, input);
    return true;
  });
}

const EMPTY = 'parse error : queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~".*" does not meet this requirement, but app=~".+" will';

test('conformance 400 answers of Loki 3.6.7', () => {
  f('{}', EMPTY);
  f('{app=~".*"}', EMPTY);
  f('{app!="api"}', EMPTY);
  f('{app=""}', EMPTY);
  f('{app="api"} |~ "("', 'parse error : stage \'|~ "("\' : error parsing regexp: missing closing ): `(`');
  f('{app="api"} |~ ip("10.0.0.1")', 'parse error : stage \'|~ ip("10.0.0.1")\' : ip: invalid operation');
  f('{app="api"} | regexp "(a|b)"', 'parse error : invalid regexp parser: at least one named capture must be supplied');
  f('{app="api"} | pattern "<a><b>"', "parse error : invalid pattern parser: found consecutive capture '<a><b>': invalid expression");
  f('topk(sum(count_over_time({app="api"}[5m])))', 'parse error : parameter required for operation topk');
  f('sort by (app) (count_over_time({app="api"}[5m]))', "parse error : sort and sort_desc doesn't allow grouping by ");
  f('sum(count_over_time({app="api"}[5m])) or 1', 'parse error : unexpected literal for right leg of logical/set binary operation (or): 1.000000');
  f('{app="api"} + 1', 'parse error : unexpected type for left leg of binary operation (+): *syntax.MatchersExpr');
  f('{foo="bar"', 'parse error at line 1, col 11: syntax error: unexpected $end, expecting } or ,');
  f('{foo="bar}', 'parse error at line 1, col 6: literal not terminated');
  f('{foo="bar"} foo', 'parse error at line 1, col 13: syntax error: unexpected IDENTIFIER');
  f('{foo="bar"} |~', 'parse error at line 1, col 15: syntax error: unexpected $end, expecting STRING or ip');
  f('unk({foo="bar"}[5m])', 'parse error at line 1, col 1: syntax error: unexpected IDENTIFIER');
  f('rate({foo="bar"}[5)', "parse error at line 0, col 17: missing closing ']' in duration");
  f('rate({foo="bar"}[5minutes])', 'parse error at line 0, col 17: unknown unit "minutes" in duration "5minutes"');
  f('count_over_time({app="api"} | logfmt | unwrap status [5m])', 'parse error : invalid aggregation count_over_time with unwrap');
  f('sum_over_time({app="api"}[5m])', 'parse error : invalid aggregation sum_over_time without unwrap');
  f('sum_over_time({app="api"} | logfmt | unwrap status [5m]) by (env)', 'parse error : grouping not allowed for sum_over_time aggregation');
  f('quantile_over_time({app="api"} | logfmt | unwrap status [5m]) by (env)', 'parse error : parameter required for operation quantile_over_time');
  f('topk(1.5, count_over_time({app="api"}[5m]))', 'parse error : invalid parameter topk(1.5,');
  f('', 'parse error : syntax error: unexpected $end');
  f('{app="api"} | label_format __error__="x"', 'parse error : stage \'| label_format __error__="x"\' : __error__ cannot be formatted');
  f('{by="x"}', 'parse error at line 1, col 2: syntax error: unexpected by, expecting IDENTIFIER or }');
  f('{app="api"', 'parse error at line 1, col 11: syntax error: unexpected $end, expecting } or ,');
});

test('logql.md §8 errors', () => {
  f('min({foo="bar"}[5m])', 'parse error at line 0, col 16: syntax error: unexpected RANGE');
  // Loki's lexer reads two-character operators with Next(), which zeroes the line
  f('|= "x"', 'parse error at line 0, col 1: syntax error: unexpected |=');
  f('topk(0, rate({a="b"}[1m]))', 'parse error : invalid parameter (must be greater than 0) topk(0');
  f('vector(abc)', 'parse error at line 1, col 8: syntax error: unexpected IDENTIFIER, expecting NUMBER');
  // Loki reads hex as 0 in label filters; the grammar has no hex literals, so we refuse it
  f('{app="api"} | logfmt | status > 0x10', 'parse error : unable to parse literal as a float: strconv.ParseFloat: parsing "0x10": invalid syntax');
  f('{app="api"} | logfmt | status > 0x1F4', 'parse error : unable to parse literal as a float: strconv.ParseFloat: parsing "0x1F4": invalid syntax');
  f('{a="b"} |~ "x" | x=~"["', 'parse error : error parsing regexp: missing closing ]: `[`');
});

test('syntax errors list at most four expected tokens, in token order', () => {
  f('sum(rate({a="b"}[1m])) by', 'parse error at line 1, col 26: syntax error: unexpected $end, expecting (');
  f('sum(', 'parse error at line 1, col 5: syntax error: unexpected $end');
  f('rate({a="b"})', 'parse error at line 1, col 13: syntax error: unexpected )');
  f('{a="b"} | unwrap x', 'parse error at line 1, col 11: syntax error: unexpected unwrap');
  f('{a="b"} |= "x" or', 'parse error at line 1, col 18: syntax error: unexpected $end, expecting STRING or ip');
  f('count_over_time({a="b"}[5m] | unwrap', 'parse error at line 1, col 37: syntax error: unexpected $end, expecting IDENTIFIER or BYTES_CONV or DURATION_CONV or DURATION_SECONDS_CONV');
  f('{a="b"} | a == "x"', 'parse error at line 1, col 16: syntax error: unexpected STRING');
  f('{a=b}', 'parse error at line 1, col 4: syntax error: unexpected IDENTIFIER, expecting STRING');
  f('{a="b",}', 'parse error at line 1, col 8: syntax error: unexpected }, expecting IDENTIFIER');
  f('{a="b"} | label_format a=b,', 'parse error at line 1, col 28: syntax error: unexpected $end, expecting IDENTIFIER');
  f('quantile_over_time(x, {a="b"}|unwrap x[1m])', 'parse error at line 1, col 20: syntax error: unexpected IDENTIFIER, expecting NUMBER or { or (');
  f('vector(-1)', 'parse error at line 1, col 8: syntax error: unexpected -, expecting NUMBER');
  f('rate({a="b"}[5m] offset 1x)', 'parse error at line 1, col 25: syntax error: unexpected NUMBER, expecting DURATION');
  f('{a="b"} |= "x" |= ip("1.2.3.4") or', 'parse error at line 1, col 35: syntax error: unexpected $end, expecting STRING or ip');
  // positions count characters, lines start at 1; after a two-character operator Loki's line is 0
  f('{a="b"}\n  |= "x"\n  foo', 'parse error at line 3, col 3: syntax error: unexpected IDENTIFIER');
  f('{é="b"} bar', 'parse error at line 1, col 9: syntax error: unexpected IDENTIFIER');
  f('{a="b"} |= "x" |=', 'parse error at line 1, col 18: syntax error: unexpected $end, expecting STRING or ip');
  f('sum(rate({a="b"}[1m])) by (x) |=', 'parse error at line 0, col 31: syntax error: unexpected |=');
  f("{a='b'}", 'parse error at line 1, col 4: syntax error: unexpected IDENTIFIER, expecting STRING');
});

test('lexer errors', () => {
  f('rate({a="b"}[5m', "parse error at line 0, col 13: missing closing ']' in duration");
  f('rate({a="b"}[1.5m])', 'parse error at line 0, col 13: unknown unit "." in duration "1.5m"');
  f('rate({a="b"}[ 5m ])', 'parse error at line 0, col 13: not a valid duration string: " 5m "');
  f('{a="b\\q"}', 'parse error at line 1, col 4: invalid char escape');
  f('{a="b"} | x > 089', "parse error at line 1, col 15: invalid digit '8' in octal literal");
  f('{a="b"} | x > 0x1.8', "parse error at line 1, col 15: hexadecimal mantissa requires a 'p' exponent");
  f('{a=`b}', 'parse error at line 1, col 4: literal not terminated');
  f('{a="b"} /* open', 'parse error at line 1, col 9: comment not terminated');
  f('{a="b\nc"}', 'parse error at line 1, col 4: literal not terminated');
  f('-0', 'parse error at line 0, col 1: syntax error: unexpected DURATION');
  f(`{a="${'x'.repeat(131066)}"}`, 'parse error : input size too long (131072 > 131072)');
});

test('validation after parsing', () => {
  f('sum(2, rate({a="b"}[1m]))', 'parse error : unsupported parameter for operation sum(2,');
  f('rate(1, {a="b"}[1m])', 'parse error : parameter 1 not supported for operation rate');
  f('approx_topk by (a) (1, rate({a="b"}[1m]))', 'parse error : grouping not allowed for approx_topk aggregation');
  f('topk(99999999999999999999, rate({a="b"}[1m]))', 'parse error : invalid parameter topk(99999999999999999999,');
  f('1 and rate({a="b"}[1m])', 'parse error : unexpected literal for left leg of logical/set binary operation (and): 1.000000');
  f('rate({a="b"}[1m]) + {a="b"} |= "x"', 'parse error : unexpected type for right leg of binary operation (+): *syntax.PipelineExpr');
  f('label_replace(rate({a="b"}[1m]), "a", "b", "c", "(")', 'parse error : invalid regex in label_replace: error parsing regexp: missing closing ): `^(?:()$`');
  f('label_replace(1, "a", "b", "c", "d")', EMPTY);
  f('rate_counter({a="b"}[1m])', 'parse error : invalid aggregation rate_counter without unwrap');
  f('bytes_rate({a="b"} | unwrap x [1m])', 'parse error : invalid aggregation bytes_rate with unwrap');
  f('vector(1e400)', 'parse error : unable to parse vectorExpr as a float: strconv.ParseFloat: parsing "1e400": value out of range');
  f('1e400 + 1', 'parse error : unable to parse literal as a float: strconv.ParseFloat: parsing "1e400": value out of range');
  f('sum(rate({a=""}[1m])) / sum(rate({a="b"}[1m]))', EMPTY);
  f('rate({a="b"}[1m]) / rate({a!~".+"}[1m])', EMPTY);
  f('variants(count_over_time({a="b"}[1m])) of ({a="b"})', 'multi variant queries are disabled for this instance');
  f('variants(count_over_time({a="b"}[1m])) of ({a=""})', EMPTY);
});

test('errors raised while parsing: regexps, parsers', () => {
  f('{a=~"("}', 'parse error : error parsing regexp: missing closing ): `(`');
  f('{a="b"} | x=~"["', 'parse error : error parsing regexp: missing closing ]: `[`');
  f('{a="b"} | drop x=~"*"', 'parse error : error parsing regexp: missing argument to repetition operator: `*`');
  f('{a=~"a**"}', 'parse error : error parsing regexp: invalid nested repetition operator: `**`');
  f('{a=~"\\\\8"}', 'parse error : error parsing regexp: invalid escape sequence: `\\8`');
  f('{a=~"\\\\C"}', 'parse error : error parsing regexp: invalid escape sequence: `\\C`');
  f('{a="b"} | regexp "(?P<a>x)(?P<a>y)"', "parse error : invalid regexp parser: duplicate extracted label name 'a'");
  f('{a="b"} | regexp "(?P<a>x"', 'parse error : invalid regexp parser: error parsing regexp: missing closing ): `(?P<a>x`');
  f('{a="b"} | pattern "<_> x"', 'parse error : invalid pattern parser: at least one capture is required');
  f('{a="b"} | pattern "<a> <a>"', 'parse error : invalid pattern parser: duplicate capture name (a): invalid expression');
  // a syntax error found later loses to one raised while building an earlier part
  f('{a=~"("} |', 'parse error : error parsing regexp: missing closing ): `(`');
});

test('stage errors: Loki builds line filters of a segment together, last first', () => {
  f('{a="b"} |> "<a>"', 'parse error : stage \'|> "<a>"\' : named captures are not allowed: found \'<a>\'');
  f('{a="b"} |> "<_><_>"', 'parse error : stage \'|> "<_><_>"\' : found consecutive capture \'<_><_>\': invalid expression');
  f('{a="b"} |= ip("abc")', 'parse error : stage \'|= ip("abc")\' : ip: invalid pattern: "abc"');
  f('{a="b"} | x = ip("1.2.3")', 'parse error : stage \'| x=ip("1.2.3")\' : ip: invalid pattern: "1.2.3"');
  f('{a="b"} | label_format a=b, a="x"', "parse error : stage '| label_format a=b,a=\"x\"' : multiple label name 'a' not allowed in a single format operation");
  f('{a="b"} |~ "(" | json |= "x" |~ "["', 'parse error : stage \'|~ "(" |= "x" |~ "["\' : error parsing regexp: missing closing ]: `[`');
  f('{a="b"} |~ "(" | x="y" |~ "["', 'parse error : stage \'|~ "("\' : error parsing regexp: missing closing ): `(`');
  f('rate({a="b"} |= "x" |~ "(" [1m])', 'parse error : stage \'|= "x" |~ "("\' : error parsing regexp: missing closing ): `(`');
});

test('template errors are stage errors found while parsing: syntax and undefined functions (Go parses templates whole)', () => {
  f('{app="api"} | line_format "{{ .msg "', 'parse error : stage \'| line_format "{{ .msg "\' : invalid line template: template: line:1: unclosed action');
  f('{app="api"} | logfmt | line_format "{{ nosuchfunc .msg }}"',
    'parse error : stage \'| line_format "{{ nosuchfunc .msg }}"\' : invalid line template: template: line:1: function "nosuchfunc" not defined');
  f('sum(count_over_time({app="api"} | label_format a=b, x="{{ nosuch }}" [1m]))',
    'parse error : stage \'| label_format a=b,x="{{ nosuch }}"\' : invalid template for label \'x\': template: label:1: function "nosuch" not defined');
  // the first stage Loki builds fails first: the regexp before the template
  f('{a="b"} |~ "(" | line_format "{{"', 'parse error : stage \'|~ "("\' : error parsing regexp: missing closing ): `(`');
});
