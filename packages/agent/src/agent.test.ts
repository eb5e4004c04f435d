import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Agent } from './agent.js';
import { loadAlloy } from './config/alloy/alloy.js';
import { validate } from './config/load.js';
import { freePort, waitUntil } from './testing/processes.js';
import { Receiver } from './testing/receiver.js';

async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(url)).text();
  const line = text.split('\n').find((l) => l.startsWith(name + ' ') || l.startsWith(name + '{'));
  return Number(line?.split(' ').pop() ?? NaN);
}

test('backpressure: while the server fails, reading stops at the buffer; afterwards everything arrives', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'agent-'));
  mkdirSync(join(dir, 'logs'));
  const receiver = await Receiver.start();
  receiver.answer = 503;
  const cfg = validate(loadAlloy(`
    loki.source.file "s" {
      targets = [{"__path__" = "${dir}/logs/*.log", job = "bp"}]
      forward_to = [loki.write.w.receiver]
      file_watch { min_poll_frequency = "20ms" }
    }
    loki.write "w" {
      endpoint {
        url = "${receiver.url}"
        batch_wait = "20ms"
        batch_size = "16KiB"
        min_backoff_period = "20ms"
        max_backoff_period = "50ms"
        max_backoff_retries = 0
      }
    }`, 'bp.alloy'));
  const port = await freePort();
  const agent = new Agent(cfg, { storagePath: join(dir, 'data'), listenAddr: `127.0.0.1:${port}`, bufferBytes: 64 * 1024 });
  const line = 'x'.repeat(99) + '\n';
  writeFileSync(join(dir, 'logs', 'a.log'), line.repeat(20_000)); // 2 MB
  await agent.start();
  const metrics = `http://127.0.0.1:${port}/metrics`;
  try {
    assert.equal((await fetch(`http://127.0.0.1:${port}/ready`)).status, 200);
    await waitUntil(async () => (await metric(metrics, 'logi_agent_request_retries_total')) >= 5, 10_000, 'retries');
    const read = await metric(metrics, 'logi_agent_read_bytes_total');
    assert.ok(read <= 64 * 1024 + 256 * 1024, `read ${read} bytes while the server was down`);
    assert.ok((await metric(metrics, 'logi_agent_lag_bytes')) > 1_000_000);
    receiver.answer = 204;
    appendFileSync(join(dir, 'logs', 'a.log'), 'last\n');
    await receiver.waitFor(20_001, 30_000);
    assert.equal(receiver.lines().filter((l) => l === 'last').length, 1);
    assert.equal(receiver.entries[0]!.labels, `{filename="${dir}/logs/a.log", job="bp"}`);
  } finally {
    await agent.stop();
    await receiver.close();
  }
});
