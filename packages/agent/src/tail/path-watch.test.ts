import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, renameSync, rmSync, statSync, utimesSync, writeFileSync, copyFileSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Entry } from '../pipeline/entry.js';
import { positionKey, Positions, type FilePosition } from '../positions/positions.js';
import { Budget } from './budget.js';
import type { FileReader } from './file-reader.js';
import { fingerprintOf } from './fingerprint.js';
import { lineCodec } from './lines.js';
import { PathWatch, type WatchStep } from './path-watch.js';

interface Harness {
  dir: string;
  path: string;
  lines: string[];
  positions: Positions;
  start(opts?: { tailFromEnd?: boolean; autoAck?: boolean; budget?: Budget; beforeStep?: (step: WatchStep, file: string) => void }): PathWatch;
  held: Entry[];
  until(pred: () => boolean, what: string, ms?: number): Promise<void>;
}

const running: PathWatch[] = [];
after(() => Promise.all(running.map((w) => w.stop())));

async function harness(dir = mkdtempSync(join(tmpdir(), 'tail-'))): Promise<Harness> {
  const positions = new Positions(join(dir, 'positions.json'));
  await positions.load();
  const h: Harness = {
    dir, path: join(dir, 'app.log'), lines: [], held: [], positions,
    start(opts = {}) {
      const w = new PathWatch({
        path: h.path, labels: { filename: h.path }, codec: lineCodec('utf-8'), pollMs: 10, tailFromEnd: opts.tailFromEnd ?? false, appearedAfter: undefined,
        beforeStep: opts.beforeStep,
        forward: (e) => {
          h.lines.push(e.line);
          if (opts.autoAck === false) h.held.push(e);
          else e.ack.release();
        },
      }, { positions, budget: opts.budget ?? new Budget(1 << 20), open: new Map<string, FileReader>(), stats: { lines: 0, bytes: 0 } });
      w.start();
      running.push(w);
      return w;
    },
    async until(pred, what, ms = 5000) {
      const end = Date.now() + ms;
      while (!pred()) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}; have ${JSON.stringify(h.lines)}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
  };
  return h;
}

/** A watch that read `text` (`lines` lines) and stopped with its positions saved: where a restart begins. */
async function readThenStopped(text: string, lines: number): Promise<Harness> {
  const h = await harness();
  writeFileSync(h.path, text);
  const w = h.start();
  await h.until(() => h.lines.length === lines, 'the lines before the stop');
  await w.stop();
  await h.positions.save();
  return h;
}

test('holds a partial last line until its newline arrives', async () => {
  const h = await harness();
  writeFileSync(h.path, 'one\ntw');
  const w = h.start();
  await h.until(() => h.lines.length === 1, 'first line');
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(h.lines, ['one']);
  appendFileSync(h.path, 'o\r\nthree\n');
  await h.until(() => h.lines.length === 3, 'rest');
  assert.deepEqual(h.lines, ['one', 'two', 'three']);
  await w.stop();
});

test('rename-and-create rotation: the rest of the old file first, then the new one', async () => {
  const h = await harness();
  writeFileSync(h.path, 'a1\n');
  const w = h.start();
  await h.until(() => h.lines.length === 1, 'a1');
  appendFileSync(h.path, 'a2\n');
  renameSync(h.path, h.path + '.1');
  appendFileSync(h.path + '.1', 'a3\n'); // a writer that has not reopened yet
  writeFileSync(h.path, 'b1\n');
  await h.until(() => h.lines.length === 4, 'all lines');
  assert.deepEqual(h.lines, ['a1', 'a2', 'a3', 'b1']);
  await w.stop();
});

test('copytruncate: lines past the last read come from the copy, then the file starts over', async () => {
  const h = await harness();
  writeFileSync(h.path, 'first line of the file\n');
  const w = h.start({ autoAck: true });
  await h.until(() => h.lines.length === 1, 'first');
  await w.stop(); // stand still while we write and rotate, as if the agent were slow
  appendFileSync(h.path, 'written before the copy\n');
  const again = h.start();
  await h.until(() => h.lines.length === 2, 'second');
  await again.stop();
  appendFileSync(h.path, 'only in the copy\n');
  copyFileSync(h.path, h.path + '.1');
  truncateSync(h.path, 0);
  appendFileSync(h.path, 'new\n');
  const third = h.start();
  await h.until(() => h.lines.length === 4, 'copy and new');
  assert.deepEqual(h.lines, ['first line of the file', 'written before the copy', 'only in the copy', 'new']);
  await third.stop();
});

test('survives the file being deleted while read, and picks up a new file at the path', async () => {
  const h = await harness();
  writeFileSync(h.path, 'x1\n');
  const w = h.start();
  await h.until(() => h.lines.length === 1, 'x1');
  rmSync(h.path);
  await new Promise((r) => setTimeout(r, 50));
  writeFileSync(h.path, 'y1\n');
  await h.until(() => h.lines.length === 2, 'y1');
  assert.deepEqual(h.lines, ['x1', 'y1']);
  await w.stop();
});

test('positions only cover acknowledged lines; a restart resumes there and finishes a file rotated meanwhile', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tail-'));
  const h = await harness(dir);
  writeFileSync(h.path, 'l1\nl2\n');
  const w = h.start({ autoAck: false });
  await h.until(() => h.lines.length === 2, 'two lines');
  h.held[0]!.ack.release();
  assert.equal(h.positions.forPath(h.path)[0]!.offset, 0); // one read holds both lines: nothing is committed until both are acknowledged
  h.held[1]!.ack.release();
  assert.equal(h.positions.forPath(h.path)[0]!.offset, 6);
  await w.stop();
  await h.positions.save();
  // rotate while the agent is down, then write more
  appendFileSync(h.path, 'l3\n');
  renameSync(h.path, h.path + '.1');
  writeFileSync(h.path, 'm1\n');
  const h2 = await harness(dir);
  const w2 = h2.start();
  await h2.until(() => h2.lines.length === 2, 'after restart');
  assert.deepEqual(h2.lines, ['l3', 'm1']);
  await w2.stop();
});

test('unacknowledged lines are read again after a restart', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tail-'));
  const h = await harness(dir);
  writeFileSync(h.path, 'p1\n');
  const w = h.start({ autoAck: false });
  await h.until(() => h.lines.length === 1, 'p1');
  await w.stop();
  await h.positions.save();
  const h2 = await harness(dir);
  const w2 = h2.start();
  await h2.until(() => h2.lines.length === 1, 'p1 again');
  assert.deepEqual(h2.lines, ['p1']);
  await w2.stop();
});

test('a file deleted while the agent was down before all of it was sent is reported, with how much', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tail-'));
  const h = await harness(dir);
  writeFileSync(h.path, 'q1\nq2\n');
  const w = h.start({ autoAck: false });
  await h.until(() => h.lines.length === 2, 'q1 and q2 read');
  h.held[0]!.ack.release();
  await w.stop();
  await h.positions.save();
  // the server never acknowledged q2; the file is deleted and replaced while the agent is down (the new
  // file made first, so that it cannot take the old one's inode)
  writeFileSync(`${h.path}.new`, 'n1\n');
  rmSync(h.path);
  renameSync(`${h.path}.new`, h.path);
  const logged: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) => { logged.push(String(chunk)); return true; }) as typeof process.stderr.write;
  try {
    const h2 = await harness(dir);
    const w2 = h2.start();
    await h2.until(() => h2.lines.length === 1, 'n1');
    assert.deepEqual(h2.lines, ['n1']);
    await w2.stop();
  } finally {
    process.stderr.write = write;
  }
  const warning = logged.filter((l) => l.includes('deleted before all of it was sent'));
  assert.equal(warning.length, 1, logged.join(''));
  assert.match(warning[0]!, new RegExp(`level=warn msg="a file was deleted before all of it was sent; its unsent lines are lost" path=${h.path.replace(/[/.]/g, '\\$&')} dev=\\d+ ino=\\d+ sent_up_to=0 size_seen=6 bytes_lost_at_least=6`));
});

test('a new file reusing a known inode is read from the start; tail_from_end skips old content', async () => {
  const h = await readThenStopped('old content that was read\n', 1);
  // simulate inode reuse: same inode, different first bytes, longer than the saved offset
  writeFileSync(h.path, 'brand new file, different start, and longer than before\n');
  const h2 = await harness(h.dir);
  const w2 = h2.start();
  await h2.until(() => h2.lines.length === 1, 'new');
  assert.deepEqual(h2.lines, ['brand new file, different start, and longer than before']);
  await w2.stop();
  const h3 = await harness();
  writeFileSync(h3.path, 'before start\n');
  const w3 = h3.start({ tailFromEnd: true });
  await new Promise((r) => setTimeout(r, 50));
  appendFileSync(h3.path, 'after start\n');
  await h3.until(() => h3.lines.length === 1, 'after');
  assert.deepEqual(h3.lines, ['after start']);
  await w3.stop();
});

test('copytruncate while running: the copy supplies the unread lines', async () => {
  const h = await harness();
  writeFileSync(h.path, 'a fairly long first line so the fingerprint has bytes\n');
  const w = h.start();
  await h.until(() => h.lines.length === 1, 'first');
  // synchronous: the watch cannot read between these steps
  appendFileSync(h.path, 'unread before the copy\n');
  copyFileSync(h.path, h.path + '.1');
  truncateSync(h.path, 0);
  appendFileSync(h.path, 'after\n');
  await h.until(() => h.lines.length === 3, 'copy and new');
  assert.deepEqual(h.lines, ['a fairly long first line so the fingerprint has bytes', 'unread before the copy', 'after']);
  await w.stop();
});

test('compressed rotated files are not read again after a restart', async () => {
  const h = await readThenStopped('c1\n', 1);
  renameSync(h.path, h.path + '.1');
  writeFileSync(h.path + '.2.gz', Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 10, 10, 10])); // gzip bytes with newlines
  writeFileSync(h.path + '.3', Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), Buffer.from('\nlooks like lines\n')])); // compressed, no extension
  writeFileSync(h.path, 'c2\n');
  const h2 = await harness(h.dir);
  const w2 = h2.start();
  await h2.until(() => h2.lines.length === 1, 'c2');
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(h2.lines, ['c2']);
  await w2.stop();
});

test('copytruncate then rename before the watch looks: the copy continues after what was read, not after what was acknowledged', async () => {
  const h = await harness();
  writeFileSync(h.path, 'a long enough first line for a fingerprint\nsecond\n');
  const w = h.start({ autoAck: false });
  await h.until(() => h.lines.length === 2, 'both lines read');
  // synchronous, so the watch sees only the end state, with both lines still in flight
  copyFileSync(h.path, h.path + '.1');
  truncateSync(h.path, 0);
  renameSync(h.path + '.1', h.path + '.2');
  renameSync(h.path, h.path + '.1');
  writeFileSync(h.path, 'next file\n');
  await h.until(() => h.lines.includes('next file'), 'the new file');
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(h.lines, ['a long enough first line for a fingerprint', 'second', 'next file']);
  for (const e of h.held) e.ack.release();
  await w.stop();
});

/**
 * A copytruncate while the agent is down whose copy gets the inode of a file read and deleted before, whose position
 * (`saved`) is still in the positions file: the agent restarted reads the copy from where its original stood.
 */
async function copyOnStaleInode(saved: (copy: { path: string; dev: string; ino: string }) => FilePosition): Promise<void> {
  const h = await readThenStopped('a long enough first line for a fingerprint\nsecond\n', 2);
  appendFileSync(h.path, 'third, before the copy\n');
  copyFileSync(h.path, h.path + '.1');
  truncateSync(h.path, 0);
  appendFileSync(h.path, 'after the truncation\n');
  const copy = statSync(h.path + '.1', { bigint: true });
  h.positions.set(saved({ path: h.path, dev: String(copy.dev), ino: String(copy.ino) }));
  await h.positions.save();
  const h2 = await harness(h.dir);
  const w2 = h2.start();
  await expectLines(h2, ['third, before the copy', 'after the truncation']);
  await w2.stop();
}

test('a copy on the inode of a deleted file (a stale position) still continues where its original stood', () =>
  copyOnStaleInode(({ path, dev, ino }) => ({ path, dev, ino, fpLen: 10, fp: 'an earlier file', offset: 3, size: 3 })));

test('a copy on the inode of a deleted file saved before anything of it was read still continues where its original stood', () => {
  // the inode held an empty copy before (a copytruncate of an empty file): its position has no fingerprint
  const empty = fingerprintOf(Buffer.alloc(0));
  return copyOnStaleInode(({ path, dev, ino }) => ({ path, dev, ino, fpLen: empty.len, fp: empty.hash, offset: 0, size: 0 }));
});

test('copytruncate, new lines, then rename before the watch looks: the new lines are read too', async () => {
  const h = await harness();
  writeFileSync(h.path, 'a long enough first line for a fingerprint\nsecond\n');
  const w = h.start();
  await h.until(() => h.lines.length === 2, 'both lines read');
  // synchronous, so the watch sees only the end state: the file it read is shorter and renamed away
  copyFileSync(h.path, h.path + '.1');
  truncateSync(h.path, 0);
  appendFileSync(h.path, 'after the copy\n');
  renameSync(h.path + '.1', h.path + '.2');
  renameSync(h.path, h.path + '.1');
  writeFileSync(h.path, 'next file\n');
  await h.until(() => h.lines.includes('next file'), 'the new file');
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(h.lines, ['a long enough first line for a fingerprint', 'second', 'after the copy', 'next file']);
  await w.stop();
});

/**
 * A file opened while reading is paused (the read-ahead budget full of unacknowledged lines), then
 * copytruncated before its first read, then `after` appended: every line arrives once.
 */
async function copytruncateBeforeFirstRead(after: string[]): Promise<void> {
  const h = await harness();
  const first = Array.from({ length: 40 }, (_, i) => `${i} ${'x'.repeat(1000)}`);
  writeFileSync(h.path, first.map((l) => `${l}\n`).join(''));
  const budget = new Budget(16 * 1024);
  const w = h.start({ autoAck: false, budget });
  await h.until(() => budget.full, 'reading paused by the full read-ahead budget');
  renameSync(h.path, h.path + '.1');
  writeFileSync(h.path, 'before the copy\n');
  const st = statSync(h.path, { bigint: true });
  await h.until(() => h.positions.get(positionKey(st.dev, st.ino)) !== undefined, 'the new file opened');
  renameSync(h.path + '.1', h.path + '.2');
  copyFileSync(h.path, h.path + '.1');
  truncateSync(h.path, 0);
  for (const l of after) appendFileSync(h.path, `${l}\n`);
  const last = after.at(-1) ?? 'before the copy';
  await h.until(() => {
    for (const e of h.held.splice(0)) e.ack.release();
    return h.lines.includes(last);
  }, `"${last}"`);
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(h.lines, [...first, 'before the copy', ...after]);
  for (const e of h.held.splice(0)) e.ack.release();
  await w.stop();
}

test('copytruncate of a file opened but not read yet (reading paused): its copy is read, then the new lines', () =>
  copytruncateBeforeFirstRead(['after the copy']));

test('copytruncate of a file opened but not read yet, nothing written since: its copy is read', () => copytruncateBeforeFirstRead([]));

test('a copy that turns up only after the truncation was seen continues where reading stood', async () => {
  const h = await harness();
  const content = 'a long enough first line for a fingerprint\nsecond\n';
  writeFileSync(h.path, content);
  const w = h.start();
  await h.until(() => h.lines.length === 2, 'both lines read');
  const st = statSync(h.path, { bigint: true });
  truncateSync(h.path, 0); // as if the copy were being renamed while the watch looked for it
  await h.until(() => h.positions.get(positionKey(st.dev, st.ino))?.offset === 0, 'the truncation seen');
  writeFileSync(h.path + '.1', content);
  renameSync(h.path, h.path + '.2');
  writeFileSync(h.path, 'next file\n');
  await h.until(() => h.lines.includes('next file'), 'the new file');
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(h.lines, ['a long enough first line for a fingerprint', 'second', 'next file']);
  await w.stop();
});

test('rename rotations racing every look at the path: each file is read once, under its own identity', async () => {
  const h = await harness();
  let looked = false;
  const w = h.start({ beforeStep: (s) => void (s !== 'look' && (looked = true)) }); // past the first stat of the path
  // files rotated away before the watch first looked at the path are not its to read
  await h.until(() => looked, 'the first look at the path');
  const written: string[] = [];
  const turn = (): Promise<void> => new Promise((r) => setImmediate(r));
  // each rotation lands between two steps of the watch (its stat, its listing of siblings, its open),
  // so a file replaced at the path after the watch looked at it is opened in its place now and then
  for (let i = 0; i < 400; i++) {
    const lines = [`file ${i} line 1`, `file ${i} line 2`];
    written.push(...lines);
    writeFileSync(h.path, lines.join('\n') + '\n');
    for (let t = i % 5; t > 0; t--) await turn();
    renameSync(h.path, `${h.path}.${i}`);
    await turn();
  }
  // rotated files are looked for when a new file appears at the path
  written.push('last file');
  writeFileSync(h.path, 'last file\n');
  await h.until(() => h.lines.length >= written.length, 'every line', 60_000);
  await new Promise((r) => setTimeout(r, 200)); // duplicates would arrive now
  assert.deepEqual(h.lines.slice().sort(), written.slice().sort());
  await w.stop();
});

/** Lines as a file's content. */
const text = (lines: readonly string[]): string => lines.map((l) => `${l}\n`).join('');
const batch = (name: string): string[] => Array.from({ length: 3 }, (_, i) => `${name} line ${i}, long enough to tell the files apart`);

/** Copytruncate as logrotate does it, keeping `backups` copies: app.log.1 becomes app.log.2, and so on. */
function copytruncate(path: string, backups = 3): void {
  for (let i = backups - 1; i >= 1; i--) if (statSync(`${path}.${i}`, { throwIfNoEntry: false })) renameSync(`${path}.${i}`, `${path}.${i + 1}`);
  copyFileSync(path, `${path}.1`);
  truncateSync(path, 0);
}

/**
 * A watch that read `first` and then saw its file copytruncated (restarted at 0, nothing of the
 * emptied file read yet); `step` (once armed) runs file operations before chosen steps of the watch.
 */
async function afterFirstCopytruncate(step?: (s: WatchStep, file: string) => void): Promise<{ h: Harness; first: string[]; w: PathWatch; arm(): void }> {
  const h = await harness();
  const first = batch('first');
  writeFileSync(h.path, text(first));
  let armed = false;
  const w = h.start({ beforeStep: (s, file) => armed && step?.(s, file) });
  await h.until(() => h.lines.length === first.length, 'the first lines');
  const st = statSync(h.path, { bigint: true });
  copytruncate(h.path);
  await h.until(() => h.positions.get(positionKey(st.dev, st.ino))?.offset === 0, 'the truncation seen');
  return { h, first, w, arm: () => (armed = true) };
}

/** Waits for `last`, then lets duplicates arrive, and compares. */
async function expectLines(h: Harness, expected: string[]): Promise<void> {
  await h.until(() => h.lines.includes(expected.at(-1)!), `"${expected.at(-1)}"`);
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(h.lines, expected);
}

/** A watch that read the first lines of the file at the path. */
async function afterFirstLines(): Promise<{ h: Harness; first: string[]; w: PathWatch }> {
  const h = await harness();
  const first = batch('first');
  writeFileSync(h.path, text(first));
  const w = h.start();
  await h.until(() => h.lines.length === first.length, 'the first lines');
  return { h, first, w };
}

test('copytruncates followed by writes of as many bytes as were read: noticed though the file did not grow, every copy read', async () => {
  const { h, first, w } = await afterFirstLines();
  // synchronous: the watch sees only the end state, a file of the size it read but other content
  const second = batch('secnd');
  const third = batch('third');
  copytruncate(h.path);
  appendFileSync(h.path, text(second));
  copytruncate(h.path);
  appendFileSync(h.path, text(third));
  assert.equal(statSync(h.path).size, Buffer.byteLength(text(first)));
  await expectLines(h, [...first, ...second, ...third]);
  await w.stop();
});

test('a second copytruncate before anything of the emptied file was read: its copy is read, then the file', async () => {
  const { h, first } = await afterFirstCopytruncate();
  // synchronous: the watch sees only the end state
  const second = batch('second');
  const third = batch('third');
  appendFileSync(h.path, text(second));
  copytruncate(h.path);
  appendFileSync(h.path, text(third));
  await expectLines(h, [...first, ...second, ...third]);
});

test('a second copytruncate before anything of the emptied file was read, the file left empty: its copy is read', async () => {
  const { h, first } = await afterFirstCopytruncate();
  const second = batch('second');
  appendFileSync(h.path, text(second));
  copytruncate(h.path);
  await expectLines(h, [...first, ...second]);
});

test('a second copytruncate before anything of the emptied file was read, then the file deleted: its copy is read', async () => {
  const { h, first } = await afterFirstCopytruncate();
  const second = batch('second');
  appendFileSync(h.path, text(second));
  copytruncate(h.path);
  rmSync(h.path);
  await expectLines(h, [...first, ...second]);
});

/**
 * After a first copytruncate the file gets `second`; at the first step of the watch on the file that `at`
 * picks (with the steps seen before it), it is copytruncated again and gets `third`: every line arrives once.
 */
async function secondCopytruncateAt(at: (step: WatchStep, before: readonly WatchStep[]) => boolean): Promise<void> {
  const second = batch('second');
  const third = batch('third');
  const before: WatchStep[] = [];
  let done = false;
  const { h, first, arm } = await afterFirstCopytruncate((s, file) => {
    if (done || file !== h.path) return;
    if (!at(s, before)) return void before.push(s);
    done = true;
    copytruncate(h.path);
    appendFileSync(h.path, text(third));
  });
  appendFileSync(h.path, text(second));
  arm();
  await expectLines(h, [...first, ...second, ...third]);
}

test('a copytruncate between the watch listing the copies and looking at the emptied file: the copy is read', () =>
  secondCopytruncateAt((s, before) => s === 'peek' && before.includes('list')));

test('a copytruncate between the watch looking at the emptied file and reading it: the read takes nothing, the copy is read first', () =>
  secondCopytruncateAt((s) => s === 'read'));

test('a copy not truncated yet when the watch first reads the emptied file is not read as well', async () => {
  const { h, first } = await afterFirstCopytruncate();
  const second = batch('second');
  appendFileSync(h.path, text(second));
  // copied, not truncated: the watch reads the file itself
  renameSync(`${h.path}.1`, `${h.path}.2`);
  copyFileSync(h.path, `${h.path}.1`);
  await h.until(() => h.lines.length === first.length + second.length, 'the second lines');
  truncateSync(h.path, 0);
  const third = batch('third');
  appendFileSync(h.path, text(third));
  await expectLines(h, [...first, ...second, ...third]);
});

test('a new file at the path copytruncated between the watch listing the rotated files and opening it: its copy is read', async () => {
  const h = await harness();
  const first = batch('first');
  writeFileSync(h.path, text(first));
  const second = batch('second');
  const third = batch('third');
  let armed = false;
  const w = h.start({
    beforeStep: (s) => {
      if (s !== 'peek' || !armed) return;
      armed = false;
      // dateext naming: no rename among the siblings, which would make the watch list them again
      copyFileSync(h.path, `${h.path}-20261207`);
      truncateSync(h.path, 0);
      appendFileSync(h.path, text(third));
    },
  });
  await h.until(() => h.lines.length === first.length, 'the first lines');
  renameSync(h.path, `${h.path}.1`);
  writeFileSync(h.path, text(second));
  armed = true;
  await expectLines(h, [...first, ...second, ...third]);
  await w.stop();
});

/**
 * The path left without a file (renamed away, none created), then a new file written there, copytruncated at
 * the watch's `k`th step after it appeared and written again: the sequence whose copy seed 75729 of the rotation
 * model lost. Returns whether any line of the new file had been read before the copytruncate.
 */
async function copytruncateOfANewFileAtStep(k: number): Promise<boolean> {
  const h = await harness();
  const first = batch('first');
  const second = batch('second');
  const third = batch('third');
  writeFileSync(h.path, text(first));
  let goneLooks = 0;
  let steps = -1; // counted once the new file is there
  let readBefore = false;
  const w = h.start({
    beforeStep: (s) => {
      if (s === 'list' && !statSync(h.path, { throwIfNoEntry: false })) goneLooks++;
      if (steps < 0 || steps++ !== k) return;
      readBefore = h.lines.includes(second[0]!);
      copytruncate(h.path);
      appendFileSync(h.path, text(third));
    },
  });
  await h.until(() => h.lines.length === first.length, 'the first lines');
  renameSync(h.path, `${h.path}.1`);
  await h.until(() => goneLooks > 0, 'a look at the path without a file');
  appendFileSync(h.path, text(second));
  steps = 0;
  await h.until(() => steps > k, `step ${k}`);
  await expectLines(h, [...first, ...second, ...third]);
  await w.stop();
  return readBefore;
}

test('a new file at a path left without one, copytruncated before its first read (at each step of the watch), then written again: every line once', async () => {
  // the last k is the first at which the file had been read before the copytruncate
  for (let k = 0, readBefore = false; !readBefore; k++) readBefore = await copytruncateOfANewFileAtStep(k);
});

test('a new file at the path with a copy not truncated yet: its lines are read once', async () => {
  const { h, first, w } = await afterFirstLines();
  const second = batch('second');
  renameSync(h.path, `${h.path}.1`);
  writeFileSync(h.path, text(second));
  renameSync(`${h.path}.1`, `${h.path}.2`);
  copyFileSync(h.path, `${h.path}.1`);
  await h.until(() => h.lines.length >= first.length + second.length, 'the second lines');
  truncateSync(h.path, 0);
  const third = batch('third');
  appendFileSync(h.path, text(third));
  await expectLines(h, [...first, ...second, ...third]);
  await w.stop();
});

test('a copytruncate after the watch looked at the emptied file, its copy deleted before the read: the loss is logged', async () => {
  const warnings: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    if (String(chunk).includes('level=warn')) warnings.push(String(chunk));
    return write(chunk, ...rest);
  }) as typeof process.stderr.write;
  try {
    const third = batch('third');
    let done = false;
    const { h, first, arm } = await afterFirstCopytruncate((s, file) => {
      if (s !== 'read' || file !== h.path || done) return;
      done = true;
      copytruncate(h.path);
      rmSync(`${h.path}.1`); // no rotation would keep it: nothing anywhere holds the second lines now
      appendFileSync(h.path, text(third));
    });
    appendFileSync(h.path, text(batch('second')));
    arm();
    await expectLines(h, [...first, ...third]);
    assert.ok(warnings.some((w) => w.includes('no copy of it found') && w.includes('bytes_lost_at_least=')), warnings.join(''));
  } finally {
    process.stderr.write = write;
  }
});

test('an emptied file left empty is not listed for on every poll, and a copytruncate after that quiet spell is still found', async () => {
  let lists = 0;
  const { h, first, arm } = await afterFirstCopytruncate((s) => void (s === 'list' && lists++));
  arm();
  // the directory unchanged for longer than the clock's coarseness: the watch stops looking for copies
  const dir = h.dir;
  await h.until(() => statSync(dir).mtimeMs < Date.now() - 2500, 'a directory unchanged for 2.5 s', 10_000);
  const quiet = lists;
  await new Promise((r) => setTimeout(r, 300)); // some 30 polls of 10 ms
  assert.equal(lists, quiet);
  const second = batch('second');
  appendFileSync(h.path, text(second));
  copytruncate(h.path);
  await expectLines(h, [...first, ...second]);
});

test('a file created and renamed away between two looks at a path left without a file: its lines are read', async () => {
  const h = await harness();
  const first = batch('first');
  writeFileSync(h.path, text(first));
  let goneLooks = 0;
  const w = h.start({ beforeStep: (s) => void (s === 'list' && !statSync(h.path, { throwIfNoEntry: false }) && goneLooks++) });
  await h.until(() => h.lines.length === first.length, 'the first lines');
  renameSync(h.path, `${h.path}.1`);
  await h.until(() => goneLooks > 0, 'a look at the path without a file');
  // synchronous: the watch never sees the second file at the path
  const second = batch('second');
  writeFileSync(h.path, text(second));
  renameSync(`${h.path}.1`, `${h.path}.2`);
  renameSync(h.path, `${h.path}.1`);
  await expectLines(h, [...first, ...second]);
  await w.stop();
});

test('a path first looked at without a file: files that turn up there later are read from their start, tail_from_end or not', async () => {
  const h = await harness();
  const old = batch('old');
  writeFileSync(`${h.path}.1`, text(old)); // rotated before the agent: not ours to send
  const before = new Date(Date.now() - 60_000);
  utimesSync(`${h.path}.1`, before, before);
  let looks = 0;
  const w = h.start({ tailFromEnd: true, beforeStep: (s) => void (s === 'list' && looks++) });
  // the second look began: the first one, which found the path gone, is over
  await h.until(() => looks >= 2, 'two looks at the path without a file');
  // synchronous: a file created and rotated away before the next look
  const first = batch('first');
  writeFileSync(h.path, text(first));
  renameSync(`${h.path}.1`, `${h.path}.2`);
  renameSync(h.path, `${h.path}.1`);
  await expectLines(h, first);
  const second = batch('second');
  writeFileSync(h.path, text(second));
  await expectLines(h, [...first, ...second]);
  await w.stop();
});
