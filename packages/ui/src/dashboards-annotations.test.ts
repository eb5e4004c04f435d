// Grafana's dashboard annotations from Loki in headless Chromium against a real `logi serve`: deploy lines pushed at
// known times drawn as markers on the time series, their hover showing the title, line and tags Grafana's Loki
// annotations give; switched on and off above the panels; a variable in the query; entries Logi cannot run named;
// edited in the dashboard settings' Annotations and saved, their "Show in" choosing the panels.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Page } from 'playwright-core';
import { pushLines } from '../../server/dist/testing/logi-process.js';
import { PageSet, screenshot } from './testing/browser.js';
import { DashboardServer, storedDashboard } from './testing/dashboards.js';

const WAIT = { timeout: 30_000 };
const NOW = Date.now();

/** Deploys and a restart at known times (ms), minutes before the test. */
const DEPLOYS = [
  { service: 'api', version: 'v1', atMs: NOW - 20 * 60_000 },
  { service: 'web', version: 'v7', atMs: NOW - 15 * 60_000 },
  { service: 'api', version: 'v2', atMs: NOW - 10 * 60_000 },
];
const RESTART_MS = NOW - 12 * 60_000;

const ts = (id: number, title: string, y: number, extra: Record<string, unknown> = {}) => ({
  id, type: 'timeseries', title, gridPos: { x: 0, y, w: 24, h: 8 },
  targets: [{ refId: 'A', expr: 'sum(count_over_time({app="shop"}[$__auto]))', queryType: 'range' }], ...extra,
});

const BOARD = {
  uid: 'shop-annotations', title: 'Shop with deploys', schemaVersion: 39, version: 0, time: { from: 'now-1h', to: 'now' },
  templating: { list: [{ name: 'svc', type: 'custom', query: 'api,web', current: { text: 'api', value: 'api' } }] },
  annotations: {
    list: [
      // as every Grafana dashboard has it: Grafana's own store, skipped
      { builtIn: 1, datasource: { type: 'grafana', uid: '-- Grafana --' }, enable: true, hide: true, iconColor: 'rgba(0, 211, 255, 1)', name: 'Annotations & Alerts', type: 'dashboard' },
      { name: 'Deploys', datasource: { type: 'loki', uid: 'loki' }, enable: true, iconColor: 'red', expr: '{app="deploys", service="$svc"}',
        titleFormat: 'Deploy of {{service}}', tagKeys: 'service,version', filter: { exclude: true, ids: [3] } },
      { name: 'Restarts', datasource: { type: 'loki', uid: 'loki' }, enable: false, iconColor: 'yellow', expr: '{app="restarts"}', textFormat: 'restart of {{host}}' },
      { name: 'Alerts', datasource: { type: 'prometheus', uid: 'prom' }, enable: true, expr: 'ALERTS' },
      { name: 'Broken', datasource: { type: 'loki', uid: 'loki' }, enable: true, expr: '{app="deploys"' },
    ],
  },
  panels: [ts(1, 'Shop lines', 0), ts(3, 'Without deploys', 8)],
};

const srv = new DashboardServer({
  prefix: 'logi-dash-annotations-',
  flags: (dir) => [`-common.path-prefix=${join(dir, 'data')}`],
  pushed: [{ labels: { app: 'shop' }, lines: ['one', 'two', 'three'] }],
  then: async (logi) => {
    for (const d of DEPLOYS) assert.equal((await pushLines(logi.base, { app: 'deploys', service: d.service, version: d.version }, BigInt(d.atMs) * 1_000_000n, [`deployed ${d.service} ${d.version}`])).status, 204);
    assert.equal((await pushLines(logi.base, { app: 'restarts', host: 'host-1' }, BigInt(RESTART_MS) * 1_000_000n, ['process restarted'])).status, 204);
    const r = await fetch(`${logi.base}/api/dashboards/db`, { method: 'POST', body: JSON.stringify({ dashboard: BOARD }) });
    assert.equal(r.status, 200, await r.text());
  },
});

// the broken entry's query is refused by Loki on purpose
const pages = new PageSet(() => srv.browser);
after(() => pages.closeAll());

/** The times (ms) of the markers drawn on panel `id`, left to right, once there are `count`. */
async function markerTimes(page: Page, id: number, count: number): Promise<number[]> {
  const markers = page.locator(`[data-panel-id="${id}"] .graph-marker`);
  await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel as string).length === n, [`[data-panel-id="${id}"] .graph-marker`, count] as const, WAIT);
  const found = await markers.evaluateAll((els) => els.map((e) => [Number(e.getAttribute('data-time')), e.getBoundingClientRect().x] as const));
  return found.sort((a, b) => a[1] - b[1]).map(([t]) => t);
}

test('Loki annotations are drawn as markers at the lines’ times, with their title, line and tags on hover; switched, filtered and interpolated as in Grafana', async () => {
  const page = await pages.open([400]);
  const sent: string[] = [];
  page.on('request', (r) => { if (r.url().includes('/loki/api/v1/query_range') && r.url().includes('deploys')) sent.push(r.url()); });
  await page.goto(`${srv.logi.base}/d/shop-annotations`);
  // the api deploys, oldest on the left, as query_range found them (Grafana's Loki annotations query)
  assert.deepEqual(await markerTimes(page, 1, 2), DEPLOYS.filter((d) => d.service === 'api').map((d) => d.atMs));
  const url = new URL(sent.find((u) => u.includes('service%3D%22api%22'))!);
  assert.equal(url.searchParams.get('query'), '{app="deploys", service="api"}');
  assert.equal(url.searchParams.get('limit'), '1000');
  // the filter keeps the deploys off panel 3
  assert.equal(await page.locator('[data-panel-id="3"] .graph-marker').count(), 0);
  assert.equal(await page.locator('[data-panel-id="3"] .u-over').count(), 1);

  // hovering the newest marker's foot shows its annotation
  const newest = page.locator(`[data-panel-id="1"] .graph-marker[data-time="${DEPLOYS[2]!.atMs}"] .graph-marker-mark`);
  await newest.hover();
  const tip = newest.locator('[role="tooltip"]');
  await tip.waitFor({ state: 'visible', ...WAIT });
  assert.equal(await tip.locator('.graph-marker-title').innerText(), 'Deploy of api');
  assert.equal(await tip.locator('.graph-marker-text').innerText(), 'deployed api v2');
  assert.equal(await tip.locator('.graph-marker-tags').innerText(), 'api · v2');
  assert.equal(await newest.evaluate((e) => getComputedStyle(e).backgroundColor), 'rgb(255, 0, 0)');
  await screenshot(page, 'dashboard-annotations-hover');

  // the switches: the hidden built-in has none; Restarts starts off and is switched on, its text from textFormat
  assert.deepEqual(await page.locator('.annotation-toggle').allInnerTexts(), ['Deploys', 'Restarts', 'Alerts', 'Broken']);
  assert.deepEqual(await page.locator('.annotation-note').allInnerTexts(), [
    // a Prometheus entry is run, through a data source this Logi has not
    'Annotation “Alerts” failed: Prometheus data source “prom” is not configured in Logi (-datasources.provisioning)',
    'Annotation “Broken” failed: parse error at line 1, col 15: syntax error: unexpected $end, expecting } or ,',
  ]);
  await page.locator('.annotation-toggle', { hasText: 'Restarts' }).locator('input').check();
  assert.deepEqual(await markerTimes(page, 1, 3), [DEPLOYS[0]!.atMs, RESTART_MS, DEPLOYS[2]!.atMs]);
  assert.deepEqual(await markerTimes(page, 3, 1), [RESTART_MS]);
  assert.equal(await page.locator(`[data-panel-id="3"] .graph-marker-text`).textContent(), 'restart of host-1');

  // the variable changes the query: web's one deploy, beside the restart
  await page.locator('#var-svc').selectOption('web');
  await page.waitForFunction(() => document.querySelectorAll('[data-panel-id="1"] .graph-marker[data-time]').length === 2 &&
    [...document.querySelectorAll('[data-panel-id="1"] .graph-marker-text')].some((e) => e.textContent === 'deployed web v7'), undefined, WAIT);
  assert.deepEqual(await markerTimes(page, 1, 2), [DEPLOYS[1]!.atMs, RESTART_MS].sort((a, b) => a - b));
  // switched off, Deploys draws nothing
  await page.locator('.annotation-toggle', { hasText: 'Deploys' }).locator('input').uncheck();
  assert.deepEqual(await markerTimes(page, 1, 1), [RESTART_MS]);
  await screenshot(page, 'dashboard-annotations-switched');
});

test("the dashboard settings' Annotations list, edit, add and remove the queries; the markers follow and the dashboard saves them", async () => {
  const page = await pages.open([400]);
  await page.goto(`${srv.logi.base}/d/shop-annotations`);
  await markerTimes(page, 1, 2);
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('menuitem', { name: 'Annotations' }).click();
  const dialog = page.getByRole('dialog', { name: 'Annotations' });
  const form = (name: string) => dialog.locator(`fieldset[data-annotation="${name}"]`);
  assert.deepEqual(await dialog.locator('input[name="annotation-name"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value)),
    ['Annotations & Alerts', 'Deploys', 'Restarts', 'Alerts', 'Broken']);
  assert.match(await form('Annotations & Alerts').innerText(), /-- Grafana --/);
  assert.equal(await form('Deploys').locator('select[name="annotation-datasource"]').inputValue(), 'loki');
  assert.deepEqual(await form('Alerts').locator('select[name="annotation-datasource"] option').allInnerTexts(), ['Logi (loki)', 'prom (prometheus): not one Logi reads here']);

  // Restarts: on, blue, a title and another text
  await form('Restarts').locator('input[name="annotation-enable"]').check();
  await form('Restarts').locator('input[name="annotation-iconColor"]').fill('blue');
  await form('Restarts').locator('input[name="annotation-titleFormat"]').fill('Restart');
  await form('Restarts').locator('input[name="annotation-textFormat"]').fill('restarted on {{host}}');
  // Broken: its query mended, renamed, its tags the version only
  await form('Broken').locator('textarea[name="annotation-expr"]').fill('{app="deploys"}');
  await form('Broken').locator('input[name="annotation-tagKeys"]').fill('version');
  await form('Broken').locator('input[name="annotation-iconColor"]').fill('green');
  await form('Broken').locator('input[name="annotation-name"]').fill('All deploys');
  await dialog.getByRole('button', { name: 'Remove annotation Alerts' }).click();
  // a new one, named as another: Apply waits for a unique name
  await dialog.getByRole('button', { name: '+ New query' }).click();
  const added = dialog.locator('fieldset').last();
  assert.equal(await added.locator('input[name="annotation-name"]').inputValue(), 'New annotation');
  assert.equal(await added.locator('select[name="annotation-datasource"]').inputValue(), 'loki');
  await added.locator('input[name="annotation-name"]').fill('Deploys');
  assert.equal(await dialog.getByRole('alert').innerText(), 'Annotation with the same name already exists');
  assert.ok(await dialog.getByRole('button', { name: 'Apply' }).isDisabled());
  await added.locator('input[name="annotation-name"]').fill('Hosts');
  await added.locator('textarea[name="annotation-expr"]').fill('{app="restarts"}');
  await added.locator('input[name="annotation-enable"]').uncheck();
  await dialog.getByRole('button', { name: 'Apply' }).click();

  // panel 3 (no Deploys there): the restart and the three deploys of All deploys; nothing is named as not drawn
  assert.deepEqual(await page.locator('.annotation-toggle').allInnerTexts(), ['Deploys', 'Restarts', 'All deploys', 'Hosts']);
  assert.deepEqual(await markerTimes(page, 3, 4), [DEPLOYS[0]!.atMs, DEPLOYS[1]!.atMs, RESTART_MS, DEPLOYS[2]!.atMs]);
  assert.equal(await page.locator('.annotation-note').count(), 0);
  const restart = page.locator(`[data-panel-id="3"] .graph-marker[data-time="${RESTART_MS}"]`);
  assert.equal(await restart.locator('.graph-marker-title').textContent(), 'Restart');
  assert.equal(await restart.locator('.graph-marker-text').textContent(), 'restarted on host-1');
  assert.equal(await restart.locator('.graph-marker-mark').evaluate((e) => getComputedStyle(e).backgroundColor), 'rgb(0, 0, 255)');
  assert.equal(await page.locator(`[data-panel-id="3"] .graph-marker[data-time="${DEPLOYS[1]!.atMs}"] .graph-marker-tags`).textContent(), 'v7');
  await screenshot(page, 'dashboard-annotations-edited');

  await page.getByRole('button', { name: 'Save dashboard' }).click();
  const save = page.getByRole('dialog', { name: 'Save dashboard' });
  await save.getByRole('button', { name: 'Save', exact: true }).click();
  await save.waitFor({ state: 'detached', ...WAIT });
  const list = (await storedDashboard(srv.logi.base, 'shop-annotations')).annotations.list as Array<Record<string, unknown>>;
  assert.deepEqual(list.map((a) => [a.name, a.enable, a.iconColor, a.expr, a.titleFormat, a.textFormat, a.tagKeys]), [
    ['Annotations & Alerts', true, 'rgba(0, 211, 255, 1)', undefined, undefined, undefined, undefined],
    ['Deploys', true, 'red', '{app="deploys", service="$svc"}', 'Deploy of {{service}}', undefined, 'service,version'],
    ['Restarts', true, 'blue', '{app="restarts"}', 'Restart', 'restarted on {{host}}', undefined],
    ['All deploys', true, 'green', '{app="deploys"}', undefined, undefined, 'version'],
    ['Hosts', false, 'red', '{app="restarts"}', undefined, undefined, undefined],
  ]);
  assert.deepEqual(list[4]!.datasource, { type: 'loki', uid: 'loki' });
});

test('"Show in" sends an annotation query\'s markers to the panels chosen, or to all but them, saved as Grafana\'s filter', async () => {
  const board = {
    uid: 'shop-annotation-filter', title: 'Deploys on one panel', schemaVersion: 39, version: 0, time: { from: 'now-1h', to: 'now' },
    annotations: {
      list: [
        { name: 'Deploys', datasource: { type: 'loki', uid: 'loki' }, enable: true, iconColor: 'red', expr: '{app="deploys"}' },
        { name: 'Traces', datasource: { type: 'tempo', uid: 'tempo' }, enable: true, hide: true, query: '{}' },
      ],
    },
    panels: [ts(1, 'Shop lines', 0), ts(3, 'Without deploys', 8), { id: 5, type: 'row', title: 'More', collapsed: true, gridPos: { x: 0, y: 16, w: 24, h: 1 }, panels: [ts(6, 'Also lines', 17)] }],
  };
  assert.equal((await fetch(`${srv.logi.base}/api/dashboards/db`, { method: 'POST', body: JSON.stringify({ dashboard: board }) })).status, 200);
  const deploys = DEPLOYS.map((d) => d.atMs);
  const page = await pages.open();
  await page.goto(`${srv.logi.base}/d/shop-annotation-filter`);
  assert.deepEqual(await markerTimes(page, 1, 3), deploys);
  assert.deepEqual(await markerTimes(page, 3, 3), deploys);
  assert.deepEqual(await page.locator('.annotation-note').allInnerTexts(), ['Annotation “Traces” is not drawn: its data source is “tempo”; Logi reads Loki and Prometheus annotations only.']);

  const openDialog = async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('menuitem', { name: 'Annotations' }).click();
    return page.getByRole('dialog', { name: 'Annotations' }).locator('fieldset[data-annotation="Deploys"]');
  };
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  let form = await openDialog();
  assert.equal(await form.locator('select[name="annotation-show-in"]').inputValue(), 'all');
  assert.deepEqual(await form.locator('select[name="annotation-show-in"] option').allInnerTexts(), ['All panels', 'Selected panels', 'All panels except']);
  assert.equal(await form.getByRole('group', { name: 'Choose panels' }).count(), 0);
  await form.locator('select[name="annotation-show-in"]').selectOption('include');
  // the panels by title (a collapsed row's too), rows left out
  const choose = form.getByRole('group', { name: 'Choose panels' });
  assert.deepEqual((await choose.locator('label').allInnerTexts()).map((t) => t.trim()), ['Also lines', 'Shop lines', 'Without deploys']);
  await choose.getByLabel('Without deploys').check();
  await page.getByRole('dialog', { name: 'Annotations' }).getByRole('button', { name: 'Apply' }).click();
  await markerTimes(page, 1, 0);
  assert.deepEqual(await markerTimes(page, 3, 3), deploys);

  await page.getByRole('button', { name: 'Save dashboard' }).click();
  const save = page.getByRole('dialog', { name: 'Save dashboard' });
  await save.getByRole('button', { name: 'Save', exact: true }).click();
  await save.waitFor({ state: 'detached', ...WAIT });
  assert.deepEqual((await storedDashboard(srv.logi.base, 'shop-annotation-filter')).annotations.list[0].filter, { exclude: false, ids: [3] });
  await page.reload();
  assert.deepEqual(await markerTimes(page, 3, 3), deploys);
  // the markers reach every panel at once: panel 1's graph, once drawn, has none
  await page.locator('[data-panel-id="1"] .u-over').waitFor(WAIT);
  assert.equal(await page.locator('[data-panel-id="1"] .graph-marker').count(), 0);
  await screenshot(page, 'dashboard-annotations-show-in');

  // all but that panel: the markers move to panel 1; All panels again drops the filter
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  form = await openDialog();
  assert.equal(await form.locator('select[name="annotation-show-in"]').inputValue(), 'include');
  assert.ok(await form.getByRole('group', { name: 'Choose panels' }).getByLabel('Without deploys').isChecked());
  await form.locator('select[name="annotation-show-in"]').selectOption('exclude');
  await page.getByRole('dialog', { name: 'Annotations' }).getByRole('button', { name: 'Apply' }).click();
  await markerTimes(page, 3, 0);
  assert.deepEqual(await markerTimes(page, 1, 3), deploys);
  const exported = async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export' }).click()]);
    return JSON.parse(readFileSync((await download.path())!, 'utf8')).annotations.list[0];
  };
  form = await openDialog();
  await form.locator('select[name="annotation-show-in"]').selectOption('all');
  await page.getByRole('dialog', { name: 'Annotations' }).getByRole('button', { name: 'Apply' }).click();
  assert.deepEqual(await markerTimes(page, 3, 3), deploys);
  assert.deepEqual(await markerTimes(page, 1, 3), deploys);
  await page.getByRole('button', { name: 'Exit edit' }).click();
  assert.ok(!('filter' in (await exported())));
});
