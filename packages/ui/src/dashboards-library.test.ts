// Grafana's library panels against a real `logi serve`: created, listed and read through Grafana's
// /api/library-elements, kept under the data directory across a restart, and drawn in headless Chromium where a
// dashboard names them (libraryPanel: {uid, name}), with the dashboard's variables; an unknown uid says so in its panel.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Page } from 'playwright-core';
import { PageSet, screenshot } from './testing/browser.js';
import { DashboardServer } from './testing/dashboards.js';

const WAIT = { timeout: 30_000 };

const PUSHED = [
  { service: 'api', level: 'error', count: 3 },
  { service: 'api', level: 'info', count: 5 },
  { service: 'web', level: 'error', count: 2 },
  { service: 'web', level: 'info', count: 4 },
];

const ERRORS_PANEL = {
  type: 'barchart', title: 'Errors by service', description: 'error lines per service',
  targets: [{ refId: 'A', expr: 'sum by (service) (count_over_time({app="shop", level="error"}[$__range]))', queryType: 'instant', legendFormat: '{{service}}' }],
};
const LEVEL_PANEL = {
  type: 'stat', title: 'Lines at $level',
  targets: [{ refId: 'A', expr: 'sum(count_over_time({app="shop", level="$level"}[$__range]))', queryType: 'instant' }],
};

const BOARD = {
  uid: 'shop-library', title: 'Shop from the library', schemaVersion: 39, version: 0, time: { from: 'now-1h', to: 'now' },
  templating: { list: [{ name: 'level', type: 'custom', query: 'error,info', current: { text: 'info', value: 'info' } }] },
  panels: [
    // as Grafana 11 saves a library panel in a dashboard: its place and the reference only
    { id: 1, gridPos: { x: 0, y: 0, w: 12, h: 8 }, libraryPanel: { uid: 'errors-by-service', name: 'Errors by service' } },
    { id: 2, gridPos: { x: 12, y: 0, w: 6, h: 8 }, title: 'Lines at $level', libraryPanel: { uid: 'shop-level-stat', name: 'Shop level' } },
    { id: 3, gridPos: { x: 18, y: 0, w: 6, h: 8 }, title: 'Gone', libraryPanel: { uid: 'deleted-one', name: 'Deleted panel' } },
  ],
};

const srv = new DashboardServer({
  prefix: 'logi-dash-library-',
  flags: (dir) => [`-common.path-prefix=${join(dir, 'data')}`],
  pushed: PUSHED.map((p) => ({ labels: { app: 'shop', service: p.service, level: p.level }, lines: Array.from({ length: p.count }, (_, i) => `msg="event ${i}"`) })),
});

const pages = new PageSet(() => srv.browser);
after(() => pages.closeAll());

const api = async (path: string, body?: unknown): Promise<{ status: number; body: any }> => {
  const r = await fetch(`${srv.logi.base}${path}`, body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: r.status, body: await r.json() };
};

test("library panels are created, listed and read through Grafana's /api/library-elements, refused as Grafana refuses", async () => {
  const created = await api('/api/library-elements', { uid: 'errors-by-service', name: 'Errors by service', kind: 1, folderUid: '', model: ERRORS_PANEL });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  assert.deepEqual(
    [created.body.result.uid, created.body.result.name, created.body.result.kind, created.body.result.type, created.body.result.description, created.body.result.version],
    ['errors-by-service', 'Errors by service', 1, 'barchart', 'error lines per service', 1],
  );
  assert.deepEqual(created.body.result.model, ERRORS_PANEL);
  assert.equal((await api('/api/library-elements', { uid: 'shop-level-stat', name: 'Shop level', model: LEVEL_PANEL })).status, 200);

  // the same name, no name, a variable element (kind 2), a model that is no panel, not JSON: 400 with the reason
  assert.deepEqual(await api('/api/library-elements', { name: 'Errors by service', kind: 1, model: ERRORS_PANEL }), { status: 400, body: { message: 'library element with that name or UID already exists' } });
  assert.deepEqual(await api('/api/library-elements', { uid: 'shop-level-stat', name: 'Other', model: LEVEL_PANEL }), { status: 400, body: { message: 'library element with that name or UID already exists' } });
  assert.deepEqual(await api('/api/library-elements', { name: ' ', model: LEVEL_PANEL }), { status: 400, body: { message: 'library element name cannot be empty' } });
  assert.deepEqual(await api('/api/library-elements', { name: 'A variable', kind: 2, model: {} }), { status: 400, body: { message: 'the element kind is not supported' } });
  assert.equal((await api('/api/library-elements', { name: 'No model', model: [] })).status, 400);
  assert.deepEqual(await api('/api/library-elements', '{"name":'), { status: 400, body: { message: 'bad request data' } });
  assert.equal((await api('/api/library-elements', { uid: 'bad/uid', name: 'Bad uid', model: {} })).status, 400);

  const list = await api('/api/library-elements?perPage=100&page=1&searchString=');
  assert.equal(list.body.result.totalCount, 2);
  assert.deepEqual(list.body.result.elements.map((e: { uid: string }) => e.uid), ['errors-by-service', 'shop-level-stat']);
  assert.deepEqual((await api('/api/library-elements?searchString=LEVEL')).body.result.elements.map((e: { name: string }) => e.name), ['Shop level']);
  const second = (await api('/api/library-elements?perPage=1&page=2')).body.result;
  assert.deepEqual([second.totalCount, second.page, second.perPage, second.elements.map((e: { uid: string }) => e.uid)], [2, 2, 1, ['shop-level-stat']]);
  assert.deepEqual((await api('/api/library-elements/shop-level-stat')).body.result.model, LEVEL_PANEL);
  assert.deepEqual(await api('/api/library-elements/nope'), { status: 404, body: { message: 'library element could not be found' } });
  assert.ok(existsSync(join(srv.dir, 'data/library-elements/errors-by-service.json')));
});

/** Every panel's title and state once none is loading. */
async function panels(page: Page): Promise<string[][]> {
  await page.waitForFunction(() => {
    const all = [...document.querySelectorAll('.dash-panel')];
    return all.length === 3 && all.every((p) => p.getAttribute('data-state') !== 'loading');
  }, undefined, WAIT);
  return page.locator('.dash-panel').evaluateAll((els) => els.map((e) => [e.getAttribute('aria-label')!, e.getAttribute('data-panel-type') ?? '', e.getAttribute('data-state')!]));
}

test('a dashboard draws the library panels it names, with its variables, after a restart too; an unknown uid says so in its panel', async () => {
  assert.equal((await api('/api/dashboards/db', { dashboard: BOARD })).status, 200);
  await srv.restart();
  const page = await pages.open([404]);
  await page.goto(`${srv.logi.base}/d/shop-library`);
  assert.deepEqual(await panels(page), [
    ['Errors by service', 'barchart', 'done'], ['Lines at info', 'stat', 'done'], ['Gone', '', 'error'],
  ]);
  const bars = await page.locator('[data-panel-id="1"] .bar').evaluateAll((els) => els.map((e) => [e.getAttribute('data-name'), Number(e.getAttribute('data-value'))]));
  assert.deepEqual(Object.fromEntries(bars), { api: 3, web: 2 });
  assert.equal(await page.locator('[data-panel-id="2"] .stat').getAttribute('data-value'), '9');
  assert.equal(await page.locator('[data-panel-id="3"] [role="alert"]').innerText(), 'Library panel “Deleted panel” (uid deleted-one) is not in Logi\'s library panels (/api/library-elements).');
  await screenshot(page, 'dashboard-library-panels');

  // the variable reaches the library panel's query and title
  await page.locator('#var-level').selectOption('error');
  await page.locator('.dash-panel[aria-label="Lines at error"] .stat[data-value="5"]').waitFor(WAIT);

  // the edit mode offers a library panel's unlinking instead of making it one; the saved board keeps the reference only
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  assert.equal(await page.locator('[data-panel-id="1"] [aria-label="Unlink library panel"]').count(), 1);
  assert.equal(await page.locator('[data-panel-id="1"] [aria-label="New library panel"]').count(), 0);
  const stored = (await api('/api/dashboards/uid/shop-library')).body.dashboard;
  assert.deepEqual(stored.panels[0], BOARD.panels[0]);
});

test("a library panel changed through PATCH is drawn changed; one a dashboard names is not deleted; Grafana's connections list says which", async () => {
  const patch = (uid: string, body: unknown): Promise<{ status: number; body: any }> =>
    fetch(`${srv.logi.base}/api/library-elements/${uid}`, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: await r.json() }));
  const del = (uid: string): Promise<{ status: number; body: any }> =>
    fetch(`${srv.logi.base}/api/library-elements/${uid}`, { method: 'DELETE' }).then(async (r) => ({ status: r.status, body: await r.json() }));

  const changed = { ...LEVEL_PANEL, title: 'Level $level lines', type: 'gauge' };
  const patched = await patch('shop-level-stat', { name: 'Shop level', kind: 1, model: changed, version: 1 });
  assert.equal(patched.status, 200, JSON.stringify(patched.body));
  assert.deepEqual([patched.body.result.version, patched.body.result.type, patched.body.result.meta.connectedDashboards], [2, 'gauge', 1]);
  // a stale version, another element's name: refused
  assert.deepEqual(await patch('shop-level-stat', { name: 'Shop level', model: LEVEL_PANEL, version: 1 }), { status: 412, body: { message: 'the library element has been changed by someone else' } });
  assert.deepEqual(await patch('shop-level-stat', { name: 'Errors by service', model: LEVEL_PANEL, version: 2 }), { status: 400, body: { message: 'library element with that name or UID already exists' } });
  assert.equal((await patch('nope', { name: 'x', model: {}, version: 1 })).status, 404);

  const page = await pages.open([404]);
  await page.goto(`${srv.logi.base}/d/shop-library?var-level=error`);
  await page.locator('.dash-panel[aria-label="Level error lines"][data-panel-type="gauge"][data-state="done"]').waitFor(WAIT);

  // connected to the board: listed, and kept from deletion; a spare one goes
  const connections = (await api('/api/library-elements/errors-by-service/connections')).body.result;
  assert.deepEqual(connections.map((c: { connectionUid: string; kind: number }) => [c.connectionUid, c.kind]), [['shop-library', 1]]);
  assert.deepEqual(await del('errors-by-service'), { status: 403, body: { message: 'the library element has connections' } });
  const spare = (await api('/api/library-elements', { name: 'Spare', model: LEVEL_PANEL })).body.result;
  assert.deepEqual(await del(spare.uid), { status: 200, body: { id: spare.id, message: 'Library element deleted' } });
  assert.equal((await api(`/api/library-elements/${spare.uid}`)).status, 404);
  assert.ok(!existsSync(join(srv.dir, `data/library-elements/${spare.uid}.json`)));
  assert.equal((await del(spare.uid)).status, 404);
});

test('in the UI a panel becomes a library panel, another board imports it from the library, its edit is saved to both, it is unlinked, and /library-panels deletes', async () => {
  const errorsStat = {
    id: 1, type: 'stat', title: 'Shop errors', gridPos: { x: 0, y: 0, w: 8, h: 6 },
    targets: [{ refId: 'A', expr: 'sum(count_over_time({app="shop", level="error"}[$__range]))', queryType: 'instant' }],
  };
  const board = (uid: string, panels: unknown[]): unknown => ({ uid, title: uid, schemaVersion: 39, version: 0, time: { from: 'now-1h', to: 'now' }, panels });
  assert.equal((await api('/api/dashboards/db', { dashboard: board('lib-ui-a', [errorsStat]) })).status, 200);
  assert.equal((await api('/api/dashboards/db', { dashboard: board('lib-ui-b', []) })).status, 200);
  const saveBoard = async (page: Page): Promise<void> => {
    await page.getByRole('button', { name: 'Save dashboard' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save dashboard' });
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await dialog.waitFor({ state: 'detached', ...WAIT });
  };
  const stat = (page: Page, title: string): Promise<string | null> => page.locator(`.dash-panel[aria-label="${title}"][data-state="done"] .stat`).getAttribute('data-value', WAIT);

  // board A: its panel made a library panel under a name; the saved board keeps the reference
  const a = await pages.open();
  await a.goto(`${srv.logi.base}/d/lib-ui-a`);
  assert.equal(await stat(a, 'Shop errors'), '5');
  await a.getByRole('button', { name: 'Edit', exact: true }).click();
  await a.locator('[data-panel-id="1"]').getByRole('button', { name: 'New library panel' }).click();
  const create = a.getByRole('dialog', { name: 'New library panel' });
  await create.locator('input[name="library-panel-name"]').fill('Shop error count');
  await create.getByRole('button', { name: 'Create library panel' }).click();
  await a.locator('[data-panel-id="1"] [aria-label="Unlink library panel"]').waitFor(WAIT);
  await saveBoard(a);
  const made = (await api('/api/library-elements?searchString=shop%20error')).body.result.elements;
  assert.deepEqual(made.map((e: { name: string; type: string }) => [e.name, e.type]), [['Shop error count', 'stat']]);
  const uid = made[0].uid as string;
  assert.deepEqual(made[0].model.targets, errorsStat.targets);
  assert.deepEqual((await api('/api/dashboards/uid/lib-ui-a')).body.dashboard.panels,
    [{ id: 1, title: 'Shop error count', gridPos: errorsStat.gridPos, libraryPanel: { uid, name: 'Shop error count' } }]);

  // board B: Add > Import from library, searched by name
  const b = await pages.open();
  await b.goto(`${srv.logi.base}/d/lib-ui-b`);
  await b.getByRole('button', { name: 'Edit', exact: true }).click();
  await b.getByRole('button', { name: 'Add', exact: true }).click();
  await b.getByRole('menuitem', { name: 'Import from library' }).click();
  const picker = b.getByRole('dialog', { name: 'Import from library' });
  await picker.locator('[data-library-uid]').first().waitFor(WAIT);
  assert.deepEqual(await picker.locator('.library-name').allInnerTexts(), ['Errors by service', 'Shop error count', 'Shop level']);
  await picker.locator('input[name="library-search"]').fill('SHOP E');
  await b.waitForFunction(() => document.querySelectorAll('[role="dialog"] .library-name').length === 1, undefined, WAIT);
  assert.deepEqual(await picker.locator('.library-name').allInnerTexts(), ['Shop error count']);
  await picker.getByRole('button', { name: 'Add Shop error count' }).click();
  assert.equal(await stat(b, 'Shop errors'), '5');
  await saveBoard(b);
  assert.equal((await api(`/api/library-elements/${uid}`)).body.result.meta.connectedDashboards, 2);

  // edited from board B: "Save library panel" PATCHes it; both boards draw the change
  await b.locator('.dash-panel[aria-label="Shop errors"]').getByRole('button', { name: 'Edit panel' }).click();
  const editor = b.getByRole('dialog', { name: 'Edit panel Shop errors' });
  assert.match(await editor.locator('.editor-note').innerText(), /saving changes it in every dashboard using it \(2\)/);
  await editor.locator('input[name="title"]').fill('Shop errors, all services');
  await editor.getByRole('button', { name: 'Save library panel' }).click();
  assert.equal(await stat(b, 'Shop errors, all services'), '5');
  const patched = (await api(`/api/library-elements/${uid}`)).body.result;
  assert.deepEqual([patched.version, patched.model.title], [2, 'Shop errors, all services']);
  assert.equal(await b.locator('.unsaved').count(), 0); // the board's reference did not change
  await a.reload();
  assert.equal(await stat(a, 'Shop errors, all services'), '5');
  await screenshot(b, 'dashboard-library-imported');

  // board A unlinks it: the library's content back in the board, the reference gone
  await a.getByRole('button', { name: 'Edit', exact: true }).click();
  await a.locator('[data-panel-id="1"]').getByRole('button', { name: 'Unlink library panel' }).click();
  await a.locator('[data-panel-id="1"] [aria-label="New library panel"]').waitFor(WAIT);
  await saveBoard(a);
  const unlinked = (await api('/api/dashboards/uid/lib-ui-a')).body.dashboard.panels[0];
  assert.deepEqual([unlinked.type, unlinked.title, unlinked.libraryPanel, unlinked.targets], ['stat', 'Shop errors, all services', undefined, errorsStat.targets]);

  // saved by someone else while edited here: the editor says so and nothing is overwritten
  const c = await pages.open([412]);
  await c.goto(`${srv.logi.base}/d/lib-ui-b`);
  await c.getByRole('button', { name: 'Edit', exact: true }).click();
  await c.locator('.dash-panel[aria-label="Shop errors, all services"]').getByRole('button', { name: 'Edit panel' }).click();
  const mine = c.getByRole('dialog', { name: 'Edit panel Shop errors, all services' });
  await mine.locator('input[name="title"]').fill('Mine');
  const theirs = await fetch(`${srv.logi.base}/api/library-elements/${uid}`, {
    method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'Shop error count', model: { ...patched.model, title: 'Theirs' }, version: 2 }),
  });
  assert.equal(theirs.status, 200);
  await mine.getByRole('button', { name: 'Save library panel' }).click();
  assert.equal(await mine.getByRole('alert').innerText(WAIT), 'Library panel “Shop error count” was not saved: the library element has been changed by someone else');
  assert.equal((await api(`/api/library-elements/${uid}`)).body.result.model.title, 'Theirs');

  // /library-panels: one in use is refused with Grafana's reason; a spare one is deleted
  await api('/api/library-elements', { name: 'Unused panel', model: LEVEL_PANEL });
  const list = await pages.open([403]);
  await list.goto(`${srv.logi.base}/library-panels`);
  await list.locator('.library-name', { hasText: 'Unused panel' }).waitFor(WAIT);
  list.on('dialog', (d) => void d.accept());
  await list.getByRole('button', { name: 'Delete library panel Shop error count' }).click();
  assert.equal(await list.getByRole('alert').innerText(WAIT), '“Shop error count” was not deleted: the library element has connections');
  await list.getByRole('button', { name: 'Delete library panel Unused panel' }).click();
  await list.locator('.library-name', { hasText: 'Unused panel' }).waitFor({ state: 'detached', ...WAIT });
  assert.deepEqual(await list.locator('.library-name').allInnerTexts(), ['Errors by service', 'Shop error count', 'Shop level']);
  await screenshot(list, 'library-panels');
});
