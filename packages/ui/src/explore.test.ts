// Explore end to end: a real `logi serve` holding known lines, the UI in headless Chromium.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { freePort, pushLines, startLogi, type LogiProcess } from '../../server/dist/testing/logi-process.js';
import { launchChromium, openPage, PageSet, screenshot } from './testing/browser.js';

const WAIT = { timeout: 20_000 };
const MINUTE_NS = 60_000_000_000n;

/** Lines pushed: per stream, `count` lines in each of 6 batches 5 minutes apart over the last half hour. */
const STREAMS = [
  { labels: { job: 'shop', app: 'api', level: 'info' }, count: 5 },
  { labels: { job: 'shop', app: 'api', level: 'error' }, count: 2 },
  { labels: { job: 'shop', app: 'web', level: 'info' }, count: 3 },
  { labels: { job: 'batch', app: 'worker', level: 'warn' }, count: 1 },
];
const BATCHES = 6;

async function pushKnownLines(base: string, tenant?: string): Promise<void> {
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  for (let b = 0; b < BATCHES; b++) {
    const t0 = nowNs - BigInt(2 + b * 5) * MINUTE_NS;
    for (const s of STREAMS) {
      const lines = Array.from({ length: s.count }, (_, i) => `level=${s.labels.level} app=${s.labels.app} msg="request ${b}-${i}" duration=${10 + i}ms`);
      const r = await pushLines(base, s.labels, t0, lines, tenant);
      assert.equal(r.status, 204, r.body);
    }
  }
}

/** Explore's URL in Grafana 12's shape, as a Grafana link carries it. */
function exploreUrl(base: string, expr: string, extra: Record<string, unknown> = {}): string {
  const panes = { x7k: { datasource: 'P8E80F9AEF21F6940', queries: [{ refId: 'A', expr, queryType: 'range', ...extra }], range: { from: 'now-1h', to: 'now' } } };
  return `${base}/explore?schemaVersion=1&panes=${encodeURIComponent(JSON.stringify(panes))}&orgId=1`;
}

const texts = (page: Page, selector: string): Promise<string[]> => page.locator(selector).allInnerTexts();
const legendLabels = async (page: Page): Promise<string[]> => (await texts(page, '.u-legend .u-series .u-label')).filter((l) => l !== 'Time');
const paneOf = (url: string): { queries: Array<{ expr: string }>; range: { from: string; to: string } } =>
  Object.values(JSON.parse(new URL(url).searchParams.get('panes')!) as Record<string, never>)[0]!;

async function pickCompletion(page: Page, label: string): Promise<string[]> {
  const options = page.locator('.cm-tooltip-autocomplete li');
  await options.filter({ hasText: label }).first().waitFor(WAIT);
  const offered = await page.locator('.cm-tooltip-autocomplete li .cm-completionLabel').allInnerTexts();
  await options.filter({ hasText: label }).first().click();
  return offered;
}

/** A server on a fresh directory holding the known lines (as `tenant` when given); stop() kills it and removes it. */
async function serverWithLines(yaml?: string, tenant?: string): Promise<{ logi: LogiProcess; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'logi-ui-'));
  const logi = await startLogi(dir, await freePort(), yaml);
  await pushKnownLines(logi.base, tenant);
  return { logi, stop: async () => { await logi.kill(); rmSync(dir, { recursive: true, force: true }); } };
}

// One browser and both servers (without and with auth) for the whole file, started together.
let browser: Browser;
let withoutAuth: Awaited<ReturnType<typeof serverWithLines>>;
let authenticated: Awaited<ReturnType<typeof serverWithLines>>;
before(async () => {
  [browser, withoutAuth, authenticated] = await Promise.all([launchChromium(), serverWithLines(), serverWithLines('auth_enabled: true\n', 'team-a')]);
});
after(async () => {
  await browser?.close();
  await withoutAuth?.stop();
  await authenticated?.stop();
});

describe('Explore in Chromium', () => {
  let logi: LogiProcess;
  before(() => { logi = withoutAuth.logi; });
  // Every test ends by closing its pages, which checks that none of them logged an error.
  const pages = new PageSet(() => browser);
  const newPage = (expectedStatuses: number[] = []): Promise<Page> => pages.open(expectedStatuses);
  const closeAll = (): Promise<void> => pages.closeAll();

  test('a selector typed with autocomplete runs with Ctrl+Enter: lines and the volume histogram are drawn and counted', async () => {
    // logi serve says where the UI is.
    assert.match(logi.stdout(), new RegExp(`msg="Logi started" .* ui=${logi.base}/ `));
    const page = await newPage();
    await page.goto(`${logi.base}/explore`);
    await page.locator('.cm-content').click();
    await page.keyboard.type('{job="shop", ');
    assert.ok((await pickCompletion(page, 'app')).includes('level'));
    // The values offered for app are those of the streams job="shop" matches: not batch's worker.
    assert.deepEqual(await pickCompletion(page, 'api'), ['api', 'web']);
    assert.equal(await page.locator('.cm-content').innerText(), '{job="shop", app="api"}');
    await page.keyboard.press('Control+Enter');

    const expected = BATCHES * (5 + 2);
    await page.waitForFunction((n) => document.querySelectorAll('.log-row').length === n, expected, WAIT);
    assert.equal(await page.locator('.log-row[data-level="error"]').count(), BATCHES * 2);
    await page.locator('.volume-total').first().waitFor(WAIT);
    assert.deepEqual(await texts(page, '.volume-total'), [`error ${BATCHES * 2}`, `info ${BATCHES * 5}`]);
    assert.match(await page.locator('.panel-title').first().innerText(), new RegExp(`${expected} lines`));
    assert.equal(await page.locator('.panel canvas').count() > 0, true);
    // Newest first: the first row is from the latest batch.
    assert.match(await page.locator('.log-line').first().innerText(), /request 0-/);
    assert.match(await page.locator('.query-stats').first().innerText(), /Processed .+, [\d,]+ lines in [\d.]+ s/);
    assert.equal(paneOf(page.url()).queries[0]!.expr, '{job="shop", app="api"}');
    await screenshot(page, 'explore-logs');

    // After a parser, the fields detected in the results are offered.
    await page.locator('.cm-content').click();
    await page.keyboard.press('End');
    await page.keyboard.type(' | logfmt | dur', { delay: 20 });
    const fields = await pickCompletion(page, 'duration');
    assert.ok(fields.includes('duration'), fields.join(' / '));
    assert.equal(await page.locator('.cm-content').innerText(), '{job="shop", app="api"} | logfmt | duration');
    await closeAll();
  });

  test('Grafana paths, Format, a second query, history, and the time picker (presets, absolute, UTC)', async () => {
    const page = await newPage([404]); // the dashboard's API answer, as Grafana's: 404 Dashboard not found
    await page.goto(`${logi.base}/d/abc/my-board`);
    assert.equal(await page.locator('.not-yet h1').innerText(), 'Dashboard not available');
    assert.equal(await page.locator('.not-yet p').innerText(), 'Dashboard not found');
    await screenshot(page, 'dashboards');
    await page.getByRole('link', { name: 'Alerting' }).click();
    assert.equal(new URL(page.url()).pathname, '/alerting/list');
    assert.equal(await page.locator('.alerting .page-title').innerText(), 'Alerting');
    await page.getByRole('link', { name: 'Explore' }).click();
    assert.equal(new URL(page.url()).pathname, '/explore');

    await page.locator('.cm-content').click();
    await page.keyboard.type('{job="batch"}|="request"', { delay: 20 });
    await page.getByRole('button', { name: 'Format' }).click();
    await page.waitForFunction(() => document.querySelector('.cm-content')?.textContent === '{job="batch"} |= "request"', undefined, WAIT);
    await page.getByTestId('run-query').click();
    await page.waitForFunction((n) => document.querySelectorAll('.log-row').length === n, BATCHES, WAIT);

    await page.getByRole('button', { name: '+ Add query' }).click();
    await page.locator('.query-row[data-refid="B"] .cm-content').click();
    // Range and vector functions are offered at the start.
    await page.keyboard.type('count_ov', { delay: 20 });
    assert.ok((await pickCompletion(page, 'count_over_time')).includes('count_over_time'));
    await page.keyboard.type('{job="batch"}[10m])', { delay: 20 });
    await page.keyboard.press('Control+Enter');
    await page.locator('.query-results[data-refid="B"] .u-legend').waitFor(WAIT);
    assert.deepEqual(paneOf(page.url()).queries.map((q) => q.expr), ['{job="batch"} |= "request"', 'count_over_time({job="batch"}[10m])']);
    assert.equal(await page.locator('.query-results[data-refid="A"] .log-row').count(), BATCHES);

    await page.locator('.query-row[data-refid="B"]').getByRole('button', { name: 'History' }).click();
    assert.deepEqual((await texts(page, '.history-list li')).slice(0, 2), ['count_over_time({job="batch"}[10m])', '{job="batch"} |= "request"']);
    await page.keyboard.press('Escape');

    await page.getByTestId('time-picker').click();
    await screenshot(page, 'time-picker');
    await page.getByRole('button', { name: 'Last 15 minutes' }).click();
    await page.waitForFunction(() => window.location.search.includes('now-15m'), undefined, WAIT);
    // Batches 2, 7 and 12 minutes old are inside the last 15 minutes.
    await page.waitForFunction(() => document.querySelectorAll('.query-results[data-refid="A"] .log-row').length === 3, undefined, WAIT);

    await page.getByTestId('time-picker').click();
    await page.getByLabel('Show times in UTC').check();
    await page.waitForFunction(() => window.location.search.includes('utc'), undefined, WAIT);
    await page.getByRole('textbox', { name: 'From', exact: true }).fill('2020-01-01 00:00:00');
    await page.getByRole('textbox', { name: 'To', exact: true }).fill('2020-01-01 01:00:00');
    await page.getByRole('button', { name: 'Apply time range' }).click();
    await page.waitForFunction(() => !window.location.search.includes('now-15m'), undefined, WAIT);
    assert.deepEqual(paneOf(page.url()).range, { from: String(Date.UTC(2020, 0, 1)), to: String(Date.UTC(2020, 0, 1, 1)) });
    assert.match(await page.getByTestId('time-picker').innerText(), /^◷\s+2020-01-01 00:00:00 to 2020-01-01 01:00:00 UTC\s+▾$/);
    await page.locator('.query-results[data-refid="A"] .empty').waitFor(WAIT);
    await closeAll();
  });

  test('a metric query draws its series named by the legend format; table view; drag zooms; the copied URL reopens it', async () => {
    const page = await newPage();
    await page.goto(exploreUrl(logi.base, 'sum by (app) (count_over_time({job="shop"}[5m]))', { legendFormat: 'app {{app}}' }));
    await page.locator('.u-legend .u-series').nth(2).waitFor(WAIT);
    assert.deepEqual(await legendLabels(page), ['app api', 'app web']);
    // Hovering the last sample shows each series' value there in the legend.
    const plot = (await page.locator('.u-over').boundingBox())!;
    await page.mouse.move(plot.x + plot.width - 2, plot.y + plot.height / 2);
    await page.waitForFunction(() => [...document.querySelectorAll('.u-legend .u-series .u-value')].slice(1).every((v) => /^\d+$/.test(v.textContent ?? '')), undefined, WAIT);
    assert.deepEqual((await texts(page, '.u-legend .u-series .u-value')).slice(1), [String(5 + 2), '3']);
    await screenshot(page, 'explore-metric');

    // A click on a legend entry hides the series (uPlot marks it off).
    await page.locator('.u-legend .u-series', { hasText: 'app web' }).click();
    assert.equal(await page.locator('.u-legend .u-series.u-off').count(), 1);

    const over = page.locator('.u-over');
    const box = (await over.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.waitForFunction(() => !window.location.search.includes('now-1h'), undefined, WAIT);
    const zoomed = paneOf(page.url()).range;
    assert.match(zoomed.from, /^\d{13}$/);
    assert.match(zoomed.to, /^\d{13}$/);
    const width = Number(zoomed.to) - Number(zoomed.from);
    assert.ok(width > 15 * 60_000 && width < 30 * 60_000, `about 40 % of the hour: ${width} ms`);
    await page.locator('.u-legend .u-series').nth(2).waitFor(WAIT);

    await page.getByRole('button', { name: 'Table' }).click();
    await page.locator('.metric-table').waitFor(WAIT);
    assert.deepEqual(await texts(page, '.metric-table th'), ['Time', 'app api', 'app web']);
    await screenshot(page, 'explore-table');

    // The copied link, in a fresh page with its own storage: same query, range and view.
    const copy = await newPage();
    await copy.goto(page.url());
    await copy.locator('.metric-table').waitFor(WAIT);
    assert.equal(await copy.locator('.cm-content').innerText(), 'sum by (app) (count_over_time({job="shop"}[5m]))');
    assert.deepEqual(await texts(copy, '.metric-table th'), ['Time', 'app api', 'app web']);
    assert.equal(await copy.getByTestId('time-picker').innerText(), await page.getByTestId('time-picker').innerText());
    assert.deepEqual(paneOf(copy.url()).range, zoomed);
    await closeAll();
  });

  test('auto-refresh runs the queries again every interval', async () => {
    const page = await newPage();
    await page.goto(exploreUrl(logi.base, '{job="batch"}'));
    await page.waitForFunction((n) => document.querySelectorAll('.log-row').length === n, BATCHES, WAIT);
    const linesQuery = (r: { url(): string }): boolean => r.url().includes('query_range') && r.url().includes(`query=${encodeURIComponent('{job="batch"}')}&`);
    const again = page.waitForResponse(linesQuery, WAIT);
    await page.getByLabel('Auto refresh').selectOption('5s');
    await again;
    // The last lines stay on screen while the query runs again.
    assert.equal(await page.locator('.log-row').count(), BATCHES);
    await page.waitForFunction(() => !document.querySelector('.loading'), undefined, WAIT);
    assert.equal(await page.locator('.log-row').count(), BATCHES);
    await closeAll();
  });

  test('the server parse error is shown under the editor and marked at the column it names', async () => {
    const page = await newPage([400]);
    await page.goto(exploreUrl(logi.base, '{job="shop", app=~}'));
    const error = page.getByRole('alert');
    await error.waitFor(WAIT);
    assert.match(await error.innerText(), /^parse error at line 1, col 19: syntax error: unexpected }/);
    assert.equal(await page.locator('.cm-parse-error').innerText(), '}');
    await screenshot(page, 'explore-parse-error');
    await closeAll();
  });
});

describe('Explore against a server with auth_enabled', () => {
  let logi: LogiProcess;
  before(() => { logi = authenticated.logi; });

  test('401 `no org id` asks for a tenant; the queries then run as it, and it is remembered', async () => {
    const watched = await openPage(browser, [401]);
    const { page } = watched;
    await page.goto(exploreUrl(logi.base, '{job="batch"}'));
    const field = page.getByLabel('Tenant');
    await field.waitFor(WAIT);
    assert.match(await page.locator('.tenant.needed').innerText(), /needs a tenant/);
    await screenshot(page, 'explore-tenant');
    await field.fill('team-a');
    await field.press('Enter');
    await page.waitForFunction((n) => document.querySelectorAll('.log-row').length === n, BATCHES, WAIT);
    assert.equal(await page.locator('.tenant.needed').count(), 0);
    await page.reload();
    await page.waitForFunction((n) => document.querySelectorAll('.log-row').length === n, BATCHES, WAIT);
    assert.equal(await field.inputValue(), 'team-a');
    const problems = watched.problems();
    await watched.close();
    assert.deepEqual(problems, []);
  });
});
