// A real `logi serve` on 127.0.0.1 with a fresh data directory, for tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig, type Config, type Limits } from '../app/config.js';
import { startServer, type RunningServer } from '../app/server.js';

export interface TestServer {
  base: string;
  dir: string;
  running: RunningServer;
  close(): Promise<void>;
}

/** Loki's limits as the conformance corpus was recorded with (any age accepted, high rates and query limits). */
export const CONFORMANCE_LIMITS: Partial<Limits> = {
  rejectOldSamples: false, ingestionRateBytes: 64 << 20, ingestionBurstBytes: 128 << 20,
  perStreamRateBytes: 64 << 20, perStreamBurstBytes: 128 << 20, maxQuerySeries: 100000, maxEntriesLimitPerQuery: 100000,
};

export async function startTestServer(
  opts: { limits?: Partial<Limits>; server?: Partial<Config['server']>; ruler?: Partial<Config['ruler']>; storage?: Partial<Config['storage']>; authEnabled?: boolean; dir?: string } = {},
): Promise<TestServer> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'logi-test-'));
  const config: Config = defaultConfig();
  Object.assign(config.server, opts.server);
  config.server.httpListenPort = 0;
  config.pathPrefix = dir;
  config.chunksDirectory = join(dir, 'chunks');
  config.rulesDirectory = join(dir, 'rules');
  config.authEnabled = opts.authEnabled ?? false;
  Object.assign(config.limits, opts.limits);
  Object.assign(config.ruler, opts.ruler);
  Object.assign(config.storage, opts.storage);
  const running = await startServer(config);
  return {
    base: `http://127.0.0.1:${running.port}`,
    dir,
    running,
    close: async () => {
      await running.close();
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
