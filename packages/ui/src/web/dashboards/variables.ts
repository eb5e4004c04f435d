// Template variables as Grafana's Loki data source has them: their options (label_names(), label_values(...),
// Prometheus query variables through prometheus-variables.ts, custom lists), their current values (the URL's var-<name> first, then the dashboard's current) and interpolation
// of $var, ${var}, ${var:format} and [[var]] plus the built-ins $__range, $__interval, $__auto and $__rate_interval.
import { labelNames, labelValues } from '../api/loki.js';
import type { ResolvedRange } from '../shell/time-range.js';
import type { Variable, VariableOption } from './model.js';
import { parsePrometheusQuery, prometheusSourceOf, prometheusVariableValues } from './prometheus-variables.js';

/** The selected values of each variable by name ('$__all' stands for every option). */
export type VariableValues = ReadonlyMap<string, string[]>;

export const ALL = '$__all';

/** Grafana's duration text for a number of seconds: '1h', '5m', '30s' (the largest unit that divides it). */
export function durationText(sec: number): string {
  for (const [unit, size] of [['d', 86_400], ['h', 3600], ['m', 60]] as const) {
    if (sec >= size && sec % size === 0) return `${sec / size}${unit}`;
  }
  return `${Math.max(1, Math.round(sec))}s`;
}

/** What Grafana's built-ins stand for in one panel's query. */
export interface BuiltIns {
  rangeSec: number;
  intervalSec: number;
  /** instant queries: $__auto is the whole range; range queries: the step */
  instant: boolean;
}

/** Grafana's Loki formatting: one value as it is; several (or All) as a regex alternation of escaped values. */
function formatValues(values: string[]): string {
  if (values.length === 1) return values[0]!;
  return values.map((v) => v.replace(/[\\^$*+?.()|{}[\]]/g, '\\$&')).join('|');
}

const REFERENCE = /\$(\w+)|\$\{(\w+)(?::(\w+))?\}|\[\[(\w+)(?::(\w+))?\]\]/g;

/** `text` with every variable reference replaced; a name that is not a variable stays as written. */
export function interpolate(text: string, values: VariableValues, options: ReadonlyMap<string, VariableOption[]>, builtIns?: BuiltIns): string {
  return text.replace(REFERENCE, (whole, a?: string, b?: string, _bf?: string, c?: string) => {
    const name = (a ?? b ?? c)!;
    if (builtIns) {
      if (name === '__range') return `${Math.round(builtIns.rangeSec)}s`;
      if (name === '__interval') return durationText(builtIns.intervalSec);
      if (name === '__auto') return builtIns.instant ? `${Math.round(builtIns.rangeSec)}s` : durationText(builtIns.intervalSec);
      // Grafana's: at least four scrapes (of 15 s, its default scrape interval), and one more than the step
      if (name === '__rate_interval') return durationText(Math.max(builtIns.intervalSec + 15, 60));
    }
    const selected = values.get(name);
    if (!selected) return whole;
    const offered = options.get(name) ?? [];
    const custom = selected.includes(ALL) ? offered.find((o) => o.value === ALL)?.allValue : undefined;
    if (custom !== undefined) return custom; // Grafana writes a custom all value as it is, unescaped
    const all = selected.includes(ALL) ? offered.map((o) => o.value).filter((v) => v !== ALL) : selected;
    return formatValues(all);
  });
}

/** A query variable's Loki query: Grafana's string form or its object form (qryType 0: label names, 1: label values). */
function lokiVariableQuery(v: Variable): { label?: string; selector?: string } | undefined {
  if (typeof v.query === 'object' && v.query !== null) {
    return v.query.qryType === 1 ? { label: v.query.label ?? '', selector: v.query.stream || undefined } : {};
  }
  const q = (v.query ?? '').trim();
  if (/^label_names\(\s*\)$/.test(q)) return {};
  const m = /^label_values\(\s*(?:(\{.*\})\s*,\s*)?([a-zA-Z_][\w]*)\s*\)$/.exec(q);
  return m ? { label: m[2]!, selector: m[1] } : undefined;
}

/**
 * A query variable's query as text: Grafana 10+'s object form written as the string form it stands for (Prometheus's
 * carries that text in `query`; Loki's: qryType 0 label names, 1 a label's values).
 */
export function queryText(v: Variable): string {
  if (typeof v.query === 'string') return v.query;
  if (!v.query) return '';
  if (typeof v.query.query === 'string') return v.query.query;
  if (v.query.qryType !== 1) return 'label_names()';
  return v.query.stream ? `label_values(${v.query.stream}, ${v.query.label ?? ''})` : `label_values(${v.query.label ?? ''})`;
}

/** What a query variable's query finds, from its Prometheus or else Logi's Loki; earlier variables filled in. */
async function queryVariableValues(v: Variable, earlier: VariableValues, earlierOptions: ReadonlyMap<string, VariableOption[]>, range: ResolvedRange): Promise<string[]> {
  const unknown = (): Error => new Error(`variable ${v.name}: query ${JSON.stringify(v.definition ?? v.query)} is not one Logi understands`);
  const uid = await prometheusSourceOf(v);
  if (uid !== undefined) {
    const q = parsePrometheusQuery(interpolate(queryText(v), earlier, earlierOptions));
    if (!q) throw unknown();
    return prometheusVariableValues(uid, q, range);
  }
  const q = lokiVariableQuery(v);
  if (!q) throw unknown();
  const selector = q.selector ? interpolate(q.selector, earlier, earlierOptions) : undefined;
  return q.label === undefined ? labelNames(range.fromMs, range.toMs) : labelValues(q.label, range.fromMs, range.toMs, selector);
}

/** A custom variable's comma-separated list; 'text : value' pairs as Grafana reads them. */
function customOptions(query: string): VariableOption[] {
  return query.split(/(?<!\\),/).map((s) => s.trim().replace(/\\,/g, ',')).filter(Boolean).map((item) => {
    const pair = /^(.+?)\s+:\s+(.+)$/.exec(item);
    return pair ? { text: pair[1]!, value: pair[2]! } : { text: item, value: item };
  });
}

/**
 * A query variable's values through its `regex` as Grafana applies it ('/pattern/flags'): values that do not match
 * are dropped; a named group `value` (and `text`) or else the first group is what is kept.
 */
function filterByRegex(found: string[], regex: string | undefined, name: string): VariableOption[] {
  if (!regex) return found.map((s) => ({ text: s, value: s }));
  const m = /^\/(.*)\/([a-z]*)$/s.exec(regex);
  let re: RegExp;
  try {
    re = new RegExp(m ? m[1]! : regex, m ? m[2]!.replace('g', '') : '');
  } catch (e) {
    throw new Error(`variable ${name}: regex ${regex} is not valid: ${(e as Error).message}`);
  }
  const out = new Map<string, VariableOption>();
  for (const s of found) {
    const hit = re.exec(s);
    if (!hit) continue;
    const value = hit.groups?.value ?? hit.groups?.text ?? hit[1] ?? s;
    if (!out.has(value)) out.set(value, { text: hit.groups?.text ?? value, value });
  }
  return [...out.values()];
}

/** The first number in a value, as Grafana's numerical sort reads it (0 without one). */
const firstNumber = (s: string): number => Number(/-?\d+(\.\d+)?/.exec(s)?.[0] ?? 0);

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
/** Grafana's variable sort: 1/2 alphabetical, 3/4 numerical, 5/6 alphabetical ignoring case, 7/8 natural; odd ascending. */
const SORTS: Record<number, (a: string, b: string) => number> = {
  1: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
  3: (a, b) => firstNumber(a) - firstNumber(b),
  5: (a, b) => a.toLowerCase().localeCompare(b.toLowerCase()),
  7: (a, b) => collator.compare(a, b),
};

function sortOptions(options: VariableOption[], sort: number | undefined): VariableOption[] {
  const compare = sort ? SORTS[sort % 2 === 1 ? sort : sort - 1] : undefined;
  if (!compare) return options;
  return [...options].sort((a, b) => compare(a.text, b.text) * (sort! % 2 === 0 ? -1 : 1));
}

/** The options of a variable that asks no data source (every type but query); undefined for a query variable. */
function ownOptions(v: Variable): VariableOption[] | undefined {
  switch (v.type) {
    case 'query':
      return undefined;
    case 'custom':
    case 'interval':
      return customOptions(typeof v.query === 'string' ? v.query : '');
    case 'textbox':
    case 'constant': {
      const value = String(v.current?.value ?? (typeof v.query === 'string' ? v.query : ''));
      return [{ text: value, value }];
    }
    default:
      return v.options ?? [];
  }
}

/** `options` behind Grafana's All option when the variable has one (a textbox or constant never has). */
function withAll(v: Variable, options: VariableOption[]): VariableOption[] {
  if (!v.includeAll || v.type === 'textbox' || v.type === 'constant') return options;
  return [{ text: 'All', value: ALL, ...(v.allValue ? { allValue: v.allValue } : {}) }, ...options];
}

/** The options a variable offers now; `earlier` holds the variables before it (a selector may use them). */
export async function variableOptions(v: Variable, earlier: VariableValues, earlierOptions: ReadonlyMap<string, VariableOption[]>, range: ResolvedRange): Promise<VariableOption[]> {
  const own = ownOptions(v);
  if (own !== undefined) return withAll(v, own);
  const found = await queryVariableValues(v, earlier, earlierOptions, range);
  return withAll(v, sortOptions(filterByRegex(found, v.regex, v.name), v.sort));
}

const asList = (x: string | string[] | undefined): string[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);
/** The values a variable is asked for: the URL's var-<name> values, else the dashboard's current. */
const wantedValues = (v: Variable, fromUrl: string[]): string[] => (fromUrl.length > 0 ? fromUrl : asList(v.current?.value));

/**
 * The values a variable starts with: the URL's var-<name> values, else the dashboard's current, when the options
 * hold them; else the first option, as Grafana falls back. A textbox keeps whatever it was given.
 */
export function initialValues(v: Variable, fromUrl: string[], options: VariableOption[]): string[] {
  const wanted = wantedValues(v, fromUrl);
  if (v.type === 'textbox') return wanted.length > 0 ? wanted : [options[0]?.value ?? ''];
  const known = wanted.map((w) => (w === 'All' ? ALL : w)).filter((w) => options.some((o) => o.value === w));
  if (known.length > 0) return v.multi ? known : [known[0]!];
  return options.length > 0 ? [options[0]!.value] : [];
}

/**
 * The options and values the variables will have once refreshed, if their refresh keeps the values asked for: known
 * without asking a data source, so that panels can send their queries while the query variables refresh (Grafana
 * refreshes them on load). A query variable's options are taken to be its wanted values; undefined when one wants
 * All or nothing, whose values only its refresh can tell.
 */
export function expectedVariables(list: readonly Variable[], fromUrl: (name: string) => string[]): { options: Map<string, VariableOption[]>; values: Map<string, string[]> } | undefined {
  const options = new Map<string, VariableOption[]>();
  const values = new Map<string, string[]>();
  for (const v of list) {
    let offered = ownOptions(v);
    if (offered === undefined) {
      const wanted = wantedValues(v, fromUrl(v.name));
      if (wanted.length === 0 || wanted.some((w) => w === 'All' || w === ALL)) return undefined;
      offered = wanted.map((w) => ({ text: w, value: w }));
    }
    const all = withAll(v, offered);
    options.set(v.name, all);
    values.set(v.name, initialValues(v, fromUrl(v.name), all));
  }
  return { options, values };
}
