// What the dashboard tests share: a real `logi serve` and Chromium per test file, holding known lines, and a
// dashboard's JSON read back as Grafana's API gives it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { freePort, pushLines, spawnLogi, type LogiProcess } from '../../../server/dist/testing/logi-process.js';
import { launchChromium } from './browser.js';

/** GET /api/dashboards/uid/<uid>'s dashboard. */
export async function storedDashboard(base: string, uid: string): Promise<Record<string, any>> {
  const r = await fetch(`${base}/api/dashboards/uid/${uid}`);
  return ((await r.json()) as { dashboard: Record<string, any> }).dashboard;
}

export interface PushedStream { labels: Record<string, string>; lines: string[] }

export interface DashboardServerOptions {
  /** The temporary directory's name prefix. */
  prefix: string;
  /** Lays out files (provisioning, boards) in the directory before the server starts. */
  prepare?: (dir: string) => void;
  /** `logi serve`'s flags beside the port. */
  flags: (dir: string) => string[];
  /** Pushed once the server is up, five minutes before the test starts. */
  pushed: PushedStream[];
  /** Further set-up once the lines are pushed (a second top-level before hook would not wait for this one's). */
  then?: (logi: LogiProcess) => Promise<void>;
}

/** Registers the test file's before and after hooks: a temporary directory, Chromium, and `logi serve` holding `pushed`. */
export class DashboardServer {
  browser!: Browser;
  logi!: LogiProcess;
  dir = '';
  #port = 0;

  constructor(private readonly o: DashboardServerOptions) {
    before(() => this.#start());
    after(() => this.#stop());
  }

  /** Kills the server and starts it again on the same port and directory. */
  async restart(): Promise<void> {
    await this.logi.kill();
    this.logi = await this.#serve();
  }

  #serve(): Promise<LogiProcess> {
    return spawnLogi([`-server.http-listen-port=${this.#port}`, ...this.o.flags(this.dir)], this.#port);
  }

  async #start(): Promise<void> {
    this.dir = mkdtempSync(join(tmpdir(), this.o.prefix));
    this.o.prepare?.(this.dir);
    this.#port = await freePort();
    [this.browser, this.logi] = await Promise.all([launchChromium(), this.#serve()]);
    const t0 = BigInt(Date.now() - 5 * 60_000) * 1_000_000n;
    for (const s of this.o.pushed) {
      const r = await pushLines(this.logi.base, s.labels, t0, s.lines);
      assert.equal(r.status, 204, r.body);
    }
    await this.o.then?.(this.logi);
  }

  async #stop(): Promise<void> {
    await this.browser?.close();
    await this.logi?.kill();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}
