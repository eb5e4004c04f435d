// Loki's validation after a successful parse (validateExpr): errors attached to nodes while
// building them, sort grouping, and the rule that every selector needs a matcher that does
// not match the empty string. The traversal order is Loki's, so the same error wins.

import type { LabelFilterExpr, LogSelectorExpr, Matcher, SampleExpr, Stage } from './ast.js';
import { type AnyExpr, nodeError } from './build.js';
import { ParseError } from './errors.js';
import { regexMatchesEmpty } from './regex.js';

export const EMPTY_MATCHERS_MESSAGE =
  'queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~".*" does not meet this requirement, but app=~".+" will';

export function validate(e: AnyExpr): void {
  if (e.kind === 'log_selector') return validateSelector(e);
  if (e.kind === 'variants') {
    validateSelector(e.selector);
    for (const v of e.variants) validateSample(v);
    return;
  }
  validateSample(e);
}

function fail(node: object): void {
  const err = nodeError(node);
  if (err) throw err;
}

function validateSample(e: SampleExpr): void {
  switch (e.kind) {
    case 'binary':
      fail(e);
      validateSample(e.left);
      validateSample(e.right);
      return;
    case 'literal':
    case 'vector':
      fail(e);
      return;
    case 'vector_agg':
      fail(e);
      if ((e.op === 'sort' || e.op === 'sort_desc') && e.grouping && e.grouping.labels.length > 0) {
        throw new ParseError("sort and sort_desc doesn't allow grouping by ");
      }
      validateSample(e.inner);
      return;
    default: {
      const sel = selectorOf(e);
      if (sel !== 'vector') validateSelector(sel === 'literal' ? undefined : sel);
    }
  }
}

/** Loki's SampleExpr.Selector(): the node's own error first, then the selector it reads. */
function selectorOf(e: SampleExpr): LogSelectorExpr | 'vector' | 'literal' {
  fail(e);
  switch (e.kind) {
    case 'range_agg': return e.range.selector;
    case 'vector_agg':
    case 'label_replace': return selectorOf(e.inner);
    case 'binary': return selectorOf(e.left);
    case 'literal': return 'literal';
    case 'vector': return 'vector';
  }
}

function validateSelector(sel: LogSelectorExpr | undefined): void {
  if (!sel || !sel.matchers.some((m) => !matchesEmpty(m))) throw new ParseError(EMPTY_MATCHERS_MESSAGE);
}

export function matchesEmpty(m: Matcher): boolean {
  switch (m.type) {
    case '=': return m.value === '';
    case '!=': return m.value !== '';
    case '=~': return regexMatchesEmpty(m.value);
    case '!~': return !regexMatchesEmpty(m.value);
  }
}

/** Numbers in label filters that are not numbers (Loki silently uses 0; we refuse the query). */
export function checkFilterNumbers(stages: readonly Stage[], postFilters: readonly LabelFilterExpr[] = []): void {
  const visit = (f: LabelFilterExpr): void => {
    fail(f);
    if (f.kind === 'binary') { visit(f.left); visit(f.right); }
    else if (f.kind === 'paren') visit(f.inner);
  };
  for (const s of stages) if (s.kind === 'label_filter') visit(s.filter);
  for (const f of postFilters) visit(f);
}
