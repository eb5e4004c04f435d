// What the structlog scenarios do on a machine without python3-structlog, shown with interpreters that lack it.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { requireStructlog, structlogSkip, STRUCTLOG_MISSING } from './structlog.js';

test('without structlog the scenarios skip with the install command outside CI, and fail with it in CI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'logi-no-structlog-'));
  try {
    // A python3 whose `import structlog` fails the way Python's does: exit status 1.
    const noModule = join(dir, 'python3');
    writeFileSync(noModule, '#!/bin/sh\necho "ModuleNotFoundError: No module named \'structlog\'" >&2\nexit 1\n');
    chmodSync(noModule, 0o755);
    for (const python of [noModule, join(dir, 'absent-python3')]) {
      assert.equal(structlogSkip(python, false), STRUCTLOG_MISSING);
      assert.equal(structlogSkip(python, true), false, 'in CI the tests run');
      assert.throws(() => requireStructlog(python), { message: STRUCTLOG_MISSING });
    }
    assert.match(STRUCTLOG_MISSING, /apt-get install python3-structlog/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an interpreter that imports structlog runs the scenarios', () => {
  const dir = mkdtempSync(join(tmpdir(), 'logi-structlog-'));
  try {
    const withModule = join(dir, 'python3');
    writeFileSync(withModule, '#!/bin/sh\nexit 0\n');
    chmodSync(withModule, 0o755);
    assert.equal(structlogSkip(withModule, false), false);
    requireStructlog(withModule);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
