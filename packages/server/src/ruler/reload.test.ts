import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestServer } from '../testing/test-server.js';

const group = (summary: string, expr = 'vector(1) > 0'): string =>
  `name: g\ninterval: 1s\nrules:\n  - alert: Long\n    expr: ${expr}\n    for: 1h\n    annotations:\n      summary: ${summary}\n`;

test('an edited group keeps the alerts of its unchanged rules (same name and expression): `for` does not restart', async (t) => {
  const srv = await startTestServer({ ruler: { pollIntervalMs: 60_000 } });
  t.after(() => srv.close());
  const post = async (body: string): Promise<void> => {
    assert.equal((await fetch(`${srv.base}/loki/api/v1/rules/ns`, { method: 'POST', body })).status, 202);
  };
  const alert = async (): Promise<{ activeAt: string; annotations: { summary: string } } | undefined> =>
    ((await (await fetch(`${srv.base}/prometheus/api/v1/alerts`)).json()) as { data: { alerts: { activeAt: string; annotations: { summary: string } }[] } }).data.alerts[0];
  const until = async (check: (a: Awaited<ReturnType<typeof alert>>) => boolean): Promise<NonNullable<Awaited<ReturnType<typeof alert>>>> => {
    for (let i = 0; i < 300; i++) {
      const a = await alert();
      if (a && check(a)) return a;
      await new Promise((r) => setTimeout(r, 50));
    }
    return assert.fail('alert not seen in time');
  };
  await post(group('first'));
  const first = await until((a) => a!.annotations.summary === 'first');
  await post(group('second'));
  const second = await until((a) => a!.annotations.summary === 'second');
  assert.equal(second.activeAt, first.activeAt, 'still pending since the first evaluation');
  await post(group('third', 'vector(2) > 0'));
  const third = await until((a) => a!.annotations.summary === 'third');
  assert.notEqual(third.activeAt, first.activeAt, 'a changed expression is a new rule');
});
