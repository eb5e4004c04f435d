// A cheap first test for log queries shaped `… | logfmt | <label filter> …` (Explore's
// `{app="api"} | logfmt | duration > 500ms`): a log query extracts every key of every line, yet
// most lines are then dropped by the filter. Extracting only the keys the filter reads, as a
// metric query's parser hints do, gives the filter the very values the full run would give it,
// so a line it drops here is dropped there; lines it keeps go through the full pipeline.
// Only logfmt without --strict qualifies: it reports no errors, and an error a parser that
// stops early could miss (json, --strict) would let the full run keep the line.
import type { LabelPair } from '@logi/protocol';
import type { Stage as StageExpr } from '../syntax/ast.js';
import { compileLabelFilter, labelFilterNames } from './filter-label.js';
import { EXTRACTED_SUFFIX, LabelsBuilder } from './labels-builder.js';
import { ERROR_DETAILS_LABEL, ERROR_LABEL, type LabelsResultCache } from './labels-result.js';
import { EXTRACT_ALL, metricHints, ParserHints, type ParserHintsConfig } from './parser-hints.js';
import type { LineState } from './stage.js';
import { compileLogfmt, LogfmtKeyReader } from './stage-logfmt.js';

/** Per stream: false when the line cannot pass the pipeline's first label filter. */
export type StreamPrefilter = (line: LineState, sm: readonly LabelPair[] | undefined) => boolean;

export interface LabelPrefilter {
  forStream(streamLabels: readonly LabelPair[], cache: LabelsResultCache): StreamPrefilter;
}

/** The prefilter of hoisted `stages`, or undefined when they do not start (after line filters) with logfmt and a label filter. */
export function labelPrefilter(stages: readonly StageExpr[]): LabelPrefilter | undefined {
  let i = 0;
  while (stages[i]?.kind === 'line_filter') i++;
  const parser = stages[i];
  const filter = stages[i + 1];
  if (parser?.kind !== 'logfmt' || parser.strict || parser.params.length > 0 || filter?.kind !== 'label_filter') return undefined;
  const names = [...new Set(labelFilterNames(filter.filter))];
  const hints: ParserHintsConfig = metricHints(names, [], false, true, '');
  const logfmt = compileLogfmt(parser);
  const test = compileLabelFilter(filter.filter);
  // The key reader sets the names as they are: not for error labels, nor names a parser would rename.
  const plainNames = names.every((n) => n !== ERROR_LABEL && n !== ERROR_DETAILS_LABEL && !n.endsWith(EXTRACTED_SUFFIX));
  return {
    forStream(streamLabels, cache) {
      const plain = plainNames && !names.some((n) => streamLabels.some(([s]) => s === n));
      // No name is renamed: the line's value of a name, else its metadata's, is what the full run's filter reads.
      const extract = plain ? new LogfmtKeyReader(names, parser.keepEmpty) : logfmt;
      const lbs = new LabelsBuilder(streamLabels, cache, new ParserHints(plain ? EXTRACT_ALL : hints, streamLabels));
      return (line, sm) => {
        lbs.reset();
        if (sm !== undefined && sm.length > 0) lbs.addStructuredMetadata(sm);
        return extract.process(line, lbs) && test.process(line, lbs);
      };
    },
  };
}
