import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { logiOn, type LogiProcess } from '../../server/dist/testing/logi-process.js';
import { spawnCli } from './testing/run-cli.js';

async function push(base: string, line: string): Promise<void> {
  const values = [[String(BigInt(Date.now()) * 1_000_000n), line]];
  const r = await fetch(`${base}/loki/api/v1/push`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ streams: [{ stream: { job: 'live' }, values }] }),
  });
  assert.equal(r.status, 204, await r.text());
}

async function waitFor(read: () => string, text: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (!read().includes(text)) {
    if (Date.now() > deadline) assert.fail(`no ${JSON.stringify(text)} in ${JSON.stringify(read())}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('query --tail connects again after the server restarts, without printing an entry twice', { timeout: 240_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'logi-cli-tail-'));
  const start = await logiOn({ pathPrefix: join(dir, 'data'), other: dir });
  let logi: LogiProcess = await start();
  const child = spawnCli(['query', '--addr', logi.base, '--tail', '--since', '10m', '-o', 'raw', '{job="live"}']);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  const closed = once(child, 'close');
  try {
    await push(logi.base, 'before the restart');
    await waitFor(() => stdout, 'before the restart\n');
    await logi.kill();
    await waitFor(() => stderr, 'Remote websocket connection closed unexpectedly. Connecting again.\n');
    logi = await start();
    await push(logi.base, 'after the restart');
    await waitFor(() => stdout, 'after the restart\n');
  } finally {
    child.kill('SIGINT');
    const [code] = await closed;
    await logi.kill();
    rmSync(dir, { recursive: true, force: true });
    assert.equal(code, 0);
  }
  assert.equal(stdout, 'before the restart\nafter the restart\n');
});
