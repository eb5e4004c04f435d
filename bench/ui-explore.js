#!/usr/bin/env node
// The web UI measured in headless Chromium against a real `logi serve` over loopback: the gzipped size of what
// Explore loads, and the time from Ctrl+Enter to the first log lines on screen for a 1,000-line query, and to all
// of them (median of 5, from the keydown to the frame after the rows are in the page; beside it the lines request's
// time to first byte, the server's share); then, with all 5,000 lines
// loaded (older pages fetched by scrolling to the end, as a user does), the time to render them again in the other
// order and the longest frame while scrolling through them, lines unwrapped and wrapped.
// Usage: node bench/ui-explore.js   (after npm run build)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../packages/ui/dist/testing/browser.js';
import { freePort, startLogi, writeConfig } from './logi-process.js';
import { median } from './proc.js';

const LINES = 5000;
const RUNS = 5;
const QUERY = '{app="bench"}';
const ASSETS = fileURLToPath(new URL('../packages/ui/dist/public/assets/', import.meta.url));

/** The gzipped size of the assets a page loaded (`names`: their file names); pages load their own chunks. */
function bundleKB(names) {
  const sizes = { js: 0, css: 0 };
  for (const name of names) {
    const ext = name.split('.').pop();
    if (ext === 'js' || ext === 'css') sizes[ext] += gzipSync(readFileSync(join(ASSETS, name)), { level: 9 }).length;
  }
  return { js: sizes.js / 1024, css: sizes.css / 1024 };
}

/** LINES lines over the last 30 minutes, one push. */
async function pushLines(url) {
  const now = Date.now();
  const values = Array.from({ length: LINES }, (_, i) => {
    const ns = BigInt(now - 30 * 60_000 + Math.floor((i * 30 * 60_000) / LINES)) * 1_000_000n;
    return [String(ns), `level=${['info', 'warn', 'error'][i % 3]} msg="handled request" path=/api/items/${i} status=200 duration=${i % 97}ms`];
  });
  const r = await fetch(`${url}/loki/api/v1/push`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ streams: [{ stream: { app: 'bench' }, values }] }),
  });
  if (r.status !== 204) throw new Error(`push answered ${r.status}: ${await r.text()}`);
}

async function enterToLinesMs(browser, url) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`${url}/explore`);
  await page.locator('.cm-content').click();
  await page.keyboard.insertText(QUERY);
  // The frame after the first row is in the page, and the frame after all 1,000 are. The listeners are in place
  // before the key is pressed (an evaluate still in flight can run after the key event, which left t0 at 0 and
  // measured from the page's start).
  await page.evaluate(() => { window.__measured = new Promise((resolve) => {
    let t0 = 0;
    let first = 0;
    document.addEventListener('keydown', (e) => { if (e.key === 'Enter' && t0 === 0) t0 = performance.now(); }, { capture: true });
    new MutationObserver((_m, observer) => {
      // The list puts only the rows in view in the page; data-rows says how many it holds.
      const rows = Number(document.querySelector('.log-list')?.getAttribute('data-rows') ?? 0);
      if (rows > 0 && first === 0) {
        first = -1;
        requestAnimationFrame(() => { first = performance.now() - t0; });
      }
      if (rows < 1000) return;
      observer.disconnect();
      requestAnimationFrame(() => resolve({ first, all: performance.now() - t0 }));
    }).observe(document.body, { childList: true, subtree: true });
  }); });
  await page.keyboard.press('Control+Enter');
  const ms = await page.evaluate(() => window.__measured);
  const assets = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname)
    .filter((p) => p.includes('/assets/')).map((p) => p.slice(p.lastIndexOf('/') + 1)));
  // The lines request's time to its first byte: the server's share of it.
  const serverMs = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('limit=1000'))
    .map((e) => e.responseStart - e.requestStart).pop());
  await page.close();
  return { ...ms, serverMs, assets };
}

/** Frames while the list scrolls from top to bottom, 400 px per frame: the longest and the 95th percentile. */
const scrollFrames = (page) => page.locator('.log-list').evaluate((list) => new Promise((resolve) => {
  list.scrollTop = 0;
  const frames = [];
  let last = performance.now();
  const step = () => {
    const now = performance.now();
    frames.push(now - last);
    last = now;
    if (list.scrollTop + list.clientHeight >= list.scrollHeight - 1) {
      frames.sort((a, b) => a - b);
      resolve({ longest: frames[frames.length - 1], p95: frames[Math.floor(frames.length * 0.95)], count: frames.length });
      return;
    }
    list.scrollTop += 400;
    requestAnimationFrame(step);
  };
  requestAnimationFrame(() => { last = performance.now(); requestAnimationFrame(step); });
}));

async function fiveThousandLines(browser, url) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const panes = { b: { datasource: 'logi', queries: [{ refId: 'A', expr: QUERY, queryType: 'range' }], range: { from: 'now-1h', to: 'now' } } };
  await page.goto(`${url}/explore?schemaVersion=1&panes=${encodeURIComponent(JSON.stringify(panes))}&orgId=1`);
  const rows = async () => Number(await page.locator('.log-list').getAttribute('data-rows'));
  await page.waitForFunction(() => Number(document.querySelector('.log-list')?.getAttribute('data-rows')) >= 1000, undefined, { timeout: 60_000 });
  for (let i = 0; i < 200 && (await rows()) < LINES; i++) {
    await page.locator('.log-list').evaluate((el) => { el.scrollTop = el.scrollHeight; });
    await page.waitForTimeout(100);
  }
  if ((await rows()) < LINES) throw new Error(`scrolling to the end loaded ${await rows()} lines of ${LINES}`);
  // Oldest first: every line sorted and the list drawn again, from the click to the frame after the oldest line shows.
  // The list goes back to its top on the click (it was scrolled to its end); a minute without the oldest line there
  // fails the bench with what the list shows instead.
  const renderMs = await page.evaluate(() => new Promise((resolve, reject) => {
    const t0 = performance.now();
    const observer = new MutationObserver(() => {
      if (!/ path=\/api\/items\/0 /.test(document.querySelector('.log-line')?.textContent ?? '')) return;
      observer.disconnect();
      clearTimeout(timer);
      requestAnimationFrame(() => resolve(performance.now() - t0));
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error(`"Oldest first": the first line shown after 60 s is ${JSON.stringify(document.querySelector('.log-line')?.textContent)}`));
    }, 60_000);
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    [...document.querySelectorAll('.log-options button')].find((b) => b.textContent === 'Oldest first').click();
  }));
  const unwrapped = await scrollFrames(page);
  await page.getByLabel('Wrap lines').check();
  const wrapped = await scrollFrames(page);
  await page.close();
  return { renderMs, unwrapped, wrapped };
}

const dir = mkdtempSync(join(tmpdir(), 'logi-bench-ui-'));
const port = await freePort();
const server = await startLogi(writeConfig(dir, port), port);
const browser = await launchChromium();
try {
  await pushLines(server.url);
  await enterToLinesMs(browser, server.url); // warm-up: the server's first query and the browser's cache
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await enterToLinesMs(browser, server.url));
  const big = await fiveThousandLines(browser, server.url);
  const kb = bundleKB(runs[0].assets);
  const show = (ms) => `median ${median(ms).toFixed(0)} ms (${ms.map((t) => t.toFixed(0)).join(', ')})`;
  console.log(`UI (bench/ui-explore.js): Explore loads ${(kb.js + kb.css).toFixed(1)} KB gzipped (JS ${kb.js.toFixed(1)}, CSS ${kb.css.toFixed(1)}).\n` +
    `Ctrl+Enter to the first lines on screen, 1,000-line query over loopback: ${show(runs.map((r) => r.first))}; ` +
    `to all 1,000: ${show(runs.map((r) => r.all))}; the server's answer took ${show(runs.map((r) => r.serverMs))} to its first byte.\n` +
    `5,000 lines loaded: drawn again in the other order in ${big.renderMs.toFixed(0)} ms; scrolling through them, longest frame ` +
    `${big.unwrapped.longest.toFixed(0)} ms unwrapped (p95 ${big.unwrapped.p95.toFixed(0)} ms, ${big.unwrapped.count} frames), ` +
    `${big.wrapped.longest.toFixed(0)} ms wrapped (p95 ${big.wrapped.p95.toFixed(0)} ms, ${big.wrapped.count} frames); target: no frame over 50 ms.`);
} finally {
  await browser.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
