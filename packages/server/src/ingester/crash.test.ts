// The durability contract, tested for real: a child process ingests concurrent pushes and is killed with
// SIGKILL at a random moment; reopened, the store holds every acknowledged entry exactly once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import type { LabelPair } from '@logi/protocol';
import { open, rowsOf, tempDir, T0 } from './test-helpers.js';

const CHILD = fileURLToPath(new URL('./testdata/crash-child.js', import.meta.url));
const STREAMS: LabelPair[][] = [[['app', 'a']], [['app', 'b']], [['app', 'c'], ['env', 'x']]];
const SMALL = { blockSize: 2048, chunkTargetSize: 6000, walSegmentBytes: 16384 };

interface Sent { id: number; lines: { stream: number; ts: bigint; line: string }[] }

async function crashRun(seed: number): Promise<void> {
  const { dir, remove } = tempDir();
  try {
    const child = spawn(process.execPath, [CHILD, dir, JSON.stringify(SMALL)], { stdio: ['pipe', 'pipe', 'inherit'] });
    const acked = new Set<number>();
    const sent = new Map<number, Sent>();
    let rnd = seed;
    const next = (): number => { rnd = (rnd * 1103515245 + 12345) % 2147483648; return rnd / 2147483648; };
    const killAfter = 20 + Math.floor(next() * 150); // acknowledgements before the kill
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    let id = 0;
    const ts = [T0, T0, T0];
    const sendOne = (): void => {
      id++;
      // A retry of an earlier batch now and then: its entries must not be stored twice.
      const retry = id > 5 && next() < 0.15 ? sent.get(id - 1 - Math.floor(next() * 4)) : undefined;
      const req: Sent = retry ? { id, lines: retry.lines } : { id, lines: [] };
      if (!retry) {
        for (let k = 0; k < 20; k++) {
          const s = Math.floor(next() * STREAMS.length);
          // Mostly in order, some a little out of order (within the 1h window).
          ts[s] = ts[s]! + BigInt(Math.floor(next() * 1000));
          const t = next() < 0.1 ? ts[s]! - BigInt(Math.floor(next() * 5000)) : ts[s]!;
          req.lines.push({ stream: s, ts: t, line: `id=${id} k=${k} ${'payload '.repeat(Math.floor(next() * 8))}` });
        }
      }
      sent.set(id, req);
      const streams = STREAMS.map((labels, s) => ({
        labels, entries: req.lines.filter((l) => l.stream === s).map((l) => ({ ts: String(l.ts), line: l.line })),
      })).filter((s) => s.entries.length > 0);
      child.stdin.write(JSON.stringify({ id, tenant: 'fake', streams }) + '\n');
    };
    await new Promise<void>((resolve, reject) => {
      const rl = createInterface({ input: child.stdout });
      let inFlight = 0;
      rl.on('line', (text) => {
        if (text === 'ready') {
          for (let i = 0; i < 8; i++) { sendOne(); inFlight++; }
          return;
        }
        const [kind, n] = text.split(' ');
        if (kind !== 'ack') { reject(new Error(`child: ${text}`)); return; }
        acked.add(Number(n));
        if (acked.size >= killAfter) {
          child.kill('SIGKILL');
          resolve();
          return;
        }
        // Keep several pushes in flight so group commit and the kill land mid-write.
        sendOne();
        if (next() < 0.5) sendOne();
        inFlight++;
      });
      child.on('exit', (code, sig) => { if (sig !== 'SIGKILL') reject(new Error(`child exited early: ${code} ${sig}`)); });
    });
    await exited;
    assert.ok(acked.size >= killAfter);

    const ing = await open(dir, { blockSize: SMALL.blockSize, chunkTargetSize: SMALL.chunkTargetSize });
    try {
      const counts = new Map<string, number>();
      for (const [s, labels] of STREAMS.entries()) {
        for (const r of (await rowsOf(ing, 'fake', labels))) {
          const key = `${s}|${r.ts}|${r.line}`;
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
      }
      for (const [key, n] of counts) assert.equal(n, 1, `stored ${n} times: ${key}`);
      let checked = 0;
      for (const i of acked) {
        for (const l of sent.get(i)!.lines) {
          assert.ok(counts.has(`${l.stream}|${l.ts}|${l.line}`), `acknowledged entry lost (push ${i}): ${l.line}`);
          checked++;
        }
      }
      assert.ok(checked >= killAfter * 20);
    } finally {
      await ing.close();
    }
  } finally {
    remove();
  }
}

test('SIGKILL at a random moment loses no acknowledged entry and duplicates none', { timeout: 60_000 }, async () => {
  for (const seed of [1, 7, 42]) await crashRun(seed);
});
