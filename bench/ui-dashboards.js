#!/usr/bin/env node
// The seeds' app board (uid logi-app-logs) timed in headless Chromium against a real `logi serve` over loopback: from
// navigation to every panel showing its data (median of 5 page loads, the first load not counted), with its 4
// panels and with 20 (its panels five times over, on one board POSTed for the run). The lines are pushed first:
// --lines of the app over the last hour, 3 services, 3 levels (a local dataset, far below the 2 GB).
// Usage: node bench/ui-dashboards.js [--lines 200000]   (after npm run build)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../packages/ui/dist/testing/browser.js';
import { freePort, startLogi, writeConfig } from './logi-process.js';
import { median } from './proc.js';

const at = process.argv.indexOf('--lines');
const LINES = at > 0 ? Number(process.argv[at + 1]) : 200_000;
const RUNS = 5;
const APP = 'python-starter-kit';
const SERVICES = ['api', 'worker', 'web'];
const LEVELS = ['info', 'info', 'info', 'warn', 'error'];

/** LINES lines over the last hour, in pushes of 10,000, one stream per service and level. */
async function pushLines(url) {
  const now = Date.now();
  for (let from = 0; from < LINES; from += 10_000) {
    const streams = new Map();
    for (let i = from; i < Math.min(LINES, from + 10_000); i++) {
      const service = SERVICES[i % SERVICES.length];
      const level = LEVELS[i % LEVELS.length];
      const key = `${service}/${level}`;
      if (!streams.has(key)) streams.set(key, { stream: { app: APP, service, level }, values: [] });
      const ns = BigInt(now - 3600_000 + Math.floor((i * 3600_000) / LINES)) * 1_000_000n;
      streams.get(key).values.push([String(ns), `level=${level} service=${service} msg="handled request" path=/api/items/${i} status=200 duration=${i % 97}ms`]);
    }
    const r = await fetch(`${url}/loki/api/v1/push`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ streams: [...streams.values()] }) });
    if (r.status !== 204) throw new Error(`push answered ${r.status}: ${await r.text()}`);
  }
}

/** The shipped board's panels five times over, each copy below the one before. */
async function postTwentyPanels(url) {
  const { dashboard } = await (await fetch(`${url}/api/dashboards/uid/logi-app-logs`)).json();
  const height = Math.max(...dashboard.panels.map((p) => p.gridPos.y + p.gridPos.h));
  const panels = [0, 1, 2, 3, 4].flatMap((copy) => dashboard.panels.map((p) => ({ ...p, id: copy * 100 + p.id, gridPos: { ...p.gridPos, y: p.gridPos.y + copy * height } })));
  const board = { ...dashboard, id: null, uid: 'bench-20-panels', title: 'Bench: 20 panels', panels, version: 0 };
  const r = await fetch(`${url}/api/dashboards/db`, { method: 'POST', body: JSON.stringify({ dashboard: board, overwrite: true }) });
  if (!r.ok) throw new Error(`saving the 20-panel board answered ${r.status}: ${await r.text()}`);
  return (await r.json()).url;
}

/** Navigation start to the frame after the last panel left its loading state (every panel 'done'). */
async function loadMs(browser, url) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(url);
  const ms = await page.evaluate(() => new Promise((resolve, reject) => {
    const check = () => {
      const panels = [...document.querySelectorAll('.dash-panel')];
      if (panels.some((p) => p.getAttribute('data-state') === 'error')) reject(new Error('a panel shows an error'));
      else if (panels.length > 0 && panels.every((p) => p.getAttribute('data-state') === 'done')) resolve(performance.now());
      else requestAnimationFrame(check);
    };
    check();
  }));
  const panels = await page.locator('.dash-panel').count();
  await page.close();
  return { ms, panels };
}

const dir = mkdtempSync(join(tmpdir(), 'logi-bench-dash-'));
const port = await freePort();
const server = await startLogi(writeConfig(dir, port), port);
const browser = await launchChromium();
try {
  await pushLines(server.url);
  const boards = [['4 panels', `${server.url}/d/logi-app-logs?from=now-1h&to=now&var-app=${APP}`], ['20 panels', `${server.url}${await postTwentyPanels(server.url)}?from=now-1h&to=now&var-app=${APP}`]];
  const out = [];
  for (const [name, url] of boards) {
    await loadMs(browser, url); // warm-up: the bundle in the browser's cache, the server's first queries
    const runs = [];
    let panels = 0;
    for (let i = 0; i < RUNS; i++) ({ ms: runs[i], panels } = await loadMs(browser, url));
    out.push(`${name} (${panels} drawn): median ${median(runs).toFixed(0)} ms (${runs.map((t) => t.toFixed(0)).join(', ')})`);
  }
  console.log(`Dashboards (bench/ui-dashboards.js): the seeds' app board, navigation to every panel showing data, ${LINES.toLocaleString('en-US')} lines of the last hour; ${out.join('; ')}. Target: under 1 s.`);
} finally {
  await browser.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
