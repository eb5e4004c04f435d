// Compiles a LogQL pipeline (the stages after a selector) and runs it over entries.
// Compiled once per query; `forStream` gives a per-stream runner whose label work
// (the stream's own LabelsResult, parser name clashes) is prepared once.
import type { LabelPair } from '@logi/protocol';
import type { Stage as StageExpr } from '../syntax/ast.js';
import { andLineTests, compileLineTest, LineFilterStep, type LineTest } from './filter-line.js';
import { compileLabelFilter } from './filter-label.js';
import { LabelsBuilder } from './labels-builder.js';
import { labelPrefilter, type LabelPrefilter, type StreamPrefilter } from './label-prefilter.js';
import { type LabelsResult, LabelsResultCache } from './labels-result.js';
import { EXTRACT_ALL, ParserHints, type ParserHintsConfig } from './parser-hints.js';
import { LineState, type Stage } from './stage.js';
import { compileDecolorize } from './stage-decolorize.js';
import { compileDrop, compileKeep } from './stage-drop-keep.js';
import { compileJson } from './stage-json.js';
import { compileLabelFormat } from './stage-label-format.js';
import { compileLineFormat } from './stage-line-format.js';
import { compileLogfmt } from './stage-logfmt.js';
import { compilePatternParser } from './stage-pattern.js';
import { compileRegexp } from './stage-regexp.js';
import { compileUnpack } from './stage-unpack.js';
import { failsOnStreamLabels, streamConstantCandidates } from './stream-constant-filters.js';
import type { LabelFilterExpr } from '../syntax/ast.js';

/** An entry that survived the pipeline. */
export interface ProcessedLine {
  /**
   * The line to return: the input Buffer itself when no stage rewrote it (so it shares the
   * caller's memory: copy it before the chunk buffer is reused), else the rewritten string.
   */
  line: Buffer | string;
  /** The entry's labels, interned: equal `labels.key` ⇔ same result stream. */
  labels: LabelsResult;
}

export interface StreamPipeline {
  /**
   * Runs every stage. `sm` is the entry's structured metadata. Returns null when a stage
   * drops the entry. One call at a time per StreamPipeline.
   */
  process(ts: bigint, line: Buffer, sm: readonly LabelPair[] | undefined): ProcessedLine | null;
  /** As process, but skips the leading line filters (`LogPipeline.lineFilter`), which the caller already ran. */
  processFiltered(ts: bigint, line: Buffer, sm: readonly LabelPair[] | undefined): ProcessedLine | null;
  /** The labels of an entry without structured metadata that no stage changed. */
  readonly baseLabels: LabelsResult;
  /** A label filter fails on the stream's own labels: no line of this stream can pass, so none needs reading. */
  readonly dropsAll: boolean;
}

export interface LogPipeline {
  /** True when every stage is a line filter: output labels are stream (+ structured metadata) labels. */
  readonly lineFilterOnly: boolean;
  /** The line filters that run first (after hoisting), ANDed; undefined when there are none. */
  readonly lineFilter: LineTest | undefined;
  /** `streamLabels` sorted by name. Cached per label set. */
  forStream(streamLabels: readonly LabelPair[]): StreamPipeline;
}

export interface PipelineOptions {
  /**
   * Parser hints of a metric query (see parser-hints.ts), computed from the labels the
   * compiled stages read; log queries omit it and extract everything.
   */
  hints?: (stageLabels: readonly string[]) => ParserHintsConfig;
}

/**
 * Loki's stage-ordering quirk: within each segment delimited by label filters, line_format
 * and unpack, the line filters run first (in their written order), then the other stages.
 */
export function hoistLineFilters(stages: readonly StageExpr[]): StageExpr[] {
  const out: StageExpr[] = [];
  let filters: StageExpr[] = [];
  let others: StageExpr[] = [];
  const flush = (): void => {
    out.push(...filters, ...others);
    filters = [];
    others = [];
  };
  for (const s of stages) {
    if (s.kind === 'line_filter') {
      filters.push(s);
    } else if (s.kind === 'label_filter' || s.kind === 'line_format' || s.kind === 'unpack') {
      flush();
      out.push(s);
    } else {
      others.push(s);
    }
  }
  flush();
  return out;
}

/** Compiles one stage expression; throws StageError for run-time-only errors (bad regex, ip pattern…). */
export function compileStage(s: StageExpr): Stage {
  switch (s.kind) {
    case 'line_filter': return new LineFilterStep(compileLineTest(s));
    case 'json': return compileJson(s);
    case 'logfmt': return compileLogfmt(s);
    case 'regexp': return compileRegexp(s.pattern);
    case 'pattern': return compilePatternParser(s.pattern);
    case 'unpack': return compileUnpack();
    case 'label_filter': return compileLabelFilter(s.filter);
    case 'line_format': return compileLineFormat(s.template);
    case 'label_format': return compileLabelFormat(s.items);
    case 'decolorize': return compileDecolorize();
    case 'drop': return compileDrop(s.labels);
    case 'keep': return compileKeep(s.labels);
  }
}

/** Compiles hoisted stages, merging runs of line filters into one byte test. */
export function compileStages(stages: readonly StageExpr[]): {
  leading: LineTest | undefined; rest: Stage[]; all: Stage[]; streamConstant: LabelFilterExpr[];
} {
  const hoisted = hoistLineFilters(stages);
  const streamConstant = streamConstantCandidates(hoisted);
  const all: Stage[] = [];
  let run: LineTest[] = [];
  const flushRun = (): void => {
    if (run.length > 0) all.push(new LineFilterStep(andLineTests(run)));
    run = [];
  };
  for (const s of hoisted) {
    if (s.kind === 'line_filter') {
      run.push(compileLineTest(s));
      continue;
    }
    flushRun();
    all.push(compileStage(s));
  }
  flushRun();
  const first = all[0];
  if (first instanceof LineFilterStep) return { leading: first.test, rest: all.slice(1), all, streamConstant };
  return { leading: undefined, rest: all, all, streamConstant };
}

/** Labels read by the stages (for metric parser hints). */
export function stagesRequiredLabels(stages: readonly Stage[]): string[] {
  const names = new Set<string>();
  for (const s of stages) for (const n of s.requiredLabels) names.add(n);
  return [...names];
}

class StreamRunner implements StreamPipeline {
  readonly #leading: LineTest | undefined;
  readonly #rest: readonly Stage[];
  readonly #all: readonly Stage[];
  readonly #lbs: LabelsBuilder;
  readonly #line = new LineState();
  readonly #prefilter: StreamPrefilter | undefined;
  readonly dropsAll: boolean;
  readonly baseLabels: LabelsResult;

  constructor(
    leading: LineTest | undefined, rest: readonly Stage[], all: readonly Stage[], lbs: LabelsBuilder, dropsAll = false,
    prefilter?: StreamPrefilter,
  ) {
    this.#leading = leading;
    this.#prefilter = prefilter;
    this.#rest = rest;
    this.#all = all;
    this.#lbs = lbs;
    this.dropsAll = dropsAll;
    this.baseLabels = lbs.result();
  }

  process(ts: bigint, line: Buffer, sm: readonly LabelPair[] | undefined): ProcessedLine | null {
    if (this.#leading !== undefined && !this.#leading(line)) return null;
    return this.processFiltered(ts, line, sm);
  }

  processFiltered(ts: bigint, line: Buffer, sm: readonly LabelPair[] | undefined): ProcessedLine | null {
    if (this.dropsAll) return null;
    const st = this.#line;
    st.reset(ts, line);
    if (this.#prefilter !== undefined && !this.#prefilter(st, sm)) return null;
    const lbs = this.#lbs;
    lbs.reset();
    if (sm !== undefined && sm.length > 0) lbs.addStructuredMetadata(sm);
    const stages = this.#rest;
    if (stages.length === 0) return { line, labels: lbs.result() };
    for (const s of stages) if (!s.process(st, lbs)) return null;
    return { line: st.current(), labels: lbs.result() };
  }

  /** Runs all stages and leaves the state for the caller (sample extraction). */
  run(ts: bigint, line: Buffer, sm: readonly LabelPair[] | undefined): LineState | null {
    if (this.dropsAll) return null;
    const lbs = this.#lbs;
    lbs.reset();
    if (sm !== undefined && sm.length > 0) lbs.addStructuredMetadata(sm);
    const st = this.#line;
    st.reset(ts, line);
    for (const s of this.#all) if (!s.process(st, lbs)) return null;
    return st;
  }

  get builder(): LabelsBuilder {
    return this.#lbs;
  }
}

class CompiledPipeline implements LogPipeline {
  readonly lineFilterOnly: boolean;
  readonly lineFilter: LineTest | undefined;
  readonly #rest: Stage[];
  readonly #all: Stage[];
  readonly #streamConstant: LabelFilterExpr[];
  readonly #hints: ParserHintsConfig;
  /** Log queries only: metric queries' hints already extract just what is read. */
  readonly #prefilter: LabelPrefilter | undefined;
  readonly #cache = new LabelsResultCache();
  readonly #streams = new Map<string, StreamRunner>();

  constructor(stages: readonly StageExpr[], opts: PipelineOptions) {
    const c = compileStages(stages);
    this.lineFilter = c.leading;
    this.#rest = c.rest;
    this.#all = c.all;
    this.#streamConstant = c.streamConstant;
    this.lineFilterOnly = c.rest.length === 0;
    this.#hints = opts.hints === undefined ? EXTRACT_ALL : opts.hints(stagesRequiredLabels(c.all));
    this.#prefilter = opts.hints === undefined ? labelPrefilter(hoistLineFilters(stages)) : undefined;
  }

  get stages(): readonly Stage[] {
    return this.#all;
  }

  forStream(streamLabels: readonly LabelPair[]): StreamRunner {
    let key = '';
    for (const [n, v] of streamLabels) key += n + '\x00' + v + '\x00';
    let r = this.#streams.get(key);
    if (r === undefined) {
      const lbs = new LabelsBuilder(streamLabels, this.#cache, new ParserHints(this.#hints, streamLabels));
      const dropsAll = this.#streamConstant.length > 0 && failsOnStreamLabels(this.#streamConstant, streamLabels, this.#cache);
      r = new StreamRunner(this.lineFilter, this.#rest, this.#all, lbs, dropsAll, this.#prefilter?.forStream(streamLabels, this.#cache));
      this.#streams.set(key, r);
    }
    return r;
  }
}

/**
 * Compiles the stages of a log query (in written order; hoisting is applied here).
 * Throws StageError for errors Loki reports when building stages (400 `parse error : …`).
 */
export function compileLogPipeline(stages: readonly StageExpr[], opts: PipelineOptions = {}): LogPipeline {
  return new CompiledPipeline(stages, opts);
}

export { CompiledPipeline, StreamRunner };
