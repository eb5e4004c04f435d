// Dashboards end to end: a real `logi serve` holding known lines of two apps, Grafana's dashboard HTTP API, and the
// boards drawn in headless Chromium (the shipped app board, a board of the team's provisioned from a file, one
// POSTed through the API).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { PageSet, screenshot } from './testing/browser.js';
import { DashboardServer } from './testing/dashboards.js';

const WAIT = { timeout: 30_000 };

/** Lines pushed a few minutes ago: per app, service and level, how many. */
const PUSHED = [
  { app: 'python-starter-kit', service: 'api', level: 'info', count: 6 },
  { app: 'python-starter-kit', service: 'api', level: 'error', count: 3 },
  { app: 'python-starter-kit', service: 'worker', level: 'info', count: 4 },
  { app: 'python-starter-kit', service: 'worker', level: 'warn', count: 2 },
  { app: 'python-starter-kit', service: 'worker', level: 'error', count: 1 },
  { app: 'billing', service: 'ledger', level: 'info', count: 5 },
  { app: 'billing', service: 'ledger', level: 'error', count: 2 },
];

/** The counts the boards must show for one app, summed by a label. */
function countsBy(app: string, label: 'level' | 'service', onlyErrors = false): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of PUSHED) if (p.app === app && (!onlyErrors || p.level === 'error')) out[p[label]] = (out[p[label]] ?? 0) + p.count;
  return out;
}

/** A board in the shape Grafana 11 exports: an open row, a collapsed row holding a stat, a gauge. */
const POSTED = {
  id: null, uid: 'team-billing', title: 'Billing overview', tags: ['billing'], schemaVersion: 39, version: 0,
  time: { from: 'now-1h', to: 'now' }, timezone: 'utc', refresh: '',
  templating: {
    list: [
      { name: 'app', type: 'query', query: 'label_values(app)', definition: 'label_values(app)', current: { text: 'billing', value: 'billing' }, options: [] },
      { name: 'svc', type: 'query', query: 'label_values({app="$app"}, service)', current: { text: 'ledger', value: 'ledger' }, options: [] },
      { name: 'env', type: 'custom', query: 'prod,staging', current: { text: 'prod', value: 'prod' }, options: [] },
    ],
  },
  panels: [
    { id: 1, type: 'row', title: 'Overview', collapsed: false, gridPos: { h: 1, w: 24, x: 0, y: 0 }, panels: [] },
    { id: 2, type: 'gauge', title: 'Error budget', gridPos: { h: 6, w: 8, x: 0, y: 1 }, targets: [{ refId: 'A', expr: 'sum(count_over_time({app="billing"}[$__range]))', queryType: 'instant' }] },
    { id: 3, type: 'text', title: 'About', gridPos: { h: 6, w: 16, x: 8, y: 1 }, options: { mode: 'markdown', content: '# Billing\nLines of **${svc}** in [[env]].' } },
    { id: 6, type: 'timeseries', title: 'All lines', gridPos: { h: 6, w: 24, x: 0, y: 7 }, targets: [{ refId: 'A', expr: 'sum(count_over_time({app=~".+"}[$__auto]))', queryType: 'range' }, { refId: 'B', expr: 'vector(1)', hide: true }] },
    {
      id: 4, type: 'row', title: 'Totals', collapsed: true, gridPos: { h: 1, w: 24, x: 0, y: 13 },
      panels: [{ id: 5, type: 'stat', title: 'Lines', gridPos: { h: 5, w: 6, x: 0, y: 14 }, targets: [{ refId: 'A', expr: 'sum(count_over_time({app="$app", service="${svc}"}[$__range]))', queryType: 'instant' }] }],
    },
  ],
};

/** A team's board provisioned from a folder named by -dashboards.provisioning. */
const PROVISIONED = { uid: 'team-board', title: 'Team board', schemaVersion: 39, panels: [] };

const srv = new DashboardServer({
  prefix: 'logi-dash-',
  prepare: (dir) => {
    mkdirSync(join(dir, 'boards'));
    writeFileSync(join(dir, 'boards', 'team.json'), JSON.stringify(PROVISIONED));
    writeFileSync(join(dir, 'provisioning.yaml'), 'apiVersion: 1\nproviders:\n  - name: team\n    type: file\n    options:\n      path: boards\n');
  },
  flags: (dir) => [`-common.path-prefix=${join(dir, 'data')}`, `-dashboards.provisioning=${join(dir, 'provisioning.yaml')}`],
  pushed: PUSHED.map((p) => ({
    labels: { app: p.app, service: p.service, level: p.level },
    lines: Array.from({ length: p.count }, (_, i) => `level=${p.level} service=${p.service} msg="event ${i}"`),
  })),
});

const api = async (path: string, init?: RequestInit): Promise<{ status: number; body: any }> => {
  const r = await fetch(`${srv.logi.base}${path}`, init);
  return { status: r.status, body: await r.json() };
};
const post = (body: unknown): Promise<{ status: number; body: any }> =>
  api('/api/dashboards/db', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe("Grafana's dashboard HTTP API", () => {
  test('GET by uid answers {dashboard, meta} for the shipped board, provisioned; an unknown uid is 404', async () => {
    const { status, body } = await api('/api/dashboards/uid/logi-app-logs');
    assert.equal(status, 200);
    assert.equal(body.dashboard.uid, 'logi-app-logs');
    assert.equal(body.dashboard.schemaVersion, 39);
    assert.deepEqual(body.dashboard.panels.map((p: { type: string }) => p.type), ['timeseries', 'piechart', 'barchart', 'logs']);
    assert.equal(body.meta.url, '/d/logi-app-logs/app-logs');
    assert.equal(body.meta.provisioned, true);
    assert.deepEqual(await api('/api/dashboards/uid/nope'), { status: 404, body: { message: 'Dashboard not found' } });
    const team = await api('/api/dashboards/uid/team-board');
    assert.equal(team.body.meta.provisionedExternalId, 'team.json');
    assert.deepEqual(await api('/api/dashboards/uid/logi-app-logs', { method: 'DELETE' }), { status: 400, body: { message: 'provisioned dashboard cannot be deleted' } });
  });

  test('POST saves as Grafana answers, refuses a taken uid and a stale version with 412, and writes the file', async () => {
    const created = await post({ dashboard: POSTED, overwrite: false, folderUid: '' });
    assert.equal(created.status, 200);
    assert.deepEqual(created.body, { id: created.body.id, uid: 'team-billing', url: '/d/team-billing/billing-overview', status: 'success', version: 1, slug: 'billing-overview' });
    assert.ok(existsSync(join(srv.dir, 'data', 'dashboards', 'team-billing.json')));
    assert.deepEqual(await post({ dashboard: POSTED }), { status: 412, body: { status: 'name-exists', message: 'A dashboard with the same uid already exists' } });
    const update = { ...POSTED, id: created.body.id, version: 1 };
    assert.equal((await post({ dashboard: update })).body.version, 2);
    assert.deepEqual(await post({ dashboard: update }), { status: 412, body: { status: 'version-mismatch', message: 'The dashboard has been changed by someone else' } });
    assert.equal((await post({ dashboard: update, overwrite: true })).body.version, 3);
    assert.deepEqual(await post({ dashboard: { uid: 'x' } }), { status: 400, body: { status: 'empty-name', message: 'Dashboard title cannot be empty' } });
  });

  test('search lists dashboards as Grafana hits, by title; DELETE answers and the board is gone', async () => {
    const all = await api('/api/search?type=dash-db');
    assert.deepEqual(all.body.map((h: { title: string }) => h.title), ['App logs', 'Billing overview', 'Logi self-monitoring', 'Team board']);
    const hit = (await api('/api/search?query=billing&type=dash-db')).body;
    assert.equal(hit.length, 1);
    assert.deepEqual(Object.keys(hit[0]).sort(), ['id', 'isStarred', 'orgId', 'slug', 'sortMeta', 'tags', 'title', 'type', 'uid', 'uri', 'url']);
    assert.deepEqual({ ...hit[0], id: 0 }, { id: 0, uid: 'team-billing', orgId: 1, title: 'Billing overview', uri: 'db/billing-overview', url: '/d/team-billing/billing-overview', slug: '', type: 'dash-db', tags: ['billing'], isStarred: false, sortMeta: 0 });
    assert.deepEqual((await api('/api/search?type=dash-folder')).body, []);
    const scratch = await post({ dashboard: { title: 'Scratch' } });
    assert.match(scratch.body.uid, /^[a-zA-Z0-9]{14}$/);
    assert.deepEqual(await api(`/api/dashboards/uid/${scratch.body.uid}`, { method: 'DELETE' }), { status: 200, body: { title: 'Scratch', message: 'Dashboard Scratch deleted', id: scratch.body.id, uid: scratch.body.uid } });
    assert.equal((await api(`/api/dashboards/uid/${scratch.body.uid}`)).status, 404);
  });
});

describe('dashboards in Chromium', () => {
  const pages = new PageSet(() => srv.browser);
  const newPage = (): Promise<Page> => pages.open();
  after(() => pages.closeAll());

  const drawn = async (page: Page): Promise<void> => {
    await page.waitForFunction(() => {
      const panels = [...document.querySelectorAll('.dash-panel')];
      return panels.length > 0 && panels.every((p) => p.getAttribute('data-state') !== 'loading');
    }, undefined, WAIT);
  };
  const attrs = (page: Page, selector: string, ...names: string[]): Promise<string[][]> =>
    page.locator(selector).evaluateAll((els, ns) => els.map((e) => ns.map((n) => e.getAttribute(n) ?? '')), names);

  async function numbersOf(page: Page): Promise<{ pie: Record<string, number>; bars: Record<string, number>; barHeights: Record<string, number>; errorLines: string[] }> {
    const pie = Object.fromEntries((await attrs(page, '[data-panel-type="piechart"] .pie-slice', 'data-name', 'data-share')).map(([n, s]) => [n, Number(s)]));
    const bars = Object.fromEntries((await attrs(page, '[data-panel-type="barchart"] .bar', 'data-name', 'data-value')).map(([n, v]) => [n, Number(v)]));
    const barHeights = Object.fromEntries(await page.locator('[data-panel-type="barchart"] .bar').evaluateAll((els) =>
      els.map((e) => [e.getAttribute('data-name')!, e.getBoundingClientRect().height]))) as Record<string, number>;
    const errorLines = await page.locator('[data-panel-type="logs"] .log-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-level')!));
    return { pie, bars, barHeights, errorLines };
  }

  function assertBoardShows(n: Awaited<ReturnType<typeof numbersOf>>, app: string): void {
    const levels = countsBy(app, 'level');
    const total = Object.values(levels).reduce((a, b) => a + b, 0);
    assert.deepEqual(n.pie, Object.fromEntries(Object.entries(levels).map(([l, c]) => [l, Number((c / total).toFixed(4))])));
    const errors = countsBy(app, 'service', true);
    assert.deepEqual(n.bars, errors);
    // bar heights to scale: each bar's height over the tallest equals its count over the largest
    const max = Math.max(...Object.values(errors));
    const tallest = Math.max(...Object.values(n.barHeights));
    for (const [service, count] of Object.entries(errors)) assert.ok(Math.abs(n.barHeights[service]! / tallest - count / max) < 0.02, `${service}: ${n.barHeights[service]} of ${tallest}`);
    assert.equal(n.errorLines.length, Object.values(errors).reduce((a, b) => a + b, 0));
    assert.ok(n.errorLines.every((l) => l === 'error'));
  }

  test("the seeds' board opens with every panel drawn, the numbers pushed, and the app variable switches the data", async () => {
    const page = await newPage();
    await page.goto(`${srv.logi.base}/`); // home is the shipped board
    await drawn(page);
    // Grafana's URL: the slug added, the dashboard's time range and the variable's value in the query string
    const url = new URL(page.url());
    assert.equal(url.pathname, '/d/logi-app-logs/app-logs');
    assert.equal(url.searchParams.get('from'), 'now-1h');
    assert.equal(url.searchParams.get('var-app'), 'python-starter-kit');
    assert.equal(url.searchParams.get('refresh'), '30s');
    assert.deepEqual(await page.locator('.dash-panel').evaluateAll((els) => els.map((e) => e.getAttribute('data-state'))), ['done', 'done', 'done', 'done']);
    assert.deepEqual((await page.locator('#var-app option').allInnerTexts()).sort(), ['billing', 'python-starter-kit']);
    const legend = (await page.locator('[data-panel-type="timeseries"] .u-legend .u-series .u-label').allInnerTexts()).filter((l) => l !== 'Time');
    assert.deepEqual(legend.sort(), ['error', 'info', 'warn']);
    assertBoardShows(await numbersOf(page), 'python-starter-kit');
    // the grid: the time series spans all 24 columns (8 rows of 30 px with 7 gaps of 8), the pie a third of them
    const series = (await page.locator('[data-panel-type="timeseries"]').boundingBox())!;
    const pie = (await page.locator('[data-panel-type="piechart"]').boundingBox())!;
    assert.equal(Math.round(series.height), 8 * 30 + 7 * 8);
    assert.ok(Math.abs(pie.width - (series.width - 2 * 8) / 3) < 4, `${pie.width} vs ${series.width}`);
    await screenshot(page, 'dashboard-app-logs');

    await page.selectOption('#var-app', 'billing');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('var-app') === 'billing', undefined, WAIT);
    await page.waitForFunction(() => [...document.querySelectorAll('[data-panel-type="barchart"] .bar')].map((b) => b.getAttribute('data-name')).join() === 'ledger', undefined, WAIT);
    await drawn(page);
    assertBoardShows(await numbersOf(page), 'billing');

    // a link carrying var-app opens on that app
    const linked = await newPage();
    await linked.goto(`${srv.logi.base}/d/logi-app-logs?from=now-1h&to=now&var-app=billing`);
    await drawn(linked);
    assert.equal(new URL(linked.url()).pathname, '/d/logi-app-logs/app-logs');
    assertBoardShows(await numbersOf(linked), 'billing');
  });

  test('a board POSTed in Grafana’s export shape renders: rows, its text and its gauge', async () => {
    const page = await newPage();
    await page.goto(`${srv.logi.base}/dashboards`);
    await page.locator('.dashboard-hits a', { hasText: 'Billing overview' }).click();
    await page.waitForURL(/\/d\/team-billing\/billing-overview\?/, WAIT);
    await drawn(page);
    assert.equal(new URL(page.url()).searchParams.get('timezone'), 'utc');
    // the gauge without thresholds: Grafana's default steps (green, red from 80), its arc full at the only value
    assert.deepEqual(await attrs(page, '[data-panel-type="gauge"] .gauge', 'data-value', 'data-color', 'data-share'), [['7', '#73BF69', '1.0000']]);
    assert.equal(await page.locator('[data-panel-type="text"] h1').innerText(), 'Billing');
    assert.equal(await page.locator('[data-panel-type="text"] p').innerText(), 'Lines of ledger in prod.');
    // the time series ran its visible target only, with $__auto as the step
    assert.deepEqual((await page.locator('[data-panel-type="timeseries"] .u-legend .u-series .u-label').allInnerTexts()).filter((l) => l !== 'Time'), ['{}']);
    // the collapsed row shows its title and count; opened, its stat draws the lines of the chosen service
    const totals = page.locator('.dash-row[data-row-title="Totals"]');
    assert.match(await totals.innerText(), /Totals \(1 panel\)/);
    assert.equal(await page.locator('[data-panel-type="stat"]').count(), 0);
    await totals.locator('button').click();
    await page.locator('[data-panel-type="stat"][data-state="done"]').waitFor(WAIT);
    const statValue = (): Promise<string | null> => page.locator('[data-panel-type="stat"] .stat').getAttribute('data-value');
    assert.equal(await statValue(), '7'); // ledger: 5 info and 2 error lines
    assert.deepEqual(await page.locator('#var-svc option').allInnerTexts(), ['ledger']);
    await screenshot(page, 'dashboard-posted');

    // a chained variable: another app lists its own services; only the panels using a variable query again
    const queried: string[] = [];
    page.on('request', (r) => { if (r.url().includes('/loki/api/v1/query')) queried.push(new URL(r.url()).searchParams.get('query')!); });
    await page.selectOption('#var-app', 'python-starter-kit');
    await page.waitForFunction(() => document.querySelector('#var-svc option')?.textContent === 'api', undefined, WAIT);
    await page.waitForFunction(() => document.querySelector('[data-panel-type="stat"] .stat')?.getAttribute('data-value') === '9', undefined, WAIT);
    assert.deepEqual(await page.locator('#var-svc option').allInnerTexts(), ['api', 'worker']);
    assert.equal(await page.locator('[data-panel-type="text"] p').innerText(), 'Lines of api in prod.');
    assert.deepEqual(queried, ['sum(count_over_time({app="python-starter-kit", service="api"}[3600s]))']);
    assert.equal(new URL(page.url()).searchParams.get('var-svc'), 'api');
    await screenshot(page, 'dashboard-posted');
    await page.goto(`${srv.logi.base}/dashboards`);
    await page.locator('.dashboard-hits li').nth(3).waitFor(WAIT);
    assert.deepEqual(await page.locator('.dashboard-hits a').allInnerTexts(), ['App logs', 'Billing overview', 'Logi self-monitoring', 'Team board']);
    await screenshot(page, 'dashboard-list');
  });
});
