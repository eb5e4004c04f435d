// Debian's prometheus for tests, started by scripts/services/prometheus-start.sh on 127.0.0.1 with its
// remote-write receiver; skipped outside CI when it is not installed, failing in CI.
import { spawnSync } from 'node:child_process';
import { serviceSkip, startBackgroundService, stopBackgroundService, type ServiceScript } from './background-service.js';
import { freePort } from './logi-process.js';

const PROMETHEUS: ServiceScript = {
  script: 'prometheus-start.sh',
  missing: 'prometheus is not installed: apt-get install prometheus (Debian/Ubuntu)',
  installed: () => spawnSync('prometheus', ['--version'], { stdio: 'ignore' }).status === 0,
};

export const prometheusSkip = (): string | false => serviceSkip(PROMETHEUS);

export interface RunningPrometheus {
  url: string;
  /** where remote write posts */
  writeURL: string;
  /** An instant query's vector: each series' labels and value. */
  query(expr: string): Promise<{ metric: Record<string, string>; value: number; timestampMs: number }[]>;
  stop(): Promise<void>;
}

/**
 * Starts Prometheus on `port` (a free one when not given: a test may point Logi at it before it runs), scraping the
 * `logi serve` at `scrape` (host:port) every second as job "logi" when given.
 */
export async function startPrometheus(port?: number, scrape?: string): Promise<RunningPrometheus> {
  port ??= await freePort();
  const { pid, dir } = await startBackgroundService(PROMETHEUS, scrape ? [String(port), scrape] : [String(port)]);
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    writeURL: `${url}/api/v1/write`,
    query: async (expr) => {
      const res = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: expr })}`);
      const body = (await res.json()) as { status: string; error?: string; data: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] } };
      if (body.status !== 'success') throw new Error(`prometheus query ${expr}: ${body.error}`);
      return body.data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]), timestampMs: Math.round(r.value[0] * 1000) }));
    },
    stop: () => stopBackgroundService(pid, dir),
  };
}
