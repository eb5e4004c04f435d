#!/usr/bin/env node
// Chooses the chunk codec by measurement: ratio, compress and decompress speed (one core) of block-sized
// runs of realistic lines, per codec and block size.
// Usage: node bench/storage-codec.js [--lines FILE.ndjson] [--mb 64] [--blocks 65536,262144,1048576]
//   Without --lines it generates 30 minutes of the benchmark workload with bench/loki-workload/gen-dataset.mjs.
//   lz4-napi is measured when it resolves (it is not a dependency): BENCH_DEPS=/dir/with/node_modules.
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]]);
  return acc;
}, []));
const require = createRequire(join(root, 'packages/server/package.json'));
const zstd = require('zstd-napi/binding');
const snappy = require('snappy');
let lz4 = null;
for (const base of [process.env.BENCH_DEPS, root].filter(Boolean)) {
  try { lz4 = createRequire(join(base, 'x.js'))('lz4-napi'); break; } catch { /* optional */ }
}

let file = args.lines;
if (!file) {
  file = '/tmp/logi-bench-codec/lines.ndjson';
  if (!existsSync(file)) {
    execFileSync(process.execPath, [fileURLToPath(new URL('loki-workload/gen-dataset.mjs', import.meta.url)), '--seed', '7', '--minutes', '30', '--rate', '300',
      '--out', dirname(file), '--push', 'no'], { stdio: 'inherit' });
  }
}
const limitBytes = Number(args.mb ?? 64) * 1024 * 1024;
const blockSizes = (args.blocks ?? '65536,262144,1048576').split(',').map(Number);

// Lines per stream, in time order, up to limitBytes in total.
const byStream = new Map();
let total = 0;
for (const text of readFileSync(file, 'utf8').split('\n')) {
  if (!text || total >= limitBytes) continue;
  const r = JSON.parse(text);
  const key = JSON.stringify(r.labels);
  let s = byStream.get(key);
  if (!s) byStream.set(key, (s = []));
  const line = Buffer.from(r.line);
  s.push(line);
  total += line.length;
}

function blocksOf(size) {
  const out = [];
  for (const lines of byStream.values()) {
    let cur = [];
    let n = 0;
    for (const l of lines) {
      cur.push(l);
      n += l.length;
      if (n >= size) { out.push(Buffer.concat(cur)); cur = []; n = 0; }
    }
    if (cur.length) out.push(Buffer.concat(cur));
  }
  return out;
}

const cctx = new zstd.CCtx();
const dctx = new zstd.DCtx();
const zstdCodec = (level) => ({
  name: `zstd-${level}`,
  compress: (b) => { const dst = Buffer.allocUnsafe(zstd.compressBound(b.length)); return dst.subarray(0, cctx.compress(dst, b, level)); },
  decompress: (c, rawLen) => { const dst = Buffer.allocUnsafe(rawLen); dctx.decompress(dst, c); return dst; },
});
const codecs = [
  zstdCodec(1), zstdCodec(3), zstdCodec(6),
  { name: 'snappy', compress: (b) => snappy.compressSync(b), decompress: (c) => snappy.uncompressSync(c) },
  { name: 'gzip-1', compress: (b) => zlib.gzipSync(b, { level: 1 }), decompress: (c) => zlib.gunzipSync(c) },
];
if (lz4) codecs.push({ name: 'lz4-block', compress: (b) => lz4.compressSync(b), decompress: (c) => lz4.uncompressSync(c) });

const best = (f, reps) => { let t = Infinity; for (let i = 0; i < reps; i++) { const s = process.hrtime.bigint(); f(); t = Math.min(t, Number(process.hrtime.bigint() - s) / 1e9); } return t; };
console.log(`raw ${(total / 1048576).toFixed(1)} MB in ${byStream.size} streams, file ${file}`);
console.log('| codec | block | ratio | disk % of raw | compress MB/s | decompress MB/s |');
console.log('|---|---|---|---|---|---|');
for (const size of blockSizes) {
  const blocks = blocksOf(size);
  for (const c of codecs) {
    let packed = [];
    const tc = best(() => { packed = blocks.map((b) => c.compress(b)); }, 2);
    const td = best(() => { for (let i = 0; i < packed.length; i++) c.decompress(packed[i], blocks[i].length); }, 3);
    const comp = packed.reduce((s, p) => s + p.length, 0);
    console.log(`| ${c.name} | ${size / 1024} KiB | ${(total / comp).toFixed(2)} | ${(100 * comp / total).toFixed(1)} | ${(total / 1048576 / tc).toFixed(0)} | ${(total / 1048576 / td).toFixed(0)} |`);
  }
}
