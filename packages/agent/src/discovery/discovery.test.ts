import assert from 'node:assert/strict';
import { mkdtempSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Positions } from '../positions/positions.js';
import { Budget } from '../tail/budget.js';
import type { FileReader } from '../tail/file-reader.js';
import { Discovery } from './discovery.js';

/** A discovery of `dir`/*.log (synced only when asked, after its start) and the lines it sends, each acknowledged. */
function discover(dir: string): { d: Discovery; lines: string[]; until: (n: number) => Promise<void> } {
  const lines: string[] = [];
  const d = new Discovery(
    { id: 's', targets: [{ labels: { __path__: join(dir, '*.log') }, syncPeriodMs: 600_000 }], tailFromEnd: false, encoding: 'utf-8', pollMs: 10, forwardTo: [] },
    { positions: new Positions(join(dir, 'positions.json')), budget: new Budget(1 << 20), open: new Map<string, FileReader>(), stats: { lines: 0, bytes: 0 } },
    (e) => {
      lines.push(e.line);
      e.ack.release();
    },
  );
  const until = async (n: number): Promise<void> => {
    const end = Date.now() + 10_000;
    while (lines.length < n && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200)); // anything read twice would arrive now
  };
  return { d, lines, until };
}

/** app.log.2, last written a minute ago: a rotated file from before the start, not the agent's to send. */
function rotatedBeforeTheStart(dir: string): void {
  writeFileSync(join(dir, 'app.log.2'), 'from before the start\n');
  const before = new Date(Date.now() - 60_000);
  utimesSync(join(dir, 'app.log.2'), before, before);
}

/** Syncs until every watch has ended (an unmatched watch ends at a sync once its files are finished). */
async function watchesEnded(d: Discovery): Promise<void> {
  const end = Date.now() + 10_000;
  while ([...d.watches].length > 0 && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 200));
    await d.sync();
  }
  assert.equal([...d.watches].length, 0);
}

test('a file written after the start but rotated away before the first look at its path is read', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'discovery-'));
  const { d, lines, until } = discover(dir);
  // old logs from before the start are not sent; the lines written since are
  rotatedBeforeTheStart(dir);
  writeFileSync(join(dir, 'app.log'), 'written after the start\n');
  renameSync(join(dir, 'app.log'), join(dir, 'app.log.1'));
  writeFileSync(join(dir, 'app.log'), 'the new file\n');
  await d.start();
  try {
    await until(2);
    assert.deepEqual(lines, ['written after the start', 'the new file']);
  } finally {
    await d.stop();
  }
});

test('a path that comes back after its watch ended: the files rotated from it are not read again', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'discovery-'));
  const { d, lines, until } = discover(dir);
  writeFileSync(join(dir, 'app.log'), 'one\n');
  await d.start();
  try {
    await until(1);
    renameSync(join(dir, 'app.log'), join(dir, 'app.log.1'));
    // the watch finishes the rotated file (idle for a second), then ends at a sync that no longer matches the path
    await watchesEnded(d);
    writeFileSync(join(dir, 'app.log'), 'two\n');
    await d.sync();
    await until(2);
    assert.deepEqual(lines, ['one', 'two']);
  } finally {
    await d.stop();
  }
});

test('a file created and rotated away between two directory reads of the discovery is read from its rotated name', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'discovery-'));
  const { d, lines, until } = discover(dir);
  rotatedBeforeTheStart(dir);
  await d.start(); // the first directory read: no app.log
  try {
    // synchronous, so no directory read falls between: app.log never shows under its own name
    writeFileSync(join(dir, 'app.log'), 'one\ntwo\n');
    renameSync(join(dir, 'app.log'), join(dir, 'app.log.1'));
    await d.sync();
    await until(2);
    assert.deepEqual(lines, ['one', 'two']);
    // the watch started for the rotated file ends once it is finished, and the file is not read again
    await watchesEnded(d);
    await d.sync();
    await until(2);
    assert.deepEqual(lines, ['one', 'two']);
  } finally {
    await d.stop();
  }
});
