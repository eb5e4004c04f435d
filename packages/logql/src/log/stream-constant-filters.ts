// Label filters whose outcome is fixed for a whole stream. `{app="x"} | json | level="error"` on streams
// that carry `level` as a stream label tests that label for every line: a parser that meets a `level` key
// writes `level_extracted` instead (so does structured metadata of that name), so nothing before the filter
// can change the value. When such a filter
// fails for a stream, every line of it is dropped without running the parsers (Loki parses them all).
import type { LabelPair } from '@logi/protocol';
import type { LabelFilterExpr, Stage as StageExpr } from '../syntax/ast.js';
import { compileLabelFilter, labelFilterNames } from './filter-label.js';
import { LabelsBuilder } from './labels-builder.js';
import type { LabelsResultCache } from './labels-result.js';
import { EXTRACT_ALL, ParserHints } from './parser-hints.js';
import { LineState } from './stage.js';

/** Stages after which a stream label can no longer be trusted to hold its stream value. */
const RELABELLING = new Set<StageExpr['kind']>(['label_format', 'drop', 'keep', 'unpack']);

function isStringFilter(f: LabelFilterExpr): boolean {
  switch (f.kind) {
    case 'matcher': return true;
    case 'paren': return isStringFilter(f.inner);
    case 'binary': return isStringFilter(f.left) && isStringFilter(f.right);
    default: return false;
  }
}

/** The string-matcher label filters that run before any relabelling stage (hoisted order). */
export function streamConstantCandidates(hoisted: readonly StageExpr[]): LabelFilterExpr[] {
  const out: LabelFilterExpr[] = [];
  for (const s of hoisted) {
    if (RELABELLING.has(s.kind)) break;
    if (s.kind === 'label_filter' && isStringFilter(s.filter)) out.push(s.filter);
  }
  return out;
}

/** True when some candidate reads only labels the stream has, and fails on them. */
export function failsOnStreamLabels(candidates: readonly LabelFilterExpr[], streamLabels: readonly LabelPair[], cache: LabelsResultCache): boolean {
  const present = new Set(streamLabels.map((p) => p[0]));
  for (const f of candidates) {
    if (!labelFilterNames(f).every((n) => present.has(n))) continue;
    const probe = new LabelsBuilder(streamLabels, cache, new ParserHints(EXTRACT_ALL));
    probe.reset();
    if (!compileLabelFilter(f).process(new LineState(), probe)) return true;
  }
  return false;
}
