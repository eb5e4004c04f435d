// A literal every matching line must contain lets a scan search a block's lines as one buffer (they sit back
// to back) and hand only the rows holding it to the pipeline. It comes from the query's leading line filters
// (`|= "x"` runs before any other stage, Loki's hoisting included) or, failing those, from a label filter that
// wants a parsed label to equal a string (`| json | user_id="u-42"`, the usual search of a JSON log): such a
// value is in the line as written unless it was escaped there.
import { hoistLineFilters, type LabelFilterExpr, type Stage } from '@logi/logql';
import type { LabelPair } from '@logi/protocol';
import type { DecodedBlock } from '../ingester/types.js';

export interface Needle {
  bytes: Buffer;
  /**
   * Set when `bytes` is the value a label filter wants of this label: a row may then also match through an escaped
   * value (any line holding a backslash), through structured metadata of that name, and a stream holding the label
   * matches through it (see needleForStream).
   */
  label?: string;
}

/** Stages that only drop lines or take parsed values from the line's own bytes (unescaping aside). */
const VALUE_KEEPING = new Set<Stage['kind']>(['line_filter', 'json', 'logfmt', 'regexp', 'pattern']);

/**
 * A parser renders numbers its own way (a JSON `1e3` is the label "1000"), so a value that could be one is no
 * needle; nor is a name of Logi's own (`__error__`), which no line holds.
 */
const NUMBER_LIKE = /^[0-9eE.+-]*$/;

/** The longest string a parsed label must equal for the filter to pass (`a="x"`, or in an `and`), if any. */
function labelValueNeedle(f: LabelFilterExpr): { label: string; value: string } | undefined {
  if (f.kind === 'paren') return labelValueNeedle(f.inner);
  if (f.kind === 'binary') {
    if (f.op !== 'and') return undefined;
    const [l, r] = [labelValueNeedle(f.left), labelValueNeedle(f.right)];
    return !l || (r && Buffer.byteLength(r.value) > Buffer.byteLength(l.value)) ? r : l;
  }
  if (f.kind !== 'matcher' || f.matcher.type !== '=') return undefined;
  const { name, value } = f.matcher;
  return name.startsWith('__') || NUMBER_LIKE.test(value) ? undefined : { label: name, value };
}

/**
 * The longest literal of the leading `|=` filters (the rarest, and the fastest to search), if any; else the value
 * the first label filter wants, when only line filters and parsers of the line come before it.
 */
export function requiredNeedle(stages: readonly Stage[]): Needle | undefined {
  let best: Buffer | undefined;
  const hoisted = hoistLineFilters(stages);
  for (const s of hoisted) {
    if (s.kind !== 'line_filter') break;
    const item = s.items[0];
    if (s.op !== '|=' || s.items.length !== 1 || item?.kind !== 'string' || item.value === '') continue;
    const needle = Buffer.from(item.value, 'utf8');
    if (!best || needle.length > best.length) best = needle;
  }
  if (best) return { bytes: best };
  for (const s of hoisted) {
    if (s.kind === 'label_filter') {
      const v = labelValueNeedle(s.filter);
      return v && { bytes: Buffer.from(v.value, 'utf8'), label: v.label };
    }
    if (!VALUE_KEEPING.has(s.kind)) return undefined;
  }
  return undefined;
}

/** The needle for a stream's rows: none when the label filter's label is the stream's own (it then tests that). */
export function needleForStream(needle: Needle | undefined, streamLabels: readonly LabelPair[]): Needle | undefined {
  if (needle?.label === undefined) return needle;
  const name = needle.label;
  return streamLabels.some(([n]) => n === name) ? undefined : needle;
}

const BACKSLASH = Buffer.from('\\');

/** Rows in [from, to) that may match: holding the needle, or (a label needle) an escape or metadata of its name. */
export function candidateRows(block: DecodedBlock, from: number, to: number, needle: Needle): number[] {
  const rows = rowsContaining(block, from, to, needle.bytes);
  const name = needle.label;
  if (name === undefined) return rows;
  const more = rowsContaining(block, from, to, BACKSLASH);
  const sm = block.sm;
  if (sm !== undefined) {
    for (let i = from; i < to; i++) if (sm[i]?.some(([n]) => n === name)) more.push(i);
  }
  if (more.length === 0) return rows;
  return [...new Set([...rows, ...more])].sort((a, b) => a - b);
}

/** Rows in [from, to) whose line contains `needle`, ascending. The block must hold its lines. */
export function rowsContaining(block: DecodedBlock, from: number, to: number, needle: Buffer): number[] {
  const lines = block.lines!;
  const ends = block.lineEnds!;
  const rows: number[] = [];
  if (from >= to) return rows;
  const stop = ends[to - 1]!;
  let pos = from === 0 ? 0 : ends[from - 1]!;
  let row = from;
  while (pos < stop) {
    const at = lines.indexOf(needle, pos);
    if (at < 0 || at + needle.length > stop) break;
    // the row holding `at`: the first whose end is past it
    let lo = row;
    let hi = to - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ends[mid]! <= at) lo = mid + 1;
      else hi = mid;
    }
    row = lo;
    if (at + needle.length <= ends[row]!) {
      rows.push(row);
      pos = ends[row]!;
      row++;
    } else {
      pos = at + 1; // the hit spans two lines: look again inside this one
    }
  }
  return rows;
}
