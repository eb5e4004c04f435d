#!/usr/bin/env node
// Measures the UI framework choice: the same log list bundled by esbuild with Preact and with lit,
// gzipped bundle size and the time to render 5,000 rows in headless Chromium (median of 5 fresh pages).
// Usage: node bench/ui-framework.js   (after npm run build)
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../packages/ui/dist/testing/browser.js';

const ROWS = 5000;
const RUNS = 5;
const here = (f) => fileURLToPath(new URL(f, import.meta.url));
const FRAMEWORKS = [
  { name: 'preact', entry: here('ui-framework/preact-list.jsx') },
  { name: 'lit', entry: here('ui-framework/lit-list.js') },
];

async function bundle(entry) {
  const r = await build({
    entryPoints: [entry], bundle: true, minify: true, format: 'esm', target: 'es2022', write: false,
    jsx: 'automatic', jsxImportSource: 'preact', logLevel: 'warning',
    nodePaths: [here('../node_modules'), here('../packages/ui/node_modules')],
  });
  return r.outputFiles[0].text;
}

// Render time: from the call to the end of the layout it forces, as the user waits for it.
async function renderMs(browser, code) {
  const page = await browser.newPage();
  await page.setContent('<!doctype html><body><div id="app"></div></body>');
  await page.addScriptTag({ content: code, type: 'module' });
  await page.waitForFunction(() => typeof window.renderRows === 'function');
  const ms = await page.evaluate((n) => {
    const levels = ['info', 'warn', 'error', 'debug'];
    const rows = Array.from({ length: n }, (_, i) => ({
      id: i, time: new Date(1_700_000_000_000 + i * 1000).toISOString(), level: levels[i % 4],
      line: `level=${levels[i % 4]} msg="request handled" path=/api/v1/items/${i} status=200 duration=${i % 97}ms`,
    }));
    const t0 = performance.now();
    window.renderRows(rows);
    void document.body.offsetHeight;
    return performance.now() - t0;
  }, ROWS);
  await page.close();
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const browser = await launchChromium();
try {
  for (const f of FRAMEWORKS) {
    const code = await bundle(f.entry);
    const times = [];
    for (let i = 0; i < RUNS; i++) times.push(await renderMs(browser, code));
    const gz = gzipSync(code, { level: 9 }).length;
    console.log(`${f.name.padEnd(7)} bundle ${(gz / 1024).toFixed(1)} KB gzipped   render ${ROWS} rows: median ${median(times).toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(', ')})`);
  }
} finally {
  await browser.close();
}
