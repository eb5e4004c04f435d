import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { tailToUrlConfig } from '../testing/alloy-config.js';
import { AgentProc, freePort, httpOk, LOGI_BIN, Proc, sleep, waitUntil } from '../testing/processes.js';
import { Receiver } from '../testing/receiver.js';

const LINES = 200;

/** A directory with logs/app.log holding LINES lines, and an agent config sending them to `url` (short backoff). */
function setUp(name: string, maxRetries: number): { dir: string; file: string; lines: string[]; config: (url: string) => string } {
  const dir = mkdtempSync(join(tmpdir(), `logi-agent-${name}-`));
  mkdirSync(join(dir, 'logs'));
  const file = join(dir, 'logs', 'app.log');
  const lines = Array.from({ length: LINES }, (_, i) => `${name} line ${i}`);
  writeFileSync(file, lines.map((l) => `${l}\n`).join(''));
  const config = (url: string): string => {
    const path = join(dir, 'config.alloy');
    writeFileSync(path, tailToUrlConfig({
      glob: `${dir}/logs/*.log`, job: name, url,
      endpointExtra: `min_backoff_period = "100ms"\n    max_backoff_period = "500ms"\n    max_backoff_retries = ${maxRetries}`,
    }));
    return path;
  };
  return { dir, file, lines, config };
}

/** The agent's counter `name` summed over the series whose labels include `labels` (e.g. `status_code="401"`). */
async function counter(agent: AgentProc, name: string, labels = ''): Promise<number> {
  const text = await (await fetch(agent.metricsUrl)).text();
  let n = 0;
  for (const m of text.matchAll(new RegExp(`^${name}(\\{[^}]*\\})? (\\S+)$`, 'gm'))) if ((m[1] ?? '').includes(labels)) n += Number(m[2]);
  return n;
}

/** The offset the agent's positions file holds for `file` (0 before its first save). */
function savedOffset(dir: string, file: string): number {
  try {
    const doc = JSON.parse(readFileSync(join(dir, 'data', 'positions.json'), 'utf8')) as { files: { path: string; offset: number }[] };
    return doc.files.find((f) => f.path === file)?.offset ?? 0;
  } catch {
    return 0;
  }
}

/** Waits for a refusal to be seen several times and for positions to be saved since: nothing sent, nothing dropped, positions at 0. */
async function assertHeld(agent: AgentProc, dir: string, file: string, status: number): Promise<void> {
  await waitUntil(async () => (await counter(agent, 'logi_agent_request_failures_total', `status_code="${status}"`)) >= 4, 60_000, `four ${status} answers`);
  await sleep(1500); // a positions save (every second) after the refusals
  assert.equal(savedOffset(dir, file), 0);
  assert.equal(await counter(agent, 'logi_agent_sent_entries_total'), 0);
  assert.equal(await counter(agent, 'logi_agent_dropped_entries_total'), 0);
}

/** Every line went out once and the saved position reached the end of the file. */
async function assertAllSentOnce(agent: AgentProc, dir: string, file: string): Promise<void> {
  await waitUntil(() => savedOffset(dir, file) === statSync(file).size, 30_000, 'the position at the end of the file');
  assert.equal(await counter(agent, 'logi_agent_sent_entries_total'), LINES);
  assert.equal(await counter(agent, 'logi_agent_dropped_entries_total'), 0);
}

/** `logi serve` on `port` with `auth_enabled` as given, data in `dir`. */
async function startServe(dir: string, port: number, authEnabled: boolean): Promise<Proc> {
  const config = join(dir, 'logi.yaml');
  writeFileSync(config, `auth_enabled: ${authEnabled}
server:
  http_listen_port: ${port}
  http_listen_address: 127.0.0.1
common:
  path_prefix: ${join(dir, 'serve')}
limits_config:
  reject_old_samples: false
`);
  const p = new Proc(process.execPath, [LOGI_BIN, 'serve', `-config.file=${config}`]);
  await waitUntil(() => p.child.exitCode === null && httpOk(`http://127.0.0.1:${port}/ready`), 30_000, `logi serve ready (${p.stderr})`);
  return p;
}

async function queryLines(port: number, job: string): Promise<string[]> {
  const q = new URLSearchParams({ query: `{job="${job}"}`, start: String(BigInt(Date.now() - 3_600_000) * 1_000_000n), limit: '5000', direction: 'forward' });
  const res = await fetch(`http://127.0.0.1:${port}/loki/api/v1/query_range?${q}`);
  if (!res.ok) throw new Error(`query_range: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { data: { result: { values: [string, string][] }[] } };
  return body.data.result.flatMap((s) => s.values.map(([, l]) => l));
}

test('a server refusing with 401 (auth on, no tenant) holds the lines until it is fixed; then each is sent once', { timeout: 240_000 }, async () => {
  const { dir, file, lines, config } = setUp('held401', 0); // the server's restart must not use up retries
  const port = await freePort();
  let serve = await startServe(dir, port, true);
  let agent: AgentProc | undefined;
  try {
    agent = await AgentProc.start(config(`http://127.0.0.1:${port}/loki/api/v1/push`), join(dir, 'data'));
    await assertHeld(agent, dir, file, 401);
    assert.match(agent.proc.stderr, /push refused; holding the lines.*status=401 response="no org id"/);
    await serve.kill('SIGKILL');
    serve = await startServe(dir, port, false); // the fix: auth_enabled: false
    await waitUntil(async () => (await queryLines(port, 'held401')).length >= LINES, 60_000, 'every line queryable').catch((e: Error) => {
      throw new Error(`${e.message}; agent log:\n${agent!.proc.stderr.slice(-3000)}`);
    });
    assert.deepEqual((await queryLines(port, 'held401')).sort(), lines.slice().sort());
    await assertAllSentOnce(agent, dir, file);
  } finally {
    await agent?.proc.kill();
    await serve.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a wrong URL path (404) holds the lines until the server accepts them; then each arrives once', { timeout: 240_000 }, async () => {
  const { dir, file, lines, config } = setUp('held404', 2);
  const receiver = await Receiver.start();
  receiver.answer = 404;
  let agent: AgentProc | undefined;
  try {
    agent = await AgentProc.start(config(receiver.url), join(dir, 'data'));
    await assertHeld(agent, dir, file, 404);
    receiver.answer = 204;
    await receiver.waitFor(LINES, 60_000);
    await assertAllSentOnce(agent, dir, file);
    assert.deepEqual(receiver.lines().sort(), lines.slice().sort());
  } finally {
    await agent?.proc.kill();
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
