// The template function table of Loki's line_format/label_format: Loki's own functions,
// the Sprig subset Loki exposes, and Go's builtins (and/or live in exec.ts: they are lazy).
import RE2 from 're2';
import { compileRegex } from '../regex.js';
import { parseGoDurationSeconds, parseGoFloat, parseHumanBytes } from '../units.js';
import { formatTime, GoTime, parseTime } from './go-time.js';
import { sprintf } from './printf.js';
import { checkReplaceSize, checkTemplateText, repeatBounded } from './bounded.js';
import { FuncError } from './funcs-error.js';
import { decimalFold } from './decimal.js';
import { formatValue, fromJSONValue, type GoValue, isTrue, mapGet, typeName } from './values.js';

/** What functions can see of the entry being formatted. */
export interface FuncContext {
  line: string;
  ts: bigint;
}

export type TemplateFunc = (args: GoValue[], ctx: FuncContext) => GoValue;

export { FuncError } from './funcs-error.js';

const str = (v: GoValue | undefined): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : formatValue(v));

function toInt64(v: GoValue | undefined): bigint {
  switch (typeof v) {
    case 'bigint': return v;
    case 'number': return Number.isFinite(v) ? BigInt(Math.trunc(v)) : 0n;
    case 'boolean': return v ? 1n : 0n;
    case 'string': {
      const t = v.replace(/\.0*$/, '');
      if (/^[+-]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]*|[1-9][0-9]*|0[bB][01]+)$/.test(t)) {
        const neg = t.startsWith('-');
        const body = t.replace(/^[+-]/, '');
        const n = /^0[0-7]+$/.test(body) ? BigInt('0o' + body.slice(1)) : BigInt(body.replace(/^0[oO]/, '0o'));
        return neg ? -n : n;
      }
      return 0n;
    }
    default: return 0n;
  }
}

function toFloat64(v: GoValue | undefined): number {
  switch (typeof v) {
    case 'number': return v;
    case 'bigint': return Number(v);
    case 'boolean': return v ? 1 : 0;
    case 'string': { const p = parseGoFloat(v); return p.ok ? p.value : 0; }
    default: return 0;
  }
}

const toInt = (v: GoValue | undefined): number => Number(toInt64(v));


function toTime(v: GoValue | undefined): GoTime {
  if (v instanceof GoTime) return v;
  if (typeof v === 'bigint') return new GoTime(v * 1_000_000_000n);
  if (typeof v === 'number') return new GoTime(BigInt(Math.trunc(v)) * 1_000_000_000n);
  return new GoTime(BigInt(Math.floor(Date.now() / 1000)) * 1_000_000_000n);
}

/** Go's regexp ReplaceAllString template expansion: `$1`, `${1}`, `$name`, `${name}`, `$$`. */
function expand(template: string, groups: readonly (string | undefined)[], named: Record<string, string | undefined>): string {
  // each reference may copy the whole match: the running size is checked before the text is joined
  let size = template.length;
  return template.replace(/\$(\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g, (_m, all: string, braced?: string, bare?: string) => {
    if (all === '$') return '$';
    const name = braced ?? bare!;
    const value = (/^[0-9]+$/.test(name) ? groups[Number(name)] : named[name]) ?? '';
    checkTemplateText((size += value.length));
    return value;
  });
}

const regexCache = new Map<string, RE2>();
function cachedRegex(src: string): RE2 {
  let re = regexCache.get(src);
  if (re === undefined) {
    try {
      re = compileRegex(src);
    } catch (e) {
      throw new FuncError(e instanceof Error ? e.message : String(e));
    }
    if (regexCache.size > 256) regexCache.clear();
    regexCache.set(src, re);
  }
  return re;
}

/** Every match of `src` in `s` (Go's FindAll semantics: empty matches advance by one character). */
function eachMatch(src: string, s: string, fn: (m: RegExpExecArray) => void): void {
  const g = new RE2(cachedRegex(src), 'gu');
  let m: RegExpExecArray | null;
  while ((m = g.exec(s)) !== null) {
    fn(m);
    if (m[0].length === 0) g.lastIndex = m.index + 1;
  }
}

function replaceAll(src: string, s: string, repl: string, literal: boolean): string {
  let out = '';
  let last = 0;
  eachMatch(src, s, (m) => {
    out += s.slice(last, m.index) + (literal ? repl : expand(repl, [...m], m.groups ?? {}));
    checkTemplateText(out.length);
    last = m.index + m[0].length;
  });
  return out + s.slice(last);
}

function trimCut(s: string, cut: string, left: boolean, right: boolean): string {
  const set = new Set([...cut]);
  const chars = [...s];
  let a = 0;
  let b = chars.length;
  if (left) while (a < b && set.has(chars[a]!)) a++;
  if (right) while (b > a && set.has(chars[b - 1]!)) b--;
  return chars.slice(a, b).join('');
}

function queryEscape(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()).replace(/%20/g, '+').replace(/~/g, '%7E');
}

function byteSlice(s: string, a: number, b?: number): string {
  return Buffer.from(s, 'utf8').subarray(a, b).toString('utf8');
}

/** Go's s[a:b] on a string of `len` bytes, panicking (recovered by text/template) as Go's runtime does. */
function goSlice(s: string, len: number, a: number, b: number): string {
  const fail = (what: string): never => { throw new FuncError(`runtime error: slice bounds out of range ${what}`); };
  if (b < 0) fail(`[:${b}]`);
  if (b > len) fail(`[:${b}] with length ${len}`);
  if (a > b) fail(`[${a}:${b}]`);
  return byteSlice(s, a, b);
}

function alignLeft(count: number, src: string): string {
  const runes = [...src];
  if (count < 0 || count === runes.length) return src;
  const padN = count - runes.length;
  return padN > 0 ? src + repeatBounded(' ', padN) : runes.slice(0, count).join('');
}

function alignRight(count: number, src: string): string {
  const runes = [...src];
  if (count < 0 || count === runes.length) return src;
  const padN = count - runes.length;
  return padN > 0 ? repeatBounded(' ', padN) + src : runes.slice(runes.length - count).join('');
}

function unixToTime(s: string): GoTime {
  if (!/^-?[0-9]+$/.test(s)) throw new FuncError(`unable to parse unix timestamp: ${s}`);
  const n = BigInt(s);
  switch (s.replace('-', '').length) {
    case 5: return new GoTime(n * 86400n * 1_000_000_000n);
    case 10: return new GoTime(n * 1_000_000_000n);
    case 13: return new GoTime(n * 1_000_000n);
    case 16: return new GoTime(n * 1000n);
    case 19: return new GoTime(n);
    default: throw new FuncError(`unable to parse unix timestamp ${s}: unsupported length ${s.length}`);
  }
}

function isEmpty(v: GoValue | undefined): boolean {
  return !isTrue(v) && !(v instanceof GoTime);
}

function sprint(args: readonly GoValue[]): string {
  let out = '';
  for (let i = 0; i < args.length; i++) {
    // fmt.Sprint puts a space between operands when neither is a string.
    if (i > 0 && typeof args[i] !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += formatValue(args[i]!);
  }
  return out;
}

function compareValues(name: string, a: GoValue | undefined, b: GoValue | undefined): number {
  const num = (x: GoValue | undefined): boolean => typeof x === 'bigint' || typeof x === 'number';
  if (num(a) && num(b)) {
    if (typeof a !== typeof b) throw new FuncError('incompatible types for comparison');
    return a! < b! ? -1 : a! > b! ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (name === 'eq' || name === 'ne') {
    if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : 1;
    if ((a === null || a === undefined) && (b === null || b === undefined)) return 0;
  }
  throw new FuncError('incompatible types for comparison');
}

function htmlEscape(s: string): string {
  return s.replace(/[&'<>"\0]/g, (c) => ({ '&': '&amp;', "'": '&#39;', '<': '&lt;', '>': '&gt;', '"': '&#34;', '\0': '\uFFFD' })[c]!);
}

function jsEscape(s: string): string {
  return s.replace(/[\\'"<>&=\n\r\t]/g, (c) => {
    const map: Record<string, string> = { '\\': '\\\\', "'": "\\'", '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
    return map[c] ?? '\\u' + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  });
}

function indent(n: number, s: string): string {
  const lines = s.split('\n').length;
  repeatBounded(' ', Math.max(0, n) * lines); // refuses an oversized result before building it
  const pad = ' '.repeat(Math.max(0, n));
  return pad + s.replaceAll('\n', '\n' + pad);
}

function title(s: string): string {
  return s.replace(/(^|[^\p{L}\p{N}_'])(\p{L})/gu, (_m, pre: string, c: string) => pre + c.toUpperCase());
}

export const FUNCS: Record<string, TemplateFunc> = {
  // Loki
  __line__: (_a, ctx) => ctx.line,
  __timestamp__: (_a, ctx) => new GoTime(ctx.ts),
  ToLower: (a) => str(a[0]).toLowerCase(),
  ToUpper: (a) => str(a[0]).toUpperCase(),
  Replace: (a) => {
    const s = str(a[0]), old = str(a[1]), nw = str(a[2]);
    let n = toInt(a[3]);
    checkReplaceSize(s, old, nw, n < 0 ? Infinity : n);
    if (n < 0) return s.replaceAll(old, nw);
    let out = s;
    let from = 0;
    while (n-- > 0) {
      const i = out.indexOf(old, from);
      if (i < 0) break;
      out = out.slice(0, i) + nw + out.slice(i + old.length);
      from = i + nw.length + (old === '' ? 1 : 0);
    }
    return out;
  },
  Trim: (a) => trimCut(str(a[0]), str(a[1]), true, true),
  TrimLeft: (a) => trimCut(str(a[0]), str(a[1]), true, false),
  TrimRight: (a) => trimCut(str(a[0]), str(a[1]), false, true),
  TrimPrefix: (a) => { const s = str(a[0]), p = str(a[1]); return s.startsWith(p) ? s.slice(p.length) : s; },
  TrimSuffix: (a) => { const s = str(a[0]), p = str(a[1]); return p !== '' && s.endsWith(p) ? s.slice(0, -p.length) : s; },
  TrimSpace: (a) => str(a[0]).trim(),
  regexReplaceAll: (a) => replaceAll(str(a[0]), str(a[1]), str(a[2]), false),
  regexReplaceAllLiteral: (a) => replaceAll(str(a[0]), str(a[1]), str(a[2]), true),
  count: (a) => {
    let n = 0n;
    eachMatch(str(a[0]), str(a[1]), () => { n++; });
    return n;
  },
  urlencode: (a) => queryEscape(str(a[0])),
  urldecode: (a) => { try { return decodeURIComponent(str(a[0]).replaceAll('+', ' ')); } catch { return ''; } },
  // Loki's convertBytes returns a float64
  bytes: (a) => { const p = parseHumanBytes(str(a[0])); if (!p.ok) throw new FuncError(p.error); return p.value; },
  duration: (a) => { const p = parseGoDurationSeconds(str(a[0])); if (!p.ok) throw new FuncError(p.error); return p.value; },
  duration_seconds: (a) => { const p = parseGoDurationSeconds(str(a[0])); if (!p.ok) throw new FuncError(p.error); return p.value; },
  unixEpochMillis: (a) => toTime(a[0]).ns / 1_000_000n,
  unixEpochNanos: (a) => toTime(a[0]).ns,
  unixToTime: (a) => unixToTime(str(a[0])),
  toDateInZone: (a) => parseTime(str(a[0]), str(a[2]), str(a[1])) ?? GoTime.zero(),
  alignLeft: (a) => alignLeft(toInt(a[0]), str(a[1])),
  alignRight: (a) => alignRight(toInt(a[0]), str(a[1])),
  b64dec: (a) => {
    const s = str(a[0]);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) return 'illegal base64 data at input byte 0';
    return Buffer.from(s, 'base64').toString('utf8');
  },
  // Sprig
  b64enc: (a) => Buffer.from(str(a[0]), 'utf8').toString('base64'),
  lower: (a) => str(a[0]).toLowerCase(),
  upper: (a) => str(a[0]).toUpperCase(),
  title: (a) => title(str(a[0])),
  trunc: (a) => {
    const c = toInt(a[0]);
    const s = str(a[1]);
    const len = Buffer.byteLength(s, 'utf8');
    if (c < 0 && len + c > 0) return byteSlice(s, len + c);
    if (c >= 0 && len > c) return byteSlice(s, 0, c);
    return s;
  },
  substr: (a) => {
    const start = toInt(a[0]), end = toInt(a[1]);
    const s = str(a[2]);
    const len = Buffer.byteLength(s, 'utf8');
    if (start < 0) return goSlice(s, len, 0, end);
    if (end < 0 || end > len) return goSlice(s, len, start, len);
    return goSlice(s, len, start, end);
  },
  contains: (a) => str(a[1]).includes(str(a[0])),
  hasPrefix: (a) => str(a[1]).startsWith(str(a[0])),
  hasSuffix: (a) => str(a[1]).endsWith(str(a[0])),
  indent: (a) => indent(toInt(a[0]), str(a[1])),
  nindent: (a) => '\n' + indent(toInt(a[0]), str(a[1])),
  replace: (a) => {
    const s = str(a[2]), old = str(a[0]), nw = str(a[1]);
    checkReplaceSize(s, old, nw);
    return s.replaceAll(old, nw);
  },
  repeat: (a) => repeatBounded(str(a[1]), toInt(a[0])),
  trim: (a) => str(a[0]).trim(),
  trimAll: (a) => trimCut(str(a[1]), str(a[0]), true, true),
  trimPrefix: (a) => { const s = str(a[1]), p = str(a[0]); return s.startsWith(p) ? s.slice(p.length) : s; },
  trimSuffix: (a) => { const s = str(a[1]), p = str(a[0]); return p !== '' && s.endsWith(p) ? s.slice(0, -p.length) : s; },
  int: (a) => toInt64(a[0]),
  int64: (a) => toInt64(a[0]),
  float64: (a) => toFloat64(a[0]),
  add: (a) => a.reduce<bigint>((s, v) => s + toInt64(v), 0n),
  sub: (a) => toInt64(a[0]) - toInt64(a[1]),
  mul: (a) => a.reduce<bigint>((s, v) => s * toInt64(v), 1n),
  div: (a) => { const d = toInt64(a[1]); if (d === 0n) throw new FuncError('runtime error: integer divide by zero'); return toInt64(a[0]) / d; },
  mod: (a) => { const d = toInt64(a[1]); if (d === 0n) throw new FuncError('runtime error: integer divide by zero'); return toInt64(a[0]) % d; },
  max: (a) => a.map(toInt64).reduce((m, v) => (v > m ? v : m)),
  min: (a) => a.map(toInt64).reduce((m, v) => (v < m ? v : m)),
  addf: (a) => decimalFold('add', 0, a.map(toFloat64)),
  subf: (a) => decimalFold('sub', toFloat64(a[0]), a.slice(1).map(toFloat64)),
  mulf: (a) => decimalFold('mul', toFloat64(a[0]), a.slice(1).map(toFloat64)),
  divf: (a) => decimalFold('div', toFloat64(a[0]), a.slice(1).map(toFloat64)),
  maxf: (a) => a.map(toFloat64).reduce((m, v) => Math.max(m, v)),
  minf: (a) => a.map(toFloat64).reduce((m, v) => Math.min(m, v)),
  ceil: (a) => Math.ceil(toFloat64(a[0])),
  floor: (a) => Math.floor(toFloat64(a[0])),
  round: (a) => {
    const val = toFloat64(a[0]);
    const pow = 10 ** toFloat64(a[1]);
    const roundOn = a.length > 2 ? toFloat64(a[2]) : 0.5;
    const digit = pow * val;
    const frac = digit - Math.trunc(digit);
    return (frac >= roundOn ? Math.ceil(digit) : Math.floor(digit)) / pow;
  },
  // Sprig ignores the decoding error: a line that is not JSON gives nil
  fromJson: (a) => { try { return fromJSONValue(JSON.parse(str(a[0]))); } catch { return null; } },
  // Sprig's date renders in the server's zone (UTC for Logi).
  date: (a) => formatTime(new GoTime(toTime(a[1]).ns), str(a[0])),
  toDate: (a) => parseTime(str(a[0]), str(a[1])) ?? GoTime.zero(),
  now: () => new GoTime(BigInt(Date.now()) * 1_000_000n),
  unixEpoch: (a) => toTime(a[0]).unixSeconds().toString(),
  default: (a) => (a.length < 2 || isEmpty(a[1]) ? a[0]! : a[1]!),
  // Go builtins
  not: (a) => !isTrue(a[0]),
  len: (a) => {
    const v = a[0];
    if (typeof v === 'string') return BigInt(Buffer.byteLength(v, 'utf8'));
    if (Array.isArray(v)) return BigInt(v.length);
    if (v instanceof Map) return BigInt(v.size);
    throw new FuncError(`len of type ${typeName(v)}`);
  },
  index: (a) => {
    let v: GoValue | undefined = a[0];
    for (const k of a.slice(1)) {
      if (v instanceof Map) v = mapGet(v, str(k));
      else if (Array.isArray(v)) v = v[Number(toInt64(k))] ?? null;
      else if (typeof v === 'string') v = BigInt(Buffer.from(v, 'utf8')[Number(toInt64(k))] ?? 0);
      else throw new FuncError('cannot index slice/array with nil');
    }
    return v ?? null;
  },
  slice: (a) => {
    const v = a[0];
    const i = a.length > 1 ? toInt(a[1]) : 0;
    const j = a.length > 2 ? toInt(a[2]) : undefined;
    if (typeof v === 'string') return byteSlice(v, i, j);
    if (Array.isArray(v)) return v.slice(i, j);
    throw new FuncError('cannot slice');
  },
  print: (a) => sprint(a),
  printf: (a) => sprintf(str(a[0]), a.slice(1)),
  println: (a) => a.map((x) => formatValue(x)).join(' ') + '\n',
  urlquery: (a) => queryEscape(sprint(a)),
  html: (a) => htmlEscape(sprint(a)),
  js: (a) => jsEscape(sprint(a)),
  eq: (a) => {
    if (a.length < 2) throw new FuncError('missing argument for comparison');
    for (const b of a.slice(1)) if (compareValues('eq', a[0], b) === 0) return true;
    return false;
  },
  ne: (a) => compareValues('ne', a[0], a[1]) !== 0,
  lt: (a) => compareValues('lt', a[0], a[1]) < 0,
  le: (a) => compareValues('le', a[0], a[1]) <= 0,
  gt: (a) => compareValues('gt', a[0], a[1]) > 0,
  ge: (a) => compareValues('ge', a[0], a[1]) >= 0,
};

