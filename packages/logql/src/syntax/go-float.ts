// Go's float64 text conversions, byte for byte: strconv.ParseFloat, fmt's %v and %.Nf,
// and strconv.FormatFloat(v, 'f', -1, 64). LogQL literals, parameters and label-filter
// values go through these in Loki, so printed queries and error texts depend on them.

import { quoteGo } from '@logi/protocol';

const FLOAT_ERR = (s: string, why: string): string => `strconv.ParseFloat: parsing ${quoteGo(s)}: ${why}`;

export type GoFloatResult = { value: number; error?: undefined } | { value: number; error: string };

/** strconv.ParseFloat(s, 64). On failure `error` holds Go's error text and `value` what Go returns (0 or ±Inf). */
export function parseGoFloat(s: string): GoFloatResult {
  const special = parseSpecial(s);
  if (special !== undefined) return { value: special };
  let i = 0;
  let neg = false;
  if (s[0] === '+' || s[0] === '-') { neg = s[0] === '-'; i = 1; }
  const hex = s.length > i + 1 && s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X');
  const body = hex ? parseHexBody(s, i + 2) : parseDecimalBody(s, i);
  if (body === undefined || !underscoreOK(s)) return { value: 0, error: FLOAT_ERR(s, 'invalid syntax') };
  const v = neg ? -body : body;
  if (!Number.isFinite(v)) return { value: v, error: FLOAT_ERR(s, 'value out of range') };
  return { value: v };
}

function parseSpecial(s: string): number | undefined {
  let rest = s;
  let sign = 1;
  if (rest[0] === '+' || rest[0] === '-') {
    sign = rest[0] === '-' ? -1 : 1;
    rest = rest.slice(1);
    const low = rest.toLowerCase();
    return low === 'inf' || low === 'infinity' ? sign * Infinity : undefined;
  }
  const low = rest.toLowerCase();
  if (low === 'inf' || low === 'infinity') return Infinity;
  if (low === 'nan') return NaN;
  return undefined;
}

function parseDecimalBody(s: string, from: number): number | undefined {
  const m = /^([0-9_]*)(?:\.([0-9_]*))?(?:[eE]([+-]?[0-9_]+))?$/.exec(s.slice(from));
  if (!m) return undefined;
  const int = (m[1] ?? '').replace(/_/g, '');
  const frac = (m[2] ?? '').replace(/_/g, '');
  if (int === '' && frac === '') return undefined;
  const exp = m[3] === undefined ? '' : 'e' + m[3].replace(/_/g, '');
  return Number(`${int || '0'}.${frac || '0'}${exp}`);
}

function parseHexBody(s: string, from: number): number | undefined {
  // Go requires a 'p' exponent on hexadecimal floats.
  const m = /^([0-9a-fA-F_]*)(?:\.([0-9a-fA-F_]*))?[pP]([+-]?[0-9_]+)$/.exec(s.slice(from));
  if (!m) return undefined;
  const int = (m[1] ?? '').replace(/_/g, '');
  const frac = (m[2] ?? '').replace(/_/g, '');
  if (int === '' && frac === '') return undefined;
  const mant = BigInt('0x' + (int + frac || '0'));
  const exp = Number((m[3] ?? '0').replace(/_/g, '')) - 4 * frac.length;
  return Number(mant) * 2 ** exp;
}

/** Go's rule for '_' in numbers: only between digits, or between a base prefix and a digit. */
function underscoreOK(str: string): boolean {
  let s = str;
  if (s.indexOf('_') < 0) return true;
  if (s[0] === '+' || s[0] === '-') s = s.slice(1);
  let saw = '^';
  let i = 0;
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'bBoOxX'.includes(s[1]!)) {
    i = 2;
    saw = '0';
    hex = s[1] === 'x' || s[1] === 'X';
  }
  for (; i < s.length; i++) {
    const c = s[i]!;
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) { saw = '0'; continue; }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

/** strconv.Atoi's acceptance (base 10, optional sign, int64 range). */
export function parseGoInt(s: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const v = BigInt(s);
  if (v > 9223372036854775807n || v < -9223372036854775808n) return undefined;
  return Number(v);
}

// ---------------------------------------------------------------- formatting

/** Shortest round-trip digits of a finite non-zero |v|, and the decimal exponent of the first digit. */
function shortestDigits(v: number): { digits: string; exp: number } {
  const [mant, e] = Math.abs(v).toExponential().split('e') as [string, string];
  return { digits: mant.replace('.', ''), exp: Number(e) };
}

function placeDigits(digits: string, exp: number): string {
  // digits d1 d2 ... with value d1.d2... × 10^exp, written without exponent
  if (exp < 0) return '0.' + '0'.repeat(-exp - 1) + digits;
  if (digits.length <= exp + 1) return digits + '0'.repeat(exp + 1 - digits.length);
  return digits.slice(0, exp + 1) + '.' + digits.slice(exp + 1);
}

function nonFinite(v: number): string | undefined {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return undefined;
}

/** fmt.Sprint(float64) (%v): shortest digits, exponent form when exp < -4 or exp >= 21. */
export function formatGoFloat(v: number): string {
  const nf = nonFinite(v);
  if (nf !== undefined) return nf;
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const sign = v < 0 ? '-' : '';
  const { digits, exp } = shortestDigits(v);
  if (exp < -4 || exp >= 21) {
    const mant = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
    const e = Math.abs(exp).toString().padStart(2, '0');
    return `${sign}${mant}e${exp < 0 ? '-' : '+'}${e}`;
  }
  return sign + placeDigits(digits, exp);
}

/** strconv.FormatFloat(v, 'f', -1, 64): shortest digits, never an exponent. */
export function formatGoFloatShortestFixed(v: number): string {
  const nf = nonFinite(v);
  if (nf !== undefined) return nf;
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const { digits, exp } = shortestDigits(v);
  return (v < 0 ? '-' : '') + placeDigits(digits, exp);
}

/** fmt's %.<prec>f: exact decimal expansion of the binary value, rounded half to even. */
export function formatGoFloatFixed(v: number, prec: number): string {
  const nf = nonFinite(v);
  if (nf !== undefined) return nf;
  const neg = v < 0 || Object.is(v, -0);
  const { mant, exp2 } = decompose(Math.abs(v));
  const scale = 10n ** BigInt(prec);
  let q: bigint;
  if (exp2 >= 0) {
    q = (mant << BigInt(exp2)) * scale;
  } else {
    const den = 1n << BigInt(-exp2);
    const num = mant * scale;
    q = num / den;
    const twice = (num - q * den) * 2n;
    if (twice > den || (twice === den && (q & 1n) === 1n)) q += 1n;
  }
  let text = q.toString();
  if (prec > 0) {
    text = text.padStart(prec + 1, '0');
    text = text.slice(0, text.length - prec) + '.' + text.slice(text.length - prec);
  }
  return (neg ? '-' : '') + text;
}

/** |v| = mant × 2^exp2 exactly. */
function decompose(v: number): { mant: bigint; exp2: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased === 0) return { mant: frac, exp2: -1074 };
  return { mant: frac | (1n << 52n), exp2: biased - 1075 };
}
