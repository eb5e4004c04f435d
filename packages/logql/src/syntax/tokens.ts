// The terminal symbols of Loki's LogQL grammar (pkg/logql/syntax/expr.y), numbered as goyacc
// numbers them: 1 $end, 2 error, 3 $unk, then in declaration order (%token lines, then the
// %left/%right lines). The numbering decides the order of "expecting …" lists in syntax errors.

const DECLARED = [
  'BYTES',
  'IDENTIFIER', 'STRING', 'NUMBER', 'PARSER_FLAG',
  'DURATION', 'RANGE',
  'MATCHERS', 'LABELS', 'EQ', 'RE', 'NRE', 'NPA', 'OPEN_BRACE', 'CLOSE_BRACE', 'OPEN_BRACKET', 'CLOSE_BRACKET', 'COMMA', 'DOT',
  'PIPE_MATCH', 'PIPE_EXACT', 'PIPE_PATTERN', 'OPEN_PARENTHESIS', 'CLOSE_PARENTHESIS', 'BY', 'WITHOUT', 'COUNT_OVER_TIME', 'RATE',
  'RATE_COUNTER', 'SUM', 'SORT', 'SORT_DESC', 'AVG', 'MAX', 'MIN', 'COUNT', 'STDDEV', 'STDVAR', 'BOTTOMK', 'TOPK', 'APPROX_TOPK',
  'BYTES_OVER_TIME', 'BYTES_RATE', 'BOOL', 'JSON', 'REGEXP', 'LOGFMT', 'PIPE', 'LINE_FMT', 'LABEL_FMT', 'UNWRAP', 'AVG_OVER_TIME',
  'SUM_OVER_TIME', 'MIN_OVER_TIME', 'MAX_OVER_TIME', 'STDVAR_OVER_TIME', 'STDDEV_OVER_TIME', 'QUANTILE_OVER_TIME', 'BYTES_CONV',
  'DURATION_CONV', 'DURATION_SECONDS_CONV', 'FIRST_OVER_TIME', 'LAST_OVER_TIME', 'ABSENT_OVER_TIME', 'VECTOR', 'LABEL_REPLACE',
  'UNPACK', 'OFFSET', 'PATTERN', 'IP', 'ON', 'IGNORING', 'GROUP_LEFT', 'GROUP_RIGHT', 'DECOLORIZE', 'DROP', 'KEEP', 'VARIANTS', 'OF',
  // precedence declarations, lowest first
  'OR', 'AND', 'UNLESS', 'CMP_EQ', 'NEQ', 'LT', 'LTE', 'GT', 'GTE', 'ADD', 'SUB', 'MUL', 'DIV', 'MOD', 'POW',
] as const;

export type TokenName = (typeof DECLARED)[number] | '$end' | 'error' | '$unk';

/** Index = token number; [0] is unused. */
export const TERMINALS: readonly string[] = ['', '$end', 'error', '$unk', ...DECLARED];

export const TOKEN: Readonly<Record<TokenName, number>> = Object.fromEntries(TERMINALS.map((n, i) => [n, i]).slice(1)) as Record<
  TokenName,
  number
>;

/** %left / %right levels: [assoc, tokens] from lowest to highest. */
export const PRECEDENCE: readonly (readonly ['left' | 'right', readonly TokenName[]])[] = [
  ['left', ['OR']],
  ['left', ['AND', 'UNLESS']],
  ['left', ['CMP_EQ', 'NEQ', 'LT', 'LTE', 'GT', 'GTE']],
  ['left', ['ADD', 'SUB']],
  ['left', ['MUL', 'DIV', 'MOD']],
  ['right', ['POW']],
];

/** Loki's lexer `tokens` map: text → token. Also the names printed in syntax errors. */
export const KEYWORD_TOKENS: Readonly<Record<string, TokenName>> = {
  ',': 'COMMA', '.': 'DOT', '{': 'OPEN_BRACE', '}': 'CLOSE_BRACE', '=': 'EQ', '!=': 'NEQ', '=~': 'RE', '!~': 'NRE', '!>': 'NPA',
  '|=': 'PIPE_EXACT', '|~': 'PIPE_MATCH', '|>': 'PIPE_PATTERN', '|': 'PIPE', unwrap: 'UNWRAP', '(': 'OPEN_PARENTHESIS',
  ')': 'CLOSE_PARENTHESIS', by: 'BY', without: 'WITHOUT', bool: 'BOOL', '[': 'OPEN_BRACKET', ']': 'CLOSE_BRACKET',
  label_replace: 'LABEL_REPLACE', offset: 'OFFSET', on: 'ON', ignoring: 'IGNORING', group_left: 'GROUP_LEFT',
  group_right: 'GROUP_RIGHT', or: 'OR', and: 'AND', unless: 'UNLESS', '+': 'ADD', '-': 'SUB', '*': 'MUL', '/': 'DIV', '%': 'MOD',
  '^': 'POW', '==': 'CMP_EQ', '>': 'GT', '>=': 'GTE', '<': 'LT', '<=': 'LTE', json: 'JSON', regexp: 'REGEXP', logfmt: 'LOGFMT',
  unpack: 'UNPACK', pattern: 'PATTERN', label_format: 'LABEL_FMT', line_format: 'LINE_FMT', ip: 'IP', decolorize: 'DECOLORIZE',
  drop: 'DROP', keep: 'KEEP', variants: 'VARIANTS', of: 'OF',
};

/** Words that are tokens only when a function call follows (`(` or `by`/`without (`). */
export const FUNCTION_TOKENS: Readonly<Record<string, TokenName>> = {
  rate: 'RATE', rate_counter: 'RATE_COUNTER', count_over_time: 'COUNT_OVER_TIME', bytes_rate: 'BYTES_RATE',
  bytes_over_time: 'BYTES_OVER_TIME', avg_over_time: 'AVG_OVER_TIME', sum_over_time: 'SUM_OVER_TIME',
  min_over_time: 'MIN_OVER_TIME', max_over_time: 'MAX_OVER_TIME', stdvar_over_time: 'STDVAR_OVER_TIME',
  stddev_over_time: 'STDDEV_OVER_TIME', quantile_over_time: 'QUANTILE_OVER_TIME', first_over_time: 'FIRST_OVER_TIME',
  last_over_time: 'LAST_OVER_TIME', absent_over_time: 'ABSENT_OVER_TIME', vector: 'VECTOR', sum: 'SUM', avg: 'AVG', max: 'MAX',
  min: 'MIN', count: 'COUNT', stddev: 'STDDEV', stdvar: 'STDVAR', bottomk: 'BOTTOMK', topk: 'TOPK', sort: 'SORT',
  sort_desc: 'SORT_DESC', label_replace: 'LABEL_REPLACE', approx_topk: 'APPROX_TOPK', bytes: 'BYTES_CONV',
  duration: 'DURATION_CONV', duration_seconds: 'DURATION_SECONDS_CONV', ip: 'IP',
};

/** goyacc's token names with Loki's overrides (the text of every keyword/operator token). */
export const TOKEN_DISPLAY: readonly string[] = (() => {
  const names = [...TERMINALS];
  for (const [text, tok] of Object.entries(KEYWORD_TOKENS)) names[TOKEN[tok]] = text;
  return names;
})();
