// Label filters (`| level="error"`, `| status >= 500`, `| latency > 250ms`, `| size > 1KB`,
// `| addr = ip("…")`, combined with and/or), as Loki's label_filter.go.
import type { CmpOp, LabelFilterExpr, Matcher } from '../syntax/ast.js';
import type { LabelsBuilder } from './labels-builder.js';
import { IPPattern } from './filter-ip.js';
import { ERROR_DETAILS_LABEL, ERROR_LABEL } from './labels-result.js';
import { compileAnchored } from './regex.js';
import type { LineState, Stage } from './stage.js';
import { exactDurationNs, parseGoDuration, parseGoFloat, parseHumanBytes, type Parsed } from './units.js';

export const LABEL_FILTER_ERR = 'LabelFilterErr';

type Test = (lbs: LabelsBuilder) => boolean;

/** A compiled string matcher over a value (regexes fully anchored, on RE2). */
export function compileValueMatcher(m: Matcher): (v: string) => boolean {
  switch (m.type) {
    case '=': return (v) => v === m.value;
    case '!=': return (v) => v !== m.value;
    case '=~': {
      const re = compileAnchored(m.value);
      return (v) => re.test(v);
    }
    case '!~': {
      const re = compileAnchored(m.value);
      return (v) => !re.test(v);
    }
  }
}

function matcherTest(m: Matcher): Test {
  const match = compileValueMatcher(m);
  if (m.name === ERROR_LABEL) return (lbs) => match(lbs.err);
  if (m.name === ERROR_DETAILS_LABEL) return (lbs) => match(lbs.errDetails);
  return (lbs) => match(lbs.get(m.name) ?? '');
}

function compare<T extends number | bigint>(op: CmpOp, a: T, b: T): boolean {
  switch (op) {
    case '==': return a === b;
    case '!=': return a !== b;
    case '>': return a > b;
    case '>=': return a >= b;
    case '<': return a < b;
    case '<=': return a <= b;
  }
}

/**
 * Shared shape of numeric/duration/bytes filters: missing → drop; unparsable → pass, with
 * LabelFilterErr unless an earlier error is already set; otherwise compare, even on a line that
 * already carries an error (unlike ip(), Loki compares these whenever the value parses).
 */
function convertingTest<T extends number | bigint>(name: string, op: CmpOp, want: T, parse: (v: string) => Parsed<T>): Test {
  return (lbs) => {
    const v = lbs.get(name);
    if (v === undefined) return false;
    const p = parse(v);
    if (!p.ok) {
      if (lbs.err === '') lbs.setError(LABEL_FILTER_ERR, p.error);
      return true;
    }
    return compare(op, p.value, want);
  };
}

/** A duration filter: most values parse exactly in doubles, and comparing those needs no bigint per line. */
function durationTest(name: string, op: CmpOp, wantNs: number): Test {
  const exact = convertingTest(name, op, BigInt(wantNs), parseGoDuration);
  if (!Number.isSafeInteger(wantNs)) return exact;
  return (lbs) => {
    const v = lbs.get(name);
    const ns = v === undefined ? undefined : exactDurationNs(v);
    return ns === undefined ? exact(lbs) : compare(op, ns, wantNs);
  };
}

function ipTest(name: string, op: '=' | '!=', pattern: string): Test {
  const ip = new IPPattern(pattern);
  return (lbs) => {
    if (lbs.err !== '') return true;
    const v = lbs.get(name);
    if (v === undefined) return false;
    const hit = ip.test(Buffer.from(v, 'utf8'));
    return op === '=' ? hit : !hit;
  };
}

function compileTest(f: LabelFilterExpr): Test {
  switch (f.kind) {
    case 'matcher': return matcherTest(f.matcher);
    case 'numeric': return convertingTest(f.name, f.op, f.value, parseGoFloat);
    case 'duration': return durationTest(f.name, f.op, Math.round(f.value));
    case 'bytes': return convertingTest(f.name, f.op, f.value, parseHumanBytes);
    case 'ip': return ipTest(f.name, f.op, f.pattern);
    case 'paren': return compileTest(f.inner);
    case 'binary': {
      const l = compileTest(f.left);
      const r = compileTest(f.right);
      // `or` short-circuits; `and` runs both sides (a failing left may still set an error).
      if (f.op === 'or') return (lbs) => l(lbs) || r(lbs);
      return (lbs) => {
        const a = l(lbs);
        const b = r(lbs);
        return a && b;
      };
    }
  }
}

/** Label names a filter reads. */
export function labelFilterNames(f: LabelFilterExpr, out: string[] = []): string[] {
  switch (f.kind) {
    case 'matcher': out.push(f.matcher.name); break;
    case 'paren': labelFilterNames(f.inner, out); break;
    case 'binary': labelFilterNames(f.left, out); labelFilterNames(f.right, out); break;
    default: out.push(f.name);
  }
  return out;
}

class LabelFilterStage implements Stage {
  readonly requiredLabels: readonly string[];
  readonly #test: Test;

  constructor(f: LabelFilterExpr) {
    this.#test = compileTest(f);
    this.requiredLabels = labelFilterNames(f);
  }

  process(_line: LineState, lbs: LabelsBuilder): boolean {
    return this.#test(lbs);
  }
}

export function compileLabelFilter(f: LabelFilterExpr): Stage {
  return new LabelFilterStage(f);
}
