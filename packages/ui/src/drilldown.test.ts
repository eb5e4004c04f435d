// Logs Drilldown end to end, and the "why nothing found" hint in Explore: a real `logi serve` holding structlog-style
// JSON lines and nginx access lines of two services, the UI in headless Chromium.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { freePort, startLogi, type LogiProcess } from '../../server/dist/testing/logi-process.js';
import { launchChromium, openPage, screenshot, type WatchedPage } from './testing/browser.js';

const WAIT = { timeout: 30_000 };
const DRILLDOWN = '/a/grafana-lokiexplore-app/explore';
/** Lines per template: Loki reports a pattern from 30 lines on. */
const PER_TEMPLATE = 40;

/** nginx's GET lines also logged at level error: Loki answers their pattern once per level, Drilldown shows it once. */
const NGINX_ERROR_GETS = 30;
const NGINX_LINES = 2 * PER_TEMPLATE + NGINX_ERROR_GETS;

/** The templates each service's lines follow, and the patterns Logi's miner makes of them. */
const CHECKOUT_PATTERNS = ['<_>payment accepted for order<_>', '<_>cart updated by the customer<_>', '<_>payment declined by the bank<_>'];
const NGINX_PATTERNS = [
  '<_> - - [<_> +0000] "GET <_> HTTP/1.1" 200 <_> "-" "curl/8.0"',
  '<_> - - [<_> +0000] "POST /cart HTTP/1.1" 201 <_> "-" "Mozilla/5.0"',
];

/** Every 14 s over the last ~10 minutes: checkout's JSON lines (level as label too) and nginx's access lines. */
async function pushServices(base: string): Promise<void> {
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  const at = (i: number, offsetUs: number): string => (nowNs - BigInt(600 - i * 14) * 1_000_000_000n + BigInt(offsetUs) * 1000n).toString();
  const info: Array<[string, string]> = [];
  const error: Array<[string, string]> = [];
  const nginx: Array<[string, string]> = [];
  const nginxErrors: Array<[string, string]> = [];
  for (let i = 0; i < PER_TEMPLATE; i++) {
    info.push([at(i, 0), JSON.stringify({ event: 'payment accepted for order', level: 'info', order_id: 1000 + i, amount: 10 + i })]);
    info.push([at(i, 1), JSON.stringify({ event: 'cart updated by the customer', level: 'info', cart_id: `c${i}`, items: i % 5 })]);
    error.push([at(i, 2), JSON.stringify({ event: 'payment declined by the bank', level: 'error', order_id: 2000 + i, reason: 'card expired' })]);
    const clock = `07/Dec/2026:06:${String(10 + (i % 40)).padStart(2, '0')}:00 +0000`;
    const get = `10.0.0.${i % 7} - - [${clock}] "GET /products/${i} HTTP/1.1" 200 ${500 + i} "-" "curl/8.0"`;
    nginx.push([at(i, 0), get]);
    if (i < NGINX_ERROR_GETS) nginxErrors.push([at(i, 2), get]);
    nginx.push([at(i, 1), `10.0.1.${i % 7} - - [${clock}] "POST /cart HTTP/1.1" 201 ${20 + i} "-" "Mozilla/5.0"`]);
  }
  const streams = [
    { stream: { service_name: 'checkout', env: 'prod', level: 'info' }, values: info },
    { stream: { service_name: 'checkout', env: 'prod', level: 'error' }, values: error },
    // service_name comes from job here, as Loki derives it.
    { stream: { job: 'nginx', env: 'prod' }, values: nginx },
    { stream: { job: 'nginx', env: 'prod', level: 'error' }, values: nginxErrors },
  ];
  const r = await fetch(`${base}/loki/api/v1/push`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ streams }) });
  assert.equal(r.status, 204, await r.text());
}

/** The services by the bytes the server's index/volume gives them (what Drilldown orders by), most first. */
async function servicesByVolume(base: string): Promise<string[]> {
  const query = new URLSearchParams({ query: '{service_name=~".+"}', start: new Date(Date.now() - 3600e3).toISOString(), end: new Date().toISOString() });
  const answer = await (await fetch(`${base}/loki/api/v1/index/volume?${query}`)).json() as { data: { result: Array<{ metric: { service_name: string }; value: [number, string] }> } };
  return answer.data.result.sort((a, b) => Number(b.value[1]) - Number(a.value[1])).map((r) => r.metric.service_name);
}

/** Mining runs beside ingest: waits until the API answers every pattern of a service. */
async function patternsMined(base: string, service: string, count: number): Promise<void> {
  for (let tries = 0; ; tries++) {
    const query = new URLSearchParams({ query: `{service_name="${service}"}`, start: new Date(Date.now() - 3600e3).toISOString(), end: new Date().toISOString(), step: '60s' });
    const found = ((await (await fetch(`${base}/loki/api/v1/patterns?${query}`)).json()) as { data: unknown[] }).data;
    if (found.length >= count) return;
    assert.ok(tries < 120, `${service}: ${found.length} patterns mined`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const texts = (page: Page, selector: string): Promise<string[]> => page.locator(selector).allInnerTexts();
const exprOf = (url: string): string =>
  (Object.values(JSON.parse(new URL(url).searchParams.get('panes')!) as Record<string, { queries: Array<{ expr: string }> }>)[0]!).queries[0]!.expr;
/** The log list holds n rows (virtualised: only those in view are in the page, the list says how many it has). */
const rowsShown = (page: Page, n: number) =>
  page.waitForFunction((count) => document.querySelector('.logs-panel .log-list')?.getAttribute('data-rows') === String(count), n, WAIT);
/** A label's values in the Labels tab, as shown: names and counts. */
const valuesOf = async (page: Page, label: string): Promise<[string[], string[]]> =>
  [await texts(page, `.drilldown-label[data-label="${label}"] .value-name`), await texts(page, `.drilldown-label[data-label="${label}"] .value-count`)];

/** Clicks a link into Explore: the query it opens and the number of lines shown. */
async function intoExplore(page: Page, link: Locator, expr: string, lines: number): Promise<void> {
  await link.click();
  assert.equal(new URL(page.url()).pathname, '/explore');
  assert.equal(exprOf(page.url()), expr);
  await rowsShown(page, lines);
}

let browser: Browser;
let logi: LogiProcess;
let dir: string;
/** The services as Drilldown lists them: most bytes first. */
let largestFirst: string[];
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'logi-drilldown-'));
  // Without a config file pattern mining is on, as in Loki's local config.
  [browser, logi] = await Promise.all([launchChromium(), freePort().then((port) => startLogi(dir, port))]);
  await pushServices(logi.base);
  largestFirst = await servicesByVolume(logi.base);
  await Promise.all([patternsMined(logi.base, 'checkout', CHECKOUT_PATTERNS.length), patternsMined(logi.base, 'nginx', NGINX_PATTERNS.length + 1)]);
});
after(async () => {
  await browser?.close();
  await logi?.kill();
  rmSync(dir, { recursive: true, force: true });
});

describe('Logs Drilldown in Chromium', () => {
  let watched: WatchedPage;
  let page: Page;
  before(async () => {
    watched = await openPage(browser);
    page = watched.page;
  });
  // One page for the file; no test may leave a console error or page error on it.
  after(async () => {
    const problems = watched.problems();
    await watched.close();
    assert.deepEqual(problems, []);
  });

  test('the nav opens Drilldown at Grafana\'s path: both services with their line counts and sparklines, largest first', async () => {
    await page.goto(`${logi.base}/explore`);
    await page.getByRole('link', { name: 'Drilldown' }).click();
    assert.equal(new URL(page.url()).pathname, DRILLDOWN);
    await page.waitForFunction(() => [...document.querySelectorAll('.service-count')].filter((e) => e.textContent !== '…').length === 2, undefined, WAIT);
    assert.deepEqual(await texts(page, '.service-name'), largestFirst);
    const lines: Record<string, number> = { checkout: 3 * PER_TEMPLATE, nginx: NGINX_LINES };
    assert.deepEqual(await texts(page, '.service-count'), largestFirst.map((s) => `${lines[s]} lines`));
    // Bars drawn in each sparkline, labelled with what they add up to.
    assert.ok(await page.locator('.service[data-service="nginx"] .sparkline rect').count() > 10);
    assert.equal(await page.locator('.service[data-service="checkout"] .sparkline').getAttribute('aria-label'), `${3 * PER_TEMPLATE} lines`);
    // Stacked by detected_level in Grafana's level colours: checkout's errors red, its info green.
    const fills = await page.locator('.service[data-service="checkout"] .sparkline rect').evaluateAll((rects) => [...new Set(rects.map((r) => r.getAttribute('fill')))].sort());
    assert.deepEqual(fills, ['#7EB26D', '#E24D42']);
    assert.equal(await page.title(), 'Logs Drilldown - Logi');
    await screenshot(page, 'drilldown-services');

    // The time picker writes Grafana's from/to into Drilldown's URL, and the services follow the range.
    await page.getByTestId('time-picker').click();
    await page.locator('input[name="from"]').fill('2020-01-01 00:00:00');
    await page.locator('input[name="to"]').fill('2020-01-01 01:00:00');
    await page.getByRole('button', { name: 'Apply time range' }).click();
    await page.locator('.empty').waitFor(WAIT);
    assert.equal(await page.locator('.empty').innerText(), 'No services have logs in this time range.');
    const search = new URL(page.url()).searchParams;
    assert.equal(new Date(Number(search.get('to'))).getTime() - new Date(Number(search.get('from'))).getTime(), 3600e3);
    await page.goBack();
    await page.locator('.service').first().waitFor(WAIT);

    // The search asks index/volume again for the names that contain it, ignoring case, as Drilldown's does.
    const volumeAsked = page.waitForRequest((r) => r.url().includes('/index/volume?'));
    await page.getByRole('searchbox', { name: 'Search services' }).fill('NGI');
    assert.equal(new URL((await volumeAsked).url()).searchParams.get('query'), '{service_name=~"(?i).*NGI.*"}');
    await page.waitForFunction(() => document.querySelectorAll('.service').length === 1, undefined, WAIT);
    assert.deepEqual(await texts(page, '.service-name'), ['nginx']);
    await page.getByRole('searchbox', { name: 'Search services' }).fill('');
    await page.waitForFunction(() => document.querySelectorAll('.service').length === 2, undefined, WAIT);
  });

  test('a service opens on its lines; Patterns lists the templates, and a pattern opens Explore with |> and its lines', async () => {
    await page.locator('.service-name', { hasText: 'checkout' }).click();
    assert.equal(new URL(page.url()).pathname, `${DRILLDOWN}/service/checkout/logs`);
    await rowsShown(page, 3 * PER_TEMPLATE);
    await screenshot(page, 'drilldown-logs');

    await page.getByRole('link', { name: 'Patterns' }).click();
    assert.equal(new URL(page.url()).pathname, `${DRILLDOWN}/service/checkout/patterns`);
    await page.locator('.pattern').first().waitFor(WAIT);
    assert.deepEqual((await texts(page, '.pattern-text')).sort(), [...CHECKOUT_PATTERNS].sort());
    assert.deepEqual(await texts(page, '.pattern-count'), CHECKOUT_PATTERNS.map(() => String(PER_TEMPLATE)));
    assert.equal(await page.locator('.pattern[data-levels="error"] .pattern-text').innerText(), '<_>payment declined by the bank<_>');
    assert.equal(await page.locator('.pattern[data-levels="info"]').count(), 2);
    // Each <_> is marked apart from the literal text.
    assert.equal(await page.locator('.pattern-any').count(), 2 * CHECKOUT_PATTERNS.length);
    await screenshot(page, 'drilldown-patterns');

    await page.goto(`${logi.base}${DRILLDOWN}/service/nginx/patterns?from=now-15m&to=now`);
    await page.locator('.pattern').first().waitFor(WAIT);
    assert.deepEqual((await texts(page, '.pattern-text')).sort(), [...NGINX_PATTERNS].sort());
    // GET's pattern, answered at levels unknown and error, is one row with both levels and their lines added up.
    const get = page.locator('.pattern', { hasText: 'GET' });
    assert.deepEqual((await get.getAttribute('data-levels'))!.split(' ').sort(), ['error', 'unknown']);
    assert.equal(await get.locator('.pattern-count').innerText(), String(PER_TEMPLATE + NGINX_ERROR_GETS));
    await intoExplore(page, page.locator('.pattern-text', { hasText: 'POST /cart' }), `{service_name="nginx"} |> ${JSON.stringify(NGINX_PATTERNS[1])}`, PER_TEMPLATE);
    for (const line of await texts(page, '.log-line')) assert.match(line, /"POST \/cart HTTP\/1.1" 201 /);
    await screenshot(page, 'drilldown-pattern-in-explore');
  });

  test('Labels lists each label\'s values with counts, a value opens Explore with it in the selector; Fields lists the fields', async () => {
    await page.goto(`${logi.base}${DRILLDOWN}/service/checkout/labels?from=now-15m&to=now`);
    await page.locator('.drilldown-label[data-label="level"] .label-value').first().waitFor(WAIT);
    await page.locator('.drilldown-label[data-label="env"] .label-value').first().waitFor(WAIT);
    assert.deepEqual(await valuesOf(page, 'level'), [['info', 'error'], [String(2 * PER_TEMPLATE), String(PER_TEMPLATE)]]);
    assert.deepEqual(await valuesOf(page, 'env'), [['prod'], [String(3 * PER_TEMPLATE)]]);
    assert.equal(await page.locator('.drilldown-label[data-label="service_name"]').count(), 0);
    await screenshot(page, 'drilldown-labels');
    await intoExplore(page, page.locator('.drilldown-label[data-label="level"] .value-name', { hasText: 'error' }), '{service_name="checkout", level="error"}', PER_TEMPLATE);

    await page.goto(`${logi.base}${DRILLDOWN}/service/checkout/fields?from=now-15m&to=now`);
    await page.locator('.field').first().waitFor(WAIT);
    const fields = await texts(page, '.field-name');
    for (const name of ['event', 'order_id', 'amount', 'cart_id', 'items', 'reason', 'detected_level']) assert.ok(fields.includes(name), fields.join(', '));
    assert.equal(await page.locator('.field[data-field="event"] .field-type').innerText(), 'string');
    assert.equal(await page.locator('.field[data-field="event"] .field-cardinality').innerText(), '3');
    assert.equal(await page.locator('.field[data-field="order_id"] .field-type').innerText(), 'int');
    await screenshot(page, 'drilldown-fields');
    await intoExplore(page, page.locator('.field-name', { hasText: 'reason' }), '{service_name="checkout"} | json | reason != ""', PER_TEMPLATE);

    // Drilldown's paths name other labels too: the streams of env="prod", broken down by service_name.
    await page.goto(`${logi.base}${DRILLDOWN}/env/prod/labels?from=now-15m&to=now`);
    await page.locator('.drilldown-label[data-label="service_name"] .label-value').first().waitFor(WAIT);
    assert.equal(await page.locator('.service-header h2').innerText(), 'env = prod');
    assert.equal(await page.locator('.drilldown-label[data-label="env"]').count(), 0);
    assert.deepEqual(await valuesOf(page, 'service_name'), [['checkout', 'nginx'], [String(3 * PER_TEMPLATE), String(NGINX_LINES)]]);
    await intoExplore(page, page.locator('.drilldown-label[data-label="service_name"] .value-name', { hasText: 'nginx' }), '{env="prod", service_name="nginx"}', NGINX_LINES);
  });

  test('Explore shows the case hint under the query when level="ERROR" finds nothing but level="error" exists', async () => {
    const panes = { a: { datasource: 'logi', queries: [{ refId: 'A', expr: '{service_name="checkout", level="ERROR"}' }], range: { from: 'now-15m', to: 'now' } } };
    await page.goto(`${logi.base}/explore?schemaVersion=1&panes=${encodeURIComponent(JSON.stringify(panes))}&orgId=1`);
    await page.locator('.warnings li').first().waitFor(WAIT);
    assert.deepEqual(await texts(page, '.warnings li'), ['⚠ level="ERROR" matches no stream; the label level has the value "error"']);
    assert.equal(await page.locator('.log-row').count(), 0);
    await screenshot(page, 'explore-case-hint');
  });
});
