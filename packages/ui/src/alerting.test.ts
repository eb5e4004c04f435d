// The Alerting pages end to end: a real `logi serve` (ruler evaluating every second, Logi's own notifications on
// for silences) with error lines pushed while the test runs, and the pages in headless Chromium: rules listed
// with their state going pending then firing, labels, annotations, values and a rule's evaluation error; a
// silence created from a firing alert and expired; a rule written in the editor (its LogQL checked as typed,
// previewed) saved, listed, and still there after the server restarts.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test, type TestContext } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { freePort, pushLines, startLogi, type LogiProcess } from '../../server/dist/testing/logi-process.js';
import { seedsAlertGroup } from '../../server/dist/testing/seeds-alert-group.js';
import { launchChromium, openPage, screenshot, type WatchedPage } from './testing/browser.js';

const WAIT = { timeout: 30_000 };

const SEEDS = seedsAlertGroup({
  window: '1m', threshold: 0.01, for: '8s',
  annotations: { summary: '{{ $labels.service }} logs errors' },
  moreRules: `  - record: service:errors:count1m
    expr: sum by (service) (count_over_time({app="python-starter-kit", level="error"}[1m]))
`,
});
/** A group whose rule returns two series over its limit of one: the rule's evaluation error is shown. */
const LIMITED = `name: limited
interval: 1s
limit: 1
rules:
  - record: app:lines:count1m
    expr: sum by (service) (count_over_time({app="python-starter-kit"}[1m]))
`;

let browser: Browser;
let logi: LogiProcess;
let dir: string;
let port: number;
let pushing = true;
let pusher: Promise<void>;

const yaml = (notifyFile: string): string => `auth_enabled: false
ruler:
  evaluation_interval: 1s
logi:
  ruler:
    notification_config_file: ${notifyFile}
`;

async function start(): Promise<LogiProcess> {
  const notifyFile = join(dir, 'notify.yml');
  // no receiver integrations: the silences API is what this test needs of the notifications
  writeFileSync(notifyFile, 'route:\n  receiver: nobody\nreceivers:\n  - name: nobody\n');
  return startLogi(join(dir, 'data'), port, yaml(notifyFile));
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'logi-ui-alerting-'));
  mkdirSync(join(dir, 'data'));
  port = await freePort();
  [browser, logi] = await Promise.all([launchChromium(), start()]);
  // errors of two services every half second while the test runs (well over 0.01/s)
  pusher = (async () => {
    while (pushing) {
      const now = BigInt(Date.now()) * 1_000_000n;
      await pushLines(logi.base, { app: 'python-starter-kit', level: 'error', service: 'checkout' }, now, ['ERROR payment failed']).catch(() => undefined);
      await pushLines(logi.base, { app: 'python-starter-kit', level: 'info', service: 'cart' }, now, ['INFO cart ok']).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 500));
    }
  })();
});

after(async () => {
  pushing = false;
  await pusher;
  await browser?.close();
  await logi?.kill();
  rmSync(dir, { recursive: true, force: true });
});

/** A page closed when the test ends (its polling stops there), which fails on any console error it had. */
async function newPage(t: TestContext, expectedStatuses: number[] = []): Promise<Page> {
  const p: WatchedPage = await openPage(browser, expectedStatuses);
  t.after(async () => {
    await p.close();
    assert.deepEqual(p.problems(), []);
  });
  return p.page;
}

const postGroup = async (namespace: string, body: string): Promise<void> => {
  const r = await fetch(`${logi.base}/loki/api/v1/rules/${namespace}`, { method: 'POST', body });
  assert.equal(r.status, 202, await r.text());
};

test('the rule list shows the seeds\' alert going pending then firing, with labels, annotations, value and since when; a rule\'s error shows', async (t) => {
  const page = await newPage(t);
  await page.goto(`${logi.base}/alerting/list`);
  await page.getByText('No rules yet.').waitFor(WAIT);
  await postGroup('seeds', SEEDS);
  await postGroup('seeds', LIMITED);

  const alertRule = page.locator('.rule[data-rule="PythonStarterKitErrors"]');
  // the list refreshes itself every 5 s: pending (8 s long) shows in at least one refresh, then firing
  await page.locator('.rule[data-rule="PythonStarterKitErrors"][data-state="pending"]').waitFor(WAIT);
  await screenshot(page, 'alerting-pending');
  await page.locator('.rule[data-rule="PythonStarterKitErrors"][data-state="firing"]').waitFor(WAIT);
  // the expression as Loki's API shows it: printed back by the parser
  assert.equal(await alertRule.locator('.rule-expr').innerText(), '(sum by (service)(rate({app="python-starter-kit", level="error"}[1m])) > 0.01)');
  assert.deepEqual(await alertRule.locator('.rule-meta .label-chip').allInnerTexts(), ['severity=page']);
  assert.equal(await alertRule.locator('.annotations dt').innerText(), 'summary');
  assert.equal(await alertRule.locator('.annotations dd').innerText(), '{{ $labels.service }} logs errors');
  assert.match(await alertRule.locator('.rule-evaluated').innerText(), /^evaluated \d+s ago in \d+\.\d ms$/);
  assert.match(await alertRule.innerText(), /for 8s/);

  // the firing alert at the top: its labels, value (the rate) and since when
  const firing = page.locator('.alerts-table .active-alert[data-alertname="PythonStarterKitErrors"]');
  await page.locator('.alerts-table .active-alert[data-state="firing"]').waitFor(WAIT);
  assert.deepEqual(await firing.locator('.label-chip').allInnerTexts(), ['service=checkout', 'severity=page']);
  assert.ok(Number(await firing.locator('.value').innerText()) > 0.01);
  assert.match(await firing.locator('.since').innerText(), /^since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(\d+s\)$/);

  const recording = page.locator('.rule[data-rule="service:errors:count1m"]');
  assert.equal(await recording.getAttribute('data-state'), 'recording');
  assert.equal(await recording.getAttribute('data-health'), 'ok');
  const limited = page.locator('.rule[data-rule="app:lines:count1m"]');
  await page.locator('.rule[data-rule="app:lines:count1m"][data-health="err"]').waitFor(WAIT);
  assert.equal(await limited.locator('.rule-error').innerText(), 'exceeded limit of 1 with 2 series');
  await screenshot(page, 'alerting-list');
});

test('a silence created from a firing alert is listed active and expired from the list', async (t) => {
  const page = await newPage(t);
  await page.goto(`${logi.base}/alerting/list`);
  await page.locator('.alerts-table .active-alert[data-state="firing"] .silence-alert').click();
  await page.waitForURL(/\/alerting\/silences\?/, WAIT);
  const matchers = page.locator('.silence-form input[name="matchers"]');
  assert.equal(await matchers.inputValue(), 'alertname="PythonStarterKitErrors", service="checkout", severity="page"');

  // bad input is refused with the reason, in the page
  await page.locator('.silence-form input[name="duration"]').fill('soon');
  await page.getByRole('button', { name: 'Create silence' }).click();
  assert.equal(await page.locator('.silence-form .form-error').innerText(), 'duration “soon” is not one like 30m, 2h or 1d');
  await page.locator('.silence-form input[name="duration"]').fill('1h');
  await matchers.fill('alertname');
  await page.getByRole('button', { name: 'Create silence' }).click();
  assert.match(await page.locator('.silence-form .form-error').innerText(), /^bad matcher at “alertname”/);

  await matchers.fill('alertname="PythonStarterKitErrors", service=~"check.*"');
  await page.locator('.silence-form input[name="comment"]').fill('deploying a fix');
  await page.locator('.silence-form input[name="createdBy"]').fill('ops');
  await page.getByRole('button', { name: 'Create silence' }).click();
  const row = page.locator('.silences-table .silence[data-state="active"]');
  await row.waitFor(WAIT);
  assert.deepEqual(await row.locator('.label-chip').allInnerTexts(), ['alertname="PythonStarterKitErrors"', 'service=~"check.*"']);
  assert.match(await row.innerText(), /ops: deploying a fix/);
  const id = (await row.getAttribute('data-id'))!;
  const listed = (await (await fetch(`${logi.base}/api/v2/silence/${id}`)).json()) as { status: { state: string }; createdBy: string; endsAt: string };
  assert.equal(listed.status.state, 'active');
  assert.ok(Math.abs(Date.parse(listed.endsAt) - Date.now() - 3600_000) < 60_000, 'ends in an hour');
  await screenshot(page, 'alerting-silences');

  await row.getByRole('button', { name: 'Expire' }).click();
  await page.locator(`.silences-table .silence[data-id="${id}"][data-state="expired"]`).waitFor(WAIT);
  assert.equal(((await (await fetch(`${logi.base}/api/v2/silence/${id}`)).json()) as { status: { state: string } }).status.state, 'expired');
});

test('a rule written in the editor: LogQL checked as typed, previewed, saved, listed, kept across a restart, and moved', async (t) => {
  // the editor's check gets the server's parse errors as 400 answers
  const page = await newPage(t, [400]);
  await page.goto(`${logi.base}/alerting/list`);
  await page.getByRole('link', { name: '+ New alert rule' }).click();
  await page.waitForURL(/\/alerting\/new$/, WAIT);
  await page.locator('.rule-editor input[name="namespace"]').fill('ui');
  await page.locator('.rule-editor input[name="group"]').fill('written');
  await page.locator('.rule-editor input[name="interval"]').fill('1s');
  await page.locator('.rule-editor input[name="name"]').fill('CheckoutErrors');

  const editor = page.locator('.rule-editor .cm-content');
  await editor.click();
  await page.keyboard.insertText('sum(rate({app="python-starter-kit"}[5m]');
  const check = page.locator('.expr-check[data-state="error"] .query-error');
  await check.waitFor(WAIT);
  assert.match(await check.innerText(), /^parse error at line 1, col \d+/);
  await page.locator('.rule-editor .cm-parse-error').waitFor(WAIT);
  assert.equal(await page.locator('.rule-preview').getAttribute('data-state'), 'idle');

  // a log query parses but is no rule
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText('{app="python-starter-kit"}');
  await page.getByText('a rule needs a metric query').waitFor(WAIT);

  await page.keyboard.press('Control+A');
  await page.keyboard.insertText('sum by (service) (count_over_time({app="python-starter-kit", level="error"}[1m])) > 0');
  await page.locator('.expr-check[data-state="ok"]').waitFor(WAIT);
  // the preview: what the expression returned over the last hours, per series, with its latest value
  await page.locator('.rule-preview[data-state="done"]').waitFor(WAIT);
  assert.equal(await page.locator('.rule-preview').getAttribute('data-series'), '1');
  assert.equal(await page.locator('.preview-row .series-name').innerText(), '{service="checkout"}');
  assert.ok(Number(await page.locator('.preview-row .value').innerText()) > 0);
  assert.equal(await page.locator('.rule-preview .u-legend').count(), 1, 'graphed');

  await page.locator('.rule-editor input[name="for"]').fill('10s');
  await page.getByRole('textbox', { name: 'Labels value' }).fill('page');
  await page.getByRole('textbox', { name: 'Annotations value' }).fill('{{ $labels.service }} has errors');
  await screenshot(page, 'alerting-editor');
  await page.getByRole('button', { name: 'Save rule' }).click();
  await page.waitForURL(/\/alerting\/list$/, WAIT);
  const saved = page.locator('.rule-namespace[data-namespace="ui"] .rule-group[data-group="written"] .rule[data-rule="CheckoutErrors"]');
  await saved.waitFor(WAIT);
  assert.equal(await saved.locator('.rule-expr').innerText(), '(sum by (service)(count_over_time({app="python-starter-kit", level="error"}[1m])) > 0)');

  // the server restarts (the page away meanwhile, its polling would fail): the rule is read back from its file,
  // listed, and opens in the editor as written
  await page.goto('about:blank');
  await logi.kill('SIGTERM');
  logi = await start();
  await page.goto(`${logi.base}/alerting/list`);
  await saved.waitFor(WAIT);
  assert.deepEqual(await saved.locator('.rule-meta .label-chip').allInnerTexts(), ['severity=page']);
  assert.equal(await saved.locator('.annotations dd').innerText(), '{{ $labels.service }} has errors');
  await saved.getByRole('link', { name: 'Edit' }).click();
  await page.waitForURL(/\/alerting\/edit\?/, WAIT);
  await page.locator('.rule-editor .cm-content').waitFor(WAIT);
  assert.equal(await page.locator('.rule-editor .cm-content').innerText(), 'sum by (service) (count_over_time({app="python-starter-kit", level="error"}[1m])) > 0');
  assert.equal(await page.locator('.rule-editor input[name="for"]').inputValue(), '10s');
  assert.equal(await page.locator('.rule-editor input[name="interval"]').inputValue(), '1s');
  assert.equal(await page.locator('.rule-editor input[name="name"]').inputValue(), 'CheckoutErrors');

  // given another group, the rule moves: saved there, and its old group, left empty, is gone
  await page.locator('.rule-editor input[name="group"]').fill('moved');
  await page.getByRole('button', { name: 'Save rule' }).click();
  await page.waitForURL(/\/alerting\/list$/, WAIT);
  await page.locator('.rule-namespace[data-namespace="ui"] .rule-group[data-group="moved"] .rule[data-rule="CheckoutErrors"]').waitFor(WAIT);
  assert.equal(await page.locator('.rule-group[data-group="written"]').count(), 0);
  assert.equal((await fetch(`${logi.base}/loki/api/v1/rules/ui/written`)).status, 404);
});
