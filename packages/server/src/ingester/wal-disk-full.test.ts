// A WAL on a full disk, for real: `logi serve` keeps its WAL on a small tmpfs, pushes until the disk is full,
// then the tmpfs grows ("space freed") and pushes must work again without a restart; a SIGKILL and a restart
// then show exactly the acknowledged entries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { linesOf, logiOn, pushLines, type LogiProcess } from '../testing/logi-process.js';
import { fillUp, mountTmpfs, resizeTmpfs, unmount, tmpfsUnavailable } from '../testing/tmpfs.js';

const T0 = BigInt(Date.now() - 600_000) * 1_000_000n;
const BATCH = 40;
const PAD = ' ' + 'x'.repeat(480);

/** Pushes batch n (40 lines of about 500 bytes, each "batch=N line=M" + padding); returns the lines without padding. */
async function push(base: string, n: number): Promise<{ status: number; body: string; lines: string[] }> {
  const lines = Array.from({ length: BATCH }, (_, i) => `batch=${n} line=${i}`);
  const r = await pushLines(base, 'walfull', T0 + BigInt(n * BATCH) * 1000n, lines.map((l) => l + PAD));
  return { ...r, lines };
}

async function stored(base: string): Promise<string[]> {
  return (await linesOf(base, 'walfull', T0 - 1000n, T0 + 10n ** 12n)).map((l) => l.slice(0, -PAD.length));
}

test('a full WAL disk answers 500 once per push, leaves no trace of refused pushes and recovers without a restart', { timeout: 180_000, skip: tmpfsUnavailable }, async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'logi-walfull-'));
  const data = join(root, 'data');
  mkdirSync(data);
  mountTmpfs(data, '1m');
  let logi: LogiProcess | undefined;
  try {
    const start = await logiOn({ pathPrefix: data, other: root });
    logi = await start();
    const base = logi.base;
    const acked: string[] = [];
    let n = 0;
    // Fill the disk, about 20 kB per push into 1 MiB, four pushes at a time so that the failing write takes
    // others of its group commit (and the queue behind it) along.
    for (let full = false; !full;) {
      assert.ok(n < 200, 'the disk never filled');
      const answers = await Promise.all([0, 1, 2, 3].map(() => push(base, n++)));
      for (const r of answers) {
        if (r.status === 204) { acked.push(...r.lines); continue; }
        assert.equal(r.status, 500);
        assert.match(r.body, /^wal: write failed: ENOSPC: no space left on device/);
        full = true;
      }
    }
    // Cutting the failed write back freed its space: take it, so that the disk stays full.
    fillUp(data);
    // While the disk stays full, pushes keep being refused with the same short answer.
    for (let k = 0; k < 5; k++) {
      const r = await push(base, ++n);
      assert.equal(r.status, 500);
      assert.match(r.body, /^wal: write failed: ENOSPC/);
    }
    assert.deepEqual(await stored(base), acked, 'refused entries are visible, or acknowledged ones missing');

    resizeTmpfs(data, '64m');
    const deadline = Date.now() + 60_000;
    for (;;) {
      const r = await push(base, ++n);
      if (r.status === 204) { acked.push(...r.lines); break; }
      assert.ok(Date.now() < deadline, 'pushes still refused a minute after space came back');
      await new Promise((res) => setTimeout(res, 200));
    }
    for (let k = 0; k < 3; k++) {
      const r = await push(base, ++n);
      assert.equal(r.status, 204, r.body);
      acked.push(...r.lines);
    }
    assert.deepEqual(await stored(base), acked);
    const walLines = logi.stderrLines().filter((l) => /wal|WAL/.test(l));
    t.diagnostic(walLines.join('\n'));
    assert.equal(walLines.filter((l) => l.includes('wal: write failed')).length, 1, walLines.join('\n'));
    assert.equal(walLines.filter((l) => l.includes('WAL writes work again')).length, 1, walLines.join('\n'));
    assert.equal(logi.stderrLines().filter((l) => l.includes('level=error')).length, 0, logi.stderrLines().join('\n'));

    await logi.kill();
    logi = await start();
    assert.deepEqual(await stored(base), acked, 'after SIGKILL and restart');
  } finally {
    await logi?.kill();
    unmount(data);
    rmSync(root, { recursive: true, force: true });
  }
});
