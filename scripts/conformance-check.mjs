#!/usr/bin/env node
// Conformance checker for Loki-compatible servers: runs recorded cases against a server and compares
// every answer with the one a real Grafana Loki gave. Node >= 20, built-ins only.
//
//   node scripts/conformance-check.mjs --url http://127.0.0.1:3100 [--cases cases.json ...] \
//     [--push push.json ...] [--tenant T] [--only ID_SUBSTRING] [--verbose] [--record]
//
// With neither --cases nor --push it replays the repository's corpus, packages/server/testdata/conformance
// (its README.md gives the server settings the answers were recorded with, the case format and what is compared).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync, deflateSync, deflateRawSync } from 'node:zlib';

const CORPUS = new URL('../packages/server/testdata/conformance/', import.meta.url);

const USAGE = `usage: node scripts/conformance-check.mjs [--url URL] [--cases FILE ...] [--push PUSH_JSON ...]
                      [--tenant T] [--only ID_SUBSTRING] [--verbose] [--record] [--timeout SECONDS]`;

function parseArgs(argv) {
  const opts = { url: 'http://127.0.0.1:3100', cases: [], push: [], tenant: null, only: null, verbose: false, record: false, timeout: 120 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) die(`missing value for ${a}\n${USAGE}`);
      return argv[++i];
    };
    switch (a) {
      case '--url': opts.url = val().replace(/\/+$/, ''); break;
      case '--cases': opts.cases.push(val()); break;
      case '--push': opts.push.push(val()); break;
      case '--tenant': opts.tenant = val(); break;
      case '--only': opts.only = val(); break;
      case '--timeout': opts.timeout = Number(val()); break;
      case '--verbose': opts.verbose = true; break;
      case '--record': opts.record = true; break;
      case '-h': case '--help': console.log(USAGE); process.exit(0); break;
      default: die(`unknown argument ${a}\n${USAGE}`);
    }
  }
  if (!opts.cases.length && !opts.push.length) {
    opts.push.push(fileURLToPath(new URL('push.json', CORPUS)));
    opts.cases.push(fileURLToPath(new URL('cases.json', CORPUS)));
  }
  return opts;
}

function die(msg) {
  console.error(msg);
  process.exit(2);
}

const opts = parseArgs(process.argv.slice(2));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- HTTP

function buildUrl(path, params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params ?? {})) {
    for (const x of Array.isArray(v) ? v : [v]) qs.append(k, String(x));
  }
  const s = qs.toString();
  return opts.url + path + (s ? (path.includes('?') ? '&' : '?') + s : '');
}

// Sends one request; returns {status, contentType, text}. Network errors become status 0.
async function send({ method = 'GET', path, params, headers = {}, body, contentEncoding }) {
  const h = {};
  if (opts.tenant) h['X-Scope-OrgID'] = opts.tenant;
  let payload;
  if (body !== undefined) {
    payload = typeof body === 'string' ? body : JSON.stringify(body);
    if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) h['Content-Type'] = 'application/json';
  }
  for (const [k, v] of Object.entries(headers)) {
    if (v === null) delete h[k]; // null: send no such header
    else h[k] = v;
  }
  if (payload !== undefined) {
    // a Uint8Array body makes fetch add no Content-Type of its own
    payload = Buffer.from(payload, 'utf8');
    // "deflate" sends a zlib stream (RFC 1950), "deflate-raw" a bare DEFLATE stream (RFC 1951); both as deflate
    if (contentEncoding === 'gzip') payload = gzipSync(payload);
    if (contentEncoding === 'deflate') payload = deflateSync(payload);
    if (contentEncoding === 'deflate-raw') payload = deflateRawSync(payload);
    if (contentEncoding) h['Content-Encoding'] = contentEncoding === 'deflate-raw' ? 'deflate' : contentEncoding;
    payload = new Uint8Array(payload);
  }
  try {
    const res = await fetch(buildUrl(path, params), {
      method, headers: h, body: payload, redirect: 'manual', signal: AbortSignal.timeout(opts.timeout * 1000),
    });
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() };
  } catch (e) {
    return { status: 0, contentType: '', text: `request failed: ${e.cause?.message ?? e.message}` };
  }
}

// ---------------------------------------------------------------- dataset push

const PUSH_BATCH_BYTES = 512 * 1024;

async function pushBatch(stream, values) {
  const body = { streams: [{ stream, values }] };
  for (let attempt = 0; ; attempt++) {
    const r = await send({ method: 'POST', path: '/loki/api/v1/push', body });
    if (r.status >= 200 && r.status < 300) return;
    const retriable = r.status === 0 || r.status === 429 || r.status >= 500;
    if (!retriable || attempt >= 8) {
      die(`push of ${values.length} entries for ${labelKey(stream)} failed: HTTP ${r.status} ${r.text.slice(0, 500)}`);
    }
    await sleep(Math.min(250 * 2 ** attempt, 10000));
  }
}

// Reads a push body and the facts needed to push it and to see it arrive.
function loadDataset(file) {
  const data = JSON.parse(readFileSync(file, 'utf8'));
  let total = 0;
  let minTs = null;
  let maxTs = null;
  for (const s of data.streams) {
    for (const v of s.values) {
      const ts = BigInt(v[0]);
      if (minTs === null || ts < minTs) minTs = ts;
      if (maxTs === null || ts > maxTs) maxTs = ts;
    }
    total += s.values.length;
  }
  return { file, streams: data.streams, total, minTs, maxTs };
}

async function pushDataset(ds) {
  const already = await countVisible(ds);
  if (already >= ds.total) {
    console.error(`${ds.file}: the server already counts all ${ds.total} entries; not pushed again`);
    return;
  }
  const t0 = Date.now();
  for (const s of ds.streams) {
    let batch = [];
    let size = 0;
    for (const v of s.values) {
      const bytes = v[0].length + Buffer.byteLength(v[1]) + (v[2] ? Buffer.byteLength(JSON.stringify(v[2])) : 0) + 8;
      if (batch.length && size + bytes > PUSH_BATCH_BYTES) {
        await pushBatch(s.stream, batch);
        batch = [];
        size = 0;
      }
      batch.push(v);
      size += bytes;
    }
    if (batch.length) await pushBatch(s.stream, batch);
  }
  console.error(`pushed ${ds.total} entries in ${ds.streams.length} streams from ${ds.file} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  const deadline = Date.now() + 60000;
  for (;;) {
    const seen = await countVisible(ds);
    if (seen >= ds.total) return;
    if (Date.now() > deadline) {
      console.error(`warning: after 60 s the server counts ${seen} of the ${ds.total} entries pushed from ${ds.file}; querying anyway`);
      return;
    }
    await sleep(1000);
  }
}

// Counts the entries the server holds in the dataset's time range, over one selector per set of label
// names (a value regex for each name: a superset of the pushed streams).
async function countVisible({ streams, minTs, maxTs }) {
  const groups = new Map();
  for (const s of streams) {
    const names = Object.keys(s.stream).sort();
    const key = names.join(',');
    if (!groups.has(key)) groups.set(key, new Map(names.map((n) => [n, new Set()])));
    for (const n of names) groups.get(key).get(n).add(s.stream[n]);
  }
  const reEscape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const selectors = [...groups.values()].map((byName) => '{' + [...byName].map(([n, vals]) =>
    `${n}=~${JSON.stringify([...vals].map(reEscape).join('|'))}`).join(', ') + '}');
  const time = (maxTs + 1n).toString();
  const rangeMs = (maxTs + 1n - minTs) / 1000000n + 1n;
  let seen = 0;
  for (const sel of selectors) {
    const r = await send({ path: '/loki/api/v1/query', params: { query: `sum(count_over_time(${sel}[${rangeMs}ms]))`, time } });
    if (r.status !== 200) return -1;
    const res = JSON.parse(r.text).data?.result ?? [];
    seen += res.length ? Number(res[0].value[1]) : 0;
  }
  return seen;
}

// ---------------------------------------------------------------- normalisation helpers

const labelKey = (m) => '{' + Object.keys(m ?? {}).sort().map((k) => `${k}=${JSON.stringify(m[k])}`).join(', ') + '}';
const canon = (v) => JSON.stringify(sortKeys(v));
function sortKeys(v) {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
  return v;
}
const short = (s, n = 80) => {
  const t = typeof s === 'string' ? s : JSON.stringify(s);
  return t.length > n ? JSON.stringify(t.slice(0, n)) + '…' : JSON.stringify(t);
};

function toNum(s) {
  if (typeof s === 'number') return s;
  if (s === 'NaN') return NaN;
  if (s === '+Inf' || s === 'Inf') return Infinity;
  if (s === '-Inf') return -Infinity;
  return Number(s);
}
// relative tolerance 1e-9; an absolute floor of 1e-12 absorbs rounding noise around zero
function numEq(a, b) {
  const x = toNum(a);
  const y = toNum(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) && Number.isNaN(y);
  if (!Number.isFinite(x) || !Number.isFinite(y)) return x === y;
  const d = Math.abs(x - y);
  return d <= 1e-9 * Math.max(Math.abs(x), Math.abs(y)) || d <= 1e-12;
}

// Groups items by label key; keeps insertion order inside a key.
function byKey(items, labelsOf) {
  const m = new Map();
  for (const it of items ?? []) {
    const k = labelKey(labelsOf(it));
    if (!m.has(k)) m.set(k, []);
    m.get(k).push(it);
  }
  return m;
}

// Compares two label-keyed maps; returns a message for the first missing/extra key.
function keyDiff(exp, got, what, count) {
  for (const k of [...exp.keys()].sort()) if (!got.has(k)) return `missing ${what} ${k}${count ? ` (${count(exp.get(k))})` : ''}`;
  for (const k of [...got.keys()].sort()) if (!exp.has(k)) return `extra ${what} ${k}${count ? ` (${count(got.get(k))})` : ''}`;
  return null;
}

// ---------------------------------------------------------------- comparisons

// third element of a stream entry: empty parts carry no information
function entryMeta(e) {
  if (e.length < 3) return undefined;
  const m = e[2] && typeof e[2] === 'object' && !Array.isArray(e[2])
    ? Object.fromEntries(Object.entries(e[2]).filter(([, v]) => !(v && typeof v === 'object' && Object.keys(v).length === 0)))
    : e[2];
  return canon(m);
}

function compareEntries(key, exp, got) {
  const expTs = new Set(exp.map((e) => e[0]));
  const gotTs = new Set(got.map((e) => e[0]));
  const n = Math.min(exp.length, got.length);
  for (let i = 0; i < n; i++) {
    const [et, el] = exp[i];
    const [gt, gl] = got[i];
    if (et !== gt) {
      if (!gotTs.has(et)) return `missing entry at ts ${et} in stream ${key}: ${short(el)}`;
      if (!expTs.has(gt)) return `extra entry at ts ${gt} in stream ${key}: ${short(gl)}`;
      return `entry order differs at index ${i} in stream ${key}: got ts ${gt}, expected ${et}`;
    }
    if (el !== gl) {
      let p = 0;
      while (p < el.length && el[p] === gl[p]) p++;
      return `line at ts ${et} in stream ${key} differs at char ${p}: got ${short(gl.slice(Math.max(0, p - 20)))} expected ${short(el.slice(Math.max(0, p - 20)))}`;
    }
    const em = entryMeta(exp[i]);
    const gm = entryMeta(got[i]);
    if (em !== gm) return `entry metadata at ts ${et} in stream ${key} differs: got ${gm ?? 'none'} expected ${em ?? 'none'}`;
  }
  if (exp.length > n) return `missing entry at ts ${exp[n][0]} in stream ${key} (got ${got.length} entries, expected ${exp.length}): ${short(exp[n][1])}`;
  if (got.length > n) return `extra entry at ts ${got[n][0]} in stream ${key} (got ${got.length} entries, expected ${exp.length}): ${short(got[n][1])}`;
  return null;
}

function compareStreams(exp, got) {
  const E = byKey(exp, (s) => s.stream);
  const G = byKey(got, (s) => s.stream);
  const d = keyDiff(E, G, 'stream', (ss) => `${ss.reduce((n, s) => n + (s.values?.length ?? 0), 0)} entries`);
  if (d) return d;
  for (const k of [...E.keys()].sort()) {
    const ev = E.get(k).flatMap((s) => s.values ?? []);
    const gv = G.get(k).flatMap((s) => s.values ?? []);
    const r = compareEntries(k, ev, gv);
    if (r) return r;
  }
  return null;
}

function comparePoints(key, exp, got) {
  const gotT = new Set(got.map((p) => p[0]));
  const expT = new Set(exp.map((p) => p[0]));
  const n = Math.min(exp.length, got.length);
  for (let i = 0; i < n; i++) {
    if (exp[i][0] !== got[i][0]) {
      if (!gotT.has(exp[i][0])) return `missing point at t=${exp[i][0]} in series ${key} (expected ${exp[i][1]})`;
      if (!expT.has(got[i][0])) return `extra point at t=${got[i][0]} in series ${key} (got ${got[i][1]})`;
      return `point order differs at index ${i} in series ${key}: got t=${got[i][0]}, expected t=${exp[i][0]}`;
    }
    if (!numEq(exp[i][1], got[i][1])) return `value at t=${exp[i][0]} in series ${key} differs: got ${got[i][1]} vs expected ${exp[i][1]}`;
  }
  if (exp.length > n) return `missing point at t=${exp[n][0]} in series ${key} (got ${got.length} points, expected ${exp.length})`;
  if (got.length > n) return `extra point at t=${got[n][0]} in series ${key} (got ${got.length} points, expected ${exp.length})`;
  return null;
}

function compareMatrix(exp, got) {
  const E = byKey(exp, (s) => s.metric);
  const G = byKey(got, (s) => s.metric);
  const d = keyDiff(E, G, 'series', (ss) => `${ss.reduce((n, s) => n + (s.values?.length ?? 0), 0)} points`);
  if (d) return d;
  for (const k of [...E.keys()].sort()) {
    if (E.get(k).length !== G.get(k).length) return `series ${k} appears ${G.get(k).length} times, expected ${E.get(k).length}`;
    for (let j = 0; j < E.get(k).length; j++) {
      const r = comparePoints(k, E.get(k)[j].values ?? [], G.get(k)[j].values ?? []);
      if (r) return r;
    }
  }
  return null;
}

function compareVector(exp, got, ordered) {
  const E = byKey(exp, (s) => s.metric);
  const G = byKey(got, (s) => s.metric);
  const d = keyDiff(E, G, 'series', (ss) => `value ${ss[0].value?.[1]}`);
  if (d) return d;
  for (const k of [...E.keys()].sort()) {
    if (E.get(k).length !== G.get(k).length) return `series ${k} appears ${G.get(k).length} times, expected ${E.get(k).length}`;
    for (let j = 0; j < E.get(k).length; j++) {
      const r = comparePoints(k, [E.get(k)[j].value], [G.get(k)[j].value]);
      if (r) return r;
    }
  }
  if (ordered) {
    for (let i = 0; i < exp.length; i++) {
      if (!numEq(exp[i].value[1], got[i].value[1])) {
        return `order differs at position ${i}: got ${labelKey(got[i].metric)} ${got[i].value[1]}, expected value ${exp[i].value[1]} (${labelKey(exp[i].metric)})`;
      }
    }
  }
  return null;
}

function compareSets(exp, got, what, keyOf) {
  if (got !== undefined && got !== null && !Array.isArray(got)) return `expected a list of ${what}s, got ${short(got)}`;
  const E = new Set((exp ?? []).map(keyOf));
  const G = new Set((got ?? []).map(keyOf));
  for (const k of [...E].sort()) if (!G.has(k)) return `missing ${what} ${k}`;
  for (const k of [...G].sort()) if (!E.has(k)) return `extra ${what} ${k}`;
  if ((got ?? []).length !== G.size) return `duplicate ${what}s in answer (${got.length} items, ${G.size} distinct)`;
  return null;
}

function compareQueryResult(c, exp, got) {
  if (got?.status !== exp.status) return `status field ${JSON.stringify(got?.status)}, expected ${JSON.stringify(exp.status)}`;
  const ed = exp.data ?? {};
  const gd = got.data ?? {};
  if (gd.resultType !== ed.resultType) return `resultType ${JSON.stringify(gd.resultType)}, expected ${JSON.stringify(ed.resultType)}`;
  if (ed.encodingFlags !== undefined || gd.encodingFlags !== undefined) {
    const a = canon([...(ed.encodingFlags ?? [])].sort());
    const b = canon([...(gd.encodingFlags ?? [])].sort());
    if (a !== b) return `encodingFlags ${b}, expected ${a}`;
  }
  const er = ed.result ?? [];
  const gr = gd.result ?? [];
  if (!Array.isArray(gr)) return `result is not an array: ${short(gr)}`;
  switch (ed.resultType) {
    case 'streams': return compareStreams(er, gr);
    case 'matrix': return compareMatrix(er, gr);
    case 'vector': return compareVector(er, gr, c.ordered === true);
    case 'scalar': return comparePoints('scalar', [er], [gr]);
    default: return canon(er) === canon(gr) ? null : `result differs: got ${short(gr, 200)} expected ${short(er, 200)}`;
  }
}

// Volume: only which series come back (their label sets) and how many, not the byte values.
function compareVolume(exp, got) {
  const ed = exp.data ?? {};
  const gd = got?.data ?? {};
  if (gd.resultType !== ed.resultType) return `resultType ${JSON.stringify(gd.resultType)}, expected ${JSON.stringify(ed.resultType)}`;
  const er = ed.result ?? [];
  const gr = gd.result ?? [];
  const d = compareSets(er, gr, 'series', (s) => labelKey(s.metric));
  if (d) return d;
  if (er.length !== gr.length) return `got ${gr.length} series, expected ${er.length}`;
  return null;
}

// Index stats: the keys and the number of streams. Loki's chunks/entries/bytes are estimates from chunk
// metadata (prorated by time overlap, and counted once per index copy), so they are not compared.
function compareIndexStats(exp, got) {
  if (!got || typeof got !== 'object') return `body is not a JSON object: ${short(got)}`;
  const ek = Object.keys(exp).sort().join(',');
  const gk = Object.keys(got).sort().join(',');
  if (ek !== gk) return `keys [${gk}], expected [${ek}]`;
  if (Number(got.streams) !== Number(exp.streams)) return `streams ${got.streams}, expected ${exp.streams}`;
  return null;
}

function endpointKind(path) {
  if (/\/push$|^\/otlp\/v1\/logs$/.test(path)) return 'push';
  if (/\/index\/stats$/.test(path)) return 'indexstats';
  if (/\/index\/volume(_range)?$/.test(path)) return 'volume';
  if (/\/(labels?|label\/[^/]+\/values)$/.test(path)) return 'labels';
  if (/\/series$/.test(path)) return 'series';
  if (/\/detected_labels$/.test(path)) return 'detectedlabels';
  if (/\/detected_fields$/.test(path)) return 'detectedfields';
  if (/\/detected_field\/[^/]+\/values$/.test(path)) return 'detectedvalues';
  if (/^\/api\/prom\/query$/.test(path)) return 'legacyquery';
  if (/\/query(_range)?$/.test(path)) return 'query';
  return 'other';
}

// Items keyed by one field; each item compared as canonical JSON after `norm`.
function compareKeyed(exp, got, what, keyOf, norm = (x) => x) {
  const E = new Map((exp ?? []).map((x) => [keyOf(x), x]));
  const G = new Map((got ?? []).map((x) => [keyOf(x), x]));
  for (const k of [...E.keys()].sort()) if (!G.has(k)) return `missing ${what} ${k}`;
  for (const k of [...G.keys()].sort()) if (!E.has(k)) return `extra ${what} ${k}`;
  for (const k of [...E.keys()].sort()) {
    const e = canon(norm(E.get(k)));
    const g = canon(norm(G.get(k)));
    if (e !== g) return `${what} ${k} differs: got ${g} expected ${e}`;
  }
  return null;
}

// Legacy /api/prom/query: {"streams":[{"labels":"{a=\"b\"}","entries":[{"ts":RFC3339,"line":…}]}]}
function legacyToStreams(body) {
  return (body?.streams ?? []).map((s) => {
    const stream = {};
    for (const m of String(s.labels).matchAll(/([A-Za-z_][A-Za-z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) stream[m[1]] = JSON.parse(`"${m[2]}"`);
    return { stream, values: (s.entries ?? []).map((e) => [e.ts, e.line]) };
  });
}

const isJsonBody = (b) => b !== null && typeof b === 'object';

// Returns null when the answer matches, else a description of the first difference.
function compareCase(c, got) {
  const exp = c.expect;
  if (!exp || exp.status === undefined) return 'case has no recorded expectation (run with --record first)';
  if (got.status !== exp.status) {
    return `HTTP status ${got.status}, expected ${exp.status}${got.status >= 300 || got.status === 0 ? `: ${short(got.body, 160)}` : ''}`;
  }
  if (exp.status >= 300) {
    if (c.matchBody === 'prefix') {
      // a JSON error body is compared in canonical form (keys sorted)
      const e = (typeof exp.body === 'string' ? exp.body : canon(exp.body)).slice(0, 40);
      const g = (typeof got.body === 'string' ? got.body : canon(got.body)).slice(0, 40);
      if (e !== g) return `error body starts ${JSON.stringify(g)}, expected ${JSON.stringify(e)}`;
    }
    return null;
  }
  const kind = endpointKind(c.request.path);
  if (kind === 'push') return null;
  if (isJsonBody(exp.body) && !isJsonBody(got.body)) return `body is not JSON: ${short(got.body, 160)}`;
  switch (kind) {
    case 'indexstats': return compareIndexStats(exp.body, got.body);
    case 'volume': return compareVolume(exp.body, got.body);
    case 'labels':
      if (got.body.status !== exp.body.status) return `status field ${JSON.stringify(got.body.status)}, expected ${JSON.stringify(exp.body.status)}`;
      return compareSets(exp.body.data ?? exp.body.values, got.body.data ?? got.body.values, 'value', (v) => JSON.stringify(v));
    case 'series':
      if (got.body.status !== exp.body.status) return `status field ${JSON.stringify(got.body.status)}, expected ${JSON.stringify(exp.body.status)}`;
      return compareSets(exp.body.data, got.body.data, 'series', labelKey);
    case 'query':
      if (!isJsonBody(exp.body)) break;
      return compareQueryResult(c, exp.body, got.body);
    case 'legacyquery':
      return compareStreams(legacyToStreams(exp.body), legacyToStreams(got.body));
    case 'detectedlabels':
      return compareKeyed(exp.body.detectedLabels, got.body.detectedLabels, 'detected label', (x) => x.label);
    case 'detectedfields': {
      // cardinality is a HyperLogLog estimate in Loki: not compared
      const d = compareKeyed(exp.body.fields, got.body.fields, 'detected field', (x) => x.label, ({ cardinality, ...x }) => ({ ...x, parsers: x.parsers ?? [] }));
      if (d) return d;
      return exp.body.limit === got.body.limit ? null : `limit ${got.body.limit}, expected ${exp.body.limit}`;
    }
    case 'detectedvalues':
      return compareSets(exp.body.values, got.body.values, 'value', (v) => JSON.stringify(v));
    default: break;
  }
  const e = canon(stripStats(exp.body));
  const g = canon(stripStats(got.body));
  return e === g ? null : `body differs: got ${short(g, 160)} expected ${short(e, 160)}`;
}

function stripStats(body) {
  if (!isJsonBody(body)) return body;
  const b = { ...body };
  delete b.stats;
  if (isJsonBody(b.data) && !Array.isArray(b.data)) {
    b.data = { ...b.data };
    delete b.data.stats;
  }
  return b;
}

function decodeBody(r) {
  if (/json/i.test(r.contentType) || /^\s*[[{]/.test(r.text)) {
    try {
      return JSON.parse(r.text);
    } catch { /* not JSON after all */ }
  }
  return r.text;
}

// ---------------------------------------------------------------- case files

function loadCases(file) {
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  const cases = Array.isArray(doc) ? doc : doc.cases;
  if (!Array.isArray(cases)) die(`${file}: expected an array of cases or {"cases": [...]}`);
  return { file, doc, cases };
}

// Pretty JSON with short arrays and entries ([ts, line], [t, v]) kept on one line.
function formatJson(v, indent = '') {
  const flat = JSON.stringify(v);
  if (v === null || typeof v !== 'object') return flat;
  const inner = indent + '  ';
  if (Array.isArray(v)) {
    const entryLike = v.length <= 3 && v.length >= 2 && (typeof v[0] === 'string' || typeof v[0] === 'number') && typeof v[1] === 'string';
    if (entryLike || flat.length + indent.length <= 120 || v.every((x) => x === null || typeof x !== 'object') && flat.length <= 2000) return flat;
    return '[\n' + v.map((x) => inner + formatJson(x, inner)).join(',\n') + '\n' + indent + ']';
  }
  if (flat.length + indent.length <= 120) return flat;
  const keys = Object.keys(v);
  return '{\n' + keys.map((k) => `${inner}${JSON.stringify(k)}: ${formatJson(v[k], inner)}`).join(',\n') + '\n' + indent + '}';
}

function saveCases({ file, doc, cases }) {
  const out = Array.isArray(doc) ? cases : { ...doc, cases };
  writeFileSync(file, formatJson(out) + '\n');
}

// ---------------------------------------------------------------- main

const isPushPhase = (c) => c.phase === 'push' || endpointKind(c.request?.path ?? '') === 'push';

async function runOne(c) {
  const r = await send(c.request);
  return { status: r.status, body: decodeBody(r) };
}

async function main() {
  const files = opts.cases.map(loadCases);
  const ids = new Set();
  for (const f of files) {
    for (const c of f.cases) {
      if (!c.id || !c.request?.path) die(`${f.file}: every case needs an id and request.path (${JSON.stringify(c).slice(0, 120)})`);
      if (ids.has(c.id)) die(`duplicate case id ${c.id}`);
      ids.add(c.id);
    }
  }
  // oldest data first: a server (like Loki) may refuse entries far behind the newest of their stream
  const datasets = opts.push.map(loadDataset).sort((a, b) => (a.minTs < b.minTs ? -1 : a.minTs > b.minTs ? 1 : 0));
  for (const ds of datasets) await pushDataset(ds);

  const selected = files.flatMap((f) => f.cases.filter((c) => !opts.only || c.id.includes(opts.only)).map((c) => ({ f, c })));
  // query cases first, then everything that writes (push cases, in file order)
  const ordered = [...selected.filter((x) => !isPushPhase(x.c)), ...selected.filter((x) => isPushPhase(x.c))];

  let passed = 0;
  let failed = 0;
  for (const { c } of ordered) {
    const got = await runOne(c);
    if (opts.record) {
      const body = isJsonBody(got.body) ? stripStats(got.body) : got.body;
      c.expect = { status: got.status, body };
      passed++;
      if (opts.verbose) console.log(`recorded ${c.id}: HTTP ${got.status}`);
      continue;
    }
    let diff;
    try {
      diff = compareCase(c, got);
    } catch (e) {
      diff = `answer has an unexpected shape (${e.message}): ${short(got.body, 160)}`;
    }
    if (diff) {
      failed++;
      console.log(`FAIL ${c.id} ${c.title ?? ''}: ${diff}`);
      if (opts.verbose) console.log(`  request: ${JSON.stringify(c.request).slice(0, 400)}`);
    } else {
      passed++;
      if (opts.verbose) console.log(`ok   ${c.id} ${c.title ?? ''}`);
    }
  }
  if (opts.record) for (const f of files) saveCases(f);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => die(`error: ${e.stack ?? e}`));
