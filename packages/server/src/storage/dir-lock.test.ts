// The data directory lock: refused while another live process holds it, taken over when its owner is gone
// or the pid now belongs to another process, and released only by its owner.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DataDirLockedError, LOCK_FILE, lockDataDir } from './dir-lock.js';

const procStart = (pid: number): string => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
};

test('a live owner keeps the directory; a dead one, a reused pid or a broken file does not', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'logi-lock-'));
  const sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
  await new Promise((r) => sleeper.once('spawn', r));
  const lockPath = join(dir, LOCK_FILE);
  const writeOwner = (pid: number, start: string, host = hostname()): void => writeFileSync(lockPath, JSON.stringify({ pid, start, host }));
  try {
    const pid = sleeper.pid!;
    writeOwner(pid, procStart(pid));
    assert.throws(() => lockDataDir(dir), (e: unknown) => e instanceof DataDirLockedError &&
      e.message === `the data directory ${dir} is in use by another logi serve (pid ${pid}); stop it first, or give this one another directory with -common.path-prefix=DIR`);
    writeOwner(pid, procStart(pid), 'elsewhere');
    assert.throws(() => lockDataDir(dir), /in use by another logi serve \(pid \d+ on host elsewhere\)/);

    // the same pid started at another time: a reused pid, the owner is gone
    writeOwner(pid, '1');
    lockDataDir(dir).release();
    assert.equal(existsSync(lockPath), false);

    sleeper.kill('SIGKILL');
    await new Promise((r) => sleeper.once('exit', r));
    writeOwner(pid, procStart(process.pid));
    const held = lockDataDir(dir);
    assert.equal(JSON.parse(readFileSync(lockPath, 'utf8')).pid, process.pid);

    // a release by a process that no longer owns the lock leaves the new owner's file alone
    writeOwner(1, procStart(1));
    held.release();
    assert.equal(existsSync(lockPath), true);

    writeFileSync(lockPath, '{"pi');
    lockDataDir(dir).release();
    assert.equal(existsSync(lockPath), false);

    // a killed owner its parent has not collected yet (a zombie) is gone too
    const parent = spawn('sh', ['-c', 'sleep 0 & exec sleep 60'], { stdio: 'ignore' });
    try {
      let zombie: number | undefined;
      for (let i = 0; i < 100 && zombie === undefined; i++) {
        await new Promise((r) => setTimeout(r, 20));
        const kids = readFileSync(`/proc/${parent.pid}/task/${parent.pid}/children`, 'utf8').trim();
        if (kids !== '' && readFileSync(`/proc/${kids}/stat`, 'utf8').includes(') Z ')) zombie = Number(kids);
      }
      assert.ok(zombie !== undefined, 'a zombie to test with');
      writeOwner(zombie, procStart(zombie));
      lockDataDir(dir).release();
    } finally {
      parent.kill('SIGKILL');
    }
  } finally {
    sleeper.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
