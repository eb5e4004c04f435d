import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { tailToUrlConfig } from '../testing/alloy-config.js';
import { AgentProc, sleep, waitUntil } from '../testing/processes.js';
import { Receiver } from '../testing/receiver.js';

/** logs/app.log with 100 lines, a Promtail positions file pointing after line 39 of it, and where the agent saves positions. */
function setUp(name: string): { dir: string; app: string; lines: string[]; promtailFile: string } {
  const dir = mkdtempSync(join(tmpdir(), `logi-agent-${name}-`));
  mkdirSync(join(dir, 'logs'));
  const app = join(dir, 'logs', 'app.log');
  const lines = Array.from({ length: 100 }, (_, i) => `${name} line ${i}`);
  writeFileSync(app, lines.map((l) => `${l}\n`).join(''));
  const offset = Buffer.byteLength(lines.slice(0, 40).map((l) => `${l}\n`).join(''));
  const promtailFile = join(dir, 'positions.yaml');
  writeFileSync(promtailFile, `positions:\n    ${app}: "${offset}"\n`);
  return { dir, app, lines, promtailFile };
}

/** Runs the agent until every expected line arrived and the saved position of app.log reached its end. */
async function runAgent(config: string, storage: string, positionsFile: string, app: string, receiver: Receiver, expected: number): Promise<void> {
  const agent = await AgentProc.start(config, storage);
  try {
    await receiver.waitFor(expected, 60_000);
    await waitUntil(() => {
      try {
        const doc = JSON.parse(readFileSync(positionsFile, 'utf8')) as { files: { path: string; offset: number }[] };
        return doc.files.some((f) => f.path === app && f.offset === statSync(app).size);
      } catch {
        return false; // still Promtail's YAML, or being replaced
      }
    }, 30_000, 'the position of app.log at its end');
    await sleep(500); // anything sent twice would arrive now
    assert.match(agent.proc.stderr, /starting where Promtail stopped/);
  } finally {
    await agent.proc.kill();
  }
}

test('a Promtail config whose positions file is Promtail\'s: reading goes on where Promtail stopped', { timeout: 120_000 }, async () => {
  const { dir, app, lines, promtailFile } = setUp('promtail-import');
  const receiver = await Receiver.start();
  try {
    const config = join(dir, 'promtail.yaml');
    writeFileSync(config, `positions:
  filename: ${promtailFile}
clients:
  - url: ${receiver.url}
    batchwait: 100ms
scrape_configs:
  - job_name: app
    static_configs:
      - targets: [localhost]
        labels:
          job: app
          __path__: ${dir}/logs/*.log
`);
    await runAgent(config, join(dir, 'data'), promtailFile, app, receiver, 60);
    assert.deepEqual(receiver.lines(), lines.slice(40));
  } finally {
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('legacy_positions_file of loki.source.file: where Promtail stopped, or from the start for a file now smaller (rotated)', { timeout: 120_000 }, async () => {
  const { dir, app, lines, promtailFile } = setUp('legacy-import');
  const other = join(dir, 'logs', 'other.log');
  writeFileSync(other, 'other 0\nother 1\n');
  writeFileSync(promtailFile, `${readFileSync(promtailFile, 'utf8')}    ${other}: "5000"\n`);
  const receiver = await Receiver.start();
  try {
    const config = join(dir, 'config.alloy');
    writeFileSync(config, tailToUrlConfig({ glob: `${dir}/logs/*.log`, job: 'app', url: receiver.url, sourceExtra: `legacy_positions_file = "${promtailFile}"` }));
    const storage = join(dir, 'data');
    await runAgent(config, storage, join(storage, 'positions.json'), app, receiver, 62);
    assert.deepEqual(receiver.lines().filter((l) => l.startsWith('legacy-import')), lines.slice(40));
    assert.deepEqual(receiver.lines().filter((l) => l.startsWith('other')), ['other 0', 'other 1']);
  } finally {
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
