// The functions of Prometheus' alert templates (labels and annotations of alerting rules): Go's
// builtins and Prometheus' own (humanize…). Sprig is not there, as in Prometheus; neither are the
// functions that run a query (`query`, `first`, `value`…) nor the URL helpers (stripPort…).
import { parseGoFloat } from '../units.js';
import { parsePromDuration } from '../../syntax/units.js';
import { FUNCS, FuncError, type TemplateFunc } from './funcs.js';
import { GoTime } from './go-time.js';
import { sprintf } from './printf.js';
import { compileRegex } from '../regex.js';
import { formatValue, type GoValue } from './values.js';

const GO_BUILTINS = ['not', 'len', 'index', 'slice', 'print', 'printf', 'println', 'urlquery', 'html', 'js', 'eq', 'ne', 'lt', 'le', 'gt', 'ge'];

/** Prometheus' convertToFloat: numbers as they are, strings parsed (an error when they are not numbers). */
function toFloat(v: GoValue | undefined): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') {
    const p = parseGoFloat(v);
    if (!p.ok) throw new FuncError(`strconv.ParseFloat: parsing ${JSON.stringify(v)}: invalid syntax`);
    return p.value;
  }
  throw new FuncError(`can't convert ${formatValue(v ?? null)} to float`);
}

const g4 = (v: number, suffix = ''): string => sprintf('%.4g', [v]) + suffix;

/** Scales |v| by `base` while it is past a unit, naming the last unit used (SI or IEC prefixes). */
function scaled(v: number, base: number, prefixes: readonly string[], up: boolean): [number, string] {
  let prefix = '';
  for (const p of prefixes) {
    if (up ? Math.abs(v) < base : Math.abs(v) >= 1) break;
    prefix = p;
    v = up ? v / base : v * base;
  }
  return [v, prefix];
}

const SMALL = ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y'];
const notFinite = (v: number): boolean => Number.isNaN(v) || !Number.isFinite(v);

function humanize(v: number): string {
  if (v === 0 || notFinite(v)) return g4(v);
  const [x, p] = Math.abs(v) >= 1 ? scaled(v, 1000, ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'], true) : scaled(v, 1000, SMALL, false);
  return g4(x, p);
}

function humanize1024(v: number): string {
  if (Math.abs(v) <= 1 || notFinite(v)) return g4(v);
  const [x, p] = scaled(v, 1024, ['ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'Zi', 'Yi'], true);
  return g4(x, p);
}

function humanizeDuration(v: number): string {
  if (notFinite(v)) return g4(v);
  if (v === 0) return g4(v, 's');
  if (Math.abs(v) >= 1) {
    const sign = v < 0 ? '-' : '';
    const abs = Math.abs(v);
    const whole = Math.trunc(abs);
    const [d, h, m, s] = [Math.trunc(whole / 86400), Math.trunc(whole / 3600) % 24, Math.trunc(whole / 60) % 60, whole % 60];
    if (d !== 0) return `${sign}${d}d ${h}h ${m}m ${s}s`;
    if (h !== 0) return `${sign}${h}h ${m}m ${s}s`;
    if (m !== 0) return `${sign}${m}m ${s}s`;
    return sign + g4(abs, 's');
  }
  const [x, p] = scaled(v, 1000, SMALL, false);
  return g4(x, p + 's');
}

const timeOf = (seconds: number): GoTime => new GoTime(BigInt(Math.round(seconds * 1e9)));

/** Prometheus' template functions, with an alert's external URL (for externalURL and pathPrefix). */
export function promTemplateFuncs(externalURL: string): Record<string, TemplateFunc> {
  const builtins = Object.fromEntries(GO_BUILTINS.map((n) => [n, FUNCS[n]!]));
  const s = (v: GoValue | undefined): string => (typeof v === 'string' ? v : formatValue(v ?? null));
  return {
    ...builtins,
    humanize: (a) => humanize(toFloat(a[0])),
    humanize1024: (a) => humanize1024(toFloat(a[0])),
    humanizeDuration: (a) => humanizeDuration(toFloat(a[0])),
    humanizePercentage: (a) => g4(toFloat(a[0]) * 100, '%'),
    humanizeTimestamp: (a) => {
      const v = toFloat(a[0]);
      return notFinite(v) ? g4(v) : timeOf(v).toString();
    },
    toTime: (a) => timeOf(toFloat(a[0])),
    parseDuration: (a) => {
      try {
        return parsePromDuration(s(a[0])) / 1e9;
      } catch (e) {
        throw new FuncError((e as Error).message);
      }
    },
    title: FUNCS.title!,
    toUpper: (a) => s(a[0]).toUpperCase(),
    toLower: (a) => s(a[0]).toLowerCase(),
    // Prometheus anchors neither match nor reReplaceAll (Go's regexp.MatchString semantics).
    match: (a) => {
      try {
        return compileRegex(s(a[0])).test(s(a[1]));
      } catch (e) {
        throw new FuncError((e as Error).message);
      }
    },
    reReplaceAll: (a) => FUNCS.regexReplaceAll!([a[0]!, a[2]!, a[1]!], { line: '', ts: 0n }),
    safeHtml: (a) => s(a[0]),
    externalURL: () => externalURL,
    pathPrefix: () => { try { return new URL(externalURL).pathname.replace(/\/$/, ''); } catch { return ''; } },
    args: (a) => new Map(a.map((v, i): [string, GoValue] => [`arg${i}`, v])),
  };
}
