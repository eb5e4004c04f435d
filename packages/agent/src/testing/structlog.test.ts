// What the structlog scenarios do on a machine without python3-structlog, shown with stand-in interpreters.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { requireStructlog, structlogSkip, STRUCTLOG_MISSING } from './structlog.js';

const dir = mkdtempSync(join(tmpdir(), 'logi-structlog-check-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A python3 whose `import structlog` ends with `status`, as Python's does (1 when the module is missing). */
function standInPython(name: string, status: number): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n[ "$1" = -c ] && [ "$2" = "import structlog" ] || exit 2\nexit ${status}\n`);
  chmodSync(path, 0o755);
  return path;
}

test('without structlog the scenarios skip with the install command outside CI, and fail with it in CI', () => {
  for (const python of [standInPython('no-structlog', 1), join(dir, 'no-such-python3')]) {
    assert.equal(structlogSkip(python, false), STRUCTLOG_MISSING);
    assert.equal(structlogSkip(python, true), false, 'in CI the tests run');
    assert.throws(() => requireStructlog(python), { message: STRUCTLOG_MISSING });
  }
  assert.match(STRUCTLOG_MISSING, /apt-get install python3-structlog/);
});

test('an interpreter that imports structlog runs the scenarios', () => {
  const python = standInPython('with-structlog', 0);
  assert.equal(structlogSkip(python, false), false);
  requireStructlog(python);
});
