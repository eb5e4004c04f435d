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
