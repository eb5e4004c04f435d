// Loki's LogQL grammar (pkg/logql/syntax/expr.y), rule for rule and in the same order, with
// actions that build our AST. The order of rules and tokens is part of the contract: it
// decides conflict resolution and the wording of syntax errors (see lalr.ts).

import type {
  CmpOp, ExtractionParam, Grouping, LabelFilterExpr, LabelFormatItem, LineFilterItem, LineFilterOp, LineFilterStage, LogRangeExpr,
  LogSelectorExpr, Matcher, NamedLabel, RangeOp, SampleExpr, Stage, Unwrap, UnwrapConversion, VectorMatching, VectorOp,
} from './ast.js';
import type { RuleSpec } from './lalr.js';
import type { Action } from './yacc.js';
import {
  type AnyExpr, type BinOpOptions, type VariantsExpr, newBinary, newLabelReplace, newLiteral, newLogRange, newLogSelector, newMatcher,
  newNumericFilter, newPatternParser, newRangeAggregation, newRegexpParser, newVector, newVectorAggregation,
} from './build.js';
import { formatBytesFilterValue, formatDuration } from './units.js';

/** One line filter as written: an operator and its `or` alternatives. */
interface LineFilterParts {
  op: LineFilterOp;
  items: LineFilterItem[];
}

// Semantic values differ per grammar symbol; each action knows the shapes of its operands.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Values = any[];

const rules: RuleSpec[] = [];
const actions: (Action | undefined)[] = [undefined];

function rule(lhs: string, alternatives: readonly (readonly [string, ((v: Values) => unknown)?])[]): void {
  for (const [rhs, action] of alternatives) {
    rules.push({ lhs, rhs: rhs === '' ? [] : rhs.split(' ') });
    actions.push(action as Action | undefined);
  }
}

const str = (s: string): LineFilterItem => ({ kind: 'string', value: s });
const ip = (s: string): LineFilterItem => ({ kind: 'ip', value: s });
const POSITIVE: ReadonlySet<LineFilterOp> = new Set(['|=', '|~', '|>']);

/** Negative filters with `or` alternatives become one filter per alternative, as in Loki. */
function lineFilterStages(parts: LineFilterParts[]): LineFilterStage[] {
  return parts.flatMap((p) =>
    POSITIVE.has(p.op) || p.items.length === 1
      ? [{ kind: 'line_filter' as const, op: p.op, items: p.items }]
      : p.items.map((item) => ({ kind: 'line_filter' as const, op: p.op, items: [item] })),
  );
}

const and = (left: LabelFilterExpr, right: LabelFilterExpr): LabelFilterExpr => ({ kind: 'binary', op: 'and', left, right });
const cmpFilters = (lhs: string, kind: 'DURATION' | 'BYTES' | 'literalExpr', make: (name: string, op: CmpOp, value: Values[number]) => LabelFilterExpr): void =>
  rule(lhs, ([['GT', '>'], ['GTE', '>='], ['LT', '<'], ['LTE', '<='], ['NEQ', '!='], ['EQ', '=='], ['CMP_EQ', '==']] as const).map(
    ([tok, op]) => [`IDENTIFIER ${tok} ${kind}`, (v: Values) => make(v[0], op, v[2])] as const,
  ));

function selector(v: Values, at: number): LogSelectorExpr {
  return newLogSelector(v[at] as Matcher[]);
}
function pipeline(v: Values, sel: number, stages: number): LogSelectorExpr {
  return newLogSelector(v[sel] as Matcher[], v[stages] as Stage[]);
}
const range = (s: LogSelectorExpr, r: number, u?: Unwrap, o?: number): LogRangeExpr => newLogRange(s, r, u, o);

rule('root', [['expr']]);
rule('expr', [['logExpr'], ['metricExpr'], ['variantsExpr']]);
rule('metricExpr', [
  ['rangeAggregationExpr'], ['vectorAggregationExpr'], ['binOpExpr'], ['literalExpr'], ['labelReplaceExpr'], ['vectorExpr'],
  ['OPEN_PARENTHESIS metricExpr CLOSE_PARENTHESIS', (v) => v[1]],
]);
rule('logExpr', [
  ['selector', (v) => selector(v, 0)],
  ['selector pipelineExpr', (v) => pipeline(v, 0, 1)],
  ['OPEN_PARENTHESIS logExpr CLOSE_PARENTHESIS', (v) => v[1]],
]);
rule('variantsExpr', [
  ['variantsOp OPEN_PARENTHESIS variantsList CLOSE_PARENTHESIS variantsOf OPEN_PARENTHESIS logExpr CLOSE_PARENTHESIS',
    (v): VariantsExpr => ({ kind: 'variants', variants: v[2], selector: v[6] })],
]);
rule('variantsOp', [['VARIANTS']]);
rule('variantsOf', [['OF']]);
rule('variantsList', [['metricExpr', (v) => [v[0]]], ['variantsList COMMA metricExpr', (v) => [...v[0], v[2]]]]);
rule('logRangeExpr', [
  ['selector RANGE', (v) => range(selector(v, 0), v[1])],
  ['selector RANGE offsetExpr', (v) => range(selector(v, 0), v[1], undefined, v[2])],
  ['OPEN_PARENTHESIS selector CLOSE_PARENTHESIS RANGE', (v) => range(selector(v, 1), v[3])],
  ['OPEN_PARENTHESIS selector CLOSE_PARENTHESIS RANGE offsetExpr', (v) => range(selector(v, 1), v[3], undefined, v[4])],
  ['selector RANGE unwrapExpr', (v) => range(selector(v, 0), v[1], v[2])],
  ['selector RANGE offsetExpr unwrapExpr', (v) => range(selector(v, 0), v[1], v[3], v[2])],
  ['OPEN_PARENTHESIS selector CLOSE_PARENTHESIS RANGE unwrapExpr', (v) => range(selector(v, 1), v[3], v[4])],
  ['OPEN_PARENTHESIS selector CLOSE_PARENTHESIS RANGE offsetExpr unwrapExpr', (v) => range(selector(v, 1), v[3], v[5], v[4])],
  ['selector unwrapExpr RANGE', (v) => range(selector(v, 0), v[2], v[1])],
  ['selector unwrapExpr RANGE offsetExpr', (v) => range(selector(v, 0), v[2], v[1], v[3])],
  ['OPEN_PARENTHESIS selector unwrapExpr CLOSE_PARENTHESIS RANGE', (v) => range(selector(v, 1), v[4], v[2])],
  ['OPEN_PARENTHESIS selector unwrapExpr CLOSE_PARENTHESIS RANGE offsetExpr', (v) => range(selector(v, 1), v[4], v[2], v[5])],
  ['selector pipelineExpr RANGE', (v) => range(pipeline(v, 0, 1), v[2])],
  ['selector pipelineExpr RANGE offsetExpr', (v) => range(pipeline(v, 0, 1), v[2], undefined, v[3])],
  ['OPEN_PARENTHESIS selector pipelineExpr CLOSE_PARENTHESIS RANGE', (v) => range(pipeline(v, 1, 2), v[4])],
  ['OPEN_PARENTHESIS selector pipelineExpr CLOSE_PARENTHESIS RANGE offsetExpr', (v) => range(pipeline(v, 1, 2), v[4], undefined, v[5])],
  ['selector pipelineExpr unwrapExpr RANGE', (v) => range(pipeline(v, 0, 1), v[3], v[2])],
  ['selector pipelineExpr unwrapExpr RANGE offsetExpr', (v) => range(pipeline(v, 0, 1), v[3], v[2], v[4])],
  ['OPEN_PARENTHESIS selector pipelineExpr unwrapExpr CLOSE_PARENTHESIS RANGE', (v) => range(pipeline(v, 1, 2), v[5], v[3])],
  ['OPEN_PARENTHESIS selector pipelineExpr unwrapExpr CLOSE_PARENTHESIS RANGE offsetExpr', (v) => range(pipeline(v, 1, 2), v[5], v[3], v[6])],
  ['selector RANGE pipelineExpr', (v) => range(pipeline(v, 0, 2), v[1])],
  ['selector RANGE offsetExpr pipelineExpr', (v) => range(pipeline(v, 0, 3), v[1], undefined, v[2])],
  ['selector RANGE pipelineExpr unwrapExpr', (v) => range(pipeline(v, 0, 2), v[1], v[3])],
  ['selector RANGE offsetExpr pipelineExpr unwrapExpr', (v) => range(pipeline(v, 0, 3), v[1], v[4], v[2])],
  ['OPEN_PARENTHESIS logRangeExpr CLOSE_PARENTHESIS', (v) => v[1]],
  ['logRangeExpr error'],
]);
rule('unwrapExpr', [
  ['PIPE UNWRAP IDENTIFIER', (v): Unwrap => ({ label: v[2], conversion: '', postFilters: [] })],
  ['PIPE UNWRAP convOp OPEN_PARENTHESIS IDENTIFIER CLOSE_PARENTHESIS', (v): Unwrap => ({ label: v[4], conversion: v[2] as UnwrapConversion, postFilters: [] })],
  ['unwrapExpr PIPE labelFilter', (v): Unwrap => ({ ...v[0], postFilters: [...v[0].postFilters, v[2]] })],
]);
rule('convOp', [['BYTES_CONV', () => 'bytes'], ['DURATION_CONV', () => 'duration'], ['DURATION_SECONDS_CONV', () => 'duration_seconds']]);
rule('rangeAggregationExpr', [
  ['rangeOp OPEN_PARENTHESIS logRangeExpr CLOSE_PARENTHESIS', (v) => newRangeAggregation(v[2], v[0], undefined, undefined)],
  ['rangeOp OPEN_PARENTHESIS NUMBER COMMA logRangeExpr CLOSE_PARENTHESIS', (v) => newRangeAggregation(v[4], v[0], undefined, v[2])],
  ['rangeOp OPEN_PARENTHESIS logRangeExpr CLOSE_PARENTHESIS grouping', (v) => newRangeAggregation(v[2], v[0], v[4], undefined)],
  ['rangeOp OPEN_PARENTHESIS NUMBER COMMA logRangeExpr CLOSE_PARENTHESIS grouping', (v) => newRangeAggregation(v[4], v[0], v[6], v[2])],
]);
rule('vectorAggregationExpr', [
  ['vectorOp OPEN_PARENTHESIS metricExpr CLOSE_PARENTHESIS', (v) => newVectorAggregation(v[2], v[0], undefined, undefined)],
  ['vectorOp grouping OPEN_PARENTHESIS metricExpr CLOSE_PARENTHESIS', (v) => newVectorAggregation(v[3], v[0], v[1], undefined)],
  ['vectorOp OPEN_PARENTHESIS metricExpr CLOSE_PARENTHESIS grouping', (v) => newVectorAggregation(v[2], v[0], v[4], undefined)],
  ['vectorOp OPEN_PARENTHESIS NUMBER COMMA metricExpr CLOSE_PARENTHESIS', (v) => newVectorAggregation(v[4], v[0], undefined, v[2])],
  ['vectorOp OPEN_PARENTHESIS NUMBER COMMA metricExpr CLOSE_PARENTHESIS grouping', (v) => newVectorAggregation(v[4], v[0], v[6], v[2])],
  ['vectorOp grouping OPEN_PARENTHESIS NUMBER COMMA metricExpr CLOSE_PARENTHESIS', (v) => newVectorAggregation(v[5], v[0], v[1], v[3])],
]);
rule('labelReplaceExpr', [
  ['LABEL_REPLACE OPEN_PARENTHESIS metricExpr COMMA STRING COMMA STRING COMMA STRING COMMA STRING CLOSE_PARENTHESIS',
    (v) => newLabelReplace(v[2], v[4], v[6], v[8], v[10])],
]);
rule('filter', [['PIPE_MATCH', () => '|~'], ['PIPE_EXACT', () => '|='], ['PIPE_PATTERN', () => '|>'], ['NRE', () => '!~'], ['NEQ', () => '!='], ['NPA', () => '!>']]);
rule('selector', [
  ['OPEN_BRACE matchers CLOSE_BRACE', (v) => v[1]],
  ['OPEN_BRACE matchers error', (v) => v[1]],
  ['OPEN_BRACE CLOSE_BRACE', () => []],
]);
rule('matchers', [['matcher', (v) => [v[0]]], ['matchers COMMA matcher', (v) => [...v[0], v[2]]]]);
rule('matcher', ([['EQ', '='], ['NEQ', '!='], ['RE', '=~'], ['NRE', '!~']] as const).map(
  ([tok, type]) => [`IDENTIFIER ${tok} STRING`, (v: Values) => newMatcher(type, v[0], v[2])] as const,
));
rule('pipelineExpr', [['pipelineStage'], ['pipelineExpr pipelineStage', (v) => [...v[0], ...v[1]]]]);
rule('pipelineStage', [
  ['lineFilters', (v) => lineFilterStages(v[0])],
  ...['logfmtParser', 'labelParser', 'jsonExpressionParser', 'logfmtExpressionParser'].map((s) => [`PIPE ${s}`, (v: Values) => [v[1]]] as const),
  ['PIPE labelFilter', (v) => [{ kind: 'label_filter', filter: v[1] }]],
  ...['lineFormatExpr', 'decolorizeExpr', 'labelFormatExpr', 'dropLabelsExpr', 'keepLabelsExpr'].map((s) => [`PIPE ${s}`, (v: Values) => [v[1]]] as const),
]);
rule('filterOp', [['IP', () => 'ip']]);
rule('orFilter', [
  ['STRING', (v) => [str(v[0])]],
  ['STRING OR orFilter', (v) => [str(v[0]), ...v[2]]],
  ['filterOp OPEN_PARENTHESIS STRING CLOSE_PARENTHESIS', (v) => [ip(v[2])]],
]);
rule('lineFilter', [
  ['filter STRING', (v): LineFilterParts => ({ op: v[0], items: [str(v[1])] })],
  ['filter filterOp OPEN_PARENTHESIS STRING CLOSE_PARENTHESIS', (v): LineFilterParts => ({ op: v[0], items: [ip(v[3])] })],
  ['lineFilter OR orFilter', (v): LineFilterParts => ({ op: v[0].op, items: [...v[0].items, ...v[2]] })],
]);
rule('lineFilters', [
  ['lineFilter', (v) => [v[0]]],
  ['lineFilters lineFilter', (v) => [...v[0], v[1]]],
]);
rule('parserFlags', [['PARSER_FLAG', (v) => [v[0]]], ['parserFlags PARSER_FLAG', (v) => [...v[0], v[1]]]]);
const logfmt = (flags: string[], params: ExtractionParam[]): Stage => ({ kind: 'logfmt', strict: flags.includes('--strict'), keepEmpty: flags.includes('--keep-empty'), params });
rule('logfmtParser', [['LOGFMT', () => logfmt([], [])], ['LOGFMT parserFlags', (v) => logfmt(v[1], [])]]);
rule('labelParser', [
  ['JSON', (): Stage => ({ kind: 'json', params: [] })],
  ['REGEXP STRING', (v) => newRegexpParser(v[1])],
  ['UNPACK', (): Stage => ({ kind: 'unpack' })],
  ['PATTERN STRING', (v) => newPatternParser(v[1])],
]);
rule('jsonExpressionParser', [['JSON labelExtractionExpressionList', (v): Stage => ({ kind: 'json', params: v[1] })]]);
rule('logfmtExpressionParser', [
  ['LOGFMT parserFlags labelExtractionExpressionList', (v) => logfmt(v[1], v[2])],
  ['LOGFMT labelExtractionExpressionList', (v) => logfmt([], v[1])],
]);
rule('lineFormatExpr', [['LINE_FMT STRING', (v): Stage => ({ kind: 'line_format', template: v[1] })]]);
rule('decolorizeExpr', [['DECOLORIZE', (): Stage => ({ kind: 'decolorize' })]]);
rule('labelFormat', [
  ['IDENTIFIER EQ IDENTIFIER', (v): LabelFormatItem => ({ dst: v[0], src: v[2] })],
  ['IDENTIFIER EQ STRING', (v): LabelFormatItem => ({ dst: v[0], template: v[2] })],
]);
rule('labelsFormat', [['labelFormat', (v) => [v[0]]], ['labelsFormat COMMA labelFormat', (v) => [...v[0], v[2]]], ['labelsFormat COMMA error']]);
rule('labelFormatExpr', [['LABEL_FMT labelsFormat', (v): Stage => ({ kind: 'label_format', items: v[1] })]]);
rule('labelFilter', [
  ['matcher', (v): LabelFilterExpr => ({ kind: 'matcher', matcher: v[0] })],
  ['ipLabelFilter'], ['unitFilter'], ['numberFilter'],
  ['OPEN_PARENTHESIS labelFilter CLOSE_PARENTHESIS', (v) => v[1]],
  ['labelFilter labelFilter', (v) => and(v[0], v[1])],
  ['labelFilter AND labelFilter', (v) => and(v[0], v[2])],
  ['labelFilter COMMA labelFilter', (v) => and(v[0], v[2])],
  ['labelFilter OR labelFilter', (v): LabelFilterExpr => ({ kind: 'binary', op: 'or', left: v[0], right: v[2] })],
]);
// The bare form `a` extracts the path/key of the same name; Loki stores it as a="a".
rule('labelExtractionExpression', [
  ['IDENTIFIER EQ STRING', (v): ExtractionParam => ({ label: v[0], expr: v[2] })],
  ['IDENTIFIER', (v): ExtractionParam => ({ label: v[0], expr: v[0] })],
]);
rule('labelExtractionExpressionList', [['labelExtractionExpression', (v) => [v[0]]], ['labelExtractionExpressionList COMMA labelExtractionExpression', (v) => [...v[0], v[2]]]]);
rule('ipLabelFilter', [
  ['IDENTIFIER EQ IP OPEN_PARENTHESIS STRING CLOSE_PARENTHESIS', (v): LabelFilterExpr => ({ kind: 'ip', name: v[0], op: '=', pattern: v[4] })],
  ['IDENTIFIER NEQ IP OPEN_PARENTHESIS STRING CLOSE_PARENTHESIS', (v): LabelFilterExpr => ({ kind: 'ip', name: v[0], op: '!=', pattern: v[4] })],
]);
rule('unitFilter', [['durationFilter'], ['bytesFilter']]);
cmpFilters('durationFilter', 'DURATION', (name, op, value: number) => ({ kind: 'duration', name, op, value, text: formatDuration(value) }));
cmpFilters('bytesFilter', 'BYTES', (name, op, value: number) => ({ kind: 'bytes', name, op, value, text: formatBytesFilterValue(value) }));
cmpFilters('numberFilter', 'literalExpr', newNumericFilter);
const named = (v: Values): NamedLabel => (typeof v[0] === 'string' ? { name: v[0] } : { name: (v[0] as Matcher).name, matcher: v[0] });
rule('dropLabel', [['IDENTIFIER', named], ['matcher', named]]);
rule('dropLabels', [['dropLabel', (v) => [v[0]]], ['dropLabels COMMA dropLabel', (v) => [...v[0], v[2]]]]);
rule('dropLabelsExpr', [['DROP dropLabels', (v): Stage => ({ kind: 'drop', labels: v[1] })]]);
rule('keepLabel', [['IDENTIFIER', named], ['matcher', named]]);
rule('keepLabels', [['keepLabel', (v) => [v[0]]], ['keepLabels COMMA keepLabel', (v) => [...v[0], v[2]]]]);
rule('keepLabelsExpr', [['KEEP keepLabels', (v): Stage => ({ kind: 'keep', labels: v[1] })]]);
rule('binOpExpr', ([
  ['OR', 'or'], ['AND', 'and'], ['UNLESS', 'unless'], ['ADD', '+'], ['SUB', '-'], ['MUL', '*'], ['DIV', '/'], ['MOD', '%'], ['POW', '^'],
  ['CMP_EQ', '=='], ['NEQ', '!='], ['GT', '>'], ['GTE', '>='], ['LT', '<'], ['LTE', '<='],
] as const).map(([tok, op]) => [`expr ${tok} binOpModifier expr`, (v: Values) => newBinary(op, v[2] as BinOpOptions, v[0] as AnyExpr, v[3] as AnyExpr)] as const));
rule('boolModifier', [['', (): BinOpOptions => ({ returnBool: false })], ['BOOL', (): BinOpOptions => ({ returnBool: true })]]);
const matching = (opts: BinOpOptions, on: boolean, labels: string[]): BinOpOptions => ({ ...opts, matching: { on, labels, card: 'one-to-one', include: [] } });
rule('onOrIgnoringModifier', [
  ['boolModifier ON OPEN_PARENTHESIS labels CLOSE_PARENTHESIS', (v) => matching(v[0], true, v[3])],
  ['boolModifier ON OPEN_PARENTHESIS CLOSE_PARENTHESIS', (v) => matching(v[0], true, [])],
  ['boolModifier IGNORING OPEN_PARENTHESIS labels CLOSE_PARENTHESIS', (v) => matching(v[0], false, v[3])],
  ['boolModifier IGNORING OPEN_PARENTHESIS CLOSE_PARENTHESIS', (v) => matching(v[0], false, [])],
]);
const group = (opts: BinOpOptions, card: VectorMatching['card'], include: string[]): BinOpOptions => ({ ...opts, matching: { ...opts.matching!, card, include } });
rule('binOpModifier', [
  ['boolModifier'],
  // `ignoring ()` alone changes nothing: no matching, as when nothing is written
  ['onOrIgnoringModifier', (v) => (v[0].matching.on || v[0].matching.labels.length > 0 ? v[0] : { returnBool: v[0].returnBool })],
  ['onOrIgnoringModifier GROUP_LEFT', (v) => group(v[0], 'many-to-one', [])],
  ['onOrIgnoringModifier GROUP_LEFT OPEN_PARENTHESIS CLOSE_PARENTHESIS', (v) => group(v[0], 'many-to-one', [])],
  ['onOrIgnoringModifier GROUP_LEFT OPEN_PARENTHESIS labels CLOSE_PARENTHESIS', (v) => group(v[0], 'many-to-one', v[3])],
  ['onOrIgnoringModifier GROUP_RIGHT', (v) => group(v[0], 'one-to-many', [])],
  ['onOrIgnoringModifier GROUP_RIGHT OPEN_PARENTHESIS CLOSE_PARENTHESIS', (v) => group(v[0], 'one-to-many', [])],
  ['onOrIgnoringModifier GROUP_RIGHT OPEN_PARENTHESIS labels CLOSE_PARENTHESIS', (v) => group(v[0], 'one-to-many', v[3])],
]);
rule('literalExpr', [['NUMBER', (v) => newLiteral(v[0], false)], ['ADD NUMBER', (v) => newLiteral(v[1], false)], ['SUB NUMBER', (v) => newLiteral(v[1], true)]]);
rule('vectorExpr', [['vector OPEN_PARENTHESIS NUMBER CLOSE_PARENTHESIS', (v) => newVector(v[2])]]);
rule('vector', [['VECTOR']]);
const words = (names: string): (readonly [string, () => string])[] =>
  names.split(' ').map((w) => [w.toUpperCase(), () => w] as const);
rule('vectorOp', words('sum avg count max min stddev stdvar bottomk topk sort sort_desc approx_topk') as [string, () => VectorOp][]);
rule('rangeOp', [
  ['COUNT_OVER_TIME', () => 'count_over_time'], ['RATE', () => 'rate'], ['RATE_COUNTER', () => 'rate_counter'],
  ['BYTES_OVER_TIME', () => 'bytes_over_time'], ['BYTES_RATE', () => 'bytes_rate'], ['AVG_OVER_TIME', () => 'avg_over_time'],
  ['SUM_OVER_TIME', () => 'sum_over_time'], ['MIN_OVER_TIME', () => 'min_over_time'], ['MAX_OVER_TIME', () => 'max_over_time'],
  ['STDVAR_OVER_TIME', () => 'stdvar_over_time'], ['STDDEV_OVER_TIME', () => 'stddev_over_time'],
  ['QUANTILE_OVER_TIME', () => 'quantile_over_time'], ['FIRST_OVER_TIME', () => 'first_over_time'],
  ['LAST_OVER_TIME', () => 'last_over_time'], ['ABSENT_OVER_TIME', () => 'absent_over_time'],
] satisfies [string, () => RangeOp][]);
rule('offsetExpr', [['OFFSET DURATION', (v) => v[1]]]);
rule('labels', [['IDENTIFIER', (v) => [v[0]]], ['labels COMMA IDENTIFIER', (v) => [...v[0], v[2]]]]);
rule('grouping', [
  ['BY OPEN_PARENTHESIS labels CLOSE_PARENTHESIS', (v): Grouping => ({ without: false, labels: v[2] })],
  ['WITHOUT OPEN_PARENTHESIS labels CLOSE_PARENTHESIS', (v): Grouping => ({ without: true, labels: v[2] })],
  ['BY OPEN_PARENTHESIS CLOSE_PARENTHESIS', (): Grouping => ({ without: false, labels: [] })],
  ['WITHOUT OPEN_PARENTHESIS CLOSE_PARENTHESIS', (): Grouping => ({ without: true, labels: [] })],
]);

export const GRAMMAR_RULES: readonly RuleSpec[] = rules;
/** Index = rule number (0 is `$accept`). */
export const GRAMMAR_ACTIONS: readonly (Action | undefined)[] = actions;
export type { AnyExpr, SampleExpr };
