import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseExpr, ParseError, prepareParser, prettyExpr } from '@logi/logql';
import { PUBLIC_DIR } from '@logi/ui';
import { detectedFieldsHandler, detectedFieldValuesHandler } from '../api/detected-fields.js';
import { detectedLabelsHandler } from '../api/detected-labels.js';
import { deleteHandler } from '../api/delete.js';
import { drilldownLimitsHandler, patternsHandler } from '../api/drilldown.js';
import { DeleteRequests } from '../compactor/delete-requests.js';
import { Compactor } from '../compactor/compactor.js';
import { indexStatsHandler, labelsHandler, labelValuesHandler, seriesHandler, volumeHandler } from '../api/metadata.js';
import { otlpHandler } from '../api/otlp.js';
import { pushHandler } from '../api/push.js';
import { instantQueryHandler, legacyQueryHandler, queryRangeHandler } from '../api/query.js';
import { Distributor } from '../distributor/distributor.js';
import { QueryAdmission } from '../frontend/query-admission.js';
import { patternMinerOptions } from '../pattern/pattern-miner.js';
import { PatternTee } from '../pattern/pattern-tee.js';
import { Querier } from '../querier/querier.js';
import { startScanWorkers } from '../querier/scan-pool.js';
import { Tailers } from '../querier/tailer.js';
import { HttpError } from '../api/http-error.js';
import { tailPlainHandler, tailUpgradeHandler } from '../api/tail.js';
import { createRuler } from '../ruler/start.js';
import { openDashboards } from '../dashboards/open.js';
import type { Config } from './config.js';
import { HttpConnections } from './connections.js';
import { errorReply, json, RequestContext, send, text, type Reply } from './http.js';
import { stripPathPrefix } from './path-prefix.js';
import { Router, type Route } from './routes.js';
import { openStorage, type Storage } from './storage.js';
import { ServerMetrics } from './metrics.js';
import { RuntimeOverrides } from './runtime-overrides.js';
import { UiFiles } from './ui-files.js';

export const VERSION = '3.6.7';
const GET_POST = ['GET', 'POST'] as const;

export interface RunningServer {
  server: Server;
  storage: Storage;
  port: number;
  close(): Promise<void>;
}

function routes(
  config: Config, { ingester, reader }: Storage, querier: Querier, tailers: Tailers, admission: QueryAdmission, patterns: PatternTee | undefined,
  limits: (tenant: string) => Config['limits'], metrics: ServerMetrics,
): Route[] {
  const distributor = new Distributor(ingester, limits, {
    onStored: (t, streams, keys) => {
      tailers.pushed(t, streams, keys);
      patterns?.observe(t, streams, keys);
    },
    counters: metrics,
  });
  const push = pushHandler(distributor);
  return [
    { methods: ['POST'], path: '/loki/api/v1/push', handler: push },
    { methods: ['POST'], path: '/api/prom/push', handler: push },
    { methods: ['POST'], path: '/otlp/v1/logs', handler: otlpHandler(distributor) },
    { methods: GET_POST, path: '/loki/api/v1/query_range', handler: queryRangeHandler(querier, reader, limits, admission) },
    { methods: GET_POST, path: '/loki/api/v1/query', handler: instantQueryHandler(querier, limits, admission) },
    { methods: ['GET'], path: '/api/prom/query', handler: legacyQueryHandler(querier, limits, admission) },
    { methods: GET_POST, path: '/loki/api/v1/labels', handler: labelsHandler(reader, limits, false) },
    { methods: GET_POST, path: '/loki/api/v1/label', handler: labelsHandler(reader, limits, false) },
    { methods: GET_POST, path: '/loki/api/v1/label/:name/values', handler: labelValuesHandler(reader, limits) },
    { methods: GET_POST, path: '/api/prom/label', handler: labelsHandler(reader, limits, true) },
    // Loki's legacy values route answers with label names, not values; kept for compatibility.
    { methods: GET_POST, path: '/api/prom/label/:name/values', handler: labelsHandler(reader, limits, true) },
    { methods: GET_POST, path: '/loki/api/v1/series', handler: seriesHandler(reader, limits) },
    { methods: GET_POST, path: '/api/prom/series', handler: seriesHandler(reader, limits) },
    { methods: GET_POST, path: '/loki/api/v1/index/stats', handler: indexStatsHandler(reader, limits) },
    { methods: GET_POST, path: '/loki/api/v1/index/volume', handler: volumeHandler(reader, limits, false) },
    { methods: GET_POST, path: '/loki/api/v1/index/volume_range', handler: volumeHandler(reader, limits, true) },
    { methods: GET_POST, path: '/loki/api/v1/format_query', handler: formatQuery },
    { methods: GET_POST, path: '/loki/api/v1/detected_labels', handler: detectedLabelsHandler(reader, limits) },
    { methods: GET_POST, path: '/loki/api/v1/detected_fields', handler: detectedFieldsHandler(querier, limits, admission) },
    { methods: GET_POST, path: '/loki/api/v1/detected_field/:name/values', handler: detectedFieldValuesHandler(querier, limits, admission) },
    { methods: GET_POST, path: '/loki/api/v1/patterns', handler: patternsHandler(limits, patterns) },
    { methods: ['GET'], path: '/loki/api/v1/drilldown-limits', handler: drilldownLimitsHandler(limits, VERSION, patterns !== undefined) },
    { methods: ['GET'], path: '/loki/api/v1/tail', handler: tailPlainHandler(tailers, config.authEnabled) },
    { methods: ['GET'], path: '/api/prom/tail', handler: tailPlainHandler(tailers, config.authEnabled) },
    // Loki's ingester flush endpoint: cuts and persists every head (benchmarks, before a planned restart).
    // An admin route, as in Loki: it acts on all tenants and needs no X-Scope-OrgID.
    { methods: GET_POST, path: '/flush', handler: async () => { await ingester.flush(); return { status: 204 }; } },
    { methods: ['GET'], path: '/ready', handler: async () => text('ready') },
    // Prometheus's scrape target, as Loki's: no tenant, every tenant's figures labelled by tenant.
    { methods: ['GET'], path: '/metrics', handler: () => metrics.reply() },
    { methods: ['GET'], path: '/loki/api/v1/status/buildinfo', handler: buildInfo },
  ];
}

async function formatQuery(ctx: RequestContext): Promise<Reply> {
  const q = (await ctx.params()).get('query') ?? '';
  try {
    return json({ status: 'success', data: prettyExpr(parseExpr(q)) });
  } catch (e) {
    if (e instanceof ParseError) return json({ status: 'invalid-query', error: e.message }, 400);
    throw e;
  }
}

async function buildInfo(): Promise<Reply> {
  return json({ version: VERSION, revision: 'logi', branch: 'main', buildUser: 'logi', buildDate: '', goVersion: `node${process.versions.node}` });
}

/** Opens storage (recovering the WAL) and starts the HTTP API. */
export async function startServer(config: Config): Promise<RunningServer> {
  prepareParser();
  const { s3 } = config.storage;
  const storage = await openStorage({
    dir: config.pathPrefix,
    chunksDir: config.chunksDirectory,
    // A bucket named and a schema not asking for the filesystem: chunks and index live in the bucket.
    objects: s3.bucketnames !== '' && config.storage.objectStore !== 'filesystem'
      ? {
        kind: 's3', cacheBytes: config.storage.chunkCacheBytes,
        s3: {
          endpoint: s3.endpoint, region: s3.region, bucket: s3.bucketnames, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey,
          forcePathStyle: s3.forcePathStyle, insecure: s3.insecure, responseHeaderTimeoutMs: s3.responseHeaderTimeoutMs,
        },
      }
      : undefined,
    period: { prefix: config.storage.indexPrefix, periodMs: config.storage.indexPeriodMs },
    chunkTargetSize: config.ingester.chunkTargetSize,
    blockSize: config.ingester.chunkBlockSize,
    chunkIdlePeriodMs: config.ingester.chunkIdlePeriodMs,
    maxChunkAgeMs: config.ingester.maxChunkAgeMs,
    maxStreamsPerTenant: config.limits.maxGlobalStreamsPerUser,
  });
  let overrides: RuntimeOverrides;
  try {
    overrides = new RuntimeOverrides(config.runtimeConfig.file, config.limits, (l) => console.log(l));
  } catch (e) {
    await storage.close();
    throw e;
  }
  overrides.start(config.runtimeConfig.periodMs);
  const limits = (tenant: string): Config['limits'] => overrides.limits(tenant);
  const deleteRequests = new DeleteRequests(config.pathPrefix);
  const compactor = new Compactor(storage.store, deleteRequests, {
    limits, retentionEnabled: config.compactor.retentionEnabled, cancelPeriodMs: config.compactor.deleteRequestCancelPeriodMs,
    minPieces: config.compactor.compactionMinPieces, graceMs: config.limits.queryTimeoutMs,
    intervalMs: config.compactor.compactionIntervalMs, log: (l) => console.log(l),
  });
  compactor.start();
  const querier = new Querier(storage.reader, limits, undefined, (tenant) => deleteRequests.filters(tenant));
  const tailers = new Tailers();
  // Every query that reads chunks (query endpoints, detected fields, a tail's history) queues and times out here.
  const admission = new QueryAdmission(config.frontend.maxOutstandingPerTenant, config.querier.maxConcurrent);
  const patterns = config.patternIngester.enabled ? new PatternTee(patternMinerOptions(config)) : undefined;
  const ruler = createRuler(config, querier, limits, admission);
  const metrics = new ServerMetrics(VERSION, storage.ingester);
  const dashboards = openDashboards(config);
  const router = new Router([
    ...routes(config, storage, querier, tailers, admission, patterns, limits, metrics),
    ...ruler.routes,
    ...dashboards.routes,
    // Loki serves its compactor's delete API only with retention enabled
    ...(config.compactor.retentionEnabled ? [{ methods: ['GET', 'POST', 'PUT', 'DELETE'], path: '/loki/api/v1/delete', handler: deleteHandler(deleteRequests, config, limits) }] : []),
  ]);
  const prefix = config.server.httpPathPrefix;
  const ui = new UiFiles(PUBLIC_DIR, prefix, dashboards.answer);
  // Loki (Go) accepts 1 MiB of headers; Node's default of 16 KiB would refuse long GET queries with 431.
  // Node checks header and request timeouts every connectionsCheckingInterval (30 s by default): as often as the timeout needs.
  const checkEveryMs = Math.min(30_000, Math.max(100, config.server.readTimeoutMs / 4));
  const server = createServer({ maxHeaderSize: 1 << 20, connectionsCheckingInterval: checkEveryMs }, (req, res) => {
    // Shutting down: a request still arriving on an open keep-alive connection is refused and its connection closed.
    if (connections.draining) return send(res, { ...text('server shutting down\n', 503), headers: { Connection: 'close' } });
    const started = performance.now();
    let route = '';
    res.once('finish', () => metrics.request(req.method ?? 'GET', route, res.statusCode, (performance.now() - started) / 1000));
    if (!stripPathPrefix(req, prefix)) return send(res, text('404 page not found\n', 404));
    const url = new URL(req.url ?? '/', 'http://localhost');
    let m: ReturnType<Router['match']>;
    try {
      m = router.match(req.method ?? 'GET', url.pathname);
    } catch (e) {
      return send(res, errorReply(e));
    }
    if (m === undefined) return send(res, ui.reply(req, url.pathname) ?? text('404 page not found\n', 404));
    if (m === 'method') return send(res, text('405 method not allowed\n', 405));
    route = m.route;
    const ctx = new RequestContext(req, res, url, m.params, config.authEnabled);
    m.handler(ctx).then(
      (reply) => { if (reply) send(res, reply); },
      (e: unknown) => {
        const reply = errorReply(e);
        // An HttpError is a deliberate answer whose cause, if any, was logged where it arose.
        if (reply.status >= 500 && !(e instanceof HttpError)) console.error(`level=error path=${url.pathname} msg=${JSON.stringify(String((e as Error)?.stack ?? e))}`);
        send(res, reply);
      },
    );
  });
  const connections = new HttpConnections(server, config.server);
  const tailUpgrade = tailUpgradeHandler(querier, tailers, config.authEnabled, admission, limits);
  server.on('upgrade', (req, socket, head) => {
    if (!stripPathPrefix(req, prefix)) req.url = '/'; // outside the prefix: tail's own 404
    tailUpgrade(req, socket, head);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.server.httpListenPort, config.server.httpListenAddress, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  // After listening: the workers' module loading no longer delays the first answers (/ready among them).
  startScanWorkers();
  await ruler.start();
  return {
    server, storage, port,
    // SIGTERM: no new requests, tails told to go, in-flight requests answered (cut after the grace), then the WAL finished.
    close: async () => {
      const drained = connections.drain(config.server.gracefulShutdownTimeoutMs);
      tailers.closeAll();
      await drained;
      await patterns?.close();
      await ruler.close();
      await compactor.stop();
      overrides.stop();
      await storage.close();
    },
  };
}
