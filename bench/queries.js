// The queries behind Loki's published figures (bench/loki-workload/query.mjs a-g), timed over the HTTP API,
// with a digest of each answer so that runs (and servers) can be checked for equal results.
import { cpuSeconds, median } from './proc.js';

export const QUERIES = [
  { id: 'a', limit: 100, q: '{job=~".+"} |= "needle-that-never-matches"' },
  { id: 'b', limit: 100, q: '{app="python-starter-kit"} |= "계정 잠김"' },
  { id: 'c', q: 'sum by (level) (count_over_time({app="python-starter-kit"}[1m]))' },
  { id: 'd', q: 'sum by (service) (count_over_time({app="python-starter-kit"} | json | level="error" [5m]))' },
  { id: 'e', q: 'topk(5, sum by (path) (count_over_time({job="nginx"} | pattern "<ip> - <user> [<_>] \\"<method> <path> <_>\\" <status> <_>" [5m])))' },
  { id: 'f', limit: 1000, q: '{app="api"} | logfmt | duration > 500ms' },
  { id: 'g', q: 'quantile_over_time(0.99, {app="api"} | logfmt | unwrap duration(duration) [5m]) by (env)' },
];

/** What an answer holds, in a few words: entries and streams, or series, points and the sum of values. */
export function digest(body) {
  const d = body?.data;
  if (!d) return `ERROR ${JSON.stringify(body).slice(0, 120)}`;
  if (d.resultType === 'streams') return `${d.result.reduce((n, s) => n + s.values.length, 0)} entries/${d.result.length} streams`;
  const values = d.result.flatMap((s) => (s.values ?? [s.value]).map((v) => Number(v[1])));
  const sum = values.reduce((a, b) => a + b, 0);
  return `${d.result.length} series/${values.length} pts/sum ${Number.isInteger(sum) ? sum : sum.toFixed(3)}`;
}

/** Runs one query `runs` times in a row: { medianSec, runs: [s], digest, cpuSec (median, server) }. */
export async function timeQuery(url, pid, query, startNs, endNs, runs = 3) {
  const p = new URLSearchParams({ query: query.q, start: String(startNs), end: String(endNs) });
  if (query.limit) {
    p.set('limit', String(query.limit));
    p.set('direction', 'backward');
  } else {
    p.set('step', '60');
  }
  const times = [];
  const cpu = [];
  let last = '';
  for (let i = 0; i < runs; i++) {
    const c0 = cpuSeconds(pid);
    const t0 = performance.now();
    const res = await fetch(`${url}/loki/api/v1/query_range?${p}`, { signal: AbortSignal.timeout(900_000) });
    const text = await res.text();
    times.push((performance.now() - t0) / 1000);
    cpu.push(cpuSeconds(pid) - c0);
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    last = res.ok ? digest(body) : `ERROR ${res.status} ${text.slice(0, 120)}`;
  }
  return { medianSec: median(times), runs: times, digest: last, cpuSec: median(cpu) };
}
