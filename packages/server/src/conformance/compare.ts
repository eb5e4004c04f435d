// Compares a server's answer with the answer Loki recorded, by the rules of the conformance corpus
// (testdata/conformance/README.md): sets where order is free, exact
// entries inside streams, numeric tolerance for samples. Returns the first difference, or undefined.

export interface Case {
  id: string;
  category: string;
  title?: string;
  request: { method?: string; path: string; params?: Record<string, unknown>; headers?: Record<string, string | null>; body?: unknown; contentEncoding?: string };
  expect: { status: number; body: unknown };
  matchBody?: 'prefix';
  ordered?: boolean;
  phase?: 'push';
  deviation?: string;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

const labelKey = (m: unknown): string => {
  const o = (m ?? {}) as Record<string, string>;
  return '{' + Object.keys(o).sort().map((k) => `${k}=${JSON.stringify(o[k])}`).join(', ') + '}';
};

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Obj)[k])]));
  }
  return v;
}
const canon = (v: unknown): string => JSON.stringify(sortKeys(v));

function toNum(s: unknown): number {
  if (s === 'NaN') return NaN;
  if (s === '+Inf' || s === 'Inf') return Infinity;
  if (s === '-Inf') return -Infinity;
  return Number(s);
}

function numEq(a: unknown, b: unknown): boolean {
  const x = toNum(a);
  const y = toNum(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) && Number.isNaN(y);
  if (!Number.isFinite(x) || !Number.isFinite(y)) return x === y;
  return Math.abs(x - y) <= Math.max(1e-12, 1e-9 * Math.max(Math.abs(x), Math.abs(y)));
}

function keyed<T>(items: T[], keyOf: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = keyOf(it);
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
}

function setDiff(exp: Map<string, unknown[]>, got: Map<string, unknown[]>, what: string): string | undefined {
  for (const [k, v] of exp) {
    if (!got.has(k)) return `missing ${what} ${k}`;
    if (got.get(k)!.length !== v.length) return `${what} ${k}: ${got.get(k)!.length} copies vs expected ${v.length}`;
  }
  for (const k of got.keys()) if (!exp.has(k)) return `extra ${what} ${k}`;
  return undefined;
}

const entryMeta = (e: Json[]): string => {
  const m = (e[2] ?? {}) as Obj;
  const out: Obj = {};
  for (const [k, v] of Object.entries(m)) if (v && typeof v === 'object' && Object.keys(v).length) out[k] = v;
  return canon(out);
};

function compareEntries(key: string, exp: Json[][], got: Json[][]): string | undefined {
  for (let i = 0; i < Math.max(exp.length, got.length); i++) {
    const e = exp[i];
    const g = got[i];
    if (!e) return `stream ${key}: extra entry at ${g![0]}`;
    if (!g) return `stream ${key}: missing entry at ${e[0]}`;
    if (e[0] !== g[0]) return `stream ${key} entry ${i}: ts ${g[0]} vs expected ${e[0]}`;
    if (e[1] !== g[1]) {
      const a = String(e[1]);
      const b = String(g[1]);
      let p = 0;
      while (p < a.length && a[p] === b[p]) p++;
      return `stream ${key} entry ${e[0]}: line differs at ${p}: ${JSON.stringify(b.slice(p, p + 40))} vs expected ${JSON.stringify(a.slice(p, p + 40))}`;
    }
    if (entryMeta(e) !== entryMeta(g)) return `stream ${key} entry ${e[0]}: metadata ${entryMeta(g)} vs expected ${entryMeta(e)}`;
  }
  return undefined;
}

function compareStreams(exp: Obj[], got: Obj[]): string | undefined {
  const em = keyed(exp, (s) => labelKey(s.stream));
  const gm = keyed(got, (s) => labelKey(s.stream));
  const d = setDiff(em, gm, 'stream');
  if (d) return d;
  for (const [k, [e]] of em) {
    const diff = compareEntries(k, (e as Obj).values as Json[][], (gm.get(k)![0] as Obj).values as Json[][]);
    if (diff) return diff;
  }
  return undefined;
}

function comparePoints(key: string, exp: Json[][], got: Json[][]): string | undefined {
  const gm = new Map(got.map((p) => [String(p[0]), p[1]]));
  const em = new Map(exp.map((p) => [String(p[0]), p[1]]));
  for (const [t, v] of em) {
    if (!gm.has(t)) return `series ${key}: missing point at ${t}`;
    if (!numEq(v, gm.get(t))) return `series ${key} at ${t}: got ${String(gm.get(t))} vs expected ${String(v)}`;
  }
  for (const t of gm.keys()) if (!em.has(t)) return `series ${key}: extra point at ${t}`;
  return undefined;
}

function compareMatrix(exp: Obj[], got: Obj[]): string | undefined {
  const em = keyed(exp, (s) => labelKey(s.metric));
  const gm = keyed(got, (s) => labelKey(s.metric));
  const d = setDiff(em, gm, 'series');
  if (d) return d;
  for (const [k, [e]] of em) {
    const diff = comparePoints(k, (e as Obj).values as Json[][], (gm.get(k)![0] as Obj).values as Json[][]);
    if (diff) return diff;
  }
  return undefined;
}

function compareVector(exp: Obj[], got: Obj[], ordered: boolean): string | undefined {
  const em = keyed(exp, (s) => labelKey(s.metric));
  const gm = keyed(got, (s) => labelKey(s.metric));
  const d = setDiff(em, gm, 'series');
  if (d) return d;
  for (const [k, [e]] of em) {
    const ev = (e as Obj).value as Json[];
    const gv = (gm.get(k)![0] as Obj).value as Json[];
    if (ev[0] !== gv[0]) return `series ${k}: timestamp ${String(gv[0])} vs expected ${String(ev[0])}`;
    if (!numEq(ev[1], gv[1])) return `series ${k}: got ${String(gv[1])} vs expected ${String(ev[1])}`;
  }
  if (ordered) {
    for (let i = 0; i < exp.length; i++) {
      if (!numEq((exp[i]!.value as Json[])[1], (got[i]!.value as Json[])[1])) return `vector order differs at ${i}`;
    }
  }
  return undefined;
}

function compareQuery(c: Case, exp: Obj, got: Obj): string | undefined {
  if (got.status !== exp.status) return `status field ${String(got.status)} vs expected ${String(exp.status)}`;
  if (canon(got.warnings ?? null) !== canon(exp.warnings ?? null)) return `warnings ${canon(got.warnings)} vs expected ${canon(exp.warnings)}`;
  const ed = exp.data as Obj;
  const gd = got.data as Obj;
  if (!gd || typeof gd !== 'object') return 'no data';
  if (ed.resultType !== gd.resultType) return `resultType ${String(gd.resultType)} vs expected ${String(ed.resultType)}`;
  if (canon([...((ed.encodingFlags as string[]) ?? [])].sort()) !== canon([...((gd.encodingFlags as string[]) ?? [])].sort())) {
    return `encodingFlags ${canon(gd.encodingFlags)} vs expected ${canon(ed.encodingFlags)}`;
  }
  switch (ed.resultType) {
    case 'streams': return compareStreams(ed.result as Obj[], gd.result as Obj[]);
    case 'matrix': return compareMatrix(ed.result as Obj[], gd.result as Obj[]);
    case 'vector': return compareVector(ed.result as Obj[], gd.result as Obj[], c.ordered === true);
    case 'scalar': {
      const e = ed.result as Json[];
      const g = gd.result as Json[];
      if (e[0] !== g[0]) return `scalar timestamp ${String(g[0])} vs expected ${String(e[0])}`;
      return numEq(e[1], g[1]) ? undefined : `scalar ${String(g[1])} vs expected ${String(e[1])}`;
    }
    default: return canon(ed.result) === canon(gd.result) ? undefined : 'result differs';
  }
}

export function endpointKind(path: string): string {
  if (/\/push$/.test(path) || path === '/otlp/v1/logs') return 'push';
  if (path === '/api/prom/query') return 'legacy_query';
  if (/\/query(_range)?$/.test(path)) return 'query';
  if (/\/series$/.test(path)) return 'series';
  if (/\/index\/stats$/.test(path)) return 'index_stats';
  if (/\/index\/volume(_range)?$/.test(path)) return 'volume';
  if (/\/detected_fields$/.test(path)) return 'detected_fields';
  if (/\/detected_field\/[^/]+\/values$/.test(path)) return 'detected_field_values';
  if (/\/label(s)?$|\/label\/[^/]+\/values$/.test(path)) return 'labels';
  return 'other';
}

const asSet = (v: unknown): string[] => [...((v as string[] | undefined) ?? [])].map(String).sort();

export function compareCase(c: Case, status: number, body: unknown): string | undefined {
  if (status !== c.expect.status) return `HTTP ${status} vs expected ${c.expect.status}: ${String(typeof body === 'string' ? body : JSON.stringify(body)).slice(0, 160)}`;
  const exp = c.expect.body;
  if (status >= 300) {
    if (c.matchBody !== 'prefix') return undefined;
    const norm = (b: unknown): string => (typeof b === 'string' ? b : canon(b)).slice(0, 40);
    return norm(exp) === norm(body) ? undefined : `body ${JSON.stringify(norm(body))} vs expected ${JSON.stringify(norm(exp))}`;
  }
  const kind = endpointKind(c.request.path);
  if (kind === 'push') return undefined;
  const e = exp as Obj;
  const g = body as Obj;
  if (g === null || typeof g !== 'object') return `not JSON: ${String(body).slice(0, 80)}`;
  switch (kind) {
    case 'query': return compareQuery(c, e, g);
    case 'labels': {
      const a = asSet(e.data ?? e.values);
      const b = asSet(g.data ?? g.values);
      return canon(a) === canon(b) ? undefined : `values ${canon(b)} vs expected ${canon(a)}`;
    }
    case 'series': {
      const d = setDiff(keyed(e.data as Obj[], labelKey), keyed(g.data as Obj[], labelKey), 'series');
      return d;
    }
    case 'index_stats': {
      if (canon(Object.keys(e).sort()) !== canon(Object.keys(g).sort())) return `keys ${Object.keys(g).join(',')}`;
      return e.streams === g.streams ? undefined : `streams ${String(g.streams)} vs expected ${String(e.streams)}`;
    }
    case 'volume': {
      const ed = e.data as Obj;
      const gd = g.data as Obj;
      if (ed.resultType !== gd?.resultType) return `resultType ${String(gd?.resultType)} vs expected ${String(ed.resultType)}`;
      return setDiff(keyed(ed.result as Obj[], (r) => labelKey(r.metric)), keyed(gd.result as Obj[], (r) => labelKey(r.metric)), 'volume series');
    }
    case 'legacy_query': {
      const toStreams = (b: Obj): Obj[] => ((b.streams as Obj[]) ?? []).map((s) => ({
        stream: Object.fromEntries([...String(s.labels).matchAll(/([A-Za-z_][A-Za-z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, JSON.parse(`"${m[2]}"`) as string])),
        values: ((s.entries as Obj[]) ?? []).map((x) => [x.ts ?? null, x.line ?? null]),
      }) as Obj);
      return compareStreams(toStreams(e), toStreams(g));
    }
    case 'detected_fields': {
      const norm = (f: Obj): string => canon({ label: f.label, type: f.type, parsers: (f.parsers as Json[] | null) ?? [], jsonPath: f.jsonPath ?? null });
      const a = ((e.fields as Obj[]) ?? []).map(norm).sort();
      const b = ((g.fields as Obj[]) ?? []).map(norm).sort();
      if (e.limit !== g.limit) return `limit ${String(g.limit)} vs expected ${String(e.limit)}`;
      return canon(a) === canon(b) ? undefined : `fields ${canon(b).slice(0, 200)} vs expected ${canon(a).slice(0, 200)}`;
    }
    case 'detected_field_values': return canon(asSet(e.values)) === canon(asSet(g.values)) ? undefined : `values ${canon(g.values)}`;
    default: return canon(e) === canon(g) ? undefined : `body ${canon(g).slice(0, 160)} vs expected ${canon(e).slice(0, 160)}`;
  }
}
