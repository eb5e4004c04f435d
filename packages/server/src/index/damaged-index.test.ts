// Damaged index pieces of a real `logi serve` (bad magic, bad version, a damaged record in the middle,
// emptied, deleted), one tenant each, after a SIGKILL that left entries in the WAL too: the server starts,
// names each piece it rebuilt from its chunk object, keeps the damaged piece, and every tenant answers every
// acknowledged entry exactly once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, spawnLogi, writeConfig, type LogiProcess } from '../testing/logi-process.js';

/** How each tenant's first index piece is damaged while the server is down. */
const DAMAGE: Record<string, ((path: string) => void) | undefined> = {
  magic: (p) => { const b = readFileSync(p); b.write('JUNK', 0); writeFileSync(p, b); },
  version: (p) => { const b = readFileSync(p); b[4] = 99; writeFileSync(p, b); },
  middle: (p) => {
    const b = readFileSync(p);
    let at = 8; // past the header: skip three records (frames of u32 length, u32 CRC, payload)
    for (let i = 0; i < 3; i++) at += 8 + b.readUInt32LE(at);
    b[at + 13]! ^= 0xff; // inside the fourth record's payload; the fifth stays readable
    writeFileSync(p, b);
  },
  emptied: (p) => { writeFileSync(p, ''); },
  deleted: (p) => { unlinkSync(p); },
  intact: undefined,
};

test('damaged index pieces: the server starts, rebuilds each from its chunk object naming it, and serves every tenant', { timeout: 180_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'logi-damaged-index-'));
  let logi: LogiProcess | undefined;
  try {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const configFile = writeConfig(dir, port); // auth enabled: one tenant per kind of damage
    const t0 = BigInt(Date.now() - 3_600_000) * 1_000_000n;
    const acked = new Map<string, string[]>(Object.keys(DAMAGE).map((t) => [t, []]));
    let seq = 0;
    const push = async (tenant: string, app: string): Promise<void> => {
      const values = Array.from({ length: 20 }, () => {
        const n = seq++;
        return [(t0 + BigInt(n) * 1_000_000n).toString(), `${tenant} ${app} seq=${n}`];
      });
      const r = await fetch(`${base}/loki/api/v1/push`, {
        method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Scope-OrgID': tenant },
        body: JSON.stringify({ streams: [{ stream: { app }, values }] }),
      });
      assert.equal(r.status, 204, await r.text());
      acked.get(tenant)!.push(...values.map((v) => v[1]!));
    };

    logi = await spawnLogi([`-config.file=${configFile}`], port);
    for (const tenant of acked.keys()) { await push(tenant, 'one'); await push(tenant, 'two'); }
    assert.equal((await fetch(`${base}/flush`, { method: 'POST' })).status, 204);
    for (const tenant of acked.keys()) { await push(tenant, 'one'); await push(tenant, 'one'); } // stored chunks, then more
    assert.equal((await fetch(`${base}/flush`, { method: 'POST' })).status, 204);
    for (const tenant of acked.keys()) await push(tenant, 'two'); // only in the WAL when the process dies
    await logi.kill('SIGKILL');

    // <chunks_directory>/index/<tenant>/<partition>/<name>.idx; the first piece holds the first flush
    const store = join(dir, 'chunks');
    const firstPiece = (tenant: string): string => {
      const tdir = join(store, 'index', tenant);
      const partition = readdirSync(tdir).sort()[0]!;
      return `index/${tenant}/${partition}/${readdirSync(join(tdir, partition)).filter((f) => f.endsWith('.idx')).sort()[0]!}`;
    };
    const pieces = new Map(Object.keys(DAMAGE).map((t) => [t, firstPiece(t)]));
    for (const [tenant, damage] of Object.entries(DAMAGE)) damage?.(join(store, pieces.get(tenant)!));

    logi = await spawnLogi([`-config.file=${configFile}`], port);
    const log = logi.stderr();
    for (const tenant of ['magic', 'version', 'middle', 'emptied', 'deleted']) {
      const key = pieces.get(tenant)!;
      const line = log.split('\n').find((l) => l.includes(`index piece ${store}/${key} `));
      assert.ok(line, `no log line names ${key}: ${log}`);
      assert.match(line, new RegExp(`rebuilt from chunks/${tenant}/index_\\d+/[^/]+\\.chunks: [12] chunks of [12] streams$`));
      if (tenant !== 'deleted') assert.match(line, new RegExp(`moved aside to ${key}\\.damaged-`));
      assert.ok(existsSync(join(store, key)));
    }
    assert.ok(!log.includes(pieces.get('intact')!), log);

    for (const [tenant, lines] of acked) {
      const q = new URLSearchParams({ query: '{app=~".+"}', start: (t0 - 1n).toString(), end: (t0 + BigInt(seq + 1) * 1_000_000n).toString(), limit: '5000' });
      const r = await fetch(`${base}/loki/api/v1/query_range?${q}`, { headers: { 'X-Scope-OrgID': tenant } });
      const text = await r.text();
      assert.equal(r.status, 200, `${tenant}: ${text}`);
      const got = (JSON.parse(text) as { data: { result: { values: [string, string][] }[] } }).data.result.flatMap((s) => s.values.map((v) => v[1]));
      assert.deepEqual(got.sort(), [...lines].sort(), `${tenant}: not every acknowledged entry exactly once`);
    }
  } finally {
    await logi?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
