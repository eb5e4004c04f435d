import assert from 'node:assert/strict';
import { mkdtempSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Positions } from '../positions/positions.js';
import { Budget } from '../tail/budget.js';
import type { FileReader } from '../tail/file-reader.js';
import { Discovery } from './discovery.js';

test('a file written after the start but rotated away before the first look at its path is read', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'discovery-'));
  const lines: string[] = [];
  const positions = new Positions(join(dir, 'positions.json'));
  const d = new Discovery(
    { id: 's', targets: [{ labels: { __path__: join(dir, '*.log') }, syncPeriodMs: 60_000 }], tailFromEnd: false, encoding: 'utf-8', pollMs: 10, forwardTo: [] },
    { positions, budget: new Budget(1 << 20), open: new Map<string, FileReader>(), stats: { lines: 0, bytes: 0 } },
    (e) => {
      lines.push(e.line);
      e.ack.release();
    },
  );
  // old logs from before the start are not sent; the lines written since are
  writeFileSync(join(dir, 'app.log.2'), 'from before the start\n');
  const before = new Date(Date.now() - 60_000);
  utimesSync(join(dir, 'app.log.2'), before, before);
  writeFileSync(join(dir, 'app.log'), 'written after the start\n');
  renameSync(join(dir, 'app.log'), join(dir, 'app.log.1'));
  writeFileSync(join(dir, 'app.log'), 'the new file\n');
  await d.start();
  try {
    const end = Date.now() + 10_000;
    while (lines.length < 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(lines, ['written after the start', 'the new file']);
  } finally {
    await d.stop();
  }
});
