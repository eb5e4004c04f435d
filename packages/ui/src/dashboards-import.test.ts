// Grafana dashboards brought into Logi through the UI's import page: three boards written in Grafana 11/12's export
// format (testdata/dashboards: rows, variables, every panel type Logi draws and the options that change what they
// show, one with a panel type Logi does not draw) imported by paste and by upload, every panel drawn with the numbers
// pushed and its thresholds' colours; then exported and imported again, unchanged.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { PageSet, screenshot } from './testing/browser.js';
import { DashboardServer, storedDashboard } from './testing/dashboards.js';

const WAIT = { timeout: 30_000 };
const TESTDATA = fileURLToPath(new URL('../testdata/dashboards/', import.meta.url));
const boardFile = (name: string): string => join(TESTDATA, `${name}.json`);

/** Lines of app shop pushed a few minutes ago, and one other app the variable offers. */
const PUSHED = [
  { app: 'shop', service: 'api', level: 'info', count: 8 },
  { app: 'shop', service: 'api', level: 'error', count: 3 },
  { app: 'shop', service: 'web', level: 'info', count: 5 },
  { app: 'shop', service: 'web', level: 'warn', count: 6 },
  { app: 'shop', service: 'web', level: 'error', count: 1 },
  { app: 'other', service: 'cron', level: 'info', count: 2 },
];
const lineOf = (p: (typeof PUSHED)[number], i: number): string => `level=${p.level} service=${p.service} msg="event ${i}"`;
const shopBytes = PUSHED.filter((p) => p.app === 'shop').reduce((a, p) => a + Array.from({ length: p.count }, (_, i) => lineOf(p, i).length).reduce((x, y) => x + y, 0), 0);

const srv = new DashboardServer({
  prefix: 'logi-dash-import-',
  // the same export provisioned from a folder as Grafana's provisioning reads it (its ${DS_LOKI} left as it is)
  prepare: (dir) => {
    mkdirSync(join(dir, 'provisioning/boards'), { recursive: true });
    writeFileSync(join(dir, 'provisioning/boards/health.json'), readFileSync(boardFile('shop-health'), 'utf8').replace('"uid": "shop-health"', '"uid": "provisioned-health"'));
    writeFileSync(join(dir, 'provisioning/dashboards.yaml'), 'apiVersion: 1\nproviders:\n  - name: shop\n    folder: Shop\n    type: file\n    options:\n      path: boards\n');
  },
  flags: (dir) => [`-common.path-prefix=${join(dir, 'data')}`, `-dashboards.provisioning=${join(dir, 'provisioning')}`],
  pushed: PUSHED.map((p) => ({ labels: { app: p.app, service: p.service, level: p.level }, lines: Array.from({ length: p.count }, (_, i) => lineOf(p, i)) })),
});

// the overwrite test provokes Grafana's 412 on purpose
const pages = new PageSet(() => srv.browser);
const newPage = (): Promise<Page> => pages.open([412]);
after(() => pages.closeAll());

const stored = (uid: string): Promise<Record<string, any>> => storedDashboard(srv.logi.base, uid);

/** Every panel's type and state once none is loading. */
async function panelStates(page: Page): Promise<string[][]> {
  await page.waitForFunction(() => {
    const panels = [...document.querySelectorAll('.dash-panel')];
    return panels.length > 0 && panels.every((p) => p.getAttribute('data-state') !== 'loading');
  }, undefined, WAIT);
  return page.locator('.dash-panel').evaluateAll((els) => els.map((e) => [e.getAttribute('data-panel-type')!, e.getAttribute('data-state')!]));
}

const attrs = (page: Page, selector: string, ...names: string[]): Promise<string[][]> =>
  page.locator(selector).evaluateAll((els, ns) => els.map((e) => ns.map((n) => e.getAttribute(n) ?? '')), names);

async function importByPaste(page: Page, json: string): Promise<void> {
  await page.goto(`${srv.logi.base}/dashboards`);
  await page.getByRole('link', { name: 'Import' }).click();
  await page.waitForURL(/\/dashboard\/import$/, WAIT);
  await page.locator('textarea[name="json"]').fill(json);
  await page.getByRole('button', { name: 'Load' }).click();
}

describe('Grafana exports imported in the UI', () => {
  test('shop-health (exported for another instance: __inputs, rows, stat, gauge, bar gauge, stacked series) draws every panel with its numbers and colours', async () => {
    const page = await newPage();
    await importByPaste(page, readFileSync(boardFile('shop-health'), 'utf8'));
    // the data source input maps to Logi's; name and uid come from the file
    assert.equal(await page.locator('input[name="title"]').inputValue(), 'Shop health');
    assert.match(await page.locator('.import-options select').innerText(), /Logi \(Loki\)/);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.waitForURL(/\/d\/shop-health\/shop-health\?/, WAIT);
    assert.deepEqual(await panelStates(page), [['stat', 'done'], ['gauge', 'done'], ['bargauge', 'done'], ['timeseries', 'done'], ['text', 'done']]);
    assert.equal(await page.locator('.panel-error').count(), 0);

    // stat: 4 error lines, red background from 3
    assert.deepEqual(await attrs(page, '[data-panel-type="stat"] .stat', 'data-value', 'data-color'), [['4', '#F2495C']]);
    assert.equal(await page.locator('[data-panel-type="stat"] .stat').evaluate((e) => getComputedStyle(e).backgroundColor), 'rgb(242, 73, 92)');
    // gauge: 23 lines of max 40 is 57.5%, past the 50% step (#EAB839)
    assert.deepEqual(await attrs(page, '[data-panel-type="gauge"] .gauge', 'data-value', 'data-share', 'data-color'), [['23', '0.5750', '#EAB839']]);
    assert.equal(await page.locator('[data-panel-type="gauge"] text').textContent(), '23');
    // bar gauge: per level, coloured by the absolute steps (orange from 5, red from 12), filled to max 20
    const bars = await attrs(page, '[data-panel-type="bargauge"] .bar-gauge-item', 'data-name', 'data-value', 'data-color', 'data-share');
    assert.deepEqual(bars.sort(), [['error', '4', '#73BF69', '0.2000'], ['info', '13', '#F2495C', '0.6500'], ['warn', '6', '#FF9830', '0.3000']]);
    assert.deepEqual((await page.locator('[data-panel-type="bargauge"] .bar-gauge-value').allInnerTexts()).sort(), ['13', '4', '6']);
    const fill = await page.locator('[data-panel-type="bargauge"] .bar-gauge-item[data-name="info"]').evaluate((e) =>
      (e.querySelector('.bar-gauge-fill') as HTMLElement).getBoundingClientRect().width / (e.querySelector('.bar-gauge-track') as HTMLElement).getBoundingClientRect().width);
    assert.ok(Math.abs(fill - 0.65) < 0.01, String(fill));
    // stacked series with a table legend on the right: calcs Max and Total, sorted by Total, colours and names by override
    const legend = page.locator('[data-panel-type="timeseries"] .with-legend');
    assert.equal(await legend.getAttribute('data-legend'), 'table-right');
    assert.deepEqual(await page.locator('[data-panel-type="timeseries"] .panel-legend th').allInnerTexts(), ['', 'Max', 'Total']);
    const rows = await page.locator('[data-panel-type="timeseries"] .panel-legend tbody tr').evaluateAll((trs) =>
      trs.map((tr) => [tr.getAttribute('data-name'), (tr.querySelector('.legend-swatch') as HTMLElement).style.background]));
    assert.deepEqual(rows, [['Info lines', 'rgb(115, 191, 105)'], ['warn', rows[1]![1]], ['error', 'rgb(242, 73, 92)']]);
    assert.equal(await page.locator('[data-panel-type="timeseries"] .u-legend').count(), 0);
    const seriesBox = (await legend.locator('.legend-drawing').boundingBox())!;
    const legendBox = (await legend.locator('.legend-box').boundingBox())!;
    assert.ok(legendBox.x > seriesBox.x + seriesBox.width - 1, 'the legend is right of the graph');
    // the level variable's values through its regex, sorted descending (sort 2)
    assert.deepEqual(await page.locator('#var-level option').allInnerTexts(), ['All', 'warn', 'error']);
    // All of the level variable is its custom all value, written as it is
    assert.equal(await page.locator('[data-panel-type="text"] p').innerText(), 'Lines of shop at levels .+, window 1m.');
    await screenshot(page, 'dashboard-import-shop-health');

    // the imported JSON is the file's with the input filled in and the import-only keys gone
    const saved = await stored('shop-health');
    assert.equal(saved.__inputs, undefined);
    assert.equal(saved.__requires, undefined);
    assert.deepEqual(saved.panels[1].datasource, { type: 'loki', uid: 'loki' });
  });

  test('the same export provisioned from a folder of provider YAMLs draws the same numbers, and cannot be deleted', async () => {
    const page = await pages.open([400]); // the delete below is refused on purpose
    await page.goto(`${srv.logi.base}/d/provisioned-health`);
    assert.deepEqual(await panelStates(page), [['stat', 'done'], ['gauge', 'done'], ['bargauge', 'done'], ['timeseries', 'done'], ['text', 'done']]);
    assert.deepEqual(await attrs(page, '[data-panel-type="stat"] .stat', 'data-value', 'data-color'), [['4', '#F2495C']]);
    assert.deepEqual(await attrs(page, '[data-panel-type="gauge"] .gauge', 'data-value', 'data-color'), [['23', '#EAB839']]);
    assert.deepEqual((await attrs(page, '[data-panel-type="bargauge"] .bar-gauge-item', 'data-name', 'data-value')).sort(), [['error', '4'], ['info', '13'], ['warn', '6']]);
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Delete dashboard' }).click();
    assert.equal(await page.getByRole('alert').innerText(), 'provisioned dashboard cannot be deleted');
  });

  test('shop-levels (a plain Grafana 12 export, uploaded): donut, bar chart, tables with transformations, logs and a collapsed row', async () => {
    const page = await newPage();
    await page.goto(`${srv.logi.base}/dashboard/import`);
    await page.locator('input[type="file"]').setInputFiles(boardFile('shop-levels'));
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.waitForURL(/\/d\/shop-levels\//, WAIT);
    assert.deepEqual(await panelStates(page), [['piechart', 'done'], ['barchart', 'done'], ['table', 'done'], ['table', 'done'], ['logs', 'done']]);
    // donut with overrides by name
    assert.equal(await page.locator('[data-panel-type="piechart"] svg').getAttribute('data-pie-type'), 'donut');
    const slices = await attrs(page, '[data-panel-type="piechart"] .pie-slice', 'data-name', 'data-value', 'data-color');
    assert.deepEqual(slices.map(([n, v]) => [n, v]), [['info', '13'], ['warn', '6'], ['error', '4']]); // largest first
    assert.equal(slices[1]![2], '#FF9830');
    assert.equal(slices[2]![2], '#C4162A');
    assert.equal(await page.locator('[data-panel-type="piechart"] .with-legend').getAttribute('data-legend'), 'table-bottom');
    // its legend sorted by name (legend.sortBy "Name"), with the value and percent columns asked for
    assert.deepEqual(await page.locator('[data-panel-type="piechart"] .panel-legend tbody tr').evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).innerText.split('\t'))),
      [['error', '4', '17%'], ['info', '13', '57%'], ['warn', '6', '26%']]);
    // the bar chart in its fixed colour
    assert.deepEqual(await attrs(page, '[data-panel-type="barchart"] .bar', 'data-name', 'data-value', 'data-color'), [['api', '11', '#B877D9'], ['web', '12', '#B877D9']]);
    // the table: labels and value, sorted by Value descending, values of 5 and more in red text
    const table = page.locator('[data-panel-id="3"]');
    assert.deepEqual(await table.locator('th').allInnerTexts(), ['level', 'service', 'Value ↓']);
    const cells = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.getAttribute('data-color') || td.textContent)));
    assert.deepEqual(cells, [['info', 'api', '#F2495C'], ['warn', 'web', '#F2495C'], ['info', 'web', '#F2495C'], ['error', 'api', '#73BF69'], ['error', 'web', '#73BF69']]);
    assert.deepEqual(await table.locator('tbody td.num').allInnerTexts(), ['8', '6', '5', '3', '1']);
    // reduce then organize: "Last *" renamed Lines and first, Field renamed Service, Count hidden
    const reduced = page.locator('[data-panel-id="4"]');
    assert.deepEqual(await reduced.locator('th').allInnerTexts(), ['Lines', 'Service']);
    assert.deepEqual(await reduced.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).innerText.split('\t'))), [['11', 'api'], ['12', 'web']]);
    // a header click sorts
    await reduced.locator('th', { hasText: 'Lines' }).click();
    await reduced.locator('th', { hasText: 'Lines' }).click();
    assert.deepEqual(await reduced.locator('tbody td.num').allInnerTexts(), ['12', '11']);
    assert.equal(await page.locator('[data-panel-type="logs"] .log-row').count(), 4);
    // the collapsed row opens on a time series with its legend hidden
    await page.locator('.dash-row[data-row-title="Details"] button').click();
    await page.locator('[data-panel-type="timeseries"][data-state="done"]').waitFor(WAIT);
    assert.equal(await page.locator('[data-panel-type="timeseries"] .with-legend').getAttribute('data-legend'), 'hidden');
    assert.equal(await page.locator('[data-panel-type="timeseries"] .u-legend').count(), 0);
    await screenshot(page, 'dashboard-import-shop-levels');
  });

  test('shop-misc: a heatmap and a Prometheus panel without its data source show why they are not drawn, the old graph draws as a time series, what Logi lacks is named', async () => {
    const page = await newPage();
    await importByPaste(page, readFileSync(boardFile('shop-misc'), 'utf8'));
    // a Prometheus input with no Prometheus provisioned in Logi
    assert.match(await page.locator('.import-options').innerText(), /Prometheus\s*No Prometheus data source in Logi \(-datasources\.provisioning\): its panels will say so/);
    // a constant input is asked for, with the file's value to start from
    assert.equal(await page.locator('input[name="input-VAR_TEAM"]').inputValue(), 'ops');
    await page.locator('input[name="input-VAR_TEAM"]').fill('sre');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.waitForURL(/\/d\/shop-misc\//, WAIT);
    assert.deepEqual(await panelStates(page), [['heatmap', 'unsupported'], ['graph', 'done'], ['stat', 'done'], ['table', 'done'], ['text', 'done'], ['timeseries', 'error']]);
    assert.match(await page.locator('[data-panel-type="heatmap"]').innerText(), /Logi does not draw panels of type “heatmap” yet/);
    assert.match(await page.locator('[data-panel-id="6"]').innerText(), /Prometheus data source “DS_PROM” is not configured in Logi \(-datasources\.provisioning\)/);
    // the stat repeats by the single-value app: one copy, as wide as the grid; its range query draws a sparkline
    assert.equal(await page.locator('.panel-cell:has([data-panel-type="stat"])').getAttribute('data-grid-pos'), '0,7,24,5');
    assert.equal(await page.locator('[data-panel-type="stat"] [role="note"]').count(), 0);
    assert.equal(await page.locator('[data-panel-type="stat"] .stat-sparkline').count(), 1);
    assert.equal(await page.locator('[data-panel-type="graph"] .u-legend .u-series').count(), 2); // Time and "lines"
    // bytes with one decimal, under the red step of 1000
    assert.deepEqual(await attrs(page, '[data-panel-type="stat"] .stat', 'data-value', 'data-color'), [[String(shopBytes), '#73BF69']]);
    assert.equal(await page.locator('[data-panel-type="stat"] .stat-value').innerText(), `${shopBytes.toFixed(1)} B`);
    assert.equal(await page.locator('[data-panel-type="stat"] .stat-name').innerText(), 'bytes');
    assert.equal(await page.locator('[data-panel-type="table"] .panel-note').innerText(), 'Logi does not apply the transformations merge.');
    const colours = Object.fromEntries((await page.locator('[data-panel-type="table"] tbody tr').evaluateAll((trs) =>
      trs.map((tr) => [tr.querySelector('td')!.textContent, tr.querySelector('td.num')!.getAttribute('data-color')]))));
    // value mappings: 13 shown as "many" in the mapping's colour, 5 to 9 as "some" in the threshold's
    assert.deepEqual(colours, { error: '#5794F2', info: '#B877D9', warn: '#5794F2' });
    assert.deepEqual(await page.locator('[data-panel-type="table"] tbody td.num').allInnerTexts(), ['4', 'many', 'some']);
    // HTML text keeps its safe tags; an image and a script are dropped, a javascript: link loses its href
    const html = page.locator('[data-panel-type="text"] .text-panel');
    assert.equal(await html.evaluate((e) => e.innerHTML), '<h3>Runbook</h3><p>Call <b>sre</b>, see <a href="https://wiki.example/runbook" target="_blank" rel="noreferrer">the wiki</a>.</p><a>no link</a>');
    await screenshot(page, 'dashboard-import-shop-misc');
  });

  test("a panel alone at Grafana's viewPanel, from a link or its View button", async () => {
    const page = await newPage();
    await page.goto(`${srv.logi.base}/d/shop-health?viewPanel=panel-3`);
    assert.deepEqual(await panelStates(page), [['bargauge', 'done']]);
    assert.equal(new URL(page.url()).searchParams.get('viewPanel'), 'panel-3');
    assert.ok((await page.locator('.dash-panel').boundingBox())!.height > 500);
    await page.getByRole('button', { name: 'Back to dashboard' }).click();
    assert.equal((await panelStates(page)).length, 5);
    assert.equal(new URL(page.url()).searchParams.get('viewPanel'), null);
    await page.locator('[data-panel-id="2"]').hover();
    await page.locator('[data-panel-id="2"] [aria-label="View panel"]').click();
    assert.deepEqual(await panelStates(page), [['gauge', 'done']]);
    assert.equal(new URL(page.url()).searchParams.get('viewPanel'), '2');
    // its Explore button opens its query, variables filled in, in Explore
    await page.locator('[data-panel-id="2"] [aria-label="Explore panel queries"]').click();
    await page.waitForURL(/\/explore\?/, WAIT);
    const panes = JSON.parse(new URL(page.url()).searchParams.get('panes')!) as Record<string, { queries: Array<{ expr: string }> }>;
    assert.deepEqual(Object.values(panes)[0]!.queries.map((q) => q.expr), ['sum(count_over_time({app="shop"}[3600s]))']);
  });

  test('bad JSON is refused with a clear message', async () => {
    const page = await newPage();
    await importByPaste(page, '{"title": "x", ');
    assert.match(await page.locator('[role="alert"]').innerText(), /^Not valid JSON: /);
    await page.locator('textarea[name="json"]').fill('[1, 2]');
    await page.getByRole('button', { name: 'Load' }).click();
    assert.equal(await page.locator('[role="alert"]').innerText(), 'Not valid JSON: a dashboard is a JSON object');
  });

  test('export then import again gives the same JSON; a taken uid asks before overwriting', async () => {
    const page = await newPage();
    await page.goto(`${srv.logi.base}/d/shop-levels`);
    await panelStates(page);
    const exportJson = async (): Promise<Record<string, any>> => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export' }).click()]);
      assert.match(download.suggestedFilename(), /^Shop levels-\d+\.json$/);
      return JSON.parse(readFileSync((await download.path())!, 'utf8'));
    };
    const first = await exportJson();
    assert.deepEqual(first, await stored('shop-levels'));
    await importByPaste(page, JSON.stringify(first));
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    assert.equal(await page.locator('[role="alert"]').innerText(), 'A dashboard with the same uid already exists: import again to overwrite it, or change the UID');
    await page.getByRole('button', { name: 'Import (Overwrite)' }).click();
    await page.waitForURL(/\/d\/shop-levels\//, WAIT);
    await panelStates(page);
    const again = await exportJson();
    assert.equal(again.version, first.version + 1);
    assert.deepEqual({ ...again, version: 0 }, { ...first, version: 0 });

    // exported for another instance, it declares its data source input and imports back to the same board
    await page.locator('.export input[type="checkbox"]').check();
    const external = await exportJson();
    assert.deepEqual(external.__inputs.map((i: { name: string }) => i.name), ['DS_LOKI']);
    assert.equal(external.id, null);
    assert.deepEqual(external.panels[0].datasource, { type: 'loki', uid: '${DS_LOKI}' });
    assert.equal(readdirSync(TESTDATA).length, 3);
  });

  test('a library panel travels in __elements: exported with its model, created where the import finds it missing', async () => {
    const api = async (path: string, body: unknown): Promise<Record<string, any>> => {
      const r = await fetch(`${srv.logi.base}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      assert.equal(r.status, 200, await r.clone().text());
      return (await r.json()) as Record<string, any>;
    };
    const model = {
      type: 'stat', title: 'Shop errors', datasource: { type: 'loki', uid: 'loki' },
      targets: [{ refId: 'A', expr: 'sum(count_over_time({app="shop", level="error"}[$__range]))', queryType: 'instant', datasource: { type: 'loki', uid: 'loki' } }],
    };
    await api('/api/library-elements', { uid: 'lib-errors', name: 'Shop errors', kind: 1, model });
    await api('/api/dashboards/db', { dashboard: { uid: 'with-library', title: 'With library', time: { from: 'now-1h', to: 'now' }, panels: [{ id: 1, gridPos: { x: 0, y: 0, w: 8, h: 6 }, libraryPanel: { uid: 'lib-errors', name: 'Shop errors' } }] }, overwrite: true });
    const page = await newPage();
    await page.goto(`${srv.logi.base}/d/with-library`);
    await panelStates(page);
    await page.locator('.export input[type="checkbox"]').check();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export' }).click()]);
    const external = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    assert.deepEqual(Object.keys(external.__elements), ['lib-errors']);
    assert.equal(external.__elements['lib-errors'].kind, 1);
    assert.equal(external.__elements['lib-errors'].name, 'Shop errors');
    assert.deepEqual(external.__elements['lib-errors'].model.targets[0].datasource, { type: 'loki', uid: '${DS_LOKI}' });

    // as another instance sees it: neither the board nor its library panel exists there
    const elsewhere = JSON.stringify(external).replaceAll('lib-errors', 'lib-copy').replaceAll('with-library', 'with-library-copy')
      .replaceAll('Shop errors', 'Shop errors here'); // library panel names are unique
    await importByPaste(page, elsewhere);
    await page.locator('.import-library li[data-uid="lib-copy"]', { hasText: 'new: created with the dashboard' }).waitFor(WAIT);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.waitForURL(/\/d\/with-library-copy\//, WAIT);
    assert.deepEqual(await panelStates(page), [['stat', 'done']]);
    assert.equal(await page.locator('.dash-panel .stat-value').first().innerText(), '4'); // shop's error lines
    const created = await (await fetch(`${srv.logi.base}/api/library-elements/lib-copy`)).json() as { result: { name: string; model: typeof model } };
    assert.equal(created.result.name, 'Shop errors here');
    assert.deepEqual(created.result.model.targets[0]!.datasource, { type: 'loki', uid: 'loki' }); // the input filled in

    // imported again, the library panel is there: kept as it is
    await importByPaste(page, elsewhere);
    await page.locator('.import-library li[data-uid="lib-copy"]', { hasText: 'already in Logi: kept as it is' }).waitFor(WAIT);
  });
});
