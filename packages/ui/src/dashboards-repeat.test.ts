// Grafana's repeated panels and rows in headless Chromium against a real `logi serve`: one copy per value of a
// multi-value variable, each copy's query and title filled in with its own value and its numbers those pushed,
// laid out as Grafana lays them out; the exported JSON keeps the originals only.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Page } from 'playwright-core';
import { PageSet, screenshot } from './testing/browser.js';
import { DashboardServer, storedDashboard } from './testing/dashboards.js';

const WAIT = { timeout: 30_000 };

/** Lines of app shop pushed a few minutes ago: per service and level, how many. */
const PUSHED = [
  { service: 'api', level: 'info', count: 4 },
  { service: 'api', level: 'error', count: 2 },
  { service: 'db', level: 'info', count: 3 },
  { service: 'db', level: 'error', count: 1 },
  { service: 'web', level: 'info', count: 7 },
];
const countOf = (service: string, level?: string): number =>
  PUSHED.filter((p) => p.service === service && (!level || p.level === level)).reduce((a, p) => a + p.count, 0);

const count = (selector: string): string => `sum(count_over_time({app="shop", ${selector}}[$__range]))`;

const BOARD = {
  uid: 'shop-repeat', title: 'Shop by service', schemaVersion: 39, version: 0, time: { from: 'now-1h', to: 'now' },
  templating: {
    list: [{
      name: 'svc', type: 'query', query: 'label_values({app="shop"}, service)', multi: true, includeAll: true,
      current: { text: ['All'], value: ['$__all'] }, options: [], sort: 1,
    }],
  },
  panels: [
    // side by side, at most two a line: three services make two lines of two 12-column copies (the third alone)
    { id: 1, type: 'stat', title: 'Lines of $svc', repeat: 'svc', repeatDirection: 'h', maxPerRow: 2, gridPos: { x: 0, y: 0, w: 8, h: 4 },
      targets: [{ refId: 'A', expr: count('service="$svc"'), queryType: 'instant' }] },
    // below the repeat: pushed down by the second line of copies
    { id: 2, type: 'stat', title: 'All lines', gridPos: { x: 0, y: 4, w: 24, h: 4 },
      targets: [{ refId: 'A', expr: count('service=~"$svc"'), queryType: 'instant' }] },
    { id: 3, type: 'row', title: 'Errors of ${svc}', repeat: 'svc', collapsed: false, gridPos: { x: 0, y: 8, w: 24, h: 1 }, panels: [] },
    // stacked copies of a panel inside a repeated row: each row's copy sees its own service
    { id: 4, type: 'stat', title: '[[svc]] errors', gridPos: { x: 0, y: 9, w: 6, h: 3 },
      targets: [{ refId: 'A', expr: count('service="$svc", level="error"'), queryType: 'instant' }] },
  ],
};

const srv = new DashboardServer({
  prefix: 'logi-dash-repeat-',
  flags: (dir) => [`-common.path-prefix=${join(dir, 'data')}`],
  pushed: PUSHED.map((p) => ({ labels: { app: 'shop', service: p.service, level: p.level }, lines: Array.from({ length: p.count }, (_, i) => `level=${p.level} msg="event ${i}"`) })),
  then: async (logi) => {
    const r = await fetch(`${logi.base}/api/dashboards/db`, { method: 'POST', body: JSON.stringify({ dashboard: BOARD }) });
    assert.equal(r.status, 200, await r.text());
  },
});

const pages = new PageSet(() => srv.browser);
after(() => pages.closeAll());

/** Every panel's title, grid position and stat value once none is loading, in page order. */
async function shown(page: Page): Promise<string[][]> {
  await page.waitForFunction(() => {
    const panels = [...document.querySelectorAll('.dash-panel')];
    return panels.length > 0 && panels.every((p) => p.getAttribute('data-state') === 'done');
  }, undefined, WAIT);
  return page.locator('.panel-cell').evaluateAll((cells) => cells.map((c) => [
    c.querySelector('.dash-panel')!.getAttribute('aria-label')!, c.getAttribute('data-grid-pos')!, c.querySelector('.stat')?.getAttribute('data-value') ?? '',
  ]));
}

test('a repeated panel and row show one copy per selected value, each with its own query and title, laid out as Grafana does', async () => {
  const page = await pages.open();
  await page.goto(`${srv.logi.base}/d/shop-repeat`);
  const all = String(PUSHED.reduce((a, p) => a + p.count, 0));
  assert.deepEqual(await shown(page), [
    ['Lines of api', '0,0,12,4', String(countOf('api'))],
    ['Lines of db', '12,0,12,4', String(countOf('db'))],
    ['Lines of web', '0,4,12,4', String(countOf('web'))],
    ['All lines', '0,8,24,4', all],
    ['api errors', '0,9,6,3', String(countOf('api', 'error'))],
    ['db errors', '0,9,6,3', String(countOf('db', 'error'))],
    // web has no error lines: its count query finds nothing
    ['web errors', '0,9,6,3', ''],
  ]);
  assert.deepEqual(await page.locator('.dash-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-row-title'))), ['Errors of api', 'Errors of db', 'Errors of web']);
  // the copies side by side on the page: the second to the right of the first, the third under the first
  const boxes = await page.locator('.panel-cell').evaluateAll((cells) => cells.slice(0, 3).map((c) => { const r = c.getBoundingClientRect(); return [r.x, r.y, r.width]; }));
  assert.ok(boxes[1]![0]! > boxes[0]![0]! + boxes[0]![2]! - 1 && boxes[1]![1] === boxes[0]![1], JSON.stringify(boxes));
  assert.ok(boxes[2]![0] === boxes[0]![0] && boxes[2]![1]! > boxes[0]![1]!, JSON.stringify(boxes));
  await screenshot(page, 'dashboard-repeat-all');

  // two values chosen: two copies on one line, two rows; only the original panel has a menu
  await page.locator('#var-svc').selectOption(['api', 'web']);
  await page.waitForURL(/var-svc=api&var-svc=web/, WAIT);
  await page.waitForFunction(() => document.querySelectorAll('.dash-row').length === 2, undefined, WAIT);
  assert.deepEqual(await shown(page), [
    ['Lines of api', '0,0,12,4', String(countOf('api'))],
    ['Lines of web', '12,0,12,4', String(countOf('web'))],
    ['All lines', '0,4,24,4', String(countOf('api') + countOf('web'))],
    ['api errors', '0,9,6,3', String(countOf('api', 'error'))],
    ['web errors', '0,9,6,3', ''],
  ]);
  assert.deepEqual(await page.locator('.panel-cell').evaluateAll((cells) => cells.map((c) => c.querySelector('[aria-label="View panel"]') !== null)), [true, false, true, true, false]);
  await screenshot(page, 'dashboard-repeat-two');

  // the export (as the stored JSON) holds the originals alone, as Grafana's does
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export' }).click()]);
  const exported = JSON.parse(readFileSync((await download.path())!, 'utf8'));
  assert.deepEqual(exported.panels.map((p: { id: number; title: string }) => [p.id, p.title]), [[1, 'Lines of $svc'], [2, 'All lines'], [3, 'Errors of ${svc}'], [4, '[[svc]] errors']]);
  assert.deepEqual(exported, await storedDashboard(srv.logi.base, 'shop-repeat'));
});

test('a vertical repeat stacks its copies; a repeat over a single-value variable or an unknown one shows the panel once', async () => {
  const board = {
    uid: 'shop-vertical', title: 'Vertical', schemaVersion: 39, version: 0, time: { from: 'now-1h', to: 'now' },
    templating: { list: [{ name: 'svc', type: 'custom', query: 'api,db', multi: true, current: { value: ['api', 'db'] } }, { name: 'one', type: 'custom', query: 'web' }] },
    panels: [
      { id: 1, type: 'stat', title: '$svc', repeat: 'svc', repeatDirection: 'v', gridPos: { x: 6, y: 0, w: 6, h: 3 }, targets: [{ refId: 'A', expr: count('service="$svc"'), queryType: 'instant' }] },
      { id: 2, type: 'stat', title: 'beside', gridPos: { x: 12, y: 0, w: 6, h: 3 }, targets: [{ refId: 'A', expr: count('service="web"'), queryType: 'instant' }] },
      { id: 3, type: 'stat', title: 'below', gridPos: { x: 6, y: 3, w: 6, h: 3 }, targets: [{ refId: 'A', expr: count('service="web"'), queryType: 'instant' }] },
      { id: 4, type: 'stat', title: 'only $one', repeat: 'one', gridPos: { x: 0, y: 9, w: 6, h: 3 }, targets: [{ refId: 'A', expr: count('service="$one"'), queryType: 'instant' }] },
      { id: 5, type: 'stat', title: 'no such variable', repeat: 'nope', gridPos: { x: 6, y: 9, w: 6, h: 3 }, targets: [{ refId: 'A', expr: count('service="api"'), queryType: 'instant' }] },
    ],
  };
  assert.equal((await fetch(`${srv.logi.base}/api/dashboards/db`, { method: 'POST', body: JSON.stringify({ dashboard: board }) })).status, 200);
  const page = await pages.open();
  await page.goto(`${srv.logi.base}/d/shop-vertical`);
  assert.deepEqual(await shown(page), [
    // the copies stay in the original's column; the panel under it moves down, the one beside it stays
    ['api', '6,0,6,3', String(countOf('api'))],
    ['db', '6,3,6,3', String(countOf('db'))],
    ['beside', '12,0,6,3', String(countOf('web'))],
    ['below', '6,6,6,3', String(countOf('web'))],
    // one value, horizontal: the one copy takes the whole width and pushes its neighbour down
    ['only web', '0,9,24,3', String(countOf('web'))],
    ['no such variable', '6,12,6,3', String(countOf('api'))],
  ]);
  await screenshot(page, 'dashboard-repeat-vertical');
});

test("a panel is set to repeat in the panel editor's repeat options, and repeats once the edit mode is left", async () => {
  const page = await pages.open();
  await page.goto(`${srv.logi.base}/d/shop-repeat?var-svc=api&var-svc=db&var-svc=web`);
  await shown(page);
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  // the edit mode shows each repeated panel once, as saved
  assert.equal(await page.locator('.dash-panel[aria-label^="Lines of"]').count(), 1);
  await page.locator('[data-panel-id="2"] [aria-label="Edit panel"]').click();
  const editor = page.getByRole('dialog');
  await editor.locator('select[name="repeat"]').selectOption('svc');
  await editor.locator('select[name="maxPerRow"]').selectOption('3');
  await editor.locator('input[name="title"]').fill('All of $svc');
  await editor.getByRole('button', { name: 'Back to dashboard' }).click();
  await page.getByRole('button', { name: 'Exit edit' }).click();
  const all = await shown(page);
  // three values, three a line: 8 columns each, on the line below the first repeat's second line
  assert.deepEqual(all.filter(([title]) => title!.startsWith('All of')), [
    ['All of api', '0,8,8,4', String(countOf('api'))], ['All of db', '8,8,8,4', String(countOf('db'))], ['All of web', '16,8,8,4', String(countOf('web'))],
  ]);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export' }).click()]);
  const exported = JSON.parse(readFileSync((await download.path())!, 'utf8'));
  const panel = exported.panels.find((p: { id: number }) => p.id === 2);
  assert.deepEqual([panel.repeat, panel.repeatDirection, panel.maxPerRow, panel.title], ['svc', undefined, 3, 'All of $svc']);
});

test("a library panel repeats as its model's repeat says; the dashboard saves the reference alone and the library its model with the repeat", async () => {
  const model = { type: 'stat', title: 'Library lines of $svc', repeat: 'svc', targets: [{ refId: 'A', expr: count('service="$svc"'), queryType: 'instant' }] };
  const created = await fetch(`${srv.logi.base}/api/library-elements`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ uid: 'lines-by-svc', name: 'Lines by service', kind: 1, model }) });
  assert.equal(created.status, 200, await created.text());
  // as Grafana 11 saves a library panel in a dashboard: its place and the reference, no repeat of its own
  const reference = { id: 1, gridPos: { x: 0, y: 0, w: 8, h: 4 }, libraryPanel: { uid: 'lines-by-svc', name: 'Lines by service' } };
  const board = { uid: 'shop-library-repeat', title: 'Library repeat', schemaVersion: 39, version: 0, time: { from: 'now-1h', to: 'now' }, templating: BOARD.templating, panels: [reference] };
  assert.equal((await fetch(`${srv.logi.base}/api/dashboards/db`, { method: 'POST', body: JSON.stringify({ dashboard: board }) })).status, 200);

  const page = await pages.open();
  await page.goto(`${srv.logi.base}/d/shop-library-repeat?var-svc=api&var-svc=db`);
  // no repeatDirection in the model: stacked, as Grafana 11 repeats a library panel unless it says 'h'
  assert.deepEqual(await shown(page), [
    ['Library lines of api', '0,0,8,4', String(countOf('api'))],
    ['Library lines of db', '0,4,8,4', String(countOf('db'))],
  ]);
  await page.locator('#var-svc').selectOption(['db', 'web']);
  await page.waitForURL(/var-svc=db&var-svc=web/, WAIT);
  await page.locator('.dash-panel[aria-label="Library lines of web"]').waitFor(WAIT);
  assert.deepEqual(await shown(page), [
    ['Library lines of db', '0,0,8,4', String(countOf('db'))],
    ['Library lines of web', '0,4,8,4', String(countOf('web'))],
  ]);
  await screenshot(page, 'dashboard-library-repeat');

  // edited as the library's panel: its repeat is in the editor, and "Save library panel" keeps it
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  assert.equal(await page.locator('.dash-panel').count(), 1);
  await page.locator('[data-panel-id="1"] [aria-label="Edit panel"]').click();
  const editor = page.getByRole('dialog');
  assert.equal(await editor.locator('select[name="repeat"]').inputValue(), 'svc');
  await editor.locator('select[name="repeatDirection"]').selectOption('h');
  await editor.getByRole('button', { name: 'Save library panel' }).click();
  await editor.waitFor({ state: 'detached', ...WAIT });
  const element = ((await (await fetch(`${srv.logi.base}/api/library-elements/lines-by-svc`)).json()) as { result: { model: Record<string, unknown> } }).result;
  assert.deepEqual([element.model.repeat, element.model.repeatDirection, element.model.title], ['svc', 'h', 'Library lines of $svc']);
  await page.getByRole('button', { name: 'Save dashboard' }).click();
  const save = page.getByRole('dialog', { name: 'Save dashboard' });
  await save.getByRole('button', { name: 'Save', exact: true }).click();
  await save.waitFor({ state: 'detached', ...WAIT });
  assert.deepEqual((await storedDashboard(srv.logi.base, 'shop-library-repeat')).panels, [reference]);

  // side by side now: two values, 12 columns each
  await page.getByRole('button', { name: 'Exit edit' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.dash-panel').length === 2, undefined, WAIT);
  assert.deepEqual(await shown(page), [
    ['Library lines of db', '0,0,12,4', String(countOf('db'))],
    ['Library lines of web', '12,0,12,4', String(countOf('web'))],
  ]);
});
