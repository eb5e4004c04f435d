// The LogQL parser: Loki's lexer and grammar (LALR tables built once, on first use, from
// grammar.ts), then Loki's validation and stage-building checks, so every query Loki
// refuses with a 400 is refused here with the same text.

import type { Expr, LogSelectorExpr, SampleExpr } from './ast.js';
import type { AnyExpr } from './build.js';
import { checkExprDepth } from './depth.js';
import { MAX_QUERY_BYTES, ParseError } from './errors.js';
import { GRAMMAR_ACTIONS, GRAMMAR_RULES } from './grammar.js';
import { type ParseTables, buildTables } from './lalr.js';
import { Lexer } from './lexer.js';
import { checkStages } from './stage-check.js';
import { PRECEDENCE, TERMINALS, TOKEN_DISPLAY } from './tokens.js';
import { checkFilterNumbers, validate } from './validate.js';
import { yaccParse } from './yacc.js';

let tables: ParseTables | undefined;

function parseTables(): ParseTables {
  tables ??= buildTables({ terminals: TERMINALS, precedence: PRECEDENCE, rules: GRAMMAR_RULES, start: 'root' });
  return tables;
}

/** Builds the parse tables now: a server does it at start, not while its first query holds the event loop. */
export function prepareParser(): void {
  parseTables();
}

function run(query: string, syntaxOnly: boolean): { value: unknown; error?: ParseError } {
  const lexer = new Lexer(query);
  const result = yaccParse(parseTables(), GRAMMAR_ACTIONS, TOKEN_DISPLAY, {
    next: () => {
      const l = lexer.lex();
      return [l.tok, l.value];
    },
    error: (msg) => lexer.error(msg),
  }, syntaxOnly);
  const error = lexer.errors[0] ?? (result.accepted ? undefined : new ParseError('syntax error'));
  return { value: result.value, error };
}

/** Parses without validation (Loki's ParseExprWithoutValidation); variants expressions included. */
export function parseSyntax(query: string): AnyExpr {
  const size = Buffer.byteLength(query, 'utf8');
  if (size >= MAX_QUERY_BYTES) throw new ParseError(`input size too long (${size} > ${MAX_QUERY_BYTES})`);
  const { value, error } = run(query, false);
  if (error) throw error;
  checkExprDepth(value);
  return value as AnyExpr;
}

/**
 * The first lexer or grammar error of a query, or undefined when its syntax is valid; what
 * Loki checks while building the tree (regexps, parsers) and afterwards is not looked at.
 */
export function syntaxError(query: string): ParseError | undefined {
  return run(query, true).error;
}

/**
 * Parses and validates a LogQL query exactly as Loki does. Throws ParseError with Loki's
 * 400 body text (`parse error at line 1, col 11: syntax error: …`, `parse error : …`).
 */
export function parseExpr(query: string): Expr {
  const e = parseSyntax(query);
  validate(e);
  for (const sel of selectors(e)) checkStages(sel.selector.pipeline);
  for (const sel of selectors(e)) checkFilterNumbers(sel.selector.pipeline, sel.postFilters);
  if (e.kind === 'variants') throw ParseError.plain('multi variant queries are disabled for this instance');
  return e;
}

/** A stream selector without pipeline, for the metadata APIs (`match[]`, label `query`). */
export function parseLogSelector(query: string): LogSelectorExpr {
  const e = parseExpr(query);
  if (e.kind !== 'log_selector' || e.pipeline.length > 0) throw ParseError.plain('only label matchers are supported');
  return e;
}

/** Every log selector of a query, in the order Loki evaluates them, with unwrap post-filters. */
function selectors(e: AnyExpr): { selector: LogSelectorExpr; postFilters: NonNullable<import('./ast.js').Unwrap>['postFilters'] }[] {
  const out: { selector: LogSelectorExpr; postFilters: NonNullable<import('./ast.js').Unwrap>['postFilters'] }[] = [];
  const visit = (s: SampleExpr): void => {
    switch (s.kind) {
      case 'range_agg': out.push({ selector: s.range.selector, postFilters: s.range.unwrap?.postFilters ?? [] }); return;
      case 'vector_agg':
      case 'label_replace': visit(s.inner); return;
      case 'binary': visit(s.left); visit(s.right); return;
      default:
    }
  };
  if (e.kind === 'log_selector') out.push({ selector: e, postFilters: [] });
  else if (e.kind === 'variants') out.push({ selector: e.selector, postFilters: [] });
  else visit(e);
  return out;
}
