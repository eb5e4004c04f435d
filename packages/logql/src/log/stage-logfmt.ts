// `| logfmt [--strict] [--keep-empty] [a, b="key"]`, as Loki's LogfmtParser and
// LogfmtExpressionParser.
import type { LogfmtStage } from '../syntax/ast.js';
import type { LabelsBuilder } from './labels-builder.js';
import { LogfmtDecoder } from './logfmt-decoder.js';
import { isValidLabelName, sanitizeLabelKey } from './sanitize.js';
import { type LineState, type Stage, StageError } from './stage.js';
import { addParserError } from './stage-json.js';

export const LOGFMT_PARSER_ERR = 'LogfmtParserErr';

// Values holding U+FFFD (invalid UTF-8 in the line) are emptied: Prometheus rejects them.
const clean = (v: string | undefined): string => (v === undefined || v.includes('\uFFFD') ? '' : v);

/** The hinted name the current key spells, if any. */
function hintedKey(dec: LogfmtDecoder, names: readonly string[]): string | undefined {
  const i = indexOfKey(dec, names);
  return i < 0 ? undefined : names[i];
}

class LogfmtAllStage implements Stage {
  readonly requiredLabels: readonly string[] = [];
  readonly #strict: boolean;
  readonly #keepEmpty: boolean;
  readonly #dec = new LogfmtDecoder();

  constructor(strict: boolean, keepEmpty: boolean) {
    this.#strict = strict;
    this.#keepEmpty = keepEmpty;
  }

  process(line: LineState, lbs: LabelsBuilder): boolean {
    const hints = lbs.hints;
    if (hints.skipParsing() || (!this.#strict && hints.nothingLeftToExtract())) return true;
    const dec = this.#dec;
    dec.reset(line.buffer(), line);
    const required = hints.config.required;
    while (dec.nextPair(this.#strict)) {
      // A key that is a label name as written: a hinted query looks it up among the hints without making a
      // string of it, others reuse the string an earlier line made of it.
      const named = dec.keyIsLabelName();
      const key = named ? (required !== undefined ? hintedKey(dec, required) : dec.labelNameKey()) : sanitizeLabelKey(dec.key ?? '');
      if (key === undefined || key === '' || !hints.mayExtract(key)) continue;
      const name = lbs.parserName(key);
      if (!hints.shouldExtract(name)) continue;
      const val = clean(dec.value);
      if (!this.#keepEmpty && val === '') continue;
      lbs.setExtracted(name, val);
      if (this.#strict ? hints.allRequiredExtracted() : hints.nothingLeftToExtract()) break;
    }
    if (this.#strict && dec.err !== undefined) addParserError(lbs, LOGFMT_PARSER_ERR, dec.err);
    return true;
  }
}

class LogfmtParamsStage implements Stage {
  readonly requiredLabels: readonly string[] = [];
  readonly #strict: boolean;
  /** label name → logfmt key it reads */
  readonly #keyOf: Map<string, string>;
  readonly #labelOf: Map<string, string>;
  readonly #dec = new LogfmtDecoder();

  constructor(stage: LogfmtStage) {
    this.#strict = stage.strict;
    this.#keyOf = new Map();
    this.#labelOf = new Map();
    for (const p of stage.params) {
      if (!isValidLabelName(p.label)) throw new StageError(`invalid extracted label name '${p.label}'`);
      const key = p.expr ?? p.label;
      this.#keyOf.set(p.label, key);
      if (!this.#labelOf.has(key)) this.#labelOf.set(key, p.label);
    }
  }

  process(line: LineState, lbs: LabelsBuilder): boolean {
    if (lbs.hints.skipParsing()) return true;
    // Listed labels exist even when the line lacks them.
    const defaulted: string[] = [];
    for (const id of this.#keyOf.keys()) {
      if (!lbs.clashes(id) && !lbs.parsedHas(id)) {
        lbs.setParsed(id, '');
        defaulted.push(id);
      }
    }
    const seen = new Set<string>();
    const dec = this.#dec;
    dec.reset(line.buffer(), line);
    while (dec.nextPair(this.#strict)) {
      const key = sanitizeLabelKey(dec.key ?? '');
      const id = this.#labelOf.get(key) ?? (this.#keyOf.has(key) ? key : undefined);
      if (id === undefined || seen.has(id)) continue;
      seen.add(id);
      const name = lbs.parserName(id);
      const val = clean(dec.value);
      if (defaulted.includes(name)) lbs.setParsed(name, val);
      else lbs.setExtracted(name, val);
    }
    if (this.#strict && dec.err !== undefined) addParserError(lbs, LOGFMT_PARSER_ERR, dec.err);
    return true;
  }
}

/**
 * Reads the first usable value of each of `names` from a line into a builder, exactly as `| logfmt` (without
 * --strict or parameters) hinted with those names would, minus the hint bookkeeping per key: the label
 * prefilter's loop, run on every line of a query like `| logfmt | duration > 500ms`. `names` must be label
 * names that are neither a stream label of the builder nor `_extracted` forms (then no key is renamed).
 */
export class LogfmtKeyReader implements Stage {
  readonly requiredLabels: readonly string[] = [];
  readonly #names: readonly string[];
  readonly #keepEmpty: boolean;
  readonly #found: Uint8Array;
  /** Sanitising a key adds at most one character: keys shorter than this minus one cannot become a name. */
  readonly #shortest: number;
  readonly #dec = new LogfmtDecoder();

  constructor(names: readonly string[], keepEmpty: boolean) {
    this.#names = names;
    this.#keepEmpty = keepEmpty;
    this.#found = new Uint8Array(names.length);
    this.#shortest = Math.min(...names.map((n) => n.length));
  }

  process(line: LineState, lbs: LabelsBuilder): boolean {
    const names = this.#names;
    const found = this.#found;
    for (let k = 0; k < found.length; k++) found[k] = 0;
    let left = names.length;
    const dec = this.#dec;
    dec.reset(line.buffer(), line);
    while (left > 0 && dec.nextPair(false)) {
      let i = indexOfKey(dec, names);
      if (i < 0) {
        // a key that is not a label name as written may become one of the names once sanitised
        if (dec.keyLength() < this.#shortest - 1 || dec.keyIsLabelName()) continue;
        i = names.indexOf(sanitizeLabelKey(dec.key ?? ''));
        if (i < 0) continue;
      }
      if (found[i] === 1) continue;
      const val = clean(dec.value);
      if (!this.#keepEmpty && val === '') continue;
      found[i] = 1;
      left--;
      lbs.setParsed(names[i]!, val);
    }
    return true;
  }
}

function indexOfKey(dec: LogfmtDecoder, names: readonly string[]): number {
  for (let i = 0; i < names.length; i++) if (dec.keyIs(names[i]!)) return i;
  return -1;
}

export function compileLogfmt(stage: LogfmtStage): Stage {
  return stage.params.length === 0 ? new LogfmtAllStage(stage.strict, stage.keepEmpty) : new LogfmtParamsStage(stage);
}
