// Panels of a Prometheus data source: Debian's prometheus scraping a real `logi serve`'s /metrics every second,
// provisioned as a Grafana data source, and the shipped self-monitoring board drawn from it in headless Chromium,
// its numbers those of the lines pushed and refused; without that data source its panels say what is missing; query
// variables of that data source listing what its label, series and query APIs answer, and chosen in the Variables editor;
// annotations of that data source drawn as regions.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { freePort, pushLines, spawnLogi, type LogiProcess } from '../../server/dist/testing/logi-process.js';
import { prometheusSkip, startPrometheus, type RunningPrometheus } from '../../server/dist/testing/prometheus.js';
import { until } from '../../server/dist/testing/until.js';
import { launchChromium, PageSet, screenshot } from './testing/browser.js';

const WAIT = { timeout: 30_000 };
const skip = prometheusSkip();

let browser: Browser;
let logi: LogiProcess;
let prometheus: RunningPrometheus;
let dir: string;

before(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'logi-dash-prom-'));
  const [logiPort, promPort] = [await freePort(), await freePort()];
  writeFileSync(join(dir, 'datasources.yaml'), `apiVersion: 1\ndatasources:\n  - name: Prometheus\n    type: prometheus\n    uid: prometheus\n    url: http://127.0.0.1:${promPort}\n  - name: Tempo\n    type: tempo\n    url: http://127.0.0.1:1\n`);
  [browser, logi] = await Promise.all([
    launchChromium(),
    spawnLogi([`-server.http-listen-port=${logiPort}`, `-common.path-prefix=${join(dir, 'data')}`, `-datasources.provisioning=${join(dir, 'datasources.yaml')}`], logiPort),
  ]);
  prometheus = await startPrometheus(promPort, `127.0.0.1:${logiPort}`);
  const now = BigInt(Date.now()) * 1_000_000n;
  for (const app of ['api', 'web']) assert.equal((await pushLines(logi.base, { app }, now, ['one', 'two', 'three'])).status, 204);
  const old = now - 30n * 86_400_000_000_000n;
  assert.equal((await pushLines(logi.base, { app: 'api' }, old, ['too old', 'also too old'])).status, 400);
  // scraped twice since the pushes: a rate over the counters they made needs two samples
  await until('two scrapes after the pushes', async () => {
    const refused = (await prometheus.query('sum(loki_discarded_samples_total{job="logi"})'))[0]?.value;
    const samples = (await prometheus.query('min(count_over_time(loki_discarded_samples_total{job="logi"}[5m]))'))[0]?.value;
    return refused === 2 && Number(samples) >= 2 ? true : undefined;
  }, 20_000);
});
after(async () => {
  await browser?.close();
  await prometheus?.stop();
  await logi?.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const pages = new PageSet(() => browser);
const newPage = (): Promise<Page> => pages.open();
after(() => pages.closeAll());

test('the data sources are listed as Grafana lists them; only Prometheus query paths of a provisioned uid are proxied', { skip }, async () => {
  const listed = (await (await fetch(`${logi.base}/api/datasources`)).json()) as { uid: string; type: string }[];
  assert.deepEqual(listed.map((d) => [d.uid, d.type]), [['loki', 'loki'], ['prometheus', 'prometheus']]); // tempo is left out, with a warning
  assert.match(logi.stderr() + logi.stdout(), /data source not provisioned: Logi queries its own Loki and Prometheus only.*name="Tempo" type="tempo"/);
  const proxied = await fetch(`${logi.base}/api/datasources/proxy/uid/prometheus/api/v1/query?query=${encodeURIComponent('sum(loki_distributor_lines_received_total{job="logi"})')}`);
  assert.equal(proxied.status, 200);
  assert.equal(((await proxied.json()) as { data: { result: { value: [number, string] }[] } }).data.result[0]!.value[1], '6');
  assert.equal((await fetch(`${logi.base}/api/datasources/proxy/uid/nope/api/v1/query?query=up`)).status, 404);
  assert.equal((await fetch(`${logi.base}/api/datasources/proxy/uid/prometheus/api/v1/admin/tsdb/snapshot`, { method: 'POST' })).status, 404);
});

test("the self-monitoring board draws Logi's own metrics from Prometheus: lines received and refused, streams, rates", { skip }, async () => {
  const page = await newPage();
  await page.goto(`${logi.base}/d/logi-self-monitoring?from=now-5m&to=now`);
  await page.waitForFunction(() => {
    const panels = [...document.querySelectorAll('.dash-panel')];
    return panels.length === 10 && panels.every((p) => p.getAttribute('data-state') === 'done');
  }, undefined, WAIT);
  const stat = (title: string): Promise<string | null> => page.locator(`.dash-panel[aria-label="${title}"] .stat`).first().getAttribute('data-value');
  assert.equal(await stat('Lines received since start'), '6');
  assert.equal(await stat('Lines discarded since start'), '2');
  assert.equal(await stat('Streams in memory'), '2');
  assert.ok(Number(await stat('Memory (RSS)')) > 10_000_000);
  // the graphs have their series: the push route among the requests, both tenants' lines as one (no auth: "fake")
  await page.locator('.dash-panel[aria-label="Requests per second, by route and status"] .u-legend .u-label', { hasText: 'loki_api_v1_push 204' }).waitFor(WAIT);
  await page.locator('.dash-panel[aria-label="Lines discarded per second, by reason"] .u-legend .u-label', { hasText: 'greater_than_max_sample_age' }).waitFor(WAIT);
  await screenshot(page, 'dashboard-self-monitoring');
});

test('a Prometheus panel whose data source is not provisioned says so', { skip }, async () => {
  const board = {
    uid: 'other-prom', title: 'Other Prometheus', schemaVersion: 39, version: 0, time: { from: 'now-5m', to: 'now' },
    panels: [{ id: 1, type: 'stat', title: 'Up', gridPos: { x: 0, y: 0, w: 8, h: 5 }, datasource: { type: 'prometheus', uid: 'elsewhere' }, targets: [{ refId: 'A', expr: 'up', instant: true }] }],
  };
  assert.equal((await fetch(`${logi.base}/api/dashboards/db`, { method: 'POST', body: JSON.stringify({ dashboard: board }) })).status, 200);
  const page = await newPage();
  await page.goto(`${logi.base}/d/other-prom`);
  await page.locator('.dash-panel[data-state="error"]').waitFor(WAIT);
  assert.match(await page.locator('.dash-panel').innerText(), /Prometheus data source “elsewhere” is not configured in Logi \(-datasources\.provisioning\)/);
});

test("query variables of a Prometheus data source list what its label and query APIs answer, chained, and fill a panel's query", { skip }, async () => {
  const prom = { type: 'prometheus', uid: 'prometheus' };
  const board = {
    uid: 'prom-variables', title: 'Prometheus variables', schemaVersion: 39, version: 0, time: { from: 'now-5m', to: 'now' },
    templating: {
      list: [
        { name: 'job', type: 'query', datasource: prom, query: 'label_values(up, job)', definition: 'label_values(up, job)' },
        // Grafana 10+'s object form, on the metric and label chosen before
        { name: 'reason', type: 'query', datasource: prom, query: { query: 'label_values(loki_discarded_samples_total{job="$job"}, reason)', qryType: 1, refId: 'PrometheusVariableQueryEditor-VariableQuery' } },
        { name: 'names', type: 'query', datasource: prom, query: 'label_names()', regex: '/^(job|instance|reason)$/', sort: 1 },
        // Grafana's query_result text, of which the regex keeps the instance
        { name: 'target', type: 'query', datasource: prom, query: 'query_result(up{job="$job"})', regex: '/instance="([^"]+)"/' },
        // a data source named as Grafana before 8.3 did, by its name
        { name: 'instance', type: 'query', datasource: 'Prometheus', query: 'label_values(instance)', multi: true, includeAll: true },
      ],
    },
    panels: [{
      id: 1, type: 'stat', title: 'Discarded: $reason', gridPos: { x: 0, y: 0, w: 8, h: 5 }, datasource: prom,
      targets: [{ refId: 'A', expr: 'sum(loki_discarded_samples_total{job="$job", reason="$reason", instance="$target"})', instant: true }],
    }],
  };
  assert.equal((await fetch(`${logi.base}/api/dashboards/db`, { method: 'POST', body: JSON.stringify({ dashboard: board }) })).status, 200);
  const page = await newPage();
  const asked: string[] = [];
  page.on('request', (r) => { if (r.url().includes('/api/datasources/proxy/uid/prometheus/')) asked.push(new URL(r.url()).pathname.replace('/api/datasources/proxy/uid/prometheus', '')); });
  await page.goto(`${logi.base}/d/prom-variables`);
  await page.locator('.dash-panel[data-state="done"]').waitFor(WAIT);
  const offered = (name: string): Promise<string[]> => page.locator(`#var-${name} option`).allInnerTexts();
  const target = `127.0.0.1:${new URL(logi.base).port}`;
  assert.deepEqual(await offered('job'), ['logi']);
  assert.deepEqual(await offered('reason'), ['greater_than_max_sample_age']);
  assert.deepEqual(await offered('names'), ['instance', 'job', 'reason']);
  assert.deepEqual(await offered('target'), [target]);
  assert.ok((await offered('instance')).includes(target));
  assert.equal((await offered('instance'))[0], 'All');
  assert.equal(await page.locator('.dash-panel').getAttribute('aria-label'), 'Discarded: greater_than_max_sample_age');
  assert.equal(await page.locator('.dash-panel .stat').getAttribute('data-value'), '2');
  // through the proxy's Prometheus API paths, as Grafana's Prometheus data source asks
  for (const path of ['/api/v1/label/job/values', '/api/v1/label/reason/values', '/api/v1/labels', '/api/v1/query']) assert.ok(asked.includes(path), `${path} in ${asked.join(' ')}`);
  await screenshot(page, 'dashboard-prometheus-variables');
});

test("metrics(regex), label_names(match) and series selectors list what Prometheus answers; the Variables editor picks a query variable's data source", { skip }, async () => {
  const prom = { type: 'prometheus', uid: 'prometheus' };
  const board = {
    uid: 'prom-metrics', title: 'Prometheus metrics', schemaVersion: 39, version: 0, time: { from: 'now-5m', to: 'now' },
    templating: {
      list: [
        { name: 'metric', type: 'query', datasource: prom, query: 'metrics(^loki_distributor_)' },
        { name: 'labels', type: 'query', datasource: prom, query: { query: 'label_names(loki_discarded_samples_total)', qryType: 0 } },
        { name: 'series', type: 'query', datasource: prom, query: 'up{job="logi"}' },
        { name: 'app', type: 'query', query: 'label_values(app)' },
      ],
    },
    panels: [{ id: 1, type: 'text', title: 'Chosen', gridPos: { x: 0, y: 0, w: 8, h: 4 }, options: { mode: 'markdown', content: '$metric $series' } }],
  };
  assert.equal((await fetch(`${logi.base}/api/dashboards/db`, { method: 'POST', body: JSON.stringify({ dashboard: board }) })).status, 200);
  const page = await newPage();
  const asked: string[] = [];
  page.on('request', (r) => { if (r.url().includes('/api/datasources/proxy/uid/prometheus/')) asked.push(decodeURIComponent(new URL(r.url()).search)); });
  await page.goto(`${logi.base}/d/prom-metrics`);
  await page.locator('#var-app option').first().waitFor({ state: 'attached', ...WAIT });
  const offered = (name: string): Promise<string[]> => page.locator(`#var-${name} option`).allInnerTexts();
  const metrics = await offered('metric');
  assert.ok(metrics.includes('loki_distributor_lines_received_total'), metrics.join(' '));
  assert.ok(metrics.every((m) => m.startsWith('loki_distributor_')), metrics.join(' '));
  const labels = await offered('labels');
  assert.ok(labels.includes('reason') && !labels.includes('route'), labels.join(' '));
  assert.ok(asked.some((q) => q.includes('match[]=loki_discarded_samples_total')), asked.join(' '));
  assert.deepEqual(await offered('series'), [`up{instance="127.0.0.1:${new URL(logi.base).port}",job="logi"}`]);
  assert.deepEqual(await offered('app'), ['api', 'web']);

  // the editor: each query variable's data source, Logi's Loki or the Prometheus; app moved onto the Prometheus
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('menuitem', { name: 'Variables' }).click();
  const dialog = page.getByRole('dialog', { name: 'Variables' });
  const app = dialog.locator('fieldset[data-variable="app"]');
  assert.deepEqual(await app.locator('select[name="variable-datasource"] option').allInnerTexts(), ['Logi (loki)', 'Prometheus (prometheus)']);
  assert.equal(await app.locator('select[name="variable-datasource"]').inputValue(), 'loki');
  assert.equal(await dialog.locator('fieldset[data-variable="metric"] select[name="variable-datasource"]').inputValue(), 'prometheus');
  await app.locator('select[name="variable-datasource"]').selectOption('prometheus');
  await app.locator('input[name="variable-query"]').fill('metrics(_lines_received_total$)');
  await app.locator('input[name="variable-query"]').blur();
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await page.waitForFunction(() => [...document.querySelectorAll('#var-app option')].map((o) => o.textContent).join() === 'loki_distributor_lines_received_total', undefined, WAIT);
  await screenshot(page, 'dashboard-prometheus-metrics-variables');
  await page.getByRole('button', { name: 'Save dashboard' }).click();
  const save = page.getByRole('dialog', { name: 'Save dashboard' });
  await save.getByRole('button', { name: 'Save', exact: true }).click();
  await save.waitFor({ state: 'detached', ...WAIT });
  const stored = ((await (await fetch(`${logi.base}/api/dashboards/uid/prom-metrics`)).json()) as { dashboard: { templating: { list: Array<Record<string, unknown>> } } }).dashboard;
  assert.deepEqual([stored.templating.list[3]!.datasource, stored.templating.list[3]!.query], [prom, 'metrics(_lines_received_total$)']);
});

test("Prometheus annotations: each run of a series above 0 is one region, from its first sample to its last, titled and tagged from its labels, as Grafana's", { skip }, async () => {
  const prom = { type: 'prometheus', uid: 'prometheus' };
  const MINUTE = 60_000;
  // spans starting on even minutes, so that every step asked (the default 15 s, 60 s, and the 2 min set below) has
  // samples on their starts: the second span, 2 min long, then stays a region (a run of one sample is a marker)
  const from = Math.floor((Date.now() - 25 * MINUTE) / (2 * MINUTE)) * 2 * MINUTE;
  const spans = [[from, from + 5 * MINUTE], [from + 10 * MINUTE, from + 12 * MINUTE]] as const;
  const restartMs = from + 20 * MINUTE + 1234;
  /** 1 from `start` to `end` (ms), 0 elsewhere */
  const within = ([start, end]: readonly [number, number]): string => `(vector(time()) >= bool ${start / 1000}) * (vector(time()) <= bool ${end / 1000})`;
  const board = {
    uid: 'prom-annotations', title: 'Prometheus annotations', schemaVersion: 39, version: 0, time: { from: 'now-30m', to: 'now' },
    templating: { list: [{ name: 'svc', type: 'custom', query: 'api,web', current: { text: 'api', value: 'api' } }] },
    annotations: {
      list: [
        { name: 'Deploy window', datasource: prom, enable: true, iconColor: 'purple', step: '1m', expr: `label_replace(${within(spans[0])}, "service", "$svc", "", "")`,
          titleFormat: '{{service}} deploy window', textFormat: 'by {{team}}', tagKeys: 'service' },
        // no step: the data source's 15 s; the two spans stay two regions
        { name: 'Maintenance', datasource: prom, enable: true, iconColor: 'orange', expr: `label_replace(${within(spans[0])} + ${within(spans[1])}, "team", "ops", "", "")`, titleFormat: 'maintenance' },
        // every sample's value is the one time (ms): one marker there
        { name: 'Restarts', datasource: prom, enable: true, useValueForTime: true, expr: `label_replace(vector(${restartMs}), "instance", "host-1", "", "")`, titleFormat: 'restart of {{instance}}', tagKeys: 'instance' },
        { name: 'Bad step', datasource: prom, enable: true, step: 'soon', expr: 'vector(1)' },
      ],
    },
    panels: [{ id: 1, type: 'timeseries', title: 'One', gridPos: { x: 0, y: 0, w: 24, h: 8 }, datasource: prom, targets: [{ refId: 'A', expr: 'vector(1)' }] }],
  };
  assert.equal((await fetch(`${logi.base}/api/dashboards/db`, { method: 'POST', body: JSON.stringify({ dashboard: board }) })).status, 200);
  const page = await newPage();
  const steps: Record<string, string> = {};
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.pathname.endsWith('/api/v1/query_range') && u.searchParams.get('query')!.includes('bool')) steps[u.searchParams.get('query')!.includes('"team"') ? 'Maintenance' : 'Deploy window'] = u.searchParams.get('step')!;
  });
  await page.goto(`${logi.base}/d/prom-annotations`);
  await page.waitForFunction(() => document.querySelectorAll('[data-panel-id="1"] .graph-marker.region').length === 3, undefined, WAIT);
  const regions = await page.locator('[data-panel-id="1"] .graph-marker.region').evaluateAll((els) => els.map((e) => ({
    start: Number(e.getAttribute('data-time')), end: Number(e.getAttribute('data-time-end')), title: e.querySelector('.graph-marker-title')?.textContent ?? '',
    text: e.querySelector('.graph-marker-text')?.textContent ?? '', tags: e.querySelector('.graph-marker-tags')?.textContent ?? '', width: e.getBoundingClientRect().width,
  })));
  const drawn = regions.map(({ width: _w, ...r }) => r).sort((a, b) => a.start - b.start || a.title.localeCompare(b.title));
  assert.deepEqual(drawn, [
    // the variable filled in: the service label says api
    { start: spans[0][0], end: spans[0][1], title: 'api deploy window', text: 'by ', tags: 'api' },
    { start: spans[0][0], end: spans[0][1], title: 'maintenance', text: '', tags: '' },
    { start: spans[1][0], end: spans[1][1], title: 'maintenance', text: '', tags: '' },
  ]);
  assert.deepEqual(steps, { 'Deploy window': '60', Maintenance: '15' });
  const points = page.locator('[data-panel-id="1"] .graph-marker:not(.region)');
  assert.deepEqual(await points.evaluateAll((els) => els.map((e) => [Number(e.getAttribute('data-time')), e.querySelector('.graph-marker-title')?.textContent, e.querySelector('.graph-marker-tags')?.textContent])),
    [[restartMs, 'restart of host-1', 'host-1']]);
  assert.deepEqual(await page.locator('.annotation-note').allInnerTexts(), ['Annotation “Bad step” failed: its step “soon” is not a duration (such as 30s, 1m or 1h)']);
  // drawn as spans: 5 of the 30 minutes is about a sixth of the graph's width
  const plotWidth = await page.locator('[data-panel-id="1"] .u-over').evaluate((e) => e.getBoundingClientRect().width);
  const five = regions.find((r) => r.title === 'api deploy window')!.width;
  assert.ok(five > plotWidth / 8 && five < plotWidth / 4, `${five} of ${plotWidth}`);
  // the second span's foot shows its start and end on hover
  const second = page.locator(`[data-panel-id="1"] .graph-marker.region[data-time="${spans[1][0]}"] .graph-marker-mark`);
  await second.hover();
  const tip = second.locator('[role="tooltip"]');
  await tip.waitFor({ state: 'visible', ...WAIT });
  assert.match(await tip.locator('.graph-marker-time').innerText(), /^\S.* – \S/);
  assert.equal(await tip.locator('.graph-marker-title').innerText(), 'maintenance');
  await screenshot(page, 'dashboard-prometheus-annotations');

  // in the Annotations settings: a Prometheus data source, its min step and "Series value as timestamp"
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('menuitem', { name: 'Annotations' }).click();
  const form = page.getByRole('dialog', { name: 'Annotations' }).locator('fieldset[data-annotation="Maintenance"]');
  assert.equal(await form.locator('select[name="annotation-datasource"]').inputValue(), 'prometheus');
  assert.equal(await form.locator('input[name="annotation-step"]').getAttribute('placeholder'), '15s');
  await form.locator('input[name="annotation-step"]').fill('2m');
  await form.locator('input[name="annotation-step"]').blur();
  await page.getByRole('dialog', { name: 'Annotations' }).getByRole('button', { name: 'Apply' }).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-panel-id="1"] .graph-marker.region').length === 3, undefined, WAIT);
  await until('the 2 m step asked', async () => (steps.Maintenance === '120' ? true : undefined), 20_000);
});
