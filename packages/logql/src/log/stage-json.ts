// `| json` (every key, nested objects flattened with `_`) and `| json a="path", b`
// (listed paths only), as Loki's JSONParser / JSONExpressionParser.
import type { ExtractionParam, JsonStage } from '../syntax/ast.js';
import type { LabelsBuilder } from './labels-builder.js';
import { arrayEach, type JsonValue, objectEach, rawText, readValue, STOP, unescapeString } from './json-scan.js';
import { PRESERVE_ERROR_LABEL } from './labels-result.js';
import { isValidLabelName, sanitizeLabelKey } from './sanitize.js';
import { type LineState, type Stage, StageError } from './stage.js';

export const JSON_PARSER_ERR = 'JSONParserErr';

/** Sets `__error__` (and details), plus `__preserve_error__` when the query groups by `__error__`. */
export function addParserError(lbs: LabelsBuilder, err: string, details: string | undefined): void {
  lbs.setError(err, details);
  if (lbs.hints.preserveError) lbs.setParsed(PRESERVE_ERROR_LABEL, 'true');
}

function valueText(s: string, v: JsonValue): string | undefined {
  switch (v.type) {
    case 'string': return unescapeString(s, v);
    case 'number': return s.slice(v.start, v.end);
    case 'boolean': return s.slice(v.start, v.end);
    default: return undefined; // null and arrays are skipped
  }
}

class JsonAllStage implements Stage {
  readonly requiredLabels: readonly string[] = [];

  process(line: LineState, lbs: LabelsBuilder): boolean {
    const hints = lbs.hints;
    if (hints.skipParsing()) return true;
    const s = line.string();
    const walk = (start: number, prefix: string): string | undefined =>
      objectEach(s, start, (key, v) => {
        if (v.type === 'object') {
          const part = sanitizeLabelKey(key, prefix === '');
          const p = prefix === '' ? part : prefix + '_' + part;
          return hints.shouldExtractPrefix(p) ? walk(v.start, p) : undefined;
        }
        if (v.type !== 'string' && v.type !== 'number' && v.type !== 'boolean') return undefined; // null and arrays
        const part = sanitizeLabelKey(key, prefix === '');
        if (prefix === '' && part === '') return undefined;
        const full = prefix === '' ? part : prefix + '_' + part;
        if (!hints.mayExtract(full)) return undefined;
        const name = lbs.parserName(full);
        if (!hints.shouldExtract(name)) return undefined;
        lbs.setExtracted(name, valueText(s, v)!);
        return hints.allRequiredExtracted() ? STOP : undefined;
      });
    const err = walk(0, '');
    if (err !== undefined) addParserError(lbs, JSON_PARSER_ERR, err);
    return true;
  }
}

type PathPart = string | number;

/** Parses a json parameter path: `a.b`, `.a`, `a[0]`, `["key with space"]`, `a.b[1]["c"]`. */
export function parseJsonPath(expr: string): PathPart[] {
  const parts: PathPart[] = [];
  let i = 0;
  const bad = (): never => { throw new StageError(`cannot parse expression [${expr}]: syntax error`); };
  while (i < expr.length) {
    const c = expr[i]!;
    if (c === '.') {
      i++;
      if (i >= expr.length || expr[i] === '.' || expr[i] === '[') bad();
      continue;
    }
    if (c === '[') {
      const close = expr.indexOf(']', i);
      if (close < 0) bad();
      const inner = expr.slice(i + 1, close).trim();
      if (/^[0-9]+$/.test(inner)) parts.push(Number(inner));
      else if (inner.length >= 2 && inner.startsWith('"') && inner.endsWith('"')) parts.push(JSON.parse(inner) as string);
      else bad();
      i = close + 1;
      continue;
    }
    let j = i;
    while (j < expr.length && expr[j] !== '.' && expr[j] !== '[') j++;
    parts.push(expr.slice(i, j));
    i = j;
  }
  if (parts.length === 0) bad();
  return parts;
}

/** Finds the value at `path` under the value at `start`; undefined when missing; string = error. */
function lookup(s: string, v: JsonValue, path: readonly PathPart[], k: number): JsonValue | undefined | { error: string } {
  if (k === path.length) return v;
  const part = path[k]!;
  let found: JsonValue | undefined;
  let err: string | undefined;
  if (typeof part === 'number') {
    if (v.type !== 'array') return undefined;
    err = arrayEach(s, v.start, (el, n) => {
      if (n !== part) return undefined;
      found = el;
      return STOP;
    });
  } else {
    if (v.type !== 'object') return undefined;
    err = objectEach(s, v.start, (key, el) => {
      if (key !== part) return undefined;
      found = el;
      return STOP;
    });
  }
  if (err !== undefined) return { error: err };
  return found === undefined ? undefined : lookup(s, found, path, k + 1);
}

class JsonParamsStage implements Stage {
  readonly requiredLabels: readonly string[] = [];
  readonly #ids: string[];
  readonly #paths: PathPart[][];

  constructor(params: readonly ExtractionParam[]) {
    this.#ids = params.map((p) => p.label);
    this.#paths = params.map((p) => parseJsonPath(p.expr ?? p.label));
    for (const id of this.#ids) if (!isValidLabelName(id)) throw new StageError(`invalid extracted label name '${id}'`);
  }

  process(line: LineState, lbs: LabelsBuilder): boolean {
    if (lbs.hints.skipParsing()) return true;
    const s = line.string();
    if (s.length === 0) return true;
    const c = s.charCodeAt(0);
    // Only the first byte is checked up front; anything else malformed surfaces while walking.
    if (c !== 0x7b && c !== 0x5b && c !== 0x22) {
      addParserError(lbs, JSON_PARSER_ERR, undefined);
      return true;
    }
    const root = readValue(s, 0);
    for (let i = 0; i < this.#ids.length; i++) {
      const id = this.#ids[i]!;
      const r = typeof root === 'string' ? undefined : lookup(s, root, this.#paths[i]!, 0);
      if (r !== undefined && 'error' in r) {
        addParserError(lbs, JSON_PARSER_ERR, r.error);
        continue;
      }
      if (r === undefined) {
        if (!lbs.has(id)) lbs.setExtracted(id, '');
        continue;
      }
      const text = r.type === 'null' ? '' : r.type === 'string' ? unescapeString(s, r) : rawText(s, r);
      lbs.setExtracted(lbs.parserName(id), text);
    }
    return true;
  }
}

export function compileJson(stage: JsonStage): Stage {
  return stage.params.length === 0 ? new JsonAllStage() : new JsonParamsStage(stage.params);
}
