// Dashboards edited in the UI against a real `logi serve`: a panel's title, query and options changed in the side
// editor with its live preview and saved, surviving a server restart; Grafana's version conflict answered with
// "Save and overwrite"; panels duplicated, removed, resized and moved on the grid; a new dashboard from /dashboard/new.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { PageSet, screenshot } from './testing/browser.js';
import { DashboardServer, storedDashboard } from './testing/dashboards.js';

const WAIT = { timeout: 30_000 };
const PUSHED = [{ level: 'info', count: 7 }, { level: 'error', count: 2 }];
const linesOf = (level: string): string => `sum(count_over_time({app="edit", level="${level}"}[$__range]))`;

const BOARD = {
  uid: 'edit-me', title: 'Edit me', schemaVersion: 39, version: 0, time: { from: 'now-1h', to: 'now' },
  panels: [
    { id: 1, type: 'stat', title: 'Errors', gridPos: { x: 0, y: 0, w: 8, h: 5 }, targets: [{ refId: 'A', expr: linesOf('error'), queryType: 'instant' }] },
    { id: 2, type: 'timeseries', title: 'Lines', gridPos: { x: 8, y: 0, w: 16, h: 5 }, targets: [{ refId: 'A', expr: 'sum(count_over_time({app="edit"}[$__auto]))' }] },
    { id: 3, type: 'text', title: 'Notes', gridPos: { x: 0, y: 5, w: 24, h: 3 }, options: { mode: 'markdown', content: 'Edit me.' } },
  ],
};

const srv = new DashboardServer({
  prefix: 'logi-dash-edit-',
  flags: (dir) => [`-common.path-prefix=${dir}`],
  pushed: PUSHED.map((p) => ({ labels: { app: 'edit', level: p.level }, lines: Array.from({ length: p.count }, (_, i) => `level=${p.level} n=${i}`) })),
  then: async (logi) => {
    const saved = await fetch(`${logi.base}/api/dashboards/db`, { method: 'POST', body: JSON.stringify({ dashboard: BOARD }) });
    assert.equal(saved.status, 200);
  },
});

// the conflict test provokes Grafana's 412 on purpose
const pages = new PageSet(() => srv.browser);
const newPage = (): Promise<Page> => pages.open([412]);
after(() => pages.closeAll());

const stored = (uid: string): Promise<Record<string, any>> => storedDashboard(srv.logi.base, uid);
const drawn = (page: Page): Promise<unknown> => page.waitForFunction(() => {
  const panels = [...document.querySelectorAll('.dashboard-grid .dash-panel')];
  return panels.length > 0 && panels.every((p) => p.getAttribute('data-state') !== 'loading');
}, undefined, WAIT);
const statValue = (page: Page): Promise<string | null> => page.locator('.dashboard-grid [data-panel-type="stat"] .stat').first().getAttribute('data-value');
const gridPositions = (page: Page): Promise<Record<string, string>> => page.locator('.panel-cell').evaluateAll((cells) =>
  Object.fromEntries(cells.map((c) => [c.querySelector('.dash-panel')!.getAttribute('aria-label'), c.getAttribute('data-grid-pos')])));

/** `board` saved through the API, then opened in edit mode. */
async function editBoard(board: { uid: string }): Promise<Page> {
  assert.equal((await fetch(`${srv.logi.base}/api/dashboards/db`, { method: 'POST', body: JSON.stringify({ dashboard: board }) })).status, 200);
  const page = await newPage();
  await page.goto(`${srv.logi.base}/d/${board.uid}`);
  await drawn(page);
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  return page;
}

/** The side editor of the panel titled `title`. */
async function editPanel(page: Page, title: string): Promise<Locator> {
  await page.locator(`[aria-label="${title}"] [aria-label="Edit panel"]`).click();
  return page.getByRole('dialog', { name: `Edit panel ${title}` });
}

async function save(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Save dashboard' }).click();
  await page.getByRole('dialog', { name: 'Save dashboard' }).getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('dialog', { name: 'Save dashboard' }).waitFor({ state: 'detached', ...WAIT });
}

test("a panel's title, query and options edited in the side editor are saved and survive a server restart", async () => {
  const page = await newPage();
  await page.goto(`${srv.logi.base}/d/edit-me`);
  await drawn(page);
  assert.equal(await statValue(page), '2');
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await page.locator('[aria-label="Errors"] [aria-label="Edit panel"]').click();
  const editor = page.getByRole('dialog', { name: 'Edit panel Errors' });
  await editor.locator('input[name="title"]').fill('Infos');
  // the preview runs the new query once the field is left
  await editor.locator('textarea[name="expr"]').fill(linesOf('info'));
  await editor.locator('input[name="title"]').click();
  await page.waitForFunction(() => document.querySelector('.panel-editor-preview .stat')?.getAttribute('data-value') === '7', undefined, WAIT);
  await editor.locator('select[name="colorMode"]').selectOption('background');
  await editor.locator('input[name="unit"]').fill('short');
  await editor.locator('input[name="unit"]').blur();
  assert.equal(await editor.locator('.panel-editor-preview .stat').evaluate((e) => getComputedStyle(e).backgroundColor), 'rgb(115, 191, 105)');
  await screenshot(page, 'dashboard-panel-editor');
  await editor.getByRole('button', { name: 'Back to dashboard' }).click();
  assert.equal(await page.getByRole('status').innerText(), 'Unsaved changes');
  // going to another page asks first; staying keeps the changes
  const asked = new Promise<string>((resolve) => page.once('dialog', (dialog) => { resolve(dialog.message()); void dialog.dismiss(); }));
  await page.locator('.crumb').click();
  assert.equal(await asked, 'This dashboard has unsaved changes. Leave without saving them?');
  assert.match(new URL(page.url()).pathname, /^\/d\/edit-me\//);
  await page.waitForFunction(() => document.querySelector('.dashboard-grid [data-panel-type="stat"] .stat')?.getAttribute('data-value') === '7', undefined, WAIT);
  await save(page);
  assert.equal(await page.getByRole('status').count(), 0);

  const saved = await stored('edit-me');
  assert.equal(saved.version, 2);
  assert.deepEqual({ title: saved.panels[0].title, expr: saved.panels[0].targets[0].expr, colorMode: saved.panels[0].options.colorMode, unit: saved.panels[0].fieldConfig.defaults.unit },
    { title: 'Infos', expr: linesOf('info'), colorMode: 'background', unit: 'short' });

  await srv.restart();
  const after = await newPage();
  await after.goto(`${srv.logi.base}/d/edit-me`);
  await drawn(after);
  assert.equal(await after.locator('[data-panel-type="stat"]').getAttribute('aria-label'), 'Infos');
  assert.equal(await statValue(after), '7');
});

test("a save over someone else's newer version is refused as Grafana does, then saved with 'Save and overwrite'", async () => {
  const page = await newPage();
  await page.goto(`${srv.logi.base}/d/edit-me`);
  await drawn(page);
  // meanwhile someone saves through the API
  const current = await stored('edit-me');
  const theirs = await fetch(`${srv.logi.base}/api/dashboards/db`, { method: 'POST', body: JSON.stringify({ dashboard: { ...current, title: 'Edit me' } }) });
  assert.equal(((await theirs.json()) as { version: number }).version, current.version + 1);

  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await page.locator('[aria-label="Notes"] [aria-label="Duplicate panel"]').click();
  assert.equal(await page.locator('.dashboard-grid .dash-panel').count(), 4);
  await page.getByRole('button', { name: 'Save dashboard' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save dashboard' });
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  assert.equal(await dialog.getByRole('alert').innerText(), 'Someone else has updated this dashboard. Would you still like to save this dashboard?');
  await dialog.getByRole('button', { name: 'Save and overwrite' }).click();
  await dialog.waitFor({ state: 'detached', ...WAIT });
  const saved = await stored('edit-me');
  assert.equal(saved.version, current.version + 2);
  assert.deepEqual(saved.panels.map((p: { id: number; title: string }) => [p.id, p.title]), [[1, 'Infos'], [2, 'Lines'], [3, 'Notes'], [4, 'Notes']]);
  assert.deepEqual(saved.panels[3].gridPos, { x: 0, y: 8, w: 24, h: 3 }); // right below the original
});

test('panels are removed, resized and moved on the grid; the others make room as on Grafana’s grid', async () => {
  const page = await newPage();
  await page.goto(`${srv.logi.base}/d/edit-me`);
  await drawn(page);
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await page.locator('[data-panel-id="4"] [aria-label="Remove panel"]').click();
  assert.equal(await page.locator('.dashboard-grid .dash-panel').count(), 3);
  assert.deepEqual(await gridPositions(page), { Infos: '0,0,8,5', Lines: '8,0,16,5', Notes: '0,5,24,3' });

  // the stat's corner dragged 4 columns right: it overlaps the time series, which moves below it
  const grid = (await page.locator('.dashboard-grid').boundingBox())!;
  const column = (grid.width + 8) / 24;
  const drag = async (selector: string, dx: number, dy: number): Promise<void> => {
    const box = (await page.locator(selector).boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + dx / 2, box.y + box.height / 2 + dy / 2, { steps: 5 });
    await page.mouse.move(box.x + box.width / 2 + dx, box.y + box.height / 2 + dy, { steps: 5 });
    await page.mouse.up();
  };
  await drag('[data-panel-id="1"] ~ .resize-handle', 4 * column, 0);
  assert.deepEqual(await gridPositions(page), { Infos: '0,0,12,5', Lines: '8,5,16,5', Notes: '0,10,24,3' });
  // the notes dragged by their title to the top: the rest floats below them
  await drag('[data-panel-id="3"] .dash-panel-title-text', 0, -10 * 38);
  assert.deepEqual(await gridPositions(page), { Notes: '0,0,24,3', Infos: '0,3,12,5', Lines: '8,8,16,5' });
  await screenshot(page, 'dashboard-edit-mode');
  await save(page);
  const saved = await stored('edit-me');
  assert.deepEqual(Object.fromEntries(saved.panels.map((p: { title: string; gridPos: unknown }) => [p.title, p.gridPos])),
    { Notes: { x: 0, y: 0, w: 24, h: 3 }, Infos: { x: 0, y: 3, w: 12, h: 5 }, Lines: { x: 8, y: 8, w: 16, h: 5 } });
});

test('the JSON model edits what the editors do not offer (a variable here); another uid is refused there', async () => {
  const page = await newPage();
  await page.goto(`${srv.logi.base}/d/edit-me`);
  await drawn(page);
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('menuitem', { name: 'JSON model' }).click();
  const dialog = page.getByRole('dialog', { name: 'JSON model' });
  const json = JSON.parse(await dialog.locator('textarea').inputValue());
  await dialog.locator('textarea').fill(JSON.stringify({ ...json, uid: 'other' }));
  await dialog.getByRole('button', { name: 'Apply' }).click();
  assert.equal(await dialog.getByRole('alert').innerText(), 'The uid cannot be changed here (it is "edit-me"); import the JSON to make a new dashboard');
  json.templating = { list: [{ name: 'lvl', type: 'custom', query: 'warn,error', current: { text: 'error', value: 'error' }, options: [] }] };
  json.panels.find((p: { type: string }) => p.type === 'text').options.content = 'Level: $lvl';
  json.panels.find((p: { type: string }) => p.type === 'stat').targets[0].expr = 'sum(count_over_time({app="edit", level="$lvl"}[$__range]))';
  await dialog.locator('textarea').fill(JSON.stringify(json));
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await dialog.waitFor({ state: 'detached', ...WAIT });
  await page.locator('#var-lvl').waitFor(WAIT);
  assert.equal(await page.locator('[data-panel-type="text"] p').innerText(), 'Level: error');
  await page.waitForFunction(() => document.querySelector('[data-panel-type="stat"] .stat')?.getAttribute('data-value') === '2', undefined, WAIT);
  await page.selectOption('#var-lvl', 'warn');
  await page.waitForFunction(() => document.querySelector('[data-panel-type="text"] p')?.textContent === 'Level: warn', undefined, WAIT);
  // the value now shown is kept as the default when asked, as Grafana's save dialog offers
  await page.getByRole('button', { name: 'Save dashboard' }).click();
  const save = page.getByRole('dialog', { name: 'Save dashboard' });
  assert.equal(await save.locator('input[name="save-time"]').count(), 0); // the time range is the dashboard's
  await save.locator('input[name="save-variables"]').check();
  await save.getByRole('button', { name: 'Save', exact: true }).click();
  await save.waitFor({ state: 'detached', ...WAIT });
  assert.deepEqual((await stored('edit-me')).templating.list.map((v: { name: string; current: unknown }) => [v.name, v.current]), [['lvl', { text: 'warn', value: 'warn' }]]);
});

test('variables are added, checked, reordered and removed in the Variables editor, and saved in Grafana\'s model', async () => {
  const board = {
    uid: 'vars-me', title: 'Vars me', schemaVersion: 39, version: 0, time: { from: 'now-1h', to: 'now' },
    panels: [{ id: 1, type: 'text', title: 'Chosen', gridPos: { x: 0, y: 0, w: 24, h: 3 }, options: { mode: 'markdown', content: 'App: $app' } }],
  };
  const page = await editBoard(board);
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('menuitem', { name: 'Variables' }).click();
  const dialog = page.getByRole('dialog', { name: 'Variables' });
  await dialog.getByText('No variables yet').waitFor(WAIT);
  const form = (i: number) => dialog.locator('fieldset.variable-form').nth(i);

  await dialog.getByRole('button', { name: '+ New variable' }).click();
  await form(0).locator('input[name="variable-name"]').fill('app');
  await form(0).locator('input[name="variable-query"]').fill('label_values(app)');
  await form(0).locator('input[name="variable-query"]').press('Tab');
  await dialog.getByRole('button', { name: '+ New variable' }).click();
  await form(1).locator('input[name="variable-name"]').fill('lvl');
  await form(1).locator('select[name="variable-type"]').selectOption('custom');
  await form(1).locator('input[name="variable-query"]').fill('info,error');
  await form(1).locator('input[name="variable-query"]').press('Tab');
  await form(1).locator('input[name="variable-multi"]').check();
  await form(1).locator('input[name="variable-include-all"]').check();
  // a name Grafana refuses keeps Apply disabled until it is mended or removed
  await dialog.getByRole('button', { name: '+ New variable' }).click();
  await form(2).locator('input[name="variable-name"]').fill('__from');
  assert.equal(await form(2).getByRole('alert').innerText(), "Names starting with '__' are reserved for Grafana's global variables");
  await form(2).locator('input[name="variable-name"]').fill('app');
  assert.equal(await form(2).getByRole('alert').innerText(), 'Variable with the same name already exists');
  assert.equal(await dialog.getByRole('button', { name: 'Apply' }).isDisabled(), true);
  await dialog.getByRole('button', { name: 'Remove variable app' }).nth(1).click();
  await dialog.getByRole('button', { name: 'Move lvl up' }).click();
  await screenshot(page, 'dashboard-variables-editor');
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await dialog.waitFor({ state: 'detached', ...WAIT });

  assert.deepEqual(await page.locator('.variable-bar label').allInnerTexts(), ['lvl', 'app']);
  // the pickers' options come once each variable's values are resolved (app's by a query), after the bar is drawn
  await page.waitForFunction(() => document.querySelectorAll('#var-lvl option').length > 0 && document.querySelectorAll('#var-app option').length > 0, undefined, WAIT);
  assert.deepEqual(await page.locator('#var-lvl option').allInnerTexts(), ['All', 'info', 'error']);
  assert.deepEqual(await page.locator('#var-app option').allInnerTexts(), ['edit']);
  await page.waitForFunction(() => document.querySelector('[data-panel-type="text"] p')?.textContent === 'App: edit', undefined, WAIT);
  await save(page);
  const list = (await stored('vars-me')).templating.list as Record<string, unknown>[];
  assert.deepEqual(list.map((v) => [v.name, v.type, v.query, v.multi ?? false, v.includeAll ?? false]), [
    ['lvl', 'custom', 'info,error', true, true],
    ['app', 'query', 'label_values(app)', false, false],
  ]);
  assert.equal(list[1]!.definition, 'label_values(app)');

  // opened again, the editor shows what was saved; a removal applies to the page
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('menuitem', { name: 'Variables' }).click();
  assert.equal(await form(1).locator('input[name="variable-query"]').inputValue(), 'label_values(app)');
  await dialog.getByRole('button', { name: 'Remove variable lvl' }).click();
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await dialog.waitFor({ state: 'detached', ...WAIT });
  assert.deepEqual(await page.locator('.variable-bar label').allInnerTexts(), ['app']);
  await screenshot(page, 'dashboard-variables');
});

test('field overrides are added in the panel editor: by name and by regex, colour, display name and unit, drawn at once and saved', async () => {
  const board = {
    uid: 'overrides-me', title: 'Overrides me', schemaVersion: 39, version: 0, time: { from: 'now-1h', to: 'now' },
    panels: [{
      id: 1, type: 'stat', title: 'By level', gridPos: { x: 0, y: 0, w: 24, h: 6 }, options: { graphMode: 'none' },
      targets: [{ refId: 'A', expr: 'sum by (level) (count_over_time({app="edit"}[$__range]))', queryType: 'instant', legendFormat: '{{level}}' }],
    }],
  };
  const page = await editBoard(board);
  const editor = await editPanel(page, 'By level');
  const override = (i: number) => editor.locator('.override').nth(i);

  await editor.getByRole('button', { name: '+ Add field override' }).click();
  await override(0).locator('input[name="override-match"]').fill('error');
  await override(0).locator('input[name="override-match"]').press('Tab');
  await override(0).getByRole('button', { name: '+ Add override property' }).click(); // a colour, red, to start with
  await override(0).locator('input[name="override-value"]').fill('purple');
  await override(0).locator('input[name="override-value"]').press('Tab');
  await override(0).getByRole('button', { name: '+ Add override property' }).click();
  await override(0).locator('select[name="override-property"]').nth(1).selectOption('displayName');
  await override(0).locator('input[name="override-value"]').nth(1).fill('Errors');
  await override(0).locator('input[name="override-value"]').nth(1).press('Tab');
  await editor.getByRole('button', { name: '+ Add field override' }).click();
  await override(1).locator('select[name="override-matcher"]').selectOption('byRegexp');
  await override(1).locator('input[name="override-match"]').fill('in.*');
  await override(1).locator('input[name="override-match"]').press('Tab');
  await override(1).getByRole('button', { name: '+ Add override property' }).click();
  await override(1).locator('select[name="override-property"]').selectOption('unit');
  await override(1).locator('input[name="override-value"]').fill('percent');
  await override(1).locator('input[name="override-value"]').press('Tab');

  // the live preview draws the overrides before anything is applied
  const preview = editor.locator('.panel-editor-preview');
  await preview.locator('.stat[data-name="Errors"]').waitFor(WAIT);
  assert.equal(await preview.locator('.stat[data-name="Errors"]').getAttribute('data-color'), '#B877D9');
  assert.equal(await preview.locator('.stat[data-name="info"] .stat-value').innerText(), '7%');
  await screenshot(page, 'dashboard-overrides-editor');
  await editor.getByRole('button', { name: 'Back to dashboard' }).click();
  await save(page);
  assert.deepEqual((await stored('overrides-me')).panels[0].fieldConfig.overrides, [
    { matcher: { id: 'byName', options: 'error' }, properties: [{ id: 'color', value: { mode: 'fixed', fixedColor: 'purple' } }, { id: 'displayName', value: 'Errors' }] },
    { matcher: { id: 'byRegexp', options: 'in.*' }, properties: [{ id: 'unit', value: 'percent' }] },
  ]);
  assert.deepEqual(await page.locator('.dashboard-grid .stat').evaluateAll((els) => els.map((e) => [e.getAttribute('data-name'), e.querySelector('.stat-value')!.textContent])), [['Errors', '2'], ['info', '7%']]);
});

test('transformations are added in the panel editor: reduce then organize make the table, disabled ones are skipped, all saved', async () => {
  const board = {
    uid: 'table-me', title: 'Table me', schemaVersion: 39, version: 0, time: { from: 'now-1h', to: 'now' },
    panels: [{
      id: 1, type: 'table', title: 'Levels', gridPos: { x: 0, y: 0, w: 24, h: 8 },
      targets: [{ refId: 'A', expr: 'sum by (level) (count_over_time({app="edit"}[1m]))', legendFormat: '{{level}}' }],
    }],
  };
  const page = await editBoard(board);
  const editor = await editPanel(page, 'Levels');
  const preview = editor.locator('.panel-editor-preview');
  const table = async (where: typeof preview) => ({
    columns: await where.locator('thead th').allInnerTexts(),
    rows: await where.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent))),
  });
  await preview.locator('thead th').first().waitFor(WAIT);
  assert.deepEqual((await table(preview)).columns, ['level', 'Value']);

  await editor.getByRole('button', { name: '+ Reduce' }).click();
  await editor.locator('select[name="reduce-reducers"]').selectOption(['max', 'sum']);
  await editor.getByRole('button', { name: '+ Organize fields' }).click();
  await editor.locator('input[name="organize-hide"]').fill('Total');
  await editor.locator('input[name="organize-hide"]').press('Tab');
  await editor.locator('textarea[name="organize-rename"]').fill('Field = Level');
  await editor.locator('textarea[name="organize-rename"]').press('Tab');
  await page.waitForFunction(() => document.querySelector('.panel-editor-preview thead th')?.textContent === 'Level', undefined, WAIT);
  assert.deepEqual(await table(preview), { columns: ['Level', 'Max'], rows: [['error', '2'], ['info', '7']] });
  await screenshot(page, 'dashboard-transformations-editor');
  // a disabled organize leaves the reduced table as it is
  await editor.locator('[data-transformation="organize"] input[name="transformation-disabled"]').check();
  assert.deepEqual((await table(preview)).columns, ['Field', 'Total', 'Max']);
  await editor.locator('[data-transformation="organize"] input[name="transformation-disabled"]').uncheck();

  await editor.getByRole('button', { name: 'Back to dashboard' }).click();
  await save(page);
  assert.deepEqual((await stored('table-me')).panels[0].transformations, [
    { id: 'reduce', options: { reducers: ['sum', 'max'], mode: 'seriesToRows' } },
    { id: 'organize', options: { excludeByName: { Total: true }, indexByName: {}, renameByName: { Field: 'Level' } } },
  ]);
  assert.deepEqual(await table(page.locator('.dashboard-grid')), { columns: ['Level', 'Max'], rows: [['error', '2'], ['info', '7']] });
});

test('a row added at the top takes the panels below it, is renamed, and removed again keeps them', async () => {
  const page = await newPage();
  await page.goto(`${srv.logi.base}/d/edit-me?from=now-30m&to=now`);
  await drawn(page);
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Row' }).click();
  await page.getByRole('textbox', { name: 'Row title' }).fill('Overview');
  await page.getByRole('textbox', { name: 'Row title' }).blur();
  assert.deepEqual(await gridPositions(page), { Notes: '0,1,24,3', Infos: '0,4,12,5', Lines: '8,9,16,5' });
  // saved with the time range shown as the dashboard's own
  await page.getByRole('button', { name: 'Save dashboard' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save dashboard' });
  await dialog.locator('input[name="save-time"]').check();
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await dialog.waitFor({ state: 'detached', ...WAIT });
  const saved = await stored('edit-me');
  assert.deepEqual(saved.time, { from: 'now-30m', to: 'now' });
  assert.deepEqual(saved.panels.map((p: { type: string; title: string; gridPos: { y: number } }) => [p.type, p.title, p.gridPos.y]),
    [['row', 'Overview', 0], ['text', 'Notes', 1], ['stat', 'Infos', 4], ['timeseries', 'Lines', 9]]);
  // the row closed shows its count; removed, its panels stay where they were
  await page.getByRole('button', { name: 'Exit edit' }).click();
  await page.locator('.dash-row-toggle').click();
  assert.match(await page.locator('.dash-row').innerText(), /Overview \(3 panels\)/);
  await page.locator('.dash-row-toggle').click();
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await page.getByRole('button', { name: 'Remove row' }).click();
  assert.equal(await page.locator('.dash-row').count(), 0);
  assert.deepEqual(await gridPositions(page), { Notes: '0,0,24,3', Infos: '0,3,12,5', Lines: '8,8,16,5' });
  await save(page);
});

test('a new dashboard: a visualization added, its type and query chosen, saved under a title', async () => {
  const page = await newPage();
  await page.goto(`${srv.logi.base}/dashboards`);
  await page.getByRole('link', { name: 'New dashboard' }).click();
  await page.waitForURL(/\/dashboard\/new/, WAIT);
  assert.match(await page.locator('.empty-dashboard').innerText(), /Start your new dashboard/);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Visualization' }).click();
  const editor = page.getByRole('dialog', { name: 'Edit panel Panel Title' });
  await editor.locator('select[name="type"]').selectOption('gauge');
  await editor.locator('input[name="title"]').fill('All lines');
  await editor.locator('select[name="queryType"]').selectOption('instant');
  await editor.locator('textarea[name="expr"]').fill('sum(count_over_time({app="edit"}[$__range]))');
  await editor.locator('input[name="max"]').click();
  await page.waitForFunction(() => document.querySelector('.panel-editor-preview .gauge')?.getAttribute('data-value') === '9', undefined, WAIT);
  await editor.locator('input[name="max"]').fill('18');
  await editor.locator('input[name="max"]').blur();
  assert.equal(await editor.locator('.panel-editor-preview .gauge').getAttribute('data-share'), '0.5000');
  await editor.getByRole('button', { name: 'Back to dashboard' }).click();
  await page.getByRole('button', { name: 'Save dashboard' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save dashboard' });
  await dialog.locator('input[name="save-title"]').fill('My new board');
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await page.waitForURL(/\/d\/[a-zA-Z0-9]{14}\/my-new-board\?/, WAIT);
  await drawn(page);
  assert.equal(await page.locator('[data-panel-type="gauge"] .gauge').getAttribute('data-value'), '9');
  const uid = new URL(page.url()).pathname.split('/')[2]!;
  const saved = await stored(uid);
  assert.equal(saved.title, 'My new board');
  assert.deepEqual(saved.panels.map((p: { type: string; title: string; fieldConfig: { defaults: { max: number } } }) => [p.type, p.title, p.fieldConfig.defaults.max]), [['gauge', 'All lines', 18]]);
  await screenshot(page, 'dashboard-new');

  // deleted from its edit mode, after a confirmation
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Delete dashboard' }).click();
  await page.waitForURL(/\/dashboards$/, WAIT);
  assert.equal((await fetch(`${srv.logi.base}/api/dashboards/uid/${uid}`)).status, 404);
});
