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
  p.load();
  p.set({ path: '/a.log', dev: '1', ino: '18446744073709551615', fpLen: 3, fp: 'abc', offset: 42 });
  p.setScanned('/a.log', 1234);
  await p.save();
  assert.deepEqual(readdirSync(join(dir, 'sub')), ['positions.json']);
  const q = new Positions(file);
  q.load();
  assert.equal(q.get(positionKey('1', '18446744073709551615'))?.offset, 42);
  assert.equal(q.scannedAt('/a.log'), 1234);
  q.forgetPath('/a.log');
  await q.save();
  assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')).files, []);
});

test('a corrupt positions file is moved aside and reading starts fresh', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pos-'));
  const file = join(dir, 'positions.json');
  writeFileSync(file, '{"version":1,"files":[{"pa');
  const p = new Positions(file);
  p.load();
  assert.equal(p.forPath('/a.log').length, 0);
  assert.equal(existsSync(file), false);
  const aside = readdirSync(dir).filter((n) => n.startsWith('positions.json.corrupt-'));
  assert.equal(aside.length, 1);
  assert.equal(readFileSync(join(dir, aside[0]!), 'utf8'), '{"version":1,"files":[{"pa');
});
