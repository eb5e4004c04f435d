// `| pattern "<ip> - <_> [<ts>] …"`: captures become labels; lines that do not fit keep
// whatever was captured before the first missing literal.
import { indexOfBytes } from './byte-search.js';
import type { LabelsBuilder } from './labels-builder.js';
import { captureNames, parsePattern, type PatternNode, validatePattern } from './pattern.js';
import { type LineState, type Stage, StageError } from './stage.js';

/**
 * Loki's pattern.Matcher.Matches: writes the [start, end) byte offsets of the named captures, in capture order,
 * into `spans` (two slots each) and answers how many were found. Stops once `wanted` are found: a literal
 * missing further on never takes back a capture made before it.
 */
function patternSpans(nodes: readonly PatternNode[], line: Uint8Array, spans: Int32Array, wanted: number): number {
  let found = 0;
  if (line.length === 0 || nodes.length === 0 || wanted === 0) return 0;
  const end = line.length;
  let k = 0;
  let pos = 0;
  const first = nodes[0]!;
  if (first.kind === 'literal') {
    if (indexOfBytes(line, first.bytes, 0, first.bytes.length) !== 0) return 0;
    pos = first.bytes.length;
    k = 1;
  }
  // From here: capture, literal, capture, literal, … (captures never adjacent).
  while (k < nodes.length) {
    const named = (nodes[k] as { kind: 'capture'; name: string }).name !== '_';
    const lit = nodes[k + 1] as { kind: 'literal'; bytes: Buffer } | undefined;
    k += 2;
    const i = lit === undefined ? -1 : indexOfBytes(line, lit.bytes, pos, end);
    if (named) {
      spans[2 * found] = pos;
      spans[2 * found + 1] = i < 0 ? end : i;
      if (++found === wanted) return found;
    }
    if (i < 0) return found;
    pos = i + lit!.bytes.length;
  }
  return found;
}

class PatternStage implements Stage {
  readonly requiredLabels: readonly string[] = [];
  readonly #nodes: PatternNode[];
  readonly #names: string[];
  readonly #spans: Int32Array;
  /** Per capture, the label name to write (undefined: not wanted), worked out for this builder's stream. */
  readonly #wanted: (string | undefined)[] = [];
  #wantedCount = 0;
  #wantedFor: LabelsBuilder | undefined;

  constructor(nodes: PatternNode[]) {
    this.#nodes = nodes;
    this.#names = captureNames(nodes);
    this.#spans = new Int32Array(2 * this.#names.length);
  }

  /** A capture's name depends only on the stream's labels (a clash gets `_extracted`), so once per builder. */
  #resolve(lbs: LabelsBuilder): void {
    if (this.#wantedFor === lbs) return;
    this.#wantedFor = lbs;
    this.#wantedCount = 0;
    for (let i = 0; i < this.#names.length; i++) {
      const name = lbs.parserName(this.#names[i]!);
      this.#wanted[i] = lbs.hints.shouldExtract(name) ? name : undefined;
      if (this.#wanted[i] !== undefined) this.#wantedCount = i + 1;
    }
  }

  process(line: LineState, lbs: LabelsBuilder): boolean {
    if (lbs.hints.skipParsing()) return true;
    this.#resolve(lbs);
    const buf = line.buffer();
    const spans = this.#spans;
    const n = patternSpans(this.#nodes, buf, spans, this.#wantedCount);
    for (let i = 0; i < n; i++) {
      const name = this.#wanted[i];
      if (name !== undefined) lbs.setExtracted(name, buf.toString('utf8', spans[2 * i], spans[2 * i + 1]));
    }
    return true;
  }
}

export function compilePatternParser(p: string): Stage {
  const nodes = parsePattern(p);
  try {
    validatePattern(nodes);
    if (captureNames(nodes).length === 0) throw new StageError('at least one capture is required');
  } catch (e) {
    if (e instanceof StageError) throw new StageError(`invalid pattern parser: ${e.message}`);
    throw e;
  }
  return new PatternStage(nodes);
}
