// Delete requests removed from storage by the compactor of a real `logi serve`: once the cancel period is over,
// the lines a request matches are rewritten out of the stored chunks (the request lists as processed), so
// they stay gone even without the request's query-time filter; every other line stays, in the same order. The
// old chunk object outlives the rewrite (queries may be reading it) until a start finds its replacement.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, linesOf, pushLines, startLogi, type LogiProcess } from '../testing/logi-process.js';

const YAML = `auth_enabled: false
limits_config:
  max_entries_limit_per_query: 100000
compactor:
  retention_enabled: true
  compaction_interval: 1s
  delete_request_cancel_period: 1s
`;

test('a delete request is applied to storage after its cancel period; its lines stay gone without the filter', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'logi-delete-apply-'));
  const port = await freePort();
  const t0 = BigInt(Date.now() - 3600_000) * 1_000_000n;
  const lines = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? `user=${i} password=hunter${i}` : `user=${i} ok`));
  const kept = lines.filter((l) => !l.includes('password='));
  let logi: LogiProcess | undefined;
  try {
    logi = await startLogi(dir, port, YAML);
    assert.equal((await pushLines(logi.base, 'd', t0, lines)).status, 204);
    assert.equal((await pushLines(logi.base, 'other', t0, ['password=not selected'])).status, 204);
    assert.equal((await fetch(`${logi.base}/flush`, { method: 'POST' })).status, 204);
    const q = new URLSearchParams({ query: '{job="d"} |= "password="', start: String(Number(t0 / 1_000_000_000n) - 1) });
    assert.equal((await fetch(`${logi.base}/loki/api/v1/delete?${q}`, { method: 'POST' })).status, 204);
    assert.deepEqual(await linesOf(logi.base, 'd', t0 - 1n, t0 + 1_000_000_000n), kept); // filtered at once

    const base = logi.base;
    const status = async (): Promise<string> => ((await (await fetch(`${base}/loki/api/v1/delete`)).json()) as { status: string }[])[0]!.status;
    // The log line comes after the request is marked processed and reaches us on another pipe: wait for both.
    const applied = /level=info msg="delete request applied" tenant="fake" request_id=\w+ query="\{job=\\"d\\"\} \|= \\"password=\\"" objects_rewritten=1/;
    for (let i = 0; i < 100 && ((await status()) !== 'processed' || !applied.test(logi.stdout())); i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(await status(), 'processed');
    assert.match(logi.stdout(), applied);
    await logi.kill('SIGTERM');

    // Without the request (its file removed) the query filters nothing: what is gone is gone from storage.
    rmSync(join(dir, 'compactor', 'delete_requests.json'));
    logi = await startLogi(dir, port, YAML);
    assert.deepEqual(await linesOf(logi.base, 'd', t0 - 1n, t0 + 1_000_000_000n), kept);
    assert.deepEqual(await linesOf(logi.base, 'other', t0 - 1n, t0 + 1_000_000_000n), ['password=not selected']);
  } finally {
    await logi?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
