import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Positions, positionKey } from './positions.js';

test('positions survive a save and load, written through a temp file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pos-'));
  const file = join(dir, 'sub', 'positions.json');
  const p = new Positions(file);
  await p.load();
  p.set({ path: '/a.log', dev: '1', ino: '18446744073709551615', fpLen: 3, fp: 'abc', offset: 42 });
  p.setScanned('/a.log', 1234);
  await p.save();
  assert.deepEqual(readdirSync(join(dir, 'sub')), ['positions.json']);
  const q = new Positions(file);
  await q.load();
  assert.equal(q.get(positionKey('1', '18446744073709551615'))?.offset, 42);
  assert.equal(q.scannedAt('/a.log'), 1234);
  q.forgetPath('/a.log');
  await q.save();
  assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')).files, []);
});

test('a corrupt positions file is moved aside and reading starts fresh', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pos-'));
  const file = join(dir, 'positions.json');
  writeFileSync(file, '{"version":1,"files":[{"pa');
  const p = new Positions(file);
  await p.load();
  assert.equal(p.forPath('/a.log').length, 0);
  assert.equal(existsSync(file), false);
  const aside = readdirSync(dir).filter((n) => n.startsWith('positions.json.corrupt-'));
  assert.equal(aside.length, 1);
  assert.equal(readFileSync(join(dir, aside[0]!), 'utf8'), '{"version":1,"files":[{"pa');
});

/** A Promtail positions file (as Promtail writes it) naming `existing` at 123, plus a journal cursor and a file that is gone. */
function promtailPositions(dir: string, existing: string): string {
  writeFileSync(existing, 'x'.repeat(200));
  const file = join(dir, 'promtail-positions.yaml');
  writeFileSync(file, `positions:\n    ${existing}: "123"\n    ${join(dir, 'gone.log')}: "7"\n    journal-system: "s=abc;i=1"\n`);
  return file;
}

test('a Promtail positions file in its place is imported: each offset is used once, and kept until then', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pos-'));
  const app = join(dir, 'app.log');
  const file = promtailPositions(dir, app);
  const p = new Positions(file);
  const promtailText = readFileSync(file, 'utf8');
  await p.load();
  await p.save();
  assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')).promtail, { [app]: 123 });
  assert.equal(readFileSync(`${file}.promtail`, 'utf8'), promtailText);
  const q = new Positions(file);
  await q.load();
  assert.equal(q.takeImported(join(dir, 'gone.log')), undefined);
  assert.equal(q.takeImported('journal-system'), undefined);
  assert.equal(q.takeImported(app), 123);
  assert.equal(q.takeImported(app), undefined);
  await q.save();
  const r = new Positions(file);
  await r.load();
  assert.equal(r.takeImported(app), undefined);
});

test('legacy_positions_file is imported only when the agent has no positions file yet', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pos-'));
  const app = join(dir, 'app.log');
  const legacy = promtailPositions(dir, app);
  const p = new Positions(join(dir, 'positions.json'));
  await p.load([legacy]);
  assert.equal(p.takeImported(app), 123);
  await p.save();
  const q = new Positions(join(dir, 'positions.json'));
  await q.load([legacy]);
  assert.equal(q.takeImported(app), undefined);
});
