#!/usr/bin/env node
// The store on S3 beside local disk: bench/storage-ingest.js run twice on the same workload, once with the
// chunks and index in a directory and once in a bucket of a radosgw started for the run (--s3), one table.
// Ingest and flush, the scans of storage-ingest.js (each scan starts with an empty cache over S3, so its first
// pass reads from the bucket; the second reads another thread's share through the shared cache) and the time
// to reopen the store; the process's CPU for ingest and flush (and over S3 the PUTs and the S3 daemons' CPU); and the
// cold pass over S3 beside the same GETs alone (storage-ingest.js's link measurement), on loopback and through a
// simulated link (round trip and rate, bench/link-proxy.js); and a metric query through the querier, cold and warm.
// Usage: npm run build && node bench/storage-s3.js [--lines 2000000]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { load1 } from './proc.js';

const args = Object.fromEntries(process.argv.slice(2).flatMap((a, i, all) => (a.startsWith('--') ? [[a.slice(2), all[i + 1]]] : [])));
const LINES = Number(args.lines ?? 2_000_000);
const script = fileURLToPath(new URL('./storage-ingest.js', import.meta.url));
const S3_MISSING = spawnSync('sh', ['-c', 'command -v radosgw'], { stdio: 'ignore' }).status !== 0;

function run(extra) {
  const load = load1();
  const r = spawnSync(process.execPath, [script, '--lines', String(LINES), ...extra], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) return { error: `storage-ingest.js ${extra.join(' ')} exited with ${r.status}: ${r.stderr.trim().split('\n').slice(-3).join(' ')}` };
  const find = (re) => re.exec(r.stdout)?.slice(1) ?? ['?', '?'];
  const [linesPerSec, mbPerSec] = find(/ingest: .*?: (\d+) lines\/s, ([\d.]+) MB\/s/);
  const [flushSec] = find(/flush: ([\d.]+) s/);
  const scans = [...r.stdout.matchAll(/^scan \(decompress lines \+ indexOf\), (\d) worker thread\(s\): (\d+) MB\/s raw.*read again by the next thread: (\d+) MB\/s raw, process CPU ([\d.]+) s/gm)]
    .map((m) => `${m[2]} MB/s cold, ${m[3]} MB/s warm (${m[4]} s CPU) (${m[1]} thread${m[1] === '1' ? '' : 's'})`);
  const [reopenMs] = find(/reopen: ready in (\d+) ms/);
  const [cpu] = find(/ingest and flush: process CPU ([\d.]+) s/);
  const [puts, putMB, cephCpu] = /S3: \d+ requests: (\d+) PUTs of ([\d.]+) MB.*S3 daemons CPU ([\d.]+) s/.exec(r.stdout)?.slice(1) ?? [];
  const bucket = puts === undefined ? '' : `; ${puts} PUTs of ${putMB} MB, S3 daemons ${cephCpu} s`;
  // the cold pass beside the same GETs alone: a cold scan as long as its GETs is limited by the link
  const overLink = [...r.stdout.matchAll(/^cold pass over a link of (\d+) ms round trip and (\d+) Mbit\/s, (\d) worker.*: cold scan ([\d.]+) s \(process CPU ([\d.]+) s, link proxy ([\d.]+) s, S3 daemons ([\d.]+) s\); the same GETs alone ([\d.]+) s \(process CPU ([\d.]+) s, link proxy ([\d.]+) s, S3 daemons ([\d.]+) s\); the bytes alone at the link's rate ([\d.]+) s/gm)];
  // the simulated link they ran through (bench/link-proxy.js), as storage-ingest.js printed it
  const link = overLink[0] ? `${overLink[0][1]} ms round trip, ${overLink[0][2]} Mbit/s` : '?';
  const links = [...r.stdout.matchAll(/^cold pass against the link alone, (\d) worker thread\(s\), (\d+) read.*: cold scan ([\d.]+) s \(process CPU ([\d.]+) s, S3 daemons ([\d.]+) s\); the same GETs alone ([\d.]+) s \(process CPU ([\d.]+) s, S3 daemons ([\d.]+) s\)/gm)]
    .map((m, i) => {
      const l = overLink[i] ?? [];
      return `| ${m[1]} (${m[2]} in flight each) | ${m[3]} s (CPU ${m[4]} s, S3 daemons ${m[5]} s) | ${m[6]} s (CPU ${m[7]} s, S3 daemons ${m[8]} s) | ${l[4]} s (CPU ${l[5]} s, proxy ${l[6]} s, S3 daemons ${l[7]} s) | ${l[8]} s (CPU ${l[9]} s, proxy ${l[10]} s, S3 daemons ${l[11]} s) | ${l[12]} s |`;
    });
  const queries = [...r.stdout.matchAll(/^querier, (.+?): \d+ stored chunks, \d+ lines; cold ([\d.]+) s \(process CPU ([\d.]+) s\), warm ([\d.]+) s \(process CPU ([\d.]+) s\)/gm)]
    .map((m) => `| ${m[1]} | ${m[2]} s (CPU ${m[3]} s) | ${m[4]} s (CPU ${m[5]} s) |`);
  return { linesPerSec, mbPerSec, flushSec, scans: scans.join(', '), reopenMs, cpu: `${cpu}${bucket}`, links, link, queries, load: `${load} / ${load1()}` };
}

const rows = [['local disk', run([])], ['S3 (radosgw on 127.0.0.1)', S3_MISSING ? { error: 'radosgw is not installed: skipped' } : run(['--s3'])]];
const out = [`| store (bench/storage-s3.js, ${LINES.toLocaleString('en-US')} lines) | ingest lines/s | MB/s raw | flush s | process CPU of ingest and flush, s | scan | reopen ms | load before / after |`, '|---|---|---|---|---|---|---|---|'];
for (const [name, r] of rows) {
  out.push(r.error ? `| ${name} | ${r.error} | | | | | | |` : `| ${name} | ${Number(r.linesPerSec).toLocaleString('en-US')} | ${r.mbPerSec} | ${r.flushSec} | ${r.cpu} | ${r.scans} | ${r.reopenMs} | ${r.load} |`);
}
const { links = [], link } = rows[1][1];
if (links.length > 0) {
  out.push('', `| cold pass over S3, scan threads | loopback: cold scan, wall (process CPU, S3 daemons) | loopback: the same GETs alone | link of ${link}: cold scan | link: the same GETs alone | link: the bytes alone at its rate |`, '|---|---|---|---|---|---|', ...links);
}
const queries = rows.flatMap(([, r]) => r.queries ?? []);
if (queries.length > 0) {
  out.push('', '| a metric query over every chunk through the querier (its scan pool), on a store opened afresh | first run (cold) | second run (warm) |', '|---|---|---|', ...queries);
}
console.log(out.join('\n'));
