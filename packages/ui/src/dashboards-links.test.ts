// Grafana's dashboard links in headless Chromium against a real `logi serve`: a URL link with its tooltip, icon, new
// tab, variables and time range added; the dashboards having a tag, one button each or in a dropdown, this one left
// out, opened in the page with the time kept; and the links edited in the dashboard settings and saved.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { PageSet, screenshot } from './testing/browser.js';
import { DashboardServer, storedDashboard } from './testing/dashboards.js';

const WAIT = { timeout: 30_000 };

const NOTE = { id: 1, type: 'text', title: 'Notes', gridPos: { x: 0, y: 0, w: 12, h: 4 }, options: { mode: 'markdown', content: 'Board $app' } };
const board = (uid: string, title: string, tags: string[], extra: Record<string, unknown> = {}): Record<string, unknown> =>
  ({ uid, title, tags, schemaVersion: 39, version: 0, time: { from: 'now-1h', to: 'now' }, panels: [NOTE], ...extra });

const HOME = board('links-home', 'Links home', ['team'], {
  templating: { list: [{ name: 'app', type: 'custom', query: 'shop,web', multi: true, current: { text: 'web', value: 'web' } }] },
  links: [
    { type: 'link', title: 'Runbook $app', url: 'https://runbooks.example.com/app?team=ops', tooltip: 'Open the runbook', icon: 'doc', targetBlank: true, includeVars: true, keepTime: true },
    { type: 'dashboards', title: 'Team boards', tags: ['team'], asDropdown: true, keepTime: true },
    { type: 'dashboards', title: 'Ops', tags: ['ops'], asDropdown: false, includeVars: true },
    { type: 'link', title: 'Explore', url: '/explore', icon: 'external link' },
  ],
});

const srv = new DashboardServer({
  prefix: 'logi-dash-links-',
  flags: (dir) => [`-common.path-prefix=${join(dir, 'data')}`],
  pushed: [],
  then: async (logi) => {
    for (const d of [HOME, board('team-a', 'Team A', ['team', 'ops']), board('team-b', 'Team B', ['team']), board('other', 'Other', [])]) {
      const r = await fetch(`${logi.base}/api/dashboards/db`, { method: 'POST', body: JSON.stringify({ dashboard: d }) });
      assert.equal(r.status, 200, await r.text());
    }
  },
});

const pages = new PageSet(() => srv.browser);
after(() => pages.closeAll());

test("the dashboard's links are drawn in its header with the variables and time range they ask for; tagged dashboards open in the page", async () => {
  const page = await pages.open();
  await page.goto(`${srv.logi.base}/d/links-home?from=now-30m&to=now&var-app=shop&var-app=web`);
  const links = page.getByRole('navigation', { name: 'Dashboard links' });
  const runbook = links.getByRole('link', { name: /Runbook/ });
  await runbook.waitFor(WAIT);
  // several values filled in as in panel titles and queries (Grafana's URLs would write {shop,web})
  assert.equal(await runbook.innerText(), '☰ Runbook shop|web');
  assert.equal(await runbook.getAttribute('href'), 'https://runbooks.example.com/app?team=ops&from=now-30m&to=now&var-app=shop&var-app=web');
  assert.deepEqual([await runbook.getAttribute('target'), await runbook.getAttribute('title')], ['_blank', 'Open the runbook']);
  // not asked: no range, no variables
  assert.equal(await links.getByRole('link', { name: /Explore/ }).getAttribute('href'), 'explore');
  // tag ops, one button each, with the variables
  await links.getByRole('link', { name: /Team A/ }).waitFor(WAIT);
  assert.deepEqual(await links.locator('> a.dashboard-link').allInnerTexts(), ['☰ Runbook shop|web', '▦ Team A', '↗ Explore']);
  assert.equal(await links.getByRole('link', { name: /Team A/ }).getAttribute('href'), 'd/team-a/team-a?var-app=shop&var-app=web');
  await screenshot(page, 'dashboard-links');

  // tag team in a dropdown under its title: this board left out; a choice opens in the page, the range kept
  await links.getByRole('button', { name: /Team boards/ }).click();
  assert.deepEqual(await links.getByRole('menuitem').allInnerTexts(), ['▦ Team A', '▦ Team B']);
  await links.getByRole('menuitem', { name: /Team B/ }).click();
  await page.waitForURL(/\/d\/team-b\/team-b\?.*from=now-30m&to=now/, WAIT);
  await page.locator('.page-title', { hasText: 'Team B' }).waitFor(WAIT);
  await page.locator('.dash-panel[aria-label="Notes"]').waitFor(WAIT);
  await page.goBack();
  await page.locator('.page-title', { hasText: 'Links home' }).waitFor(WAIT);
});

test("the dashboard settings' Links edit, add, move and remove links; the header follows and the dashboard saves them", async () => {
  const page = await pages.open();
  await page.goto(`${srv.logi.base}/d/links-home`);
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('menuitem', { name: 'Links' }).click();
  const dialog = page.getByRole('dialog', { name: 'Links' });
  const forms = dialog.locator('fieldset');
  assert.equal(await forms.count(), 4);
  // the runbook: no variables any more, a new title
  await forms.nth(0).locator('input[name="link-title"]').fill('Runbook');
  await forms.nth(0).locator('input[name="link-includeVars"]').uncheck();
  // the Ops tag list becomes ops and team, drawn as a dropdown
  await forms.nth(2).locator('input[name="link-tags"]').fill('ops, team');
  await forms.nth(2).locator('input[name="link-tags"]').blur();
  await forms.nth(2).locator('input[name="link-asDropdown"]').check();
  await dialog.getByRole('button', { name: 'Remove link Explore' }).click();
  await dialog.getByRole('button', { name: '+ New link' }).click();
  const added = forms.nth(3);
  await added.locator('select[name="link-type"]').selectOption('link');
  await added.locator('input[name="link-title"]').fill('Docs');
  await added.locator('input[name="link-url"]').fill('https://docs.example.com/?q=$app');
  await added.locator('select[name="link-icon"]').selectOption('info');
  await added.locator('input[name="link-keepTime"]').check();
  await dialog.getByRole('button', { name: 'Move link Docs up' }).click();
  await dialog.getByRole('button', { name: 'Apply' }).click();

  const links = page.getByRole('navigation', { name: 'Dashboard links' });
  await links.getByRole('link', { name: /Docs/ }).waitFor(WAIT);
  // a dashboards link is drawn once its search by tags has answered
  await links.getByRole('button', { name: /Ops/ }).waitFor(WAIT);
  const texts = await links.locator('> a, > .menu-button > button').evaluateAll((els) => els.map((e) => e.textContent!.replace(/\s+/g, ' ').trim()));
  assert.deepEqual(texts, ['☰ Runbook', '▦ Team boards ▾', 'ⓘ Docs', '▦ Ops ▾']);
  assert.equal(await links.getByRole('link', { name: /Runbook/ }).getAttribute('href'), 'https://runbooks.example.com/app?team=ops&from=now-1h&to=now');
  assert.equal(await links.getByRole('link', { name: /Docs/ }).getAttribute('href'), 'https://docs.example.com/?q=web&from=now-1h&to=now');
  await links.getByRole('button', { name: /Ops/ }).click();
  assert.deepEqual(await links.getByRole('menuitem').allInnerTexts(), ['▦ Team A']);

  await page.getByRole('button', { name: 'Save dashboard' }).click();
  const save = page.getByRole('dialog', { name: 'Save dashboard' });
  await save.getByRole('button', { name: 'Save', exact: true }).click();
  await save.waitFor({ state: 'detached', ...WAIT });
  const stored = (await storedDashboard(srv.logi.base, 'links-home')).links as Array<Record<string, unknown>>;
  assert.deepEqual(stored.map((l) => [l.type, l.title, l.url ?? l.tags, l.includeVars === true, l.keepTime === true, l.asDropdown === true]), [
    ['link', 'Runbook', 'https://runbooks.example.com/app?team=ops', false, true, false],
    ['dashboards', 'Team boards', ['team'], false, true, true],
    ['link', 'Docs', 'https://docs.example.com/?q=$app', false, true, false],
    ['dashboards', 'Ops', ['ops', 'team'], true, false, true],
  ]);
  assert.equal(stored[2]!.icon, 'info');
});
