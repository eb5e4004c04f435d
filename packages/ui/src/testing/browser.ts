// Headless Debian Chromium for the UI's tests: one browser per test file, pages that fail the test on any console
// error or uncaught exception, and screenshots written to packages/ui/test-artifacts/ to be looked at.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** console errors and uncaught exceptions so far, but for the failed requests a test expects */
  problems(): string[];
  close(): Promise<void>;
}

/**
 * A fresh page (its own storage) 1400x900. `expectedStatuses` are HTTP error codes the test provokes on purpose:
 * Chromium logs each failed request as a console error, which is then not the page's fault.
 */
export async function openPage(browser: Browser, expectedStatuses: readonly number[] = []): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  const expected = (text: string): boolean =>
    expectedStatuses.some((s) => text.startsWith(`Failed to load resource: the server responded with a status of ${s} `));
  page.on('console', (m) => { if (m.type() === 'error' && !expected(m.text())) problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return { page, context, problems: () => [...problems], close: () => context.close() };
}

/** The pages a test opens, closed together; closing them fails the test if any logged an error. */
export class PageSet {
  readonly #pages: WatchedPage[] = [];
  /** `browser` is asked at each open: test files launch theirs in a before hook. */
  constructor(private readonly browser: () => Browser) {}

  async open(expectedStatuses: readonly number[] = []): Promise<Page> {
    const watched = await openPage(this.browser(), expectedStatuses);
    this.#pages.push(watched);
    return watched.page;
  }

  async closeAll(): Promise<void> {
    const problems = this.#pages.flatMap((p) => p.problems());
    await Promise.all(this.#pages.splice(0).map((p) => p.close()));
    assert.deepEqual(problems, []);
  }
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
}
