// Damaged WAL segments of a stopped (SIGKILLed) `logi serve`: the restart must come up, replay every record it
// can read, and say in its log exactly which file, offsets, bytes, records and entries were lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { linesOf, logiOn, pushLines, type LogiProcess } from '../testing/logi-process.js';
import { FRAME_HEADER_SIZE, WAL_HEADER_SIZE } from './wal-format.js';

const T0 = BigInt(Date.now() - 600_000) * 1_000_000n;
const BATCH = 40;

const batchLines = (b: number): string[] => Array.from({ length: BATCH }, (_, i) => `batch=${b} line=${i}`);

async function pushBatches(logi: LogiProcess, from: number, to: number): Promise<void> {
  for (let b = from; b < to; b++) {
    const r = await pushLines(logi.base, 'damage', T0 + BigInt(b * BATCH) * 1000n, batchLines(b));
    assert.equal(r.status, 204, r.body);
  }
}

const stored = (logi: LogiProcess): Promise<string[]> => linesOf(logi.base, 'damage', T0 - 1000n, T0 + 10n ** 12n);

/** The segments of the WAL directory, oldest first. */
const segmentsIn = (walDir: string): string[] => readdirSync(walDir).filter((n) => n.endsWith('.wal')).sort().map((n) => join(walDir, n));

/** Offsets of the records of a segment file, by their frames' length fields. */
function recordOffsets(file: Buffer): number[] {
  const out: number[] = [];
  for (let p = WAL_HEADER_SIZE; p < file.length; p += FRAME_HEADER_SIZE + file.readUInt32LE(p)) out.push(p);
  return out;
}

async function withLogi(run: (start: () => Promise<LogiProcess>, walDir: string) => Promise<void>): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'logi-waldamage-'));
  const started: LogiProcess[] = [];
  try {
    const start = await logiOn({ pathPrefix: join(root, 'data'), other: root });
    await run(async () => {
      const p = await start();
      started.push(p);
      return p;
    }, join(root, 'data', 'wal'));
  } finally {
    for (const p of started) await p.kill();
    rmSync(root, { recursive: true, force: true });
  }
}

test('damage in the middle of a WAL segment loses only the damaged records, and the log says which', { timeout: 120_000 }, async () => {
  await withLogi(async (start, walDir) => {
    const first = await start();
    await pushBatches(first, 0, 10); // one record per batch
    await first.kill();

    const [path, ...more] = segmentsIn(walDir);
    assert.equal(more.length, 0);
    const file = readFileSync(path!);
    const at = recordOffsets(file);
    assert.equal(at.length, 10);
    file[at[3]! + FRAME_HEADER_SIZE + 20]! ^= 0xff; // a payload byte: the CRC fails, the length still holds
    file.writeUInt32LE(0x7fffffff, at[7]!); // the length field itself: the next record must be searched for
    writeFileSync(path!, file);

    const second = await start();
    const expected = [0, 1, 2, 4, 5, 6, 8, 9].flatMap(batchLines);
    assert.deepEqual(await stored(second), expected);
    const log = second.stderrLines().join('\n');
    assert.ok(log.includes(`WAL segment ${path}: ${at[4]! - at[3]!} damaged bytes at offset ${at[3]} skipped (1 record lost); replay resumed at offset ${at[4]}`), log);
    assert.ok(log.includes(`WAL segment ${path}: ${at[8]! - at[7]!} damaged bytes at offset ${at[7]} skipped (at least 1 record lost); replay resumed at offset ${at[8]}`), log);
    assert.match(log, /entries 121\.\.160 of stream \{job="damage"[^}]*\} \(tenant fake\) are neither in stored chunks nor in the WAL: 40 entries lost/);
    assert.match(log, /entries 281\.\.320 of stream \{job="damage"[^}]*\} \(tenant fake\) are neither in stored chunks nor in the WAL: 40 entries lost/);
    assert.doesNotMatch(log, /never acknowledged/);

    // Still a working server: it takes pushes, and another restart replays the same.
    await pushBatches(second, 10, 11);
    await second.kill();
    const third = await start();
    assert.deepEqual(await stored(third), [...expected, ...batchLines(10)]);
  });
});

test('a damaged first record takes its series declaration along: later records of that series are named as lost, the server starts', { timeout: 120_000 }, async () => {
  await withLogi(async (start, walDir) => {
    const first = await start();
    await pushBatches(first, 0, 3);
    await first.kill();
    const [path] = segmentsIn(walDir);
    const file = readFileSync(path!);
    const at = recordOffsets(file);
    file[at[0]! + FRAME_HEADER_SIZE + 5]! ^= 0xff;
    writeFileSync(path!, file);

    const second = await start();
    assert.deepEqual(await stored(second), []);
    const log = second.stderrLines().join('\n');
    assert.ok(log.includes(`WAL segment ${path}: ${at[1]! - at[0]!} damaged bytes at offset ${at[0]} skipped (1 record lost)`), log);
    assert.equal(log.split('\n').filter((l) => l.includes('entries of series 1 (tenant fake) not replayed: the record declaring its labels was lost')).length, 2, log);
    await pushBatches(second, 3, 4);
    assert.deepEqual(await stored(second), batchLines(3));
  });
});

test('a WAL segment of an unknown version is set aside and named; the server starts and replays the others', { timeout: 120_000 }, async () => {
  await withLogi(async (start, walDir) => {
    const first = await start();
    await pushBatches(first, 0, 5);
    await first.kill();
    const second = await start(); // replays segment 1, writes segment 2
    await pushBatches(second, 5, 10);
    await second.kill();

    const [old, recent] = segmentsIn(walDir);
    assert.ok(old && recent);
    const file = readFileSync(old);
    file[4] = 9;
    writeFileSync(old, file);

    const third = await start();
    assert.deepEqual(await stored(third), [5, 6, 7, 8, 9].flatMap(batchLines));
    const log = third.stderrLines().join('\n');
    assert.ok(log.includes(`WAL segment ${old}: unsupported WAL version 9 (this build reads version 1): not replayed, moved to ${old}.unreadable`), log);
    assert.match(log, /entries 1\.\.200 of stream \{job="damage"[^}]*\} \(tenant fake\) are neither in stored chunks nor in the WAL: 200 entries lost/);
    assert.ok(existsSync(`${old}.unreadable`));
    assert.ok(!existsSync(old));

    await pushBatches(third, 10, 11);
    await third.kill();
    const fourth = await start();
    assert.deepEqual(await stored(fourth), [5, 6, 7, 8, 9, 10].flatMap(batchLines));
  });
});
