// Per-stream and per-tenant retention on a real `logi serve`: limits_config.retention_stream keeps a dev stream
// 24h while the tenant keeps the rest forever, so the compactor rewrites the old partition's object without
// the dev chunks (queries and disk lose them, the prod lines of the same object stay); a tenant whose runtime
// override sets retention_period 24h loses the old partition whole. Across a SIGKILL the result stands; an
// invalid runtime file is logged and changes nothing, a valid edit takes effect at the next pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, linesOf, pushLines, startLogi, type LogiProcess } from '../testing/logi-process.js';

const filesUnder = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).sort() : []);
const until = async (logi: LogiProcess, what: string, ok: () => boolean): Promise<void> => {
  for (let i = 0; i < 300 && !ok(); i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(ok(), `timed out waiting for ${what}; stdout:\n${logi.stdout()}\nstderr:\n${logi.stderr()}`);
};

test('retention_stream and runtime overrides remove expired streams per stream and per tenant', { timeout: 180_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'logi-retention-stream-'));
  const port = await freePort();
  const runtime = join(dir, 'runtime.yaml');
  writeFileSync(runtime, 'overrides:\n  b:\n    retention_period: 24h\n');
  const yaml = `auth_enabled: true
limits_config:
  retention_period: 0s
  retention_stream:
    - selector: '{env="dev"}'
      priority: 1
      period: 24h
  max_entries_limit_per_query: 100000
  query_timeout: 10s
compactor:
  retention_enabled: true
  compaction_interval: 1s
runtime_config:
  file: ${runtime}
  period: 1s
`;
  const old = BigInt(Date.now() - 72 * 3600_000) * 1_000_000n;
  const recent = BigInt(Date.now() - 3600_000) * 1_000_000n;
  const day = `index_${old / 86_400_000_000_000n}`;
  const chunks = (tenant: string): string => join(dir, 'chunks', 'chunks', tenant, day);
  const lines = (tenant: string, job: string, from = old - 1n): Promise<string[]> => linesOf(logi!.base, job, from, recent + 1_000_000_000n, tenant);
  let logi: LogiProcess | undefined;
  try {
    logi = await startLogi(dir, port, yaml);
    for (const tenant of ['a', 'b']) {
      assert.equal((await pushLines(logi.base, { job: 'dev', env: 'dev' }, old, ['dev old 1', 'dev old 2'], tenant)).status, 204);
      assert.equal((await pushLines(logi.base, { job: 'prod', env: 'prod' }, old, ['prod old 1', 'prod old 2'], tenant)).status, 204);
      // another stream: a chunk ends with its last entry, so one holding both would not expire
      assert.equal((await pushLines(logi.base, { job: 'dev', env: 'dev', pod: 'new' }, recent, ['dev new'], tenant)).status, 204);
    }
    assert.equal((await fetch(`${logi.base}/flush`, { method: 'POST' })).status, 204);

    // Tenant a: the dev stream's old chunk leaves its object; the prod chunk beside it stays.
    await until(logi, 'the rewrite of tenant a', () => /msg="retention: expired chunks removed" tenant="a"/.test(logi!.stdout()));
    assert.match(logi.stdout(), new RegExp(`level=info msg="retention: expired chunks removed" tenant="a" partition=${day} series=1 chunks=1 bytes=\\d+ objects_rewritten=1`));
    // Tenant b's override (retention_period 24h) expires its whole old partition.
    await until(logi, 'the drop of tenant b\'s partition', () => /msg="retention: partition expired, out of the index" tenant="b"/.test(logi!.stdout()));
    assert.match(logi.stdout(), new RegExp(`level=info msg="retention: partition expired, out of the index" tenant="b" partition=${day} series=2`));
    const check = async (): Promise<void> => {
      assert.deepEqual(await lines('a', 'dev'), ['dev new']);
      assert.deepEqual(await lines('a', 'prod'), ['prod old 1', 'prod old 2']);
      assert.deepEqual(await lines('b', 'dev'), ['dev new']);
      assert.deepEqual(await lines('b', 'prod'), []);
    };
    await check();
    // After the grace (query_timeout) the old object goes: only the rewritten one is left, and nothing of b.
    await until(logi, 'the old objects deleted', () => filesUnder(chunks('a')).length === 1 && filesUnder(chunks('b')).length === 0);
    assert.match(filesUnder(chunks('a'))[0]!, /-compactor\.chunks$/);
    await logi.kill('SIGKILL');

    logi = await startLogi(dir, port, yaml);
    await check();

    // A bad runtime file: logged, the overrides in force stay, the server serves on.
    writeFileSync(runtime, 'overrides:\n  a:\n    retention_period: 1h\n');
    await until(logi, 'the reload error', () => /level=error msg="runtime config not reloaded/.test(logi!.stdout()));
    assert.match(logi.stdout(), /overrides\.a: limits_config\.retention_period: must be 0 \(keep forever\) or at least 24h, got \\"1h\\"/);
    await check();

    // A valid edit: tenant a now keeps 24h of everything, so its old partition goes whole.
    writeFileSync(runtime, 'overrides:\n  a:\n    retention_period: 24h\n');
    await until(logi, 'tenant a\'s partition dropped', () => /msg="retention: partition expired, out of the index" tenant="a"/.test(logi!.stdout()));
    assert.deepEqual(await lines('a', 'prod'), []);
    assert.deepEqual(await lines('a', 'dev'), ['dev new']);
    assert.deepEqual(await lines('b', 'prod'), []); // b lost its override: keeps forever what it still has
  } finally {
    await logi?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
