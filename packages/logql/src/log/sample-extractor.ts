// Turns log lines into samples for range aggregations (Loki's metrics_extraction.go):
// count/rate/absent → 1, bytes ops → byte length after the pipeline, unwrap → the label's
// converted value. Series labels are reduced at the source by the grouping (see
// SampleExtractorOptions) and interned per content.
import { formatLabels, type LabelPair } from '@logi/protocol';
import type { LogRangeExpr, RangeOp, UnwrapConversion } from '../syntax/ast.js';
import { compileLabelFilter } from './filter-label.js';
import type { LabelsBuilder } from './labels-builder.js';
import { ERROR_LABEL, MAX_INTERNED_KEY_CHARS, PRESERVE_ERROR_LABEL, sortPairs } from './labels-result.js';
import { metricHints } from './parser-hints.js';
import { CompiledPipeline, stagesRequiredLabels, type StreamRunner } from './pipeline.js';
import type { ExtractedSample, SampleExtractor, SampleExtractorOptions, SeriesLabels, StreamSampleExtractor } from './sample-types.js';
import type { Stage } from './stage.js';
import { parseGoDurationSeconds, parseGoFloat, parseHumanBytes, type Parsed } from './units.js';

export const SAMPLE_EXTRACTION_ERR = 'SampleExtractionErr';

type Convert = (v: string) => Parsed<number>;

function converter(c: UnwrapConversion): Convert {
  switch (c) {
    case '': return parseGoFloat;
    case 'bytes': return parseHumanBytes;
    case 'duration':
    case 'duration_seconds':
      return parseGoDurationSeconds;
  }
}

/** Interns SeriesLabels by content. */
class SeriesCache {
  #map = new Map<string, SeriesLabels>();

  get(pairs: LabelPair[]): SeriesLabels {
    // An empty value is no label in a series (Loki's ParseLabels trims them before the series are built).
    if (pairs.some((p) => p[1] === '')) pairs = pairs.filter((p) => p[1] !== '');
    sortPairs(pairs);
    let raw = '';
    for (const p of pairs) raw += p[0] + '\x00' + p[1] + '\x00';
    let s = this.#map.get(raw);
    if (s === undefined) {
      let error = '';
      let preserveError = false;
      for (const [n, v] of pairs) {
        if (n === ERROR_LABEL) error = v;
        else if (n === PRESERVE_ERROR_LABEL) preserveError = v === 'true';
      }
      s = { key: formatLabels(pairs), labels: pairs, error, preserveError };
      if (raw.length > MAX_INTERNED_KEY_CHARS) return s;
      if (this.#map.size >= 50000) this.#map.clear();
      this.#map.set(raw, s);
    }
    return s;
  }
}

interface Grouping {
  groups: readonly string[];
  without: boolean;
  noLabels: boolean;
}

class StreamExtractor implements StreamSampleExtractor {
  readonly #runner: StreamRunner;
  readonly #parent: Extractor;
  #baseGroup: SeriesLabels | undefined;
  #streamSeries: SeriesLabels | undefined;
  readonly smFree: boolean;

  constructor(runner: StreamRunner, parent: Extractor, streamLabels: readonly LabelPair[]) {
    this.#runner = runner;
    this.#parent = parent;
    const g = parent.grouping;
    this.smFree = parent.pipeline.stages.length === 0 && parent.unwrapLabel === undefined &&
      (g.noLabels || (!g.without && g.groups.length > 0 && g.groups.every((n) => streamLabels.some(([k]) => k === n))));
  }

  get dropsAll(): boolean {
    return this.#runner.dropsAll;
  }

  process(ts: bigint, line: Buffer, sm: readonly LabelPair[] | undefined): ExtractedSample | null {
    const p = this.#parent;
    const st = this.#runner.run(ts, line, sm);
    if (st === null) return null;
    const lbs = this.#runner.builder;
    let value: number;
    if (p.unwrapLabel === undefined) {
      value = p.bytes ? st.byteLength() : 1;
    } else {
      const text = lbs.get(p.unwrapLabel);
      if (text === undefined || text === '') return null;
      const c = p.convert!(text);
      if (c.ok) value = c.value;
      else {
        value = 0;
        lbs.setError(SAMPLE_EXTRACTION_ERR, c.error);
      }
      for (const f of p.postFilters) if (!f.process(st, lbs)) return null;
    }
    return { value, series: this.#series(lbs) };
  }

  /** Loki's GroupedLabels. */
  #series(lbs: LabelsBuilder): SeriesLabels {
    const p = this.#parent;
    const g = p.grouping;
    // An error keeps every label, so the evaluator can report it with the full series.
    if (lbs.err !== '') return p.series.get(lbs.all());
    if (g.noLabels) return p.empty;
    if (!lbs.changed) {
      if (g.groups.length === 0) return (this.#streamSeries ??= p.series.get([...lbs.stream]));
      return (this.#baseGroup ??= p.series.get(
        lbs.stream.filter(([n]) => (g.without ? !g.groups.includes(n) : g.groups.includes(n))),
      ));
    }
    if (g.groups.length === 0) return p.series.get(lbs.all());
    if (g.without) return p.series.get(lbs.all().filter(([n]) => !g.groups.includes(n)));
    return p.byGroupValues(lbs);
  }
}

class Extractor implements SampleExtractor {
  readonly pipeline: CompiledPipeline;
  readonly grouping: Grouping;
  readonly bytes: boolean;
  readonly unwrapLabel: string | undefined;
  readonly convert: Convert | undefined;
  readonly postFilters: Stage[];
  readonly series = new SeriesCache();
  readonly empty: SeriesLabels;
  readonly #streams = new Map<string, StreamExtractor>();
  /** `by` series keyed by the group labels' values alone (groups are sorted), so a hit builds no label pairs. */
  readonly #byValues = new Map<string, SeriesLabels>();

  constructor(range: LogRangeExpr, op: RangeOp, opts: SampleExtractorOptions) {
    const u = range.unwrap;
    let groups = [...(opts.grouping?.labels ?? [])];
    let without = opts.grouping?.without ?? false;
    let noLabels = opts.grouping !== undefined && !without && groups.length === 0;
    // absent_over_time only needs to know whether anything matched.
    if (op === 'absent_over_time') noLabels = true;
    if (u !== undefined && (groups.length === 0 || without)) {
      // The unwrapped label is not a series label (unless a `by` keeps it).
      without = true;
      groups = [...groups, u.label].sort();
    }
    this.grouping = { groups: [...new Set(groups)].sort(), without, noLabels };
    this.bytes = op === 'bytes_over_time' || op === 'bytes_rate';
    this.unwrapLabel = u?.label;
    this.convert = u === undefined ? undefined : converter(u.conversion);
    this.postFilters = (u?.postFilters ?? []).map(compileLabelFilter);
    const postLabels = stagesRequiredLabels(this.postFilters);
    this.pipeline = new CompiledPipeline(range.selector.pipeline, {
      hints: (stageLabels) => metricHints([...stageLabels, ...postLabels], groups, without, noLabels, u?.label ?? ''),
    });
    this.empty = this.series.get([]);
  }

  /** The series of a `by (…)` grouping for the builder's current labels. */
  byGroupValues(lbs: LabelsBuilder): SeriesLabels {
    const groups = this.grouping.groups;
    let key: string;
    if (groups.length === 1) {
      const v = lbs.get(groups[0]!);
      if (v === undefined) return this.empty;
      key = v;
    } else {
      // Each part delimits itself (`-` for absent, else `length:value`), so no two label sets share a key.
      key = '';
      for (const n of groups) {
        const v = lbs.get(n);
        key += v === undefined ? '-' : `${v.length}:${v}`;
      }
    }
    let s = this.#byValues.get(key);
    if (s === undefined) {
      const pairs: LabelPair[] = [];
      for (const n of groups) {
        const v = lbs.get(n);
        if (v !== undefined) pairs.push([n, v]);
      }
      s = this.series.get(pairs);
      if (key.length > MAX_INTERNED_KEY_CHARS) return s;
      if (this.#byValues.size >= 50000) this.#byValues.clear();
      this.#byValues.set(key, s);
    }
    return s;
  }

  forStream(streamLabels: readonly LabelPair[]): StreamSampleExtractor {
    let key = '';
    for (const [n, v] of streamLabels) key += n + '\x00' + v + '\x00';
    let s = this.#streams.get(key);
    if (s === undefined) {
      s = new StreamExtractor(this.pipeline.forStream(streamLabels), this, streamLabels);
      this.#streams.set(key, s);
    }
    return s;
  }
}

/**
 * Compiles the sample extractor of one range aggregation. `op` picks the line value (1 or
 * bytes) when there is no unwrap; `opts.grouping` reduces series labels (and drives which
 * labels parsers extract). Throws StageError like compileLogPipeline.
 */
export function compileSampleExtractor(range: LogRangeExpr, op: RangeOp, opts: SampleExtractorOptions = {}): SampleExtractor {
  return new Extractor(range, op, opts);
}
