// The constructors Loki's grammar actions call (newRangeAggregationExpr,
// mustNewVectorAggregationExpr, mustNewBinOpExpr, …), building our AST. As in Loki, some
// problems abort the parse at once (invalid matcher regexps, regexp/pattern parsers) while
// others are attached to the node and reported by validation after a successful parse.

import type {
  BinOp, BinaryExpr, CmpOp, Expr, Grouping, LabelFilterExpr, LabelReplaceExpr, LiteralExpr, LogRangeExpr, LogSelectorExpr,
  MatchType, Matcher, RangeAggregationExpr, RangeOp, SampleExpr, Stage, Unwrap, VectorAggregationExpr, VectorExpr, VectorMatching,
  VectorOp,
} from './ast.js';
import { MAX_EXPR_DEPTH, tooDeep } from './depth.js';
import { ParseError } from './errors.js';
import { formatGoFloatFixed, formatGoFloatShortestFixed, parseGoFloat, parseGoInt } from './go-float.js';
import { captureGroups, regexError } from './regex.js';
import { patternParserError } from './pattern.js';

/** Problems found while building a node, reported by validation (Loki keeps them in `err`). */
const nodeErrors = new WeakMap<object, ParseError>();

export function nodeError(node: object): ParseError | undefined {
  return nodeErrors.get(node);
}

function flag<T extends object>(node: T, detail: string): T {
  if (!nodeErrors.has(node)) nodeErrors.set(node, new ParseError(detail));
  return node;
}

/** `variants(…) of (…)`: parsed like Loki, never evaluated (Loki disables it by default). */
export interface VariantsExpr {
  kind: 'variants';
  variants: SampleExpr[];
  selector: LogSelectorExpr;
}

export type AnyExpr = Expr | VariantsExpr;

export function newMatcher(type: MatchType, name: string, value: string): Matcher {
  if (type === '=~' || type === '!~') {
    const err = regexError(value);
    if (err !== undefined) throw new ParseError(err);
  }
  return { name, type, value };
}

export function newLogSelector(matchers: Matcher[], pipeline: Stage[] = []): LogSelectorExpr {
  return { kind: 'log_selector', matchers, pipeline };
}

export function newRegexpParser(pattern: string): Stage {
  const err = regexpParserError(pattern);
  if (err !== undefined) throw new ParseError(`invalid regexp parser: ${err}`);
  return { kind: 'regexp', pattern };
}

function regexpParserError(pattern: string): string | undefined {
  const compile = regexError(pattern);
  // Go compiles repeated group names (RE2 refuses them); Loki then rejects the repeated label
  if (compile !== undefined && !compile.endsWith('duplicate capture group name')) return compile;
  const names = captureGroups(pattern).filter((n) => n !== '');
  if (names.length === 0) return 'at least one named capture must be supplied';
  const seen = new Set<string>();
  for (const n of names) {
    if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(n)) return `invalid extracted label name '${n}'`;
    if (seen.has(n)) return `duplicate extracted label name '${n}'`;
    seen.add(n);
  }
  return undefined;
}

export function newPatternParser(pattern: string): Stage {
  const err = patternParserError(pattern);
  if (err !== undefined) throw new ParseError(`invalid pattern parser: ${err}`);
  return { kind: 'pattern', pattern };
}

/** A literal from its NUMBER text (mustNewLiteralExpr); a bad number is reported at validation. */
export function newLiteral(text: string, negate: boolean): LiteralExpr {
  const r = parseGoFloat(text);
  const node: LiteralExpr = { kind: 'literal', value: negate ? -r.value : r.value };
  return r.error === undefined ? node : flag(node, `unable to parse literal as a float: ${r.error}`);
}

export function newVector(text: string): VectorExpr {
  const r = parseGoFloat(text);
  const node: VectorExpr = { kind: 'vector', value: r.value };
  return r.error === undefined ? node : flag(node, `unable to parse vectorExpr as a float: ${r.error}`);
}

/** `name op number` label filter. Loki ignores a bad number (uses 0); we report it instead. */
export function newNumericFilter(name: string, op: CmpOp, literal: LiteralExpr): LabelFilterExpr {
  // -0 compares like 0, and `-0` would lex as a duration when printed
  const value = literal.value === 0 ? 0 : literal.value;
  const node: LabelFilterExpr = { kind: 'numeric', name, op, value, text: formatGoFloatShortestFixed(value) };
  const err = nodeError(literal);
  return err ? flag(node, err.detail) : node;
}

const GROUPING_OK: ReadonlySet<RangeOp> = new Set(['avg_over_time', 'stddev_over_time', 'stdvar_over_time', 'quantile_over_time', 'max_over_time', 'min_over_time', 'first_over_time', 'last_over_time']);
const UNWRAP_OK: ReadonlySet<RangeOp> = new Set(['avg_over_time', 'sum_over_time', 'max_over_time', 'min_over_time', 'stddev_over_time', 'stdvar_over_time', 'quantile_over_time', 'rate', 'rate_counter', 'absent_over_time', 'first_over_time', 'last_over_time']);
const NO_UNWRAP_OK: ReadonlySet<RangeOp> = new Set(['bytes_over_time', 'bytes_rate', 'count_over_time', 'rate', 'absent_over_time']);

export function newRangeAggregation(range: LogRangeExpr, op: RangeOp, grouping: Grouping | undefined, paramText: string | undefined): RangeAggregationExpr {
  const node: RangeAggregationExpr = { kind: 'range_agg', op, range };
  if (grouping) node.grouping = grouping;
  if (paramText !== undefined) {
    if (op !== 'quantile_over_time') return flag(node, `parameter ${paramText} not supported for operation ${op}`);
    const r = parseGoFloat(paramText);
    node.param = r.value;
    if (r.error !== undefined) return flag(node, `invalid parameter for operation ${op}: ${r.error}`);
  } else if (op === 'quantile_over_time') {
    return flag(node, `parameter required for operation ${op}`);
  }
  if (grouping && !GROUPING_OK.has(op)) return flag(node, `grouping not allowed for ${op} aggregation`);
  if (range.unwrap) return UNWRAP_OK.has(op) ? node : flag(node, `invalid aggregation ${op} with unwrap`);
  return NO_UNWRAP_OK.has(op) ? node : flag(node, `invalid aggregation ${op} without unwrap`);
}

export function newVectorAggregation(inner: SampleExpr, op: VectorOp, grouping: Grouping | undefined, paramText: string | undefined): VectorAggregationExpr {
  const node: VectorAggregationExpr = { kind: 'vector_agg', op, inner, grouping: grouping ?? { without: false, labels: [] } };
  if (op === 'topk' || op === 'bottomk' || op === 'approx_topk') {
    if (paramText === undefined) return flag(node, `parameter required for operation ${op}`);
    const k = parseGoInt(paramText);
    if (k === undefined) return flag(node, `invalid parameter ${op}(${paramText},`);
    node.param = k;
    if (k <= 0) return flag(node, `invalid parameter (must be greater than 0) ${op}(${paramText}`);
    if (op === 'approx_topk' && grouping) return flag(node, `grouping not allowed for ${op} aggregation`);
  } else if (paramText !== undefined) {
    return flag(node, `unsupported parameter for operation ${op}(${paramText},`);
  }
  return node;
}

export function newLabelReplace(inner: SampleExpr, dst: string, replacement: string, src: string, regex: string): LabelReplaceExpr {
  const node: LabelReplaceExpr = { kind: 'label_replace', inner, dst, replacement, src, regex };
  const err = regexError(`^(?:${regex})$`);
  return err === undefined ? node : flag(node, `invalid regex in label_replace: ${err}`);
}

/** Modifiers between a binary operator and its right operand (bool, on/ignoring, group_*). */
export interface BinOpOptions {
  returnBool: boolean;
  /** undefined when neither on(…) nor ignoring(…) was written */
  matching?: VectorMatching;
}

const LOGICAL: ReadonlySet<BinOp> = new Set(['and', 'or', 'unless']);

/** Loki's %T of the expressions that cannot be binary operands. */
function goTypeName(e: AnyExpr): string | undefined {
  if (e.kind === 'variants') return '*syntax.MultiVariantExpr';
  if (e.kind === 'log_selector') return e.pipeline.length === 0 ? '*syntax.MatchersExpr' : '*syntax.PipelineExpr';
  return undefined;
}

/** Binary operations nested in a binary node, itself included: with its operands' nodes, it nests one level deeper. */
const binaryChain = new WeakMap<object, number>();

/** mustNewBinOpExpr: type checks, literal checks, and folding of literal-only operations. */
export function newBinary(op: BinOp, opts: BinOpOptions, lhs: AnyExpr, rhs: AnyExpr): SampleExpr {
  const node: BinaryExpr = { kind: 'binary', op, left: lhs as SampleExpr, right: rhs as SampleExpr, returnBool: opts.returnBool };
  // A chain of operations nests one level each: past the bound, the rest of a 128 KB chain is not parsed.
  const chain = 1 + Math.max(binaryChain.get(lhs) ?? 0, binaryChain.get(rhs) ?? 0);
  if (chain >= MAX_EXPR_DEPTH) throw tooDeep();
  binaryChain.set(node, chain);
  if (opts.matching) node.matching = opts.matching;
  const leftType = goTypeName(lhs);
  if (leftType) return flag(node, `unexpected type for left leg of binary operation (${op}): ${leftType}`);
  const rightType = goTypeName(rhs);
  if (rightType) return flag(node, `unexpected type for right leg of binary operation (${op}): ${rightType}`);
  const left = lhs as SampleExpr;
  const right = rhs as SampleExpr;
  for (const leg of [left, right]) {
    const err = leg.kind === 'literal' ? nodeError(leg) : undefined;
    if (err) return flag(node, err.detail);
  }
  if (LOGICAL.has(op)) {
    if (left.kind === 'literal') return flag(node, `unexpected literal for left leg of logical/set binary operation (${op}): ${formatGoFloatFixed(left.value, 6)}`);
    if (right.kind === 'literal') return flag(node, `unexpected literal for right leg of logical/set binary operation (${op}): ${formatGoFloatFixed(right.value, 6)}`);
  }
  if (left.kind === 'literal' && right.kind === 'literal') return { kind: 'literal', value: foldBinary(op, left.value, right.value) };
  return node;
}

/** MergeBinOp on two scalars without filtering: comparisons give 0/1, x/0 and x%0 give NaN. */
export function foldBinary(op: BinOp, l: number, r: number): number {
  switch (op) {
    case '+': return l + r;
    case '-': return l - r;
    case '*': return l * r;
    case '/': return r === 0 ? NaN : l / r;
    case '%': return r === 0 ? NaN : l % r;
    case '^': return goPow(l, r);
    case '==': return l === r ? 1 : 0;
    case '!=': return l !== r ? 1 : 0;
    case '>': return l > r ? 1 : 0;
    case '>=': return l >= r ? 1 : 0;
    case '<': return l < r ? 1 : 0;
    case '<=': return l <= r ? 1 : 0;
    default: throw new Error(`BUG: logical operator ${op} on scalars`);
  }
}

/** Go's math.Pow, whose special cases differ from JS `**` (1^NaN = 1, (-1)^±Inf = 1). */
export function goPow(x: number, y: number): number {
  if (y === 0 || x === 1) return 1;
  if ((x === -1) && !Number.isFinite(y) && !Number.isNaN(y)) return 1;
  return x ** y;
}

export function newLogRange(selector: LogSelectorExpr, range: number, unwrap: Unwrap | undefined, offset: number | undefined): LogRangeExpr {
  const node: LogRangeExpr = { kind: 'log_range', selector, range, offset: offset ?? 0 };
  if (unwrap) node.unwrap = unwrap;
  return node;
}
