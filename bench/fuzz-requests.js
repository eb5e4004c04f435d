// The requests of the fuzzer (bench/fuzz-queries.js): generated, mutated and random LogQL, and the
// families of issue 8 that once crashed the server or answered 500 (huge numbers, deep nesting, templates
// with large output, long ranges), across every query, metadata and push endpoint.
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { Rng, generateQueries, mutate } = await import(pathToFileURL(join(ROOT, 'packages/logql/dist/syntax/query-generator.js')).href);
const { encodePushSnappyProtobuf } = await import(pathToFileURL(join(ROOT, 'packages/protocol/dist/index.js')).href);

export { Rng, generateQueries };

const NS_PER_S = 1_000_000_000n;
/**
 * GET targets are kept below Node's default 16 KB header limit, above which node:http answers 431
 * before Logi sees the request (Go's limit, and so Loki's, is 1 MB): that difference is known and
 * reported, and longer targets would only retest it. Longer queries go in a POST form body.
 */
const MAX_TARGET = 15_000;
/** Loki's (and Logi's) largest query text. */
const MAX_QUERY_BYTES = 131_072;

const WEIRD = ['{', '}', '(', ')', '[', ']', '|', '"', '`', '\\', '=', '~', '!', '<', '>', ',', '.', ':', '-', '+', '*', '/', '%', '^', '$', '#', ' ', '\n', '\t', '\0', '0', '9', 'e', 'x', '_', 'é', '계', '\u{1F600}', '\uFFFD'];
const FRAGMENTS = [
  '[1y]', '[0s]', '[99999999999999d]', '[1ms]', 'offset -100y', 'offset 99999999999h', '|~ "(a+)+$"', '|~ "(?i)x{1000}"', '|~ "[[:alpha:]"',
  '| json a="x[99999999]"', '| unwrap bytes(size)', '| unwrap duration(duration)', '| line_format "{{ range $i := 100 }}{{$i}}{{end}}"',
  '| line_format "{{ .x | repeat 100000 }}"', '| label_format x="{{ __line__ }}"', 'topk(99999999999, ', 'quantile_over_time(2, ', 'label_replace(',
  ' by (a, b, c) ', ' without () ', ' bool ', ' on () group_left (a) ', '1e308', '-1e308', 'NaN', 'Inf', '0x1p-2', '9223372036854775808',
  '| pattern "<a> <b> <_>"', '| regexp "(?P<a>.*)(?P<a>.*)"', '| decolorize', '| drop __error__', '| keep a, b=~"x"', '|> "<_> <_>"', 'ip("::1/200")',
];
const SELECTORS = ['{app="api"}', '{app=~"a.*"}', '{app="api", env!="x"}', '{job=~".+"}', '{app="web"}', '{app="none"}'];

/** Template stages whose output is large by construction: repeated, padded, looped, replaced or printed wide. */
const BIG_TEMPLATES = [
  '{{ repeat 1000000 \\"a\\" }}', '{{ repeat 100000 __line__ }}', '{{ __line__ | indent 99999999 }}', '{{ repeat 200000 \\"a\\" }}{{ repeat 200000 \\"b\\" }}',
  '{{ range $i := 1000000000 }}{{ $i }}{{ end }}', '{{ range 100000 }}{{ range 100000 }}{{ end }}{{ end }}', '{{ printf \\"%200000s%200000s\\" __line__ __line__ }}',
  '{{ $x := repeat 250000 \\"a\\" }}{{ replace \\"a\\" \\"aaaa\\" $x }}', '{{ regexReplaceAll \\"(.)\\" (repeat 200000 \\"ab\\") \\"$1$1$1\\" }}',
  '{{ Replace (repeat 100000 \\"x\\") \\"\\" \\"yy\\" -1 }}', '{{ alignLeft 50000000 __line__ }}', '{{ repeat 2000 __line__ }}',
];

/** Numbers too big for Go's int64 or float64, or just at their edges. */
const HUGE = ['1e400', '-1e400', '9'.repeat(400), `${'9'.repeat(400)}s`, `${'9'.repeat(30)}h`, '1e300', '9223372036854775807', '9223372036854775808', '-9223372036854775808',
  '18446744073709551616', '1.0e300', '1.5e400', '999999999999y', '0.000000001', '1e-400', 'Infinity', 'NaN', '0x7fffffffffffffff', '99999999999999999999.5'];

const WILD = {
  time: ['0', '-1', '1', '9999999999', '99999999999999999999', '-9223372036854775808', '18446744073709551616', '1e300', '0001-01-01T00:00:00Z',
    '9999-12-31T23:59:59.999999999Z', '2026-02-30T00:00:00Z', '2026-11-20T00:00:00+14:00', 'now', 'abc', ' ', '1.2.3', 'NaN', 'Inf', '+5', '0x10', '1_000'],
  step: ['0', '-5', '0.001', '1e-9', '1e300', 'x', '1d', '1y', '9999999999999', '1ms', '0.5'],
  since: ['30d', '0', '-1h', 'x', '1.5', '1y'],
  interval: ['0', '-1', 'x', '5m', '1s'],
  limit: ['0', '-1', '5001', '99999999999999999999', '1.5', 'x', ' 1'],
  direction: ['FORWARD', 'sideways', ' '],
};

/** A query: generated, token-mutated, character-mutated, spliced, or pathological. */
export function makeQuery(rng, pool) {
  const roll = rng.int(100);
  const base = rng.pick(pool);
  if (roll < 40) return base;
  if (roll < 65) {
    let q = base;
    for (let i = 1 + rng.int(3); i > 0; i--) q = mutate(q, rng).text;
    return q;
  }
  if (roll < 85) {
    const chars = [...base];
    for (let i = 1 + rng.int(4); i > 0; i--) {
      const at = rng.int(chars.length + 1);
      switch (rng.int(3)) {
        case 0: chars.splice(at, 0, rng.pick(WEIRD)); break;
        case 1: chars.splice(at, 1); break;
        default: chars[at] = rng.pick(WEIRD);
      }
    }
    return chars.join('');
  }
  if (roll < 95) {
    const at = rng.int(base.length + 1);
    return base.slice(0, at) + rng.pick(FRAGMENTS) + base.slice(at);
  }
  switch (rng.int(6)) {
    case 0: return '('.repeat(1 + rng.int(1500)) + rng.pick(SELECTORS) + ')'.repeat(rng.int(1500));
    case 1: return `sum(${'sum('.repeat(rng.int(500))}count_over_time(${rng.pick(SELECTORS)}[5m])${')'.repeat(rng.int(520))}`;
    case 2: return `${rng.pick(SELECTORS)}${' |= "x"'.repeat(rng.int(800))}`;
    case 3: return Array.from({ length: rng.int(400) }, () => rng.pick(WEIRD)).join('');
    case 4: return `${rng.pick(SELECTORS)} |~ "${'(a|aa)*'.repeat(1 + rng.int(50))}$"`;
    default: return Array.from({ length: 2 + rng.int(200) }, () => `vector(${rng.int(9)})`).join(rng.pick([' + ', ' or ', ' and on() ']));
  }
}

/** A query nested thousands deep (up to Loki's 128 KB of text): aggregations, parentheses, operator chains. */
function deepQuery(rng) {
  const n = 2000 + rng.int(18_000);
  const sel = rng.pick(SELECTORS);
  const q = (() => {
    switch (rng.int(5)) {
      case 0: return `${'sum('.repeat(n)}count_over_time(${sel}[5m])${')'.repeat(n)}`;
      case 1: return `${'('.repeat(n)}${sel}${')'.repeat(n)}`;
      case 2: return `vector(1)${' ^ vector(1)'.repeat(n)}`;
      case 3: return `vector(1)${rng.pick([' + ', ' or ', ' * '])}`.repeat(n) + 'vector(1)';
      default: return `${'-'.repeat(n)}vector(1)`;
    }
  })();
  return q.length < MAX_QUERY_BYTES ? q : q.slice(0, MAX_QUERY_BYTES - 1);
}

/** A log or metric query whose template output is large by construction. */
function templateQuery(rng) {
  const t = rng.pick(BIG_TEMPLATES);
  const sel = rng.pick(SELECTORS.slice(0, 5));
  switch (rng.int(3)) {
    case 0: return `${sel} | line_format "${t}"`;
    case 1: return `${sel} | label_format x="${t}"`;
    default: return `sum by (x) (count_over_time(${sel} | label_format x="${t}" [1h]))`;
  }
}

/** A time in one of the accepted syntaxes (unix seconds, float seconds, ns, RFC3339). */
function timeText(rng, ns) {
  switch (rng.int(4)) {
    case 0: return String(ns / NS_PER_S);
    case 1: return (Number(ns / 1_000_000n) / 1000).toFixed(rng.int(10));
    case 2: return String(ns);
    default: return new Date(Number(ns / 1_000_000n)).toISOString();
  }
}

/** start/end pairs over years: from 0, over 10 years, from int64's last ns to year 9999, and the like. */
function longRange(rng, nowNs) {
  const nowS = nowNs / NS_PER_S;
  return rng.pick([
    { start: '0', end: String(nowS) },
    { start: String(nowS - 10n * 365n * 86400n), end: String(nowS) },
    { start: '9223372036854775807', end: '9999-12-31T23:59:59Z' },
    { start: '0001-01-01T00:00:00Z', end: '9999-12-31T23:59:59Z' },
    { start: '-9223372036854775808', end: '9223372036854775807' },
    { since: '87600h' },
    { since: '10y', end: '9999-12-31T23:59:59Z' },
  ]);
}

/** Endpoints, what they read and how they are reached (only legacy query is GET-only). */
const ENDPOINTS = {
  query_range: { path: '/loki/api/v1/query_range', query: 'logql', range: true, step: true },
  query: { path: '/loki/api/v1/query', query: 'logql', instant: true },
  legacy_query: { path: '/api/prom/query', query: 'logql', range: true, getOnly: true },
  labels: { path: '/loki/api/v1/labels', query: 'selector?', range: true },
  label_values: { path: '/loki/api/v1/label/app/values', query: 'selector?', range: true },
  series: { path: '/loki/api/v1/series', query: 'match', range: true },
  index_stats: { path: '/loki/api/v1/index/stats', query: 'selector', range: true },
  index_volume: { path: '/loki/api/v1/index/volume', query: 'selector', range: true },
  volume_range: { path: '/loki/api/v1/index/volume_range', query: 'selector', range: true, step: true },
  detected_fields: { path: '/loki/api/v1/detected_fields', query: 'logql', range: true, step: true },
  detected_labels: { path: '/loki/api/v1/detected_labels', query: 'selector?', range: true },
  patterns: { path: '/loki/api/v1/patterns', query: 'selector', range: true, step: true },
  format_query: { path: '/loki/api/v1/format_query', query: 'logql' },
};
const METADATA = ['labels', 'label_values', 'series', 'index_stats', 'index_volume', 'volume_range', 'detected_fields', 'detected_labels', 'patterns'];

/** A selector for the metadata endpoints: mostly valid, sometimes mutated. */
function selectorText(rng) {
  const s = rng.pick(SELECTORS);
  return rng.chance(0.8) ? s : mutate(s, rng).text;
}

/** Parameters that mostly make sense (a window near the data, a usable step and limit); one in eight gets a wild value. */
function usualParams(rng, nowNs, ep) {
  const p = {};
  const maybe = (name, chance, value) => { if (rng.chance(chance)) p[name] = value(); };
  const ago = (maxSecs) => nowNs - BigInt(rng.int(maxSecs)) * NS_PER_S;
  if (ep.instant) {
    maybe('time', 0.7, () => timeText(rng, ago(3600)));
  } else if (ep.range) {
    const start = ago(7200);
    maybe('start', 0.8, () => timeText(rng, start));
    maybe('end', 0.7, () => timeText(rng, start + BigInt(1 + rng.int(7200)) * NS_PER_S));
    if (ep.step) maybe('step', 0.6, () => rng.pick(['1', '15', '60', '5m', '30s', '1h', '2.5']));
  }
  maybe('limit', 0.6, () => String(1 + rng.int(rng.chance(0.5) ? 100 : 5000)));
  maybe('direction', 0.2, () => rng.pick(['forward', 'backward']));
  if (rng.chance(1 / 8)) {
    const name = rng.pick(ep.instant ? ['time', 'limit', 'direction'] : ['start', 'end', 'step', 'since', 'interval', 'limit', 'direction']);
    p[name] = rng.pick(WILD[name === 'start' || name === 'end' || name === 'time' ? 'time' : name]);
  }
  return p;
}

/** One request: { family, method, path, body?, headers? }; queries too long for a GET target go in a POST form. */
function request(family, ep, params) {
  const qs = new URLSearchParams(params).toString();
  if (ep.getOnly || ep.path.length + 1 + qs.length <= MAX_TARGET) return { family, method: 'GET', path: `${ep.path}?${qs}` };
  return { family, method: 'POST', path: ep.path, body: qs, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } };
}

/** A legacy GET query cut until it fits a GET target (see MAX_TARGET). */
function fitGet(ep, params) {
  let q = params.query ?? '';
  while (q.length > 0 && ep.path.length + 1 + new URLSearchParams({ ...params, query: q }).toString().length > MAX_TARGET) q = q.slice(0, Math.floor(q.length * 0.8));
  return q === params.query ? params : { ...params, query: q };
}

function endpointRequest(family, name, rng, nowNs, query, extra = {}) {
  const ep = ENDPOINTS[name];
  const params = { ...usualParams(rng, nowNs, ep), ...extra };
  if (ep.query === 'match') params['match[]'] = query ?? selectorText(rng);
  else if (ep.query === 'selector' || (ep.query === 'selector?' && rng.chance(0.7))) params.query = query ?? selectorText(rng);
  else if (ep.query === 'logql') params.query = query ?? rng.pick(SELECTORS);
  return request(family, ep, ep.getOnly ? fitGet(ep, params) : params);
}

/** A push body: JSON with odd timestamp strings, or snappy protobuf with odd seconds and nanos. */
function oddPush(rng, nowNs) {
  const stream = { app: 'pushed', kind: rng.pick(['a', 'b']) };
  if (rng.chance(0.5)) {
    const ts = rng.pick(['1e400', '9'.repeat(400), '-1', '0', '9223372036854775807', '9223372036854775808', '-9223372036854775809', '1.5', ' 1', '', String(nowNs)]);
    return { family: 'push', method: 'POST', path: '/loki/api/v1/push', body: JSON.stringify({ streams: [{ stream, values: [[ts, 'odd json'], [String(nowNs), 'fine']] }] }), headers: { 'Content-Type': 'application/json' } };
  }
  const secs = rng.pick([10n ** 13n, -(10n ** 13n), 8_640_000_000_001n, (1n << 63n) / NS_PER_S + 1n, (1n << 62n), -(1n << 62n), 253_402_300_800n, -62_167_219_201n]);
  const ts = secs * NS_PER_S + BigInt(rng.int(1_000_000_000));
  const body = encodePushSnappyProtobuf([{ labels: `{app="pushed", kind="${stream.kind}"}`, entries: [{ ts, line: 'odd protobuf' }, { ts: nowNs, line: 'fine' }] }]);
  return { family: 'push', method: 'POST', path: '/loki/api/v1/push', body, headers: { 'Content-Type': 'application/x-protobuf' } };
}

/**
 * The next request of a run. Most are LogQL against query_range and query as before; the rest are the
 * families of issue 8 on every endpoint.
 */
export function makeRequest(rng, pool, nowNs) {
  const roll = rng.int(100);
  if (roll < 50) return endpointRequest('logql', rng.chance(0.3) ? 'query' : 'query_range', rng, nowNs, makeQuery(rng, pool));
  if (roll < 54) return endpointRequest('legacy', 'legacy_query', rng, nowNs, rng.chance(0.5) ? rng.pick(SELECTORS) : makeQuery(rng, pool));
  if (roll < 56) return endpointRequest('format', 'format_query', rng, nowNs, makeQuery(rng, pool));
  if (roll < 70) return endpointRequest('metadata', rng.pick(METADATA), rng, nowNs);
  const any = () => rng.pick(Object.keys(ENDPOINTS));
  if (roll < 80) {
    const name = any();
    const param = rng.pick(ENDPOINTS[name].instant ? ['time', 'limit'] : ['since', 'step', 'interval', 'start', 'end', 'limit']);
    return endpointRequest('numbers', name, rng, nowNs, undefined, { [param]: rng.pick(HUGE) });
  }
  if (roll < 86) return endpointRequest('ranges', any(), rng, nowNs, undefined, { ...longRange(rng, nowNs), ...(rng.chance(0.5) ? { step: rng.pick(['1', '0.001']) } : {}) });
  if (roll < 90) return endpointRequest('nesting', rng.pick(['query_range', 'query', 'format_query', 'detected_fields']), rng, nowNs, deepQuery(rng));
  if (roll < 97) return endpointRequest('templates', rng.chance(0.7) ? 'query_range' : rng.pick(['query', 'legacy_query']), rng, nowNs, templateQuery(rng), { limit: String(1 + rng.int(5000)) });
  return oddPush(rng, nowNs);
}

/** A request for people: method, endpoint and parameters decoded, long values cut. */
export function describe(req) {
  const [endpoint, qs] = req.path.split('?');
  const cut = (v) => (v.length > 240 ? `${v.slice(0, 240)}… (${v.length} chars)` : v);
  const text = typeof req.body === 'string' && req.headers?.['Content-Type'] === 'application/x-www-form-urlencoded' ? req.body : qs ?? '';
  const params = [...new URLSearchParams(text)].map(([k, v]) => `${k}=${JSON.stringify(cut(v))}`).join(' ');
  const body = req.body && !text ? ` (${req.headers?.['Content-Type']} body of ${req.body.length} bytes)` : '';
  return `${req.method} ${endpoint} ${params}${body}`;
}
