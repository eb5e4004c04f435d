// How a board opens in Chromium against a real `logi serve`: the board comes within the page (no API request for
// it), its panels send their queries with the variables' expected values while the variables refresh, and show the
// answers only once the refresh confirms those values; a value the refresh no longer offers gives way to the first
// option, its early answer never shown. Home (/) carries the shipped board. A board saved since the page was sent is
// read from the API.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { Page, Request } from 'playwright-core';
import { PageSet } from './testing/browser.js';
import { DashboardServer } from './testing/dashboards.js';

const WAIT = { timeout: 30_000 };

/** Lines per app: each app's count tells which app a stat shows. */
const PUSHED = { alpha: 3, beta: 5, gamma: 7 };

/** A stat of the app's lines; the variable offers alpha and beta only (its regex leaves gamma out). */
const board = (uid: string, current: string, title = 'Opening') => ({
  id: null, uid, title, schemaVersion: 39, version: 0, time: { from: 'now-1h', to: 'now' }, refresh: '',
  templating: {
    list: [{
      name: 'app', type: 'query', query: 'label_values(app)', definition: 'label_values(app)', regex: '/alpha|beta/', refresh: 1,
      current: { text: current, value: current }, options: [],
    }],
  },
  panels: [{ id: 1, type: 'stat', title: 'Lines of $app', gridPos: { h: 6, w: 8, x: 0, y: 0 }, targets: [{ refId: 'A', expr: 'sum(count_over_time({app="$app"}[$__range]))', queryType: 'instant' }] }],
});

const srv = new DashboardServer({
  prefix: 'logi-dash-opening-',
  flags: (dir) => [`-common.path-prefix=${dir}`],
  pushed: Object.entries(PUSHED).map(([app, count]) => ({ labels: { app }, lines: Array.from({ length: count }, (_, i) => `line ${i}`) })),
  then: async (logi) => {
    for (const b of [board('opening-kept', 'beta'), board('opening-gone', 'gamma')]) {
      const r = await fetch(`${logi.base}/api/dashboards/db`, { method: 'POST', body: JSON.stringify({ dashboard: b, overwrite: true }) });
      assert.equal(r.status, 200, await r.text());
    }
  },
});

const isValues = (url: string): boolean => new URL(url).pathname === '/loki/api/v1/label/app/values';
const queryOf = (r: Request): string | undefined => (new URL(r.url()).pathname === '/loki/api/v1/query' ? new URL(r.url()).searchParams.get('query')! : undefined);
const statOf = (app: string): string => `sum(count_over_time({app="${app}"}[3600s]))`;

/** Every value the stat showed, and the title beside it, as the page drew them (seen by a MutationObserver from the start). */
async function watchStat(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (globalThis as unknown as { statsShown: string[] }).statsShown = seen;
    new MutationObserver(() => {
      const stat = document.querySelector('[data-panel-type="stat"][data-state="done"]');
      const shown = stat && `${stat.getAttribute('aria-label')}: ${stat.querySelector('.stat')?.getAttribute('data-value')}`;
      if (shown && seen.at(-1) !== shown) seen.push(shown);
    }).observe(document, { subtree: true, childList: true, attributes: true });
  });
}
const statsShown = (page: Page): Promise<string[]> => page.evaluate(() => (globalThis as unknown as { statsShown: string[] }).statsShown);

/** Holds the variable's label values request until the returned function is called (the server answers it then, as it is). */
async function holdValues(page: Page): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => { release = resolve; });
  await page.route((url) => isValues(url.href), async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

/** Once the page has `query`'s answer (its resource entry is written when the body is in) and has drawn two frames since. */
async function answeredInPage(page: Page, query: string): Promise<void> {
  await page.waitForFunction((q) => performance.getEntriesByType('resource').some((e) => new URL(e.name).searchParams.get('query') === q), query, WAIT);
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

describe('a board opening in Chromium', () => {
  const pages = new PageSet(() => srv.browser);
  after(() => pages.closeAll());

  test('the board comes within the page, and the panels query the saved value before the variable is refreshed, showing it once confirmed', async () => {
    const page = await pages.open();
    await watchStat(page);
    const requests: string[] = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    // the stat's answer is in the page before the variable's values are released to it
    const release = await holdValues(page);
    await page.goto(`${srv.logi.base}/d/opening-kept`);
    await answeredInPage(page, statOf('beta'));
    // answered but not confirmed: still loading
    assert.equal(await page.locator('.dash-panel').getAttribute('data-state'), 'loading');
    release();
    await page.locator('[data-panel-type="stat"][data-state="done"]').waitFor(WAIT);
    assert.equal(await page.locator('.stat').getAttribute('data-value'), String(PUSHED.beta));
    assert.deepEqual(await statsShown(page), [`Lines of beta: ${PUSHED.beta}`]);
    // the board was not asked for; the stat's query went once: confirmed, it did not run again
    assert.ok(!requests.includes('/api/dashboards/uid/opening-kept'), requests.join());
    assert.equal(requests.filter((p) => p === '/loki/api/v1/query').length, 1, requests.join());
    await page.waitForURL(/var-app=beta/, WAIT);
  });

  test('a saved value the refresh no longer offers: its early query never shows, the first option is queried', async () => {
    const page = await pages.open();
    await watchStat(page);
    const queries: string[] = [];
    page.on('request', (r) => { const q = queryOf(r); if (q) queries.push(q); });
    // gamma's answer comes first: a panel showing answers before the refresh would draw its 7
    const release = await holdValues(page);
    await page.goto(`${srv.logi.base}/d/opening-gone`);
    await answeredInPage(page, statOf('gamma'));
    release();
    await page.waitForURL(/var-app=alpha/, WAIT);
    await page.locator('[data-panel-type="stat"][data-state="done"]').waitFor(WAIT);
    assert.equal(await page.locator('.stat').getAttribute('data-value'), String(PUSHED.alpha));
    assert.deepEqual(await statsShown(page), [`Lines of alpha: ${PUSHED.alpha}`]);
    assert.deepEqual(queries, [statOf('gamma'), statOf('alpha')]);
    assert.equal(await page.locator('#var-app').inputValue(), 'alpha');
  });

  test('home (/) carries the shipped board as well: opened without asking the API for it', async () => {
    const page = await pages.open();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await page.goto(`${srv.logi.base}/`);
    // its saved app (python-starter-kit) is not among these apps: the first option is shown
    await page.waitForURL(/\/d\/logi-app-logs\/app-logs\?.*var-app=alpha/, WAIT);
    await page.waitForFunction(() => [...document.querySelectorAll('.dash-panel')].every((p) => p.getAttribute('data-state') === 'done'), undefined, WAIT);
    assert.equal(await page.locator('.dash-panel').count(), 4);
    assert.ok(!requests.some((p) => p.startsWith('/api/dashboards/')), requests.join());
  });

  test('a board saved after its page was sent is read anew: on the way back to it, and by the back button', async () => {
    const page = await pages.open();
    await page.goto(`${srv.logi.base}/d/opening-kept`);
    await page.locator('[data-panel-type="stat"][data-state="done"]').waitFor(WAIT);
    const save = async (title: string): Promise<void> => {
      const r = await fetch(`${srv.logi.base}/api/dashboards/db`, { method: 'POST', body: JSON.stringify({ dashboard: board('opening-kept', 'beta', title), overwrite: true }) });
      assert.equal(r.status, 200, await r.text());
    };
    await save('Saved since');
    // within the page: the list, then the board again
    await page.locator('.crumb').click();
    await page.locator('.dashboard-hits a', { hasText: 'Saved since' }).click();
    await page.locator('h1.page-title', { hasText: 'Saved since' }).waitFor(WAIT);
    // a new page load elsewhere, a save, and back: the page sent earlier is not reused
    await page.goto(`${srv.logi.base}/explore`);
    await save('Saved again');
    await page.goBack();
    await page.locator('h1.page-title').waitFor(WAIT);
    assert.equal(await page.locator('h1.page-title').innerText(), 'Saved again');
  });
});
