// The LogQL abstract syntax tree: the contract between the parser (syntax/), the log
// pipeline (log/), the metric evaluator (metric/) and the querier in the server.
// Plain data only (no classes), so an AST can be printed, compared and sent to worker threads.
// Durations are nanoseconds held in a `number`: every LogQL duration (ranges up to the
// 721h query-length limit, offsets, label-filter durations) is far below 2^53 ns.

export type MatchType = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  name: string;
  type: MatchType;
  value: string;
}

// ---------------------------------------------------------------- log pipeline stages

export type LineFilterOp = '|=' | '!=' | '|~' | '!~' | '|>' | '!>';

/** One alternative of a line filter: a plain string (substring, regex or pattern by op) or ip("..."). */
export type LineFilterItem = { kind: 'string'; value: string } | { kind: 'ip'; value: string };

/**
 * `|= "a" or "b"`: items are alternatives. For the positive ops a line passes when any item
 * matches; for the negative ops (`!=`, `!~`, `!>`) it passes when none matches (De Morgan).
 */
export interface LineFilterStage {
  kind: 'line_filter';
  op: LineFilterOp;
  items: LineFilterItem[];
}

/** `json` with no params extracts everything; `json a="x.y", b` extracts only listed paths (bare `b` = path `b`). */
export interface JsonStage {
  kind: 'json';
  params: ExtractionParam[];
}

export interface LogfmtStage {
  kind: 'logfmt';
  strict: boolean;
  keepEmpty: boolean;
  params: ExtractionParam[];
}

/** `label="expression"`; the bare form `label` is stored, as in Loki, with `expr` = label. */
export interface ExtractionParam {
  label: string;
  expr?: string;
}

export interface RegexpStage {
  kind: 'regexp';
  pattern: string;
}

export interface PatternStage {
  kind: 'pattern';
  pattern: string;
}

export interface UnpackStage {
  kind: 'unpack';
}

export type CmpOp = '==' | '!=' | '>' | '>=' | '<' | '<=';

/**
 * A label filter expression. Numeric, duration and bytes filters carry the value already
 * converted (duration: nanoseconds; bytes: bytes) plus its text as Loki prints it
 * (`250ms`, `1h0m0s`, `1.5kB`). `=` with a number is normalised to `==`. The parser never
 * produces `paren` (parentheses only group, as in Loki); `,`, `and` and juxtaposition are `and`.
 */
export type LabelFilterExpr =
  | { kind: 'matcher'; matcher: Matcher }
  | { kind: 'numeric'; name: string; op: CmpOp; value: number; text: string }
  | { kind: 'duration'; name: string; op: CmpOp; value: number; text: string }
  | { kind: 'bytes'; name: string; op: CmpOp; value: number; text: string }
  | { kind: 'ip'; name: string; op: '=' | '!='; pattern: string }
  | { kind: 'binary'; op: 'and' | 'or'; left: LabelFilterExpr; right: LabelFilterExpr }
  | { kind: 'paren'; inner: LabelFilterExpr };

export interface LabelFilterStage {
  kind: 'label_filter';
  filter: LabelFilterExpr;
}

export interface LineFormatStage {
  kind: 'line_format';
  template: string;
}

/** `dst=src` renames (src set), `dst="tmpl"` renders a template (template set). Items run left to right. */
export interface LabelFormatItem {
  dst: string;
  src?: string;
  template?: string;
}

export interface LabelFormatStage {
  kind: 'label_format';
  items: LabelFormatItem[];
}

export interface DecolorizeStage {
  kind: 'decolorize';
}

/** `drop a, b="v"`: a bare name, or a matcher that must also match the value. */
export interface NamedLabel {
  name: string;
  matcher?: Matcher;
}

export interface DropStage {
  kind: 'drop';
  labels: NamedLabel[];
}

export interface KeepStage {
  kind: 'keep';
  labels: NamedLabel[];
}

export type Stage =
  | LineFilterStage
  | JsonStage
  | LogfmtStage
  | RegexpStage
  | PatternStage
  | UnpackStage
  | LabelFilterStage
  | LineFormatStage
  | LabelFormatStage
  | DecolorizeStage
  | DropStage
  | KeepStage;

/** A log query: `{matchers} stages...`. Stages are in the order written (not yet hoisted). */
export interface LogSelectorExpr {
  kind: 'log_selector';
  matchers: Matcher[];
  pipeline: Stage[];
}

// ---------------------------------------------------------------- metric queries

export type UnwrapConversion = '' | 'bytes' | 'duration' | 'duration_seconds';

export interface Unwrap {
  label: string;
  conversion: UnwrapConversion;
  /** label filters written after the unwrap (`| unwrap x | __error__=""`) */
  postFilters: LabelFilterExpr[];
}

/** The log side of a range aggregation: `{...} | stages | unwrap x [5m] offset 1h`. */
export interface LogRangeExpr {
  kind: 'log_range';
  selector: LogSelectorExpr;
  /** window length in ns */
  range: number;
  /** offset in ns (0 when absent; may be negative) */
  offset: number;
  unwrap?: Unwrap;
}

export type RangeOp =
  | 'count_over_time'
  | 'rate'
  | 'rate_counter'
  | 'bytes_over_time'
  | 'bytes_rate'
  | 'avg_over_time'
  | 'sum_over_time'
  | 'min_over_time'
  | 'max_over_time'
  | 'stdvar_over_time'
  | 'stddev_over_time'
  | 'quantile_over_time'
  | 'first_over_time'
  | 'last_over_time'
  | 'absent_over_time';

export type VectorOp =
  | 'sum'
  | 'avg'
  | 'min'
  | 'max'
  | 'count'
  | 'stddev'
  | 'stdvar'
  | 'topk'
  | 'bottomk'
  | 'sort'
  | 'sort_desc'
  | 'approx_topk';

/** `by (a, b)` / `without (a)`; `by ()` is an empty list with without=false. */
export interface Grouping {
  without: boolean;
  labels: string[];
}

export interface RangeAggregationExpr {
  kind: 'range_agg';
  op: RangeOp;
  range: LogRangeExpr;
  /** quantile_over_time's φ */
  param?: number;
  grouping?: Grouping;
}

export interface VectorAggregationExpr {
  kind: 'vector_agg';
  op: VectorOp;
  inner: SampleExpr;
  /** topk/bottomk/approx_topk's k */
  param?: number;
  grouping?: Grouping;
}

export type BinOp = 'or' | 'and' | 'unless' | '+' | '-' | '*' | '/' | '%' | '^' | '==' | '!=' | '>' | '>=' | '<' | '<=';

export interface VectorMatching {
  /** true for on(...), false for ignoring(...) */
  on: boolean;
  labels: string[];
  card: 'one-to-one' | 'many-to-one' | 'one-to-many';
  /** group_left(...) / group_right(...) extra labels */
  include: string[];
}

export interface BinaryExpr {
  kind: 'binary';
  op: BinOp;
  left: SampleExpr;
  right: SampleExpr;
  returnBool: boolean;
  matching?: VectorMatching;
}

export interface LiteralExpr {
  kind: 'literal';
  value: number;
}

export interface VectorExpr {
  kind: 'vector';
  value: number;
}

export interface LabelReplaceExpr {
  kind: 'label_replace';
  inner: SampleExpr;
  dst: string;
  replacement: string;
  src: string;
  regex: string;
}

export type SampleExpr = RangeAggregationExpr | VectorAggregationExpr | BinaryExpr | LiteralExpr | VectorExpr | LabelReplaceExpr;

export type Expr = LogSelectorExpr | SampleExpr;

export function isLogExpr(e: Expr): e is LogSelectorExpr {
  return e.kind === 'log_selector';
}
