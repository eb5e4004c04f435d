#!/usr/bin/env node
// The seeds' app board (uid logi-app-logs) timed in headless Chromium against a real `logi serve` over loopback: from
// navigation to every panel showing its data (median of 5 page loads, the first load not counted), with its 4
// panels and with 20 (its panels five times over, on one board POSTed for the run).
// The data: 2 GB of stored logs, the workload of `npm run bench` (bench/workload.js: 11.6 M lines, 32 streams over
// 6 h, the python-starter-kit app in 22 of them), pushed once into bench/data/ui-dashboards/ and flushed to chunks;
// later runs reuse it. The board keeps its shipped range, the last hour: the browser's clock is set to the end of
// the data at each page load (only Date is shifted; timers and performance.now() run as they are), so the board
// covers the data's last hour, about a sixth of the lines (the counts are printed).
// Usage: node bench/ui-dashboards.js [--timeline]   (after npm run build)
//   --timeline also prints the last load's every resource (HTML, scripts, CSS, API), paints and long tasks (main
//   thread busy over 50 ms), to see where the time before the first query goes.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { launchChromium } from '../packages/ui/dist/testing/browser.js';
import { freePort, startLogi, writeConfig } from './logi-process.js';
import { dirBytes, load1, median } from './proc.js';
import { runPusher } from './run-pusher.js';
import { baseLines } from './workload.js';

const RUNS = 5;
const TIMELINE = process.argv.includes('--timeline');
const APP = 'python-starter-kit';
const LINES = 11_600_000;
const HOURS = 6;
// A fixed start, so the data pushed once serves every later run (and push.js's cache of encoded bodies too).
const START_NS = BigInt(Date.UTC(2026, 10, 30)) * 1_000_000n;
const END_MS = Number(START_NS / 1_000_000n) + HOURS * 3600_000;
const DATA = fileURLToPath(new URL('./data/ui-dashboards/', import.meta.url));
const DATASET = join(DATA, 'dataset.json');
const say = (msg) => process.stderr.write(`ui-dashboards: ${msg}\n`);

/** The stored data, pushed and flushed on the first run: { lines, rawBytes, chunkBytes }. */
async function dataset() {
  if (existsSync(DATASET)) {
    const kept = JSON.parse(readFileSync(DATASET, 'utf8'));
    if (kept.lines === LINES && kept.startNs === String(START_NS)) return kept;
  }
  rmSync(DATA, { recursive: true, force: true });
  const port = await freePort();
  const server = await startLogi(writeConfig(DATA, port), port);
  say(`pushing ${LINES.toLocaleString('en-US')} lines into ${DATA} (once; later runs reuse them)`);
  const pushed = await runPusher({ url: server.url, pid: server.pid, lines: LINES, batch: 1000, concurrency: 2, startNs: START_NS, hours: HOURS });
  if (pushed.errors) throw new Error(`${pushed.errors} pushes failed: ${pushed.firstError}`);
  const flushed = await fetch(`${server.url}/flush`, { method: 'POST' });
  if (!flushed.ok) throw new Error(`POST /flush answered ${flushed.status}`);
  await server.stop();
  const base = baseLines().entries;
  let rawBytes = 0;
  for (let i = 0; i < LINES; i++) rawBytes += base[i % base.length].bytes;
  const kept = { lines: LINES, startNs: String(START_NS), rawBytes, chunkBytes: dirBytes(join(DATA, 'chunks')) };
  writeFileSync(DATASET, JSON.stringify(kept));
  return kept;
}

/** Lines of the board's range (the data's last hour): the app's, and all streams'. */
async function linesInRange(url) {
  const count = async (selector) => {
    const q = new URLSearchParams({ query: `sum(count_over_time(${selector}[1h]))`, time: String(END_MS / 1000) });
    const body = await (await fetch(`${url}/loki/api/v1/query?${q}`)).json();
    return Number(body.data.result[0]?.value[1] ?? 0);
  };
  return { app: await count(`{app="${APP}"}`), all: await count('{job=~".+"}') };
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

/** Navigation start to the frame after the last panel left its loading state (every panel 'done'), and the API requests' times. */
async function loadMs(browser, url) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  // The page's Date runs from the end of the data on.
  await page.addInitScript((offset) => {
    const Real = Date;
    globalThis.Date = class extends Real {
      constructor(...args) { super(...(args.length > 0 ? args : [Real.now() + offset])); }
      static now() { return Real.now() + offset; }
    };
  }, END_MS - Date.now());
  // Long tasks are not buffered before an observer exists: one from the first script on keeps them.
  await page.addInitScript(() => {
    globalThis.__longTasks = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) globalThis.__longTasks.push({ start: e.startTime, duration: e.duration }); })
      .observe({ type: 'longtask' });
  });
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
  const requests = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('/loki/api/'))
    .map((e) => ({ url: e.name, start: e.startTime, wait: e.responseStart - e.requestStart, end: e.responseEnd })));
  const timeline = TIMELINE ? await page.evaluate(timelineOf) : [];
  await page.close();
  // when the page sent its first panel query: what the page's own start costs, apart from the server's answers
  const sent = Math.min(...requests.filter((r) => /\/query(_range)?\?/.test(r.url)).map((r) => r.start));
  return { ms, panels, requests, timeline, sent };
}

/** In the page: its navigation, every resource, paints and long tasks, by start time, as lines to print. */
function timelineOf() {
  const ms = (t) => `${t.toFixed(0).padStart(5)} ms`;
  const nav = performance.getEntriesByType('navigation')[0];
  const rows = [[nav.startTime, `${ms(nav.startTime)} - ${ms(nav.responseEnd)} document (first byte ${ms(nav.responseStart)}); DOMContentLoaded ${ms(nav.domContentLoadedEventEnd)}`]];
  for (const e of performance.getEntriesByType('resource')) {
    const u = new URL(e.name);
    rows.push([e.startTime, `${ms(e.startTime)} - ${ms(e.responseEnd)} ${e.initiatorType} ${u.pathname.split('/').slice(-2).join('/')}${u.search.slice(0, 60)}`]);
  }
  for (const e of performance.getEntriesByType('paint')) rows.push([e.startTime, `${ms(e.startTime)} ${e.name}`]);
  for (const t of globalThis.__longTasks) rows.push([t.start, `${ms(t.start)} - ${ms(t.start + t.duration)} long task (${t.duration.toFixed(0)} ms)`]);
  return rows.sort((a, b) => a[0] - b[0]).map(([, line]) => line);
}

const data = await dataset();
const port = await freePort();
const server = await startLogi(writeConfig(DATA, port), port);
const browser = await launchChromium();
try {
  const inRange = await linesInRange(server.url);
  const boards = [['4 panels', `${server.url}/d/logi-app-logs?var-app=${APP}`], ['20 panels', `${server.url}${await postTwentyPanels(server.url)}?var-app=${APP}`]];
  const out = [];
  for (const [name, url] of boards) {
    await loadMs(browser, url); // warm-up: the bundle in the browser's cache, the server's first queries
    const runs = [];
    const sent = [];
    let last;
    for (let i = 0; i < RUNS; i++) {
      last = await loadMs(browser, url);
      runs.push(last.ms);
      sent.push(last.sent);
    }
    out.push(`${name} (${last.panels} drawn): median ${median(runs).toFixed(0)} ms (${runs.map((t) => t.toFixed(0)).join(', ')}), `
      + `the first query sent at ${median(sent).toFixed(0)} ms (${sent.map((t) => t.toFixed(0)).join(', ')})`);
    // Where the last load's time went: each API request's start, time to its first byte (the server's work) and end.
    for (const r of last.requests) {
      const u = new URL(r.url);
      say(`  ${name}: ${u.pathname.split('/').pop()} ${u.searchParams.get('query') ?? ''} start ${r.start.toFixed(0)} ms, first byte after ${r.wait.toFixed(0)} ms, end ${r.end.toFixed(0)} ms`);
    }
    for (const line of last.timeline) say(`  ${name}: ${line}`);
  }
  const fmt = (n) => n.toLocaleString('en-US');
  console.log(`Dashboards (bench/ui-dashboards.js): the seeds' app board, navigation to every panel showing data, over ${fmt(data.lines)} lines ` +
    `(${(data.rawBytes / 1e9).toFixed(2)} GB raw, ${(data.chunkBytes / 1e6).toFixed(0)} MB of chunks) over 6 h; the board's range, the last hour, ` +
    `holds ${fmt(inRange.app)} lines of the app (${fmt(inRange.all)} of all streams); load ${load1()}. ${out.join('; ')}. Target: under 1 s.`);
} finally {
  await browser.close();
  await server.stop();
}
