#!/usr/bin/env node
// The ruler's cost: --rules rules (default 1,000, in groups of 20 over 5 namespaces, evaluation_interval 1m) over
// seed-like data (bench/workload.js, --lines over the last hour) in one `logi serve`; once every rule has been
// evaluated, prints the evaluation time per rule (median and slowest, by expression shape; every rule with
// --per-rule) and in total per interval against the interval itself, from /prometheus/api/v1/rules.
// Usage: node bench/ruler-rules.js [--lines 200000] [--rules 1000] [--per-rule]
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startLogi, writeConfig } from './logi-process.js';
import { median } from './proc.js';
import { runPusher } from './run-pusher.js';

const args = Object.fromEntries(process.argv.slice(2).flatMap((a, i, all) => {
  if (!a.startsWith('--')) return [];
  const v = all[i + 1];
  return [[a.slice(2), v === undefined || v.startsWith('--') ? 'true' : v]];
}));
const LINES = Number(args.lines ?? 200_000);
const RULES = Number(args.rules ?? 1000);
const PER_GROUP = 20;
const NAMESPACES = 5;
const INTERVAL_SEC = 60;
const say = (msg) => process.stderr.write(`${msg}\n`);
const fmt = (x, d = 0) => x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

/** Rule shapes seen in Loki rule sets, over the workload's streams; `i` varies thresholds so no two rules are alike. */
const SHAPES = [
  { id: 'seeds error rate', kind: 'alert', expr: (i) => `sum(rate({app="python-starter-kit", level="error"}[5m])) by (service) > ${(i % 10) / 10}` },
  { id: 'count by level', kind: 'alert', expr: (i) => `sum by (level) (count_over_time({app="python-starter-kit"}[5m])) > ${i}` },
  { id: 'json filter', kind: 'alert', expr: (i) => `sum by (service) (count_over_time({app="python-starter-kit"} | json | level="error" [5m])) > ${i % 50}` },
  { id: 'line filter', kind: 'alert', expr: (i) => `sum(rate({job="nginx"} |= " 500 " [5m])) > ${(i % 20) / 100}` },
  { id: 'logfmt unwrap p99', kind: 'alert', expr: (i) => `quantile_over_time(0.99, {app="api"} | logfmt | unwrap duration(duration) [5m]) by (env) > ${i % 5}` },
  { id: 'checkout failures', kind: 'alert', expr: (i) => `sum by (env) (rate({app="checkout"} |= "charge failed" [5m])) > ${(i % 10) / 100}` },
  { id: 'regex filter', kind: 'alert', expr: (i) => `count_over_time({job="syslog"} |~ "FAILED LOGIN" [5m]) > ${i % 30}` },
  { id: 'bytes rate', kind: 'alert', expr: (i) => `sum(bytes_rate({app="worker"}[5m])) > ${i * 10}` },
  { id: 'record rate by service', kind: 'record', expr: (i) => `sum by (service) (rate({app="python-starter-kit", env="${i % 2 ? 'production' : 'staging'}"}[1m]))` },
  { id: 'record pattern topk', kind: 'record', expr: () => 'topk(3, sum by (path) (count_over_time({job="nginx"} | pattern "<ip> - <user> [<_>] \\"<method> <path> <_>\\" <status> <_>" [5m])))' },
];

function groupYaml(g, first, count) {
  const rules = [];
  for (let i = first; i < first + count; i++) {
    const s = SHAPES[i % SHAPES.length];
    const name = s.kind === 'alert' ? `Bench${i}` : `bench:rule${i}`;
    rules.push(`  - ${s.kind}: ${name}\n    expr: ${JSON.stringify(s.expr(i))}`);
  }
  return `name: group${g}\nrules:\n${rules.join('\n')}\n`;
}

const dir = mkdtempSync(join(tmpdir(), 'logi-ruler-bench-'));
const port = await freePort();
const config = writeConfig(dir, port);
appendFileSync(config, `ruler:\n  evaluation_interval: ${INTERVAL_SEC}s\n`);
const server = await startLogi(config, port);
try {
  // seed-like lines over the last hour, so that the rules' 1m and 5m windows at "now" hold data
  const startNs = BigInt(Date.now() - 3600_000) * 1_000_000n;
  const pushed = await runPusher({ url: server.url, pid: server.pid, lines: LINES, batch: 1000, concurrency: 2, startNs, hours: 1 });
  if (pushed.errors) throw new Error(`${pushed.errors} push errors: ${pushed.firstError}`);
  say(`  ruler bench: ${fmt(LINES)} lines pushed over the last hour`);

  const groups = Math.ceil(RULES / PER_GROUP);
  for (let g = 0; g < groups; g++) {
    const first = g * PER_GROUP;
    const res = await fetch(`${server.url}/loki/api/v1/rules/bench${g % NAMESPACES}`, { method: 'POST', body: groupYaml(g, first, Math.min(PER_GROUP, RULES - first)) });
    if (res.status !== 202) throw new Error(`rule group ${g}: ${res.status} ${await res.text()}`);
  }
  say(`  ruler bench: ${fmt(RULES)} rules in ${groups} groups written; waiting for every group's first evaluation (up to ${INTERVAL_SEC} s)`);

  let rules;
  const t0 = Date.now();
  for (;;) {
    const body = await (await fetch(`${server.url}/prometheus/api/v1/rules`)).json();
    rules = body.data.groups.flatMap((g) => g.rules.map((r) => ({ ...r, group: `${g.file}/${g.name}` })));
    if (rules.length === RULES && rules.every((r) => !r.lastEvaluation.startsWith('0001-'))) break;
    if (Date.now() - t0 > 3 * INTERVAL_SEC * 1000) throw new Error('not every rule was evaluated within three intervals');
    await new Promise((r) => setTimeout(r, 2000));
  }

  const ms = (r) => r.evaluationTime * 1000;
  const total = rules.reduce((s, r) => s + ms(r), 0);
  const failed = rules.filter((r) => r.health !== 'ok');
  const byRule = (r) => Number(/\d+$/.exec(r.name)[0]);
  if (args['per-rule']) for (const r of rules) console.log(`${r.group} ${r.name}: ${ms(r).toFixed(1)} ms ${r.health}${r.lastError ? ` ${r.lastError}` : ''}`);
  const shapeLines = SHAPES.map((s, k) => {
    const of = rules.filter((r) => byRule(r) % SHAPES.length === k).map(ms);
    return `  ${s.id.padEnd(24)} ${String(of.length).padStart(4)} rules  median ${median(of).toFixed(1).padStart(7)} ms  max ${Math.max(...of).toFixed(1).padStart(7)} ms`;
  });
  console.log(`Ruler (bench/ruler-rules.js): ${fmt(RULES)} rules in ${groups} groups over ${fmt(LINES)} seed-like lines of the last hour, evaluation_interval ${INTERVAL_SEC}s: ` +
    `${fmt(total / 1000, 2)} s of evaluation per interval in total (${fmt((100 * total) / (INTERVAL_SEC * 1000), 1)} % of it; groups are spread over the interval in one process), ` +
    `per rule median ${median(rules.map(ms)).toFixed(1)} ms, max ${Math.max(...rules.map(ms)).toFixed(1)} ms${failed.length ? `; ${failed.length} rules failed: ${failed[0].lastError}` : ''}. Per expression shape:\n${shapeLines.join('\n')}`);
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
