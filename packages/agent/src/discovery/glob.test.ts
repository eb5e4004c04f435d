import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { expandPath } from './glob.js';

/** A folder holding `names` (paths relative to it; folders made as needed). */
function folder(names: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'glob-'));
  for (const n of names) {
    mkdirSync(join(dir, n, '..'), { recursive: true });
    writeFileSync(join(dir, n), '');
  }
  return dir;
}

test('a glob matches files at any depth with **, minus __path_exclude__ and compressed files', async () => {
  const dir = folder(['app.log', 'app.log.1', 'old.log.gz', 'notes.txt', 'a/b/deep.log', 'a/skip.log']);
  const { matched } = await expandPath(join(dir, '**/*.log'), join(dir, 'a/skip.log'));
  assert.deepEqual(matched, [join(dir, 'a/b/deep.log'), join(dir, 'app.log')]);
});

test('a path without glob characters is returned before its file exists', async () => {
  const dir = folder([]);
  assert.deepEqual(await expandPath(join(dir, 'app.log'), undefined), { matched: [join(dir, 'app.log')], rotatedFrom: new Map() });
});

test('rotated files of a path the glob matches but the folder read did not show are given by that path', async () => {
  const dir = folder(['app.log.1', 'app.log-20240101', 'app.log.2.gz', 'web.log', 'web.log.1', 'a/api.log_old', 'skip.log.1', 'x.txt.1']);
  const { matched, rotatedFrom } = await expandPath(join(dir, '**/*.log'), join(dir, 'skip.log'));
  assert.deepEqual(matched, [join(dir, 'web.log')]);
  // web.log is there (its watch finds web.log.1), skip.log is excluded, x.txt is not matched, compressed files are never read
  assert.deepEqual(rotatedFrom, new Map([
    [join(dir, 'a/api.log'), [join(dir, 'a/api.log_old')]],
    [join(dir, 'app.log'), [join(dir, 'app.log-20240101'), join(dir, 'app.log.1')]],
  ]));
});

test('a relative glob is taken from the working directory', async () => {
  const dir = folder(['app.log', 'app.log.1', 'gone.log.1']);
  const { matched, rotatedFrom } = await expandPath(join(relative(process.cwd(), dir), '*.log'), undefined);
  assert.deepEqual(matched, [join(dir, 'app.log')]);
  assert.deepEqual([...rotatedFrom.keys()], [join(dir, 'gone.log')]);
});
