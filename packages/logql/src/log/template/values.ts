// Go values inside templates and how Go prints and tests them. Mapping: string → string,
// int/int64 → bigint, float64 → number, bool → boolean, nil → null, time.Time → GoTime,
// slices → arrays, maps → Map<string, GoValue>.
import { GoTime } from './go-time.js';

export type GoValue = string | bigint | number | boolean | null | GoTime | GoValue[] | Map<string, GoValue>;

/** The labels as a value (`{{ index . "level" }}`): Go's map[string]string, where a missing key reads as "". */
export class LabelMap extends Map<string, GoValue> {}

/** A map's value for a key: the zero value of its element type when missing. */
export function mapGet(m: Map<string, GoValue>, key: string): GoValue {
  return m.get(key) ?? (m instanceof LabelMap ? '' : null);
}

/** strconv.FormatFloat(f, 'g', -1, 64), which is what %v prints for a float64. */
export function formatFloatG(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const e = f.toExponential(); // shortest round-trip digits
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(e)!;
  const exp = Number(m[4]);
  // Go's shortest %g switches to exponent form below 1e-4 and from 1e6 (precision 6).
  if (exp < -4 || exp >= 6) return formatExp(m[1]!, m[2]! + (m[3] ?? ''), exp);
  return String(f);
}

function formatExp(sign: string, digits: string, exp: number): string {
  const mant = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
  const es = Math.abs(exp) < 10 ? '0' + Math.abs(exp) : String(Math.abs(exp));
  return `${sign}${mant}e${exp < 0 ? '-' : '+'}${es}`;
}

/** fmt's %v. */
export function formatValue(v: GoValue | undefined): string {
  if (v === null || v === undefined) return '<nil>';
  switch (typeof v) {
    case 'string': return v;
    case 'bigint': return v.toString();
    case 'number': return formatFloatG(v);
    case 'boolean': return v ? 'true' : 'false';
  }
  if (v instanceof GoTime) return v.toString();
  if (Array.isArray(v)) return '[' + v.map(formatValue).join(' ') + ']';
  const keys = [...v.keys()].sort();
  return 'map[' + keys.map((k) => `${k}:${formatValue(v.get(k))}`).join(' ') + ']';
}

/** Go template truthiness: zero values and empty collections are false. */
export function isTrue(v: GoValue | undefined): boolean {
  if (v === null || v === undefined) return false;
  switch (typeof v) {
    case 'string': return v !== '';
    case 'bigint': return v !== 0n;
    case 'number': return v !== 0;
    case 'boolean': return v;
  }
  if (v instanceof GoTime) return true;
  if (Array.isArray(v)) return v.length > 0;
  return v.size > 0;
}

export function typeName(v: GoValue | undefined): string {
  if (v === null || v === undefined) return 'nil';
  switch (typeof v) {
    case 'string': return 'string';
    case 'bigint': return 'int';
    case 'number': return 'float64';
    case 'boolean': return 'bool';
  }
  if (v instanceof GoTime) return 'time.Time';
  return Array.isArray(v) ? '[]interface {}' : 'map[string]interface {}';
}

/** Converts a JSON.parse result to Go values (numbers become float64, as encoding/json does). */
export function fromJSONValue(x: unknown): GoValue {
  if (x === null) return null;
  if (Array.isArray(x)) return x.map(fromJSONValue);
  if (typeof x === 'object') return new Map(Object.entries(x as Record<string, unknown>).map(([k, v]) => [k, fromJSONValue(v)]));
  return x as string | number | boolean;
}
