import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ParseError } from './errors.js';
import { MAX_EXPR_DEPTH } from './depth.js';
import { parseExpr, parseSyntax } from './parser.js';

const nestedSum = (n: number): string => 'sum('.repeat(n) + 'count_over_time({app="x"}[1m])' + ')'.repeat(n);
const TOO_DEEP = `parse error : query is nested too deeply (more than ${MAX_EXPR_DEPTH} levels)`;

test('queries nested thousands deep are a ParseError, not a stack overflow', () => {
  const deep = [nestedSum(8000), nestedSum(20000), 'vector(1)' + ' ^ vector(1)'.repeat(3000), 'vector(1)' + ' + vector(1)'.repeat(9000)];
  for (const q of deep) {
    assert.throws(() => parseExpr(q), (e: unknown) => e instanceof ParseError && e.message === TOO_DEEP, q.slice(0, 30));
    assert.throws(() => parseSyntax(q), ParseError);
  }
});

test('nesting well under the bound still parses', () => {
  assert.equal(parseExpr(nestedSum(MAX_EXPR_DEPTH / 2)).kind, 'vector_agg');
  assert.equal(parseExpr('('.repeat(5000) + '{app="x"}' + ')'.repeat(5000)).kind, 'log_selector');
});

test('a chain of operations past the bound is refused as it is parsed, before the rest of the query is read', () => {
  // a syntax error after 600 operations: the depth is the error, as the parse stops at the 500th
  const q = 'vector(1)' + ' * vector(1)'.repeat(600) + ' )';
  assert.throws(() => parseExpr(q), (e: unknown) => e instanceof ParseError && e.message === TOO_DEEP);
  // 498 operations nest 499 levels (their operands one more): accepted
  assert.equal(parseExpr('vector(1)' + ' * vector(1)'.repeat(498)).kind, 'binary');
});
