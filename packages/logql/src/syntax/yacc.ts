// goyacc's parse loop over tables from lalr.ts: default reductions before reading ahead
// where the tables allow it, verbose syntax errors ("unexpected X, expecting A or B", at
// most four expected tokens) and yacc error recovery (pop to a state that shifts `error`,
// then discard tokens). Loki reports the first recorded error, so recovery only matters
// for the semantic actions it still runs.

import { ACCEPT, type ParseTables } from './lalr.js';

export interface TokenSource {
  /** Next token: [token number (0 = end of input), semantic value]. */
  next(): [number, unknown];
  /** Records a syntax error at the position of the last token read. */
  error(message: string): void;
}

/** A semantic action: the values of the rule's right-hand side → the value of its left side. */
export type Action = (values: unknown[]) => unknown;

const TOKSTART = 4;
const EOF_TOKEN = 1;
const ERROR_TOKEN = 2;

/**
 * Runs the parser; returns the accepted value, or undefined when parsing was aborted. With
 * `syntaxOnly`, a failing action yields no value instead of aborting (grammar checks only).
 */
export function yaccParse(
  tables: ParseTables,
  actions: readonly (Action | undefined)[],
  tokenNames: readonly string[],
  src: TokenSource,
  syntaxOnly = false,
): { accepted: boolean; value: unknown } {
  const states: number[] = [];
  const values: unknown[] = [];
  let state = 0;
  let val: unknown;
  let token = -1;
  let lval: unknown;
  let errflag = 0;
  const read = (): void => {
    const [t, v] = src.next();
    token = t === 0 ? EOF_TOKEN : t;
    lval = v;
  };
  for (;;) {
    states.push(state);
    values.push(val);
    // newstate
    for (;;) {
      const sh = tables.shift[state]!;
      if (sh.size > 0) {
        if (token < 0) read();
        const to = sh.get(token);
        if (to !== undefined) {
          token = -1;
          val = lval;
          state = to;
          if (errflag > 0) errflag--;
          break; // push
        }
      }
      let n = tables.defaultReduce[state]!;
      const ex = tables.exca[state];
      if (ex) {
        if (token < 0) read();
        n = ex.get(token) ?? n;
        if (n === ACCEPT) return { accepted: true, value: values[1] };
      }
      if (n === 0) {
        if (errflag === 0) src.error(errorMessage(tables, tokenNames, state, token));
        if (errflag === 3) {
          if (token === EOF_TOKEN) return { accepted: false, value: undefined };
          token = -1;
          continue; // try again in the same state
        }
        errflag = 3;
        // find a state where `error` can be shifted
        for (;;) {
          if (states.length === 0) return { accepted: false, value: undefined };
          const to = tables.shift[states[states.length - 1]!]!.get(ERROR_TOKEN);
          if (to !== undefined) { state = to; break; }
          states.pop();
          values.pop();
        }
        break; // push the error state
      }
      // reduce by rule n
      const rule = tables.rules[n]!;
      const args = values.splice(values.length - rule.length, rule.length);
      states.length -= rule.length;
      const action = actions[n];
      val = action ? (syntaxOnly ? tryAction(action, args) : action(args)) : args[0];
      state = tables.goto[states[states.length - 1]!]!.get(rule.lhs)!;
      break; // push
    }
  }
}

function tryAction(action: Action, args: unknown[]): unknown {
  try {
    return action(args);
  } catch {
    return undefined;
  }
}

/** goyacc's $$ErrorMessage with ErrorVerbose on. */
export function errorMessage(tables: ParseTables, tokenNames: readonly string[], state: number, token: number): string {
  const res = 'syntax error: unexpected ' + (tokenNames[token] ?? `tok-${token}`);
  const expected: number[] = [];
  for (const tok of [...tables.shift[state]!.keys()].sort((a, b) => a - b)) {
    if (tok < TOKSTART) continue;
    if (expected.length === 4) return res;
    expected.push(tok);
  }
  const ex = tables.exca[state];
  if (ex) {
    for (const [tok, action] of [...ex].sort((a, b) => a[0] - b[0])) {
      if (tok < TOKSTART || action === 0) continue;
      if (expected.length === 4) return res;
      expected.push(tok);
    }
    if (tables.defaultReduce[state] !== 0) return res;
  }
  return expected.reduce((s, tok, i) => s + (i === 0 ? ', expecting ' : ' or ') + tokenNames[tok], res);
}
