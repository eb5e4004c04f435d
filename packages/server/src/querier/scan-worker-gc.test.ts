// A scan worker's heap keeps little but allocates fast: left to V8's own sizing, its old generation's limit stayed
// within a young generation of the live size and full collections ran back to back (query a: 7 per query in each
// worker, a third of its CPU). The pool starts its workers' old generation at 64 MiB (scan-pool.ts). The child runs
// a needle scan that finds nothing 60 times over 200,000 stored lines with --trace-gc; without the setting the
// workers ran 12 full collections during the scans, with it none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./testdata/needle-scan-child.js', import.meta.url));

test('scan workers run repeated full scans without back-to-back full collections', async () => {
  const child = spawn(process.execPath, ['--trace-gc', CHILD], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { err += d; });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  assert.equal(code, 0, err.slice(-2000));
  const lines = out.split('\n');
  const start = lines.indexOf('scans start');
  const end = lines.indexOf('scans end');
  assert.ok(start > 0 && end > start, 'the child marks its scans');
  // --trace-gc lines start with [pid:isolate]; the main thread collects first, before any worker exists
  const isolate = (l: string): string | undefined => /^\[\d+:(0x[0-9a-f]+)\]/.exec(l)?.[1];
  const main = lines.map(isolate).find((i) => i !== undefined);
  const during = lines.slice(start + 1, end).filter((l) => isolate(l) !== undefined && isolate(l) !== main);
  assert.ok(during.some((l) => l.includes('Scavenge')), 'the workers collected garbage during the scans (the trace is read)');
  const full = during.filter((l) => l.includes('Mark-Compact'));
  assert.ok(full.length <= 2, `scan workers ran ${full.length} full collections during the scans:\n${full.join('\n')}`);
});
