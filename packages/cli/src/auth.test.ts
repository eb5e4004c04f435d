import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { freePort, spawnLogi, writeConfig, type LogiProcess } from '../../server/dist/testing/logi-process.js';
import { pushNow, runCli, startCli, waitForText } from './testing/run-cli.js';

let dir: string;
let logi: LogiProcess;
let addr: string[];

const push = (tenant: string, job: string, line: string): Promise<void> => pushNow(logi.base, job, line, tenant);

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'logi-cli-'));
  const port = await freePort();
  logi = await spawnLogi([`-config.file=${writeConfig(dir, port, 'auth_enabled: true\n')}`], port);
  addr = ['--addr', logi.base];
  await push('team-a', 'app', 'for team a');
});

after(async () => {
  await logi.kill();
  rmSync(dir, { recursive: true, force: true });
});

test('--org-id and LOKI_ORG_ID pick the tenant; without one the server answers 401', async () => {
  const denied = await runCli(['query', ...addr, '{job="app"}']);
  assert.equal(denied.stderr, 'logi query: error response from server: 401 Unauthorized: no org id\n');
  assert.equal(denied.code, 1);
  const flag = await runCli(['query', ...addr, '--org-id', 'team-a', '-o', 'raw', '{job="app"}']);
  assert.equal(flag.stdout, 'for team a\n');
  const env = await runCli(['labels', ...addr, 'job'], { LOKI_ORG_ID: 'team-a' });
  assert.equal(env.stdout, 'app\n');
  const other = await runCli(['labels', ...addr, 'job'], { LOKI_ORG_ID: 'team-b' });
  assert.equal(other.stdout, '');
  assert.equal(other.code, 0);
});

test('query --tail prints the recent entries, then a line pushed after it started, and stops cleanly on SIGINT', async () => {
  await push('team-a', 'live', 'already there');
  const cli = startCli(['query', ...addr, '--org-id', 'team-a', '--tail', '--since', '10m', '-o', 'raw', '{job="live"}']);
  try {
    await waitForText(cli.stdout, 'already there\n');
    await push('team-a', 'live', 'pushed while tailing');
    await push('team-b', 'live', 'another tenant');
    await waitForText(cli.stdout, 'pushed while tailing\n');
  } finally {
    cli.child.kill('SIGINT');
  }
  assert.equal(await cli.closed, 0);
  assert.equal(cli.stdout(), 'already there\npushed while tailing\n');
  assert.equal(cli.stderr(), '');
});

test('query --tail of a metric query prints the server refusal, exit 1', async () => {
  const r = await runCli(['query', ...addr, '--org-id', 'team-a', '--tail', 'count_over_time({job="live"}[1m])']);
  assert.equal(r.stderr, 'logi query: error response from server: 400 Bad Request: only log queries are supported for tailing\n');
  assert.equal(r.code, 1);
});

test('basic auth and bearer token reach the server in the Authorization header', async () => {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    res.setHeader('Content-Type', 'application/json');
    res.end('{"status":"success","data":["job"]}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  try {
    const basic = await runCli(['labels', '--addr', base, '--username', 'alice', '--password', 's3cret']);
    assert.equal(basic.stdout, 'job\n');
    const bearer = await runCli(['labels', '--org-id', 'team-a'], { LOKI_ADDR: base, LOKI_BEARER_TOKEN: 'tok123' });
    assert.equal(bearer.stdout, 'job\n');
    const fromEnv = await runCli(['labels', '--addr', base], { LOKI_USERNAME: 'bob', LOKI_PASSWORD: 'pw' });
    assert.equal(fromEnv.stdout, 'job\n');
  } finally {
    server.close();
  }
  assert.deepEqual(seen.map((h) => [h.authorization, h['x-scope-orgid']]), [
    [`Basic ${Buffer.from('alice:s3cret').toString('base64')}`, undefined],
    ['Bearer tok123', 'team-a'],
    [`Basic ${Buffer.from('bob:pw').toString('base64')}`, undefined],
  ]);
});
