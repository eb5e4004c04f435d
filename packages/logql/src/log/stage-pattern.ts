// `| pattern "<ip> - <_> [<ts>] …"`: captures become labels; lines that do not fit keep
// whatever was captured before the first missing literal.
import type { LabelsBuilder } from './labels-builder.js';
import { captureNames, parsePattern, type PatternNode, validatePattern } from './pattern.js';
import { type LineState, type Stage, StageError } from './stage.js';

/** Loki's pattern.Matcher.Matches: the captured slices, in capture order. */
export function patternMatches(nodes: readonly PatternNode[], line: Buffer): Buffer[] {
  const out: Buffer[] = [];
  if (line.length === 0 || nodes.length === 0) return out;
  let k = 0;
  let rest = line;
  const first = nodes[0]!;
  if (first.kind === 'literal') {
    if (rest.indexOf(first.bytes) !== 0) return out;
    rest = rest.subarray(first.bytes.length);
    k = 1;
  }
  // From here: capture, literal, capture, literal, … (captures never adjacent).
  while (k < nodes.length) {
    const cap = nodes[k] as { kind: 'capture'; name: string };
    const named = cap.name !== '_';
    if (k === nodes.length - 1) {
      if (named) out.push(rest);
      return out;
    }
    const lit = nodes[k + 1] as { kind: 'literal'; bytes: Buffer };
    k += 2;
    const i = rest.indexOf(lit.bytes);
    if (i < 0) {
      if (named) out.push(rest);
      return out;
    }
    if (named) out.push(rest.subarray(0, i));
    rest = rest.subarray(i + lit.bytes.length);
  }
  return out;
}

class PatternStage implements Stage {
  readonly requiredLabels: readonly string[] = [];
  readonly #nodes: PatternNode[];
  readonly #names: string[];

  constructor(nodes: PatternNode[]) {
    this.#nodes = nodes;
    this.#names = captureNames(nodes);
  }

  process(line: LineState, lbs: LabelsBuilder): boolean {
    const hints = lbs.hints;
    if (hints.skipParsing()) return true;
    const matches = patternMatches(this.#nodes, line.buffer());
    for (let i = 0; i < matches.length; i++) {
      const name = lbs.parserName(this.#names[i]!);
      if (!hints.shouldExtract(name)) continue;
      lbs.setExtracted(name, matches[i]!.toString('utf8'));
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
