// Real client libraries from npm push to a real server: winston-loki (protobuf+snappy) and pino-loki (JSON).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import winston from 'winston';
import LokiTransport from 'winston-loki';
import pino from 'pino';
import { startTestServer, type TestServer } from '../testing/test-server.js';

let server: TestServer;
before(async () => { server = await startTestServer(); });
after(async () => { await server.close(); });

async function linesOf(selector: string, want: number): Promise<string[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const url = `${server.base}/loki/api/v1/query_range?query=${encodeURIComponent(selector)}&since=1h&limit=1000&direction=forward`;
    const body = (await (await fetch(url)).json()) as { data: { result: { values: [string, string][] }[] } };
    const lines = body.data.result.flatMap((s) => s.values.map((v) => v[1]));
    if (lines.length >= want || Date.now() > deadline) return lines;
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('winston-loki pushes protobuf and its lines are queried back', async () => {
  const transport = new LokiTransport({ host: server.base, labels: { app: 'winston-test' }, batching: false, onConnectionError: (e: unknown) => { throw e; } });
  const logger = winston.createLogger({ transports: [transport] });
  for (let i = 0; i < 5; i++) logger.info(`winston line ${i}`);
  const lines = await linesOf('{app="winston-test"}', 5);
  logger.close();
  assert.equal(lines.length, 5);
  for (let i = 0; i < 5; i++) assert.ok(lines.some((l) => l.includes(`winston line ${i}`)), `line ${i} missing: ${JSON.stringify(lines)}`);
});

test('pino-loki pushes JSON and its lines are queried back', async () => {
  const transport = pino.transport({ target: 'pino-loki', options: { host: server.base, labels: { app: 'pino-test' }, batching: false } });
  const logger = pino(transport);
  for (let i = 0; i < 5; i++) logger.info({ n: i }, `pino line ${i}`);
  const lines = await linesOf('{app="pino-test"}', 5);
  transport.end();
  assert.equal(lines.length, 5);
  for (let i = 0; i < 5; i++) assert.ok(lines.some((l) => l.includes(`pino line ${i}`)), `line ${i} missing: ${JSON.stringify(lines)}`);
});
