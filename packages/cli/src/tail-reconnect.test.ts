import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { logiOn, type LogiProcess } from '../../server/dist/testing/logi-process.js';
import { pushNow, startCli, waitForText } from './testing/run-cli.js';

test('query --tail connects again after the server restarts, without printing an entry twice', { timeout: 240_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'logi-cli-tail-'));
  const start = await logiOn({ pathPrefix: join(dir, 'data'), other: dir });
  let logi: LogiProcess = await start();
  const cli = startCli(['query', '--addr', logi.base, '--tail', '--since', '10m', '-o', 'raw', '{job="live"}']);
  try {
    await pushNow(logi.base, 'live', 'before the restart');
    await waitForText(cli.stdout, 'before the restart\n');
    await logi.kill();
    await waitForText(cli.stderr, 'Remote websocket connection closed unexpectedly. Connecting again.\n');
    logi = await start();
    await pushNow(logi.base, 'live', 'after the restart');
    await waitForText(cli.stdout, 'after the restart\n');
  } finally {
    cli.child.kill('SIGINT');
    await logi.kill();
    rmSync(dir, { recursive: true, force: true });
  }
  assert.equal(await cli.closed, 0);
  assert.equal(cli.stdout(), 'before the restart\nafter the restart\n');
});
