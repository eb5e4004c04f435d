// Explore's Logs panel end to end: a real `logi serve` holding known lines, the UI in headless Chromium.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { freePort, startLogi, type LogiProcess } from '../../server/dist/testing/logi-process.js';
import { launchChromium, PageSet, screenshot } from './testing/browser.js';

const WAIT = { timeout: 30_000 };
const SECOND_NS = 1_000_000_000n;
const BULK = 5000;

type Entry = [string, string] | [string, string, Record<string, string>];

async function push(base: string, stream: Record<string, string>, values: Entry[]): Promise<void> {
  const r = await fetch(`${base}/loki/api/v1/push`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ streams: [{ stream, values }] }),
  });
  assert.equal(r.status, 204, await r.text());
}

/** `lines` one second apart, the last `agoSec` seconds before now. */
const spaced = (lines: string[], agoSec: number, metadata?: (i: number) => Record<string, string>): Entry[] => {
  const last = BigInt(Date.now()) * 1_000_000n - BigInt(agoSec) * SECOND_NS;
  return lines.map((line, i): Entry => {
    const ts = String(last - BigInt(lines.length - 1 - i) * SECOND_NS);
    return metadata ? [ts, line, metadata(i)] : [ts, line];
  });
};

/** Lines that each dedup strategy folds differently (oldest first): exact 5 rows, numbers 4, signature 2. */
const DEDUP_LINES = ['connect to db ok', 'connect to db ok', 'request 17 took 5ms', 'request 18 took 7ms', 'user=bob action=login', 'user=eve action=login'];

async function pushAll(base: string): Promise<void> {
  const users = ['alice', 'bob', 'alice', 'carol', 'bob', 'alice'];
  await push(base, { job: 'shop', app: 'api' },
    spaced(users.map((u, i) => `level=info msg="order placed" user=${u} order=${i}`), 120, (i) => ({ trace_id: `t${i}` })));
  await push(base, { job: 'dedup' }, spaced(DEDUP_LINES, 120));
  await push(base, { job: 'long' }, spaced([`long ${'abcdefghij '.repeat(80)}end`], 120));
  await push(base, { job: 'json' }, spaced(['{"msg":"hi","nested":{"n":1}}'], 120));
  await push(base, { job: 'context' }, spaced(Array.from({ length: 30 }, (_, i) => `context line ${i}`), 60));
  const start = BigInt(Date.now() - 30 * 60_000) * 1_000_000n;
  const step = (30n * 60n * SECOND_NS - 300n * SECOND_NS) / BigInt(BULK);
  await push(base, { job: 'bulk' }, Array.from({ length: BULK }, (_, i): Entry => [String(start + BigInt(i) * step), `bulk line ${i} level=${['info', 'warn', 'error'][i % 3]}`]));
}

function exploreUrl(base: string, expr: string, logs?: Record<string, unknown>): string {
  const panes = { p1: { datasource: 'logi', queries: [{ refId: 'A', expr, queryType: 'range' }], range: { from: 'now-1h', to: 'now' }, ...(logs ? { logi: { logs } } : {}) } };
  return `${base}/explore?schemaVersion=1&panes=${encodeURIComponent(JSON.stringify(panes))}&orgId=1`;
}

const paneOf = (url: string): { queries: Array<{ expr: string }>; logi?: { logs?: Record<string, unknown> } } =>
  Object.values(JSON.parse(new URL(url).searchParams.get('panes')!) as Record<string, never>)[0]!;
const lines = (page: Page): Promise<string[]> => page.locator('.log-line').allInnerTexts();
const rowCount = (page: Page, n: number): Promise<unknown> =>
  page.waitForFunction((want) => document.querySelector('.log-list')?.getAttribute('data-rows') === String(want), n, WAIT);

let browser: Browser;
let logi: LogiProcess;
let dir: string;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'logi-ui-logs-'));
  [browser, logi] = await Promise.all([launchChromium(), freePort().then((port) => startLogi(dir, port))]);
  await pushAll(logi.base);
});
after(async () => {
  await browser?.close();
  await logi?.kill();
  rmSync(dir, { recursive: true, force: true });
});

describe('Explore logs in Chromium', () => {
  // Every test ends by closing its pages, which checks that none of them logged an error.
  const pages = new PageSet(() => browser);
  const newPage = (expectedStatuses: number[] = []): Promise<Page> => pages.open(expectedStatuses);
  const closeAll = (): Promise<void> => pages.closeAll();

  test('a row expands into stream labels, structured metadata and parsed fields; filter for and out edit the query and run it', async () => {
    const page = await newPage();
    await page.goto(exploreUrl(logi.base, '{job="shop"} | logfmt'));
    await rowCount(page, 6);
    await page.locator('.log-row').first().click();
    const details = page.locator('.log-details');
    await details.waitFor(WAIT);
    const names = async (kind: string): Promise<string[]> => details.locator(`.log-labels[data-kind="${kind}"] th`).allInnerTexts();
    assert.deepEqual(await names('stream'), ['app', 'job', 'service_name']);
    assert.deepEqual(await names('metadata'), ['detected_level', 'trace_id']);
    assert.deepEqual(await names('parsed'), ['level', 'msg', 'order', 'user']);
    assert.equal(await details.locator('[data-label="user"] .log-label-value').innerText(), 'alice');
    await screenshot(page, 'explore-logs-details');

    // A parsed field: a label filter after the parser; the rows are those of alice.
    await details.locator('[data-label="user"]').getByRole('button', { name: 'Filter for value' }).click();
    await page.waitForFunction(() => document.querySelector('.cm-content')?.textContent === '{job="shop"} | logfmt | user="alice"', undefined, WAIT);
    assert.equal(paneOf(page.url()).queries[0]!.expr, '{job="shop"} | logfmt | user="alice"');
    await rowCount(page, 3);
    assert.ok((await lines(page)).every((l) => l.includes('user=alice')));

    // A stream label goes into the selector; filtering out a parsed field adds `!=`.
    await page.locator('.log-row').first().click();
    await page.locator('.log-details [data-label="app"]').getByRole('button', { name: 'Filter for value' }).click();
    await page.waitForFunction(() => document.querySelector('.cm-content')?.textContent === '{job="shop", app="api"} | logfmt | user="alice"', undefined, WAIT);
    await rowCount(page, 3);
    await page.locator('.log-row').first().click();
    await page.locator('.log-details [data-label="order"]').getByRole('button', { name: 'Filter out value' }).click();
    await page.waitForFunction(() => document.querySelector('.cm-content')?.textContent === '{job="shop", app="api"} | logfmt | order!="5" | user="alice"', undefined, WAIT);
    await rowCount(page, 2);
    await closeAll();
  });

  test('wrap, order, dedup and JSON pretty-print change what is shown and are kept in the URL', async () => {
    const page = await newPage();
    await page.goto(exploreUrl(logi.base, '{job="dedup"}'));
    await rowCount(page, 6);
    assert.equal((await lines(page))[0], DEDUP_LINES[5]);
    await page.getByRole('button', { name: 'Oldest first' }).click();
    await page.waitForFunction(() => document.querySelector('.log-line')?.textContent === 'connect to db ok', undefined, WAIT);
    assert.deepEqual(paneOf(page.url()).logi?.logs, { order: 'oldest' });

    const dedup = page.getByLabel('Dedup');
    for (const [strategy, shown] of [['exact', 5], ['numbers', 4], ['signature', 2], ['none', 6]] as const) {
      await dedup.selectOption(strategy);
      await rowCount(page, shown);
    }
    await dedup.selectOption('numbers');
    await rowCount(page, 4);
    assert.deepEqual(await page.locator('.log-duplicates').allInnerTexts(), ['2x', '2x']);
    await screenshot(page, 'explore-logs-dedup');
    // The options came from the URL: a reload keeps them.
    await page.reload();
    await rowCount(page, 4);
    assert.equal(await dedup.inputValue(), 'numbers');

    await page.goto(exploreUrl(logi.base, '{job="long"}'));
    await rowCount(page, 1);
    const height = async (): Promise<number> => (await page.locator('.log-row').first().boundingBox())!.height;
    assert.equal(await height(), 20);
    await page.getByLabel('Wrap lines').check();
    await page.waitForFunction(() => (document.querySelector('.log-row')?.getBoundingClientRect().height ?? 0) > 40, undefined, WAIT);
    await screenshot(page, 'explore-logs-wrapped');

    await page.goto(exploreUrl(logi.base, '{job="json"}'));
    await rowCount(page, 1);
    assert.equal((await lines(page))[0], '{"msg":"hi","nested":{"n":1}}');
    await page.getByLabel('Prettify JSON').check();
    await page.waitForFunction(() => document.querySelector('.log-line')?.textContent?.includes('\n  "nested": {\n'), undefined, WAIT);
    await closeAll();
  });

  test('5,000 lines: few rows in the page, older lines load on scroll until the oldest is shown, which heads the list once reversed', async () => {
    const page = await newPage();
    await page.goto(exploreUrl(logi.base, '{job="bulk"}'));
    await rowCount(page, 1000);
    assert.equal((await lines(page))[0], `bulk line ${BULK - 1} level=${['info', 'warn', 'error'][(BULK - 1) % 3]}`);
    const list = page.locator('.log-list');
    const oldest = 'bulk line 0 level=info';
    // Whether a line is inside the list's scrolled view (not only drawn above or below it).
    const inView = (text: string): Promise<boolean> => list.evaluate((el, t) => {
      const row = [...el.querySelectorAll('.log-line')].find((l) => l.textContent === t);
      if (!row) return false;
      const [r, box] = [row.getBoundingClientRect(), el.getBoundingClientRect()];
      return r.top >= box.top && r.bottom <= box.bottom;
    }, text);
    // Scrolled to the end until the oldest line is in view: each end brings the page of older lines.
    for (let i = 0; i < 40 && !(await inView(oldest)); i++) {
      await list.evaluate((el) => { el.scrollTop = el.scrollHeight; });
      await page.waitForTimeout(300);
    }
    assert.ok(await inView(oldest));
    await rowCount(page, BULK);
    const inPage = await page.locator('.log-row').count();
    assert.ok(inPage > 10 && inPage < 200, `rows in the page: ${inPage}`);
    assert.match(await page.getByTestId('older-lines').innerText(), /^The whole range: 5,000 lines$/);
    await screenshot(page, 'explore-logs-5000');
    // Reversed from the end of the list: the list starts again at its top, the oldest line.
    await page.getByRole('button', { name: 'Oldest first' }).click();
    await page.waitForFunction(() => document.querySelector('.log-list')?.scrollTop === 0, undefined, WAIT);
    assert.ok(await inView(oldest));
    assert.equal((await lines(page))[0], oldest);
    await closeAll();
  });

  test('live tail: a pushed line appears within 2 s; pause holds lines back until resumed; the line rate is shown', async (t) => {
    const page = await newPage();
    await page.goto(exploreUrl(logi.base, '{job="tail"}'));
    await page.locator('.logs-panel .empty').waitFor(WAIT);
    await page.getByRole('button', { name: '▶ Live' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="live-status"]')?.textContent === 'Live', undefined, WAIT);

    const sent = Date.now();
    await push(logi.base, { job: 'tail' }, [[String(BigInt(Date.now()) * 1_000_000n), 'first live line']]);
    await page.getByText('first live line', { exact: true }).waitFor(WAIT);
    const latencyMs = Date.now() - sent;
    t.diagnostic(`pushed line on screen after ${latencyMs} ms`);
    assert.ok(latencyMs < 2000, `the line took ${latencyMs} ms to appear`);
    await page.waitForFunction(() => /^[1-9][\d.]* lines\/s$|^0\.[1-9] lines\/s$/.test(document.querySelector('[data-testid="line-rate"]')?.textContent ?? ''), undefined, WAIT);

    await page.getByRole('button', { name: '⏸ Pause' }).click();
    await push(logi.base, { job: 'tail' }, [[String(BigInt(Date.now()) * 1_000_000n), 'second live line']]);
    await page.getByRole('button', { name: '▶ Resume (1 new)' }).waitFor(WAIT);
    assert.equal(await page.getByText('second live line', { exact: true }).count(), 0);
    await screenshot(page, 'explore-logs-live');
    await page.getByRole('button', { name: '▶ Resume (1 new)' }).click();
    await page.getByText('second live line', { exact: true }).waitFor(WAIT);
    assert.deepEqual(await lines(page), ['second live line', 'first live line']);
    await page.getByRole('button', { name: '■ Stop' }).click();
    await page.getByRole('button', { name: '▶ Live' }).waitFor(WAIT);
    await closeAll();
  });

  test('show context lists the neighbours of a row in its stream; the shown lines download as text and JSON', async () => {
    const page = await newPage();
    await page.goto(exploreUrl(logi.base, '{job="context"} |= "line 15"'));
    await rowCount(page, 1);
    await page.locator('.log-row').first().click();
    await page.getByRole('button', { name: 'Show context' }).click();
    const dialog = page.getByRole('dialog', { name: 'Log context' });
    await dialog.locator('.context-line').nth(20).waitFor(WAIT);
    const expected = Array.from({ length: 21 }, (_, i) => `context line ${i + 5}`);
    assert.deepEqual(await dialog.locator('.log-line').allInnerTexts(), expected);
    assert.equal(await dialog.locator('.context-line.current .log-line').innerText(), 'context line 15');
    await screenshot(page, 'explore-logs-context');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', ...WAIT });

    await page.goto(exploreUrl(logi.base, '{job="dedup"}', { dedup: 'numbers' }));
    await rowCount(page, 4);
    const save = async (name: string): Promise<string> => {
      const downloaded = page.waitForEvent('download', WAIT);
      await page.locator('.download').getByRole('button', { name }).click();
      return readFileSync((await (await downloaded).path())!, 'utf8');
    };
    const text = (await save('txt')).split('\n');
    assert.deepEqual(text.map((l) => l.split('\t')[1]), [DEDUP_LINES[5], DEDUP_LINES[4], DEDUP_LINES[3], DEDUP_LINES[1], undefined]);
    assert.match(text[0]!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z\t/);
    const json = JSON.parse(await save('json')) as Array<{ line: string; labels: Record<string, string>; duplicates?: number }>;
    assert.deepEqual(json.map((e) => [e.line, e.labels.job, e.duplicates]), [
      [DEDUP_LINES[5], 'dedup', undefined], [DEDUP_LINES[4], 'dedup', undefined], [DEDUP_LINES[3], 'dedup', 1], [DEDUP_LINES[1], 'dedup', 1],
    ]);
    await closeAll();
  });
});
