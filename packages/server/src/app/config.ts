import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseLogSelector } from '@logi/logql';
import { FlagError, parseGoFlags, type FlagSpec } from '@logi/protocol';
import YAML from 'yaml';
import { loadNotificationConfig, type NotificationConfig } from '../notify/notification-config.js';
import { parseRemoteWriteClient, parseRemoteWriteClients, RemoteWriteConfigError, type RemoteWriteConfig } from '../ruler/remote-write-config.js';
import type { Matcher } from '../ingester/types.js';
import { findUnknownKey } from './loki-config-keys.js';
import { parseConfigBytes, parseConfigDuration } from './units.js';

/** Per-tenant limits, named after Loki's limits_config keys. Durations in ms, sizes in bytes. */
export interface Limits {
  ingestionRateBytes: number;
  ingestionBurstBytes: number;
  perStreamRateBytes: number;
  perStreamBurstBytes: number;
  maxLabelNamesPerSeries: number;
  maxLabelNameLength: number;
  maxLabelValueLength: number;
  maxLineSize: number;
  maxLineSizeTruncate: boolean;
  rejectOldSamples: boolean;
  rejectOldSamplesMaxAgeMs: number;
  creationGracePeriodMs: number;
  allowStructuredMetadata: boolean;
  maxStructuredMetadataSize: number;
  maxStructuredMetadataEntries: number;
  maxGlobalStreamsPerUser: number;
  maxEntriesLimitPerQuery: number;
  maxQuerySeries: number;
  maxQueryLengthMs: number;
  queryTimeoutMs: number;
  maxQueryParallelism: number;
  /** retention_period: the compactor deletes what is older (0 = keep forever), with compactor.retention_enabled */
  retentionPeriodMs: number;
  /** retention_stream: streams a selector matches keep their chunks for that rule's period instead (compactor/retention.ts) */
  retentionStream: StreamRetention[];
  discoverServiceName: string[];
  discoverLogLevels: boolean;
  /** deletion_mode: 'disabled', 'filter-only' or 'filter-and-delete' (whether the delete API serves the tenant) */
  deletionMode: string;
}

/** One limits_config.retention_stream rule, as Loki's: `{selector: '{namespace="dev"}', priority: 1, period: 24h}`. */
export interface StreamRetention {
  selector: string;
  matchers: Matcher[];
  priority: number;
  /** 0: keep forever */
  periodMs: number;
}

/** pattern_ingester: mining log patterns from pushed lines (GET /loki/api/v1/patterns). Durations in ms. */
export interface PatternIngesterConfig {
  enabled: boolean;
  maxClusters: number;
  maxAllowedLineLength: number;
  retainForMs: number;
  maxChunkAgeMs: number;
  sampleIntervalMs: number;
}

export interface Config {
  server: {
    httpListenPort: number;
    httpListenAddress: string;
    /** http_server_read_timeout: the most a client may take to send a whole request (and a silent socket to send a byte) */
    readTimeoutMs: number;
    /** http_server_idle_timeout: how long a keep-alive connection may wait for its next request */
    idleTimeoutMs: number;
    /** http_listen_conn_limit: open connections at most (0: no limit); connections beyond are closed at once */
    connLimit: number;
    /** graceful_shutdown_timeout: how long SIGTERM waits for in-flight requests before cutting them */
    gracefulShutdownTimeoutMs: number;
    /** http_path_prefix: every route (API and UI) lives below it, as in Loki; '' or '/sub' (no trailing slash) */
    httpPathPrefix: string;
  };
  authEnabled: boolean;
  pathPrefix: string;
  chunksDirectory: string;
  rulesDirectory: string;
  /** The store's objects: S3 (common.storage.s3 / storage_config.aws) when a bucket is named, else chunks_directory. */
  storage: {
    s3: { endpoint: string; region: string; bucketnames: string; accessKeyId: string; secretAccessKey: string; forcePathStyle: boolean; insecure: boolean; responseHeaderTimeoutMs: number };
    /** schema_config's last period: object_store, index.prefix and index.period (the partition length) */
    objectStore: string;
    indexPrefix: string;
    indexPeriodMs: number;
    /** chunk_store_config.chunk_cache_config.embedded_cache.max_size_mb: recently read chunk objects kept in memory (S3) */
    chunkCacheBytes: number;
  };
  ingester: { chunkTargetSize: number; chunkBlockSize: number; chunkIdlePeriodMs: number; maxChunkAgeMs: number };
  limits: Limits;
  frontend: { maxOutstandingPerTenant: number };
  /** retention_enabled turns the delete API on, as in Loki; the delete_* periods bound what it accepts */
  compactor: {
    retentionEnabled: boolean; deleteRequestCancelPeriodMs: number; deleteMaxIntervalMs: number; compactionIntervalMs: number;
    /** logi.compactor.compaction_min_pieces: a closed partition with more index pieces than this is merged (0: never) */
    compactionMinPieces: number;
  };
  /** runtime_config: a YAML of per-tenant limits_config overrides, reread every period (app/runtime-overrides.ts) */
  runtimeConfig: { file: string; periodMs: number };
  querier: { maxConcurrent: number };
  patternIngester: PatternIngesterConfig;
  ruler: RulerConfig;
  /** Logi's own (no Loki key): Grafana dashboard provider YAML files provisioned beside the built-in one (-dashboards.provisioning) */
  dashboardsProvisioning: string[];
  /** Logi's own: Grafana datasources provisioning YAML files whose Prometheus servers dashboards may query (-datasources.provisioning) */
  datasourcesProvisioning: string[];
  /** Loki keys the file set that Logi does not use; reported once at start, never fatal. */
  ignoredKeys: string[];
}

/** Loki's ruler block (durations in ms). */
export interface RulerConfig {
  /** ruler.storage.local.directory; when unset, common.storage.filesystem.rules_directory, as in Loki */
  localDirectory: string;
  evaluationIntervalMs: number;
  /** how often rule files are rescanned (Loki's poll_interval) */
  pollIntervalMs: number;
  alertmanagerUrls: string[];
  alertmanagerClient: { basicAuthUsername: string; basicAuthPassword: string; type: string; credentials: string; credentialsFile: string };
  notificationQueueCapacity: number;
  notificationTimeoutMs: number;
  resendDelayMs: number;
  forOutageToleranceMs: number;
  /** the base of alerts' generatorURL; Logi's own address when unset */
  externalUrl: string;
  externalLabels: Record<string, string>;
  datasourceUid: string;
  enableApi: boolean;
  /** logi.ruler.notification_config_file: Alertmanager-format receivers and routes for Logi's own notifications */
  notificationConfigFile: string;
  /** that file, read and checked with the config (a wrong one stops the start like a wrong key) */
  notifications: NotificationConfig | undefined;
  /** ruler.remote_write: where rules' series go (recording rules' samples, alerting rules' ALERTS) */
  remoteWrite: RemoteWriteConfig;
}

export const DEFAULT_SERVICE_NAME_LABELS = [
  'service', 'app', 'application', 'app_name', 'name', 'app_kubernetes_io_name', 'container', 'container_name',
  'k8s_container_name', 'component', 'workload', 'job', 'k8s_job_name',
];

export function defaultLimits(): Limits {
  return {
    ingestionRateBytes: 4 * 1024 * 1024,
    ingestionBurstBytes: 6 * 1024 * 1024,
    perStreamRateBytes: 3 * 1024 * 1024,
    perStreamBurstBytes: 15 * 1024 * 1024,
    maxLabelNamesPerSeries: 15,
    maxLabelNameLength: 1024,
    maxLabelValueLength: 2048,
    maxLineSize: 256 * 1024,
    maxLineSizeTruncate: false,
    rejectOldSamples: true,
    rejectOldSamplesMaxAgeMs: 168 * 3600_000,
    creationGracePeriodMs: 10 * 60_000,
    allowStructuredMetadata: true,
    maxStructuredMetadataSize: 64 * 1024,
    maxStructuredMetadataEntries: 128,
    maxGlobalStreamsPerUser: 5000,
    maxEntriesLimitPerQuery: 5000,
    maxQuerySeries: 500,
    maxQueryLengthMs: 721 * 3600_000,
    queryTimeoutMs: 60_000,
    maxQueryParallelism: 32,
    retentionPeriodMs: 0,
    retentionStream: [],
    discoverServiceName: [...DEFAULT_SERVICE_NAME_LABELS],
    discoverLogLevels: true,
    deletionMode: 'filter-and-delete',
  };
}

/** What `logi serve` runs with when no config file is given: Loki's local-config, on ./data, loopback only. */
export function defaultConfig(): Config {
  return {
    server: {
      httpListenPort: 3100, httpListenAddress: '127.0.0.1',
      // Loki's defaults, but for the connection cap: Loki has none; one process serving thousands of silent sockets is an outage.
      readTimeoutMs: 30_000, idleTimeoutMs: 120_000, connLimit: 1024, gracefulShutdownTimeoutMs: 30_000,
      httpPathPrefix: '',
    },
    authEnabled: false,
    pathPrefix: resolve('data'),
    chunksDirectory: '',
    rulesDirectory: '',
    storage: {
      s3: { endpoint: '', region: '', bucketnames: '', accessKeyId: '', secretAccessKey: '', forcePathStyle: false, insecure: false, responseHeaderTimeoutMs: 0 },
      objectStore: '', indexPrefix: 'index_', indexPeriodMs: 24 * 3600_000, chunkCacheBytes: 100 * 1024 * 1024,
    },
    ingester: { chunkTargetSize: 1572864, chunkBlockSize: 262144, chunkIdlePeriodMs: 30 * 60_000, maxChunkAgeMs: 2 * 3600_000 },
    limits: defaultLimits(),
    frontend: { maxOutstandingPerTenant: 2048 },
    compactor: { retentionEnabled: false, deleteRequestCancelPeriodMs: 24 * 3600_000, deleteMaxIntervalMs: 24 * 3600_000, compactionIntervalMs: 10 * 60_000, compactionMinPieces: 10 },
    runtimeConfig: { file: '', periodMs: 10_000 },
    querier: { maxConcurrent: 4 },
    // Loki's local-config enables the pattern ingester (its built-in default, for a config file, does not).
    patternIngester: { enabled: true, maxClusters: 300, maxAllowedLineLength: 3000, retainForMs: 3 * 3600_000, maxChunkAgeMs: 3600_000, sampleIntervalMs: 10_000 },
    ruler: {
      localDirectory: '', evaluationIntervalMs: 60_000,
      // Loki polls every minute; files are cheap to stat, and an edit should take effect soon
      pollIntervalMs: 5_000,
      alertmanagerUrls: [], alertmanagerClient: { basicAuthUsername: '', basicAuthPassword: '', type: 'Bearer', credentials: '', credentialsFile: '' },
      notificationQueueCapacity: 10_000, notificationTimeoutMs: 10_000, resendDelayMs: 60_000, forOutageToleranceMs: 3600_000,
      externalUrl: '', externalLabels: {}, datasourceUid: '', enableApi: true, notificationConfigFile: '', notifications: undefined,
      remoteWrite: { enabled: false, addOrgIdHeader: true, client: undefined, clients: new Map() },
    },
    dashboardsProvisioning: [],
    datasourcesProvisioning: [],
    ignoredKeys: [],
  };
}

export class ConfigError extends Error {}

type Setter = (c: Config, v: unknown) => void;

const num = (v: unknown, key: string): number => {
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new ConfigError(`${key}: expected a number, got ${JSON.stringify(v)}`);
  return n;
};
const bool = (v: unknown, key: string): boolean => {
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  throw new ConfigError(`${key}: expected true or false, got ${JSON.stringify(v)}`);
};
const str = (v: unknown, key: string): string => {
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  throw new ConfigError(`${key}: expected a string, got ${JSON.stringify(v)}`);
};
const wrap = <T>(key: string, f: (v: string | number) => T) => (v: unknown): T => {
  try {
    return f(v as string | number);
  } catch (e) {
    throw new ConfigError(`${key}: ${(e as Error).message}`);
  }
};
const dur = (key: string) => wrap(key, parseConfigDuration);
/** Loki refuses a retention period under 24h: shorter would delete what the index period still writes to. */
const retentionPeriod = (key: string, v: unknown): number => {
  const ms = dur(key)(v);
  if (ms !== 0 && ms < 24 * 3600_000) throw new ConfigError(`${key}: must be 0 (keep forever) or at least 24h, got ${JSON.stringify(v)}`);
  return ms;
};

/** limits_config.retention_stream: a list of {selector, priority, period}; the selector is label matchers only. */
function streamRetention(v: unknown): StreamRetention[] {
  const key = 'limits_config.retention_stream';
  if (v === null) return [];
  if (!Array.isArray(v)) throw new ConfigError(`${key}: expected a list of {selector, priority, period}`);
  return v.map((r: unknown, i) => {
    const at = `${key}[${i}]`;
    if (r === null || typeof r !== 'object' || Array.isArray(r)) throw new ConfigError(`${at}: expected a mapping with selector, priority and period`);
    const { selector, priority, period, ...rest } = r as Record<string, unknown>;
    const extra = Object.keys(rest)[0];
    if (extra !== undefined) throw new ConfigError(`${at}: unknown key "${extra}" (expected selector, priority, period)`);
    if (selector === undefined || period === undefined) throw new ConfigError(`${at}: needs a selector and a period`);
    const sel = str(selector, `${at}.selector`);
    let matchers: Matcher[];
    try {
      matchers = parseLogSelector(sel).matchers;
    } catch (e) {
      throw new ConfigError(`${at}.selector: ${JSON.stringify(sel)} is not a stream selector: ${(e as Error).message}`);
    }
    return { selector: sel, matchers, priority: priority === undefined ? 0 : num(priority, `${at}.priority`), periodMs: retentionPeriod(`${at}.period`, period) };
  });
}
const bytes = (key: string) => wrap(key, parseConfigBytes);
const remoteWriteKey = <T>(f: () => T): T => {
  try {
    return f();
  } catch (e) {
    if (e instanceof RemoteWriteConfigError) throw new ConfigError(e.message);
    throw e;
  }
};
const mb = (v: unknown, key: string): number => num(v, key) * 1024 * 1024;
/** '/logi/', 'logi' and '/logi' all mean routes below /logi; '' and '/' mean none. */
const normalPathPrefix = (v: string): string => {
  const trimmed = v.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '' : `/${trimmed}`;
};

/** Loki's S3 keys, the same below common.storage.s3 and storage_config.aws. */
function s3Setters(prefix: string): Record<string, Setter> {
  const s3 = (c: Config): Config['storage']['s3'] => c.storage.s3;
  return {
    [`${prefix}.endpoint`]: (c, v) => { s3(c).endpoint = str(v, `${prefix}.endpoint`); },
    [`${prefix}.region`]: (c, v) => { s3(c).region = str(v, `${prefix}.region`); },
    [`${prefix}.bucketnames`]: (c, v) => {
      const b = str(v, `${prefix}.bucketnames`);
      // Loki spreads chunks over several comma-separated buckets; one bucket holds the partitions here.
      if (b.includes(',')) throw new ConfigError(`${prefix}.bucketnames: Logi uses one bucket, got ${JSON.stringify(b)}`);
      s3(c).bucketnames = b;
    },
    [`${prefix}.access_key_id`]: (c, v) => { s3(c).accessKeyId = str(v, `${prefix}.access_key_id`); },
    [`${prefix}.secret_access_key`]: (c, v) => { s3(c).secretAccessKey = str(v, `${prefix}.secret_access_key`); },
    [`${prefix}.s3forcepathstyle`]: (c, v) => { s3(c).forcePathStyle = bool(v, `${prefix}.s3forcepathstyle`); },
    [`${prefix}.insecure`]: (c, v) => { s3(c).insecure = bool(v, `${prefix}.insecure`); },
    [`${prefix}.http_config.response_header_timeout`]: (c, v) => { s3(c).responseHeaderTimeoutMs = dur(`${prefix}.http_config.response_header_timeout`)(v); },
    // the SDK keeps idle connections as Node's agent does; accepted so Loki configs start unchanged
    [`${prefix}.http_config.idle_conn_timeout`]: (_c, v) => { dur(`${prefix}.http_config.idle_conn_timeout`)(v); },
  };
}

/** schema_config: the last period's store and index table (Logi has one layout for all time). */
function schemaConfig(c: Config, v: unknown): void {
  const configs = (v as { configs?: unknown } | null)?.configs;
  if (!Array.isArray(configs) || configs.length === 0) throw new ConfigError('schema_config.configs: expected a list of periods');
  const last = configs[configs.length - 1] as { object_store?: unknown; index?: { prefix?: unknown; period?: unknown } };
  if (last.object_store !== undefined) c.storage.objectStore = str(last.object_store, 'schema_config.configs[].object_store');
  if (last.index?.prefix !== undefined) c.storage.indexPrefix = str(last.index.prefix, 'schema_config.configs[].index.prefix');
  if (last.index?.period !== undefined) {
    const ms = dur('schema_config.configs[].index.period')(last.index.period);
    if (ms <= 0 || ms % 3600_000 !== 0) throw new ConfigError(`schema_config.configs[].index.period: expected a whole number of hours, got ${JSON.stringify(last.index.period)}`);
    c.storage.indexPeriodMs = ms;
  }
}

/** Every YAML key Logi honours, by dotted path. Keys below an accepted-but-unused block are reported as ignored. */
const SETTERS: Record<string, Setter> = {
  'auth_enabled': (c, v) => { c.authEnabled = bool(v, 'auth_enabled'); },
  'server.http_listen_port': (c, v) => { c.server.httpListenPort = num(v, 'server.http_listen_port'); },
  'server.http_listen_address': (c, v) => { c.server.httpListenAddress = str(v, 'server.http_listen_address'); },
  'server.http_server_read_timeout': (c, v) => { c.server.readTimeoutMs = dur('server.http_server_read_timeout')(v); },
  'server.http_server_idle_timeout': (c, v) => { c.server.idleTimeoutMs = dur('server.http_server_idle_timeout')(v); },
  'server.http_listen_conn_limit': (c, v) => { c.server.connLimit = num(v, 'server.http_listen_conn_limit'); },
  'server.graceful_shutdown_timeout': (c, v) => { c.server.gracefulShutdownTimeoutMs = dur('server.graceful_shutdown_timeout')(v); },
  'server.http_path_prefix': (c, v) => { c.server.httpPathPrefix = normalPathPrefix(str(v, 'server.http_path_prefix')); },
  'common.path_prefix': (c, v) => { c.pathPrefix = resolve(str(v, 'common.path_prefix')); },
  'common.storage.filesystem.chunks_directory': (c, v) => { c.chunksDirectory = resolve(str(v, 'chunks_directory')); },
  'common.storage.filesystem.rules_directory': (c, v) => { c.rulesDirectory = resolve(str(v, 'rules_directory')); },
  ...s3Setters('common.storage.s3'),
  ...s3Setters('storage_config.aws'),
  'chunk_store_config.chunk_cache_config.embedded_cache.max_size_mb': (c, v) => { c.storage.chunkCacheBytes = mb(v, 'embedded_cache.max_size_mb'); },
  'schema_config': (c, v) => { schemaConfig(c, v); },
  'ingester.chunk_target_size': (c, v) => { c.ingester.chunkTargetSize = num(v, 'ingester.chunk_target_size'); },
  'ingester.chunk_block_size': (c, v) => { c.ingester.chunkBlockSize = num(v, 'ingester.chunk_block_size'); },
  'ingester.chunk_idle_period': (c, v) => { c.ingester.chunkIdlePeriodMs = dur('ingester.chunk_idle_period')(v); },
  'ingester.max_chunk_age': (c, v) => { c.ingester.maxChunkAgeMs = dur('ingester.max_chunk_age')(v); },
  'limits_config.ingestion_rate_mb': (c, v) => { c.limits.ingestionRateBytes = mb(v, 'ingestion_rate_mb'); },
  'limits_config.ingestion_burst_size_mb': (c, v) => { c.limits.ingestionBurstBytes = mb(v, 'ingestion_burst_size_mb'); },
  'limits_config.per_stream_rate_limit': (c, v) => { c.limits.perStreamRateBytes = bytes('per_stream_rate_limit')(v); },
  'limits_config.per_stream_rate_limit_burst': (c, v) => { c.limits.perStreamBurstBytes = bytes('per_stream_rate_limit_burst')(v); },
  'limits_config.max_label_names_per_series': (c, v) => { c.limits.maxLabelNamesPerSeries = num(v, 'max_label_names_per_series'); },
  'limits_config.max_label_name_length': (c, v) => { c.limits.maxLabelNameLength = num(v, 'max_label_name_length'); },
  'limits_config.max_label_value_length': (c, v) => { c.limits.maxLabelValueLength = num(v, 'max_label_value_length'); },
  'limits_config.max_line_size': (c, v) => { c.limits.maxLineSize = bytes('max_line_size')(v); },
  'limits_config.max_line_size_truncate': (c, v) => { c.limits.maxLineSizeTruncate = bool(v, 'max_line_size_truncate'); },
  'limits_config.reject_old_samples': (c, v) => { c.limits.rejectOldSamples = bool(v, 'reject_old_samples'); },
  'limits_config.reject_old_samples_max_age': (c, v) => { c.limits.rejectOldSamplesMaxAgeMs = dur('reject_old_samples_max_age')(v); },
  'limits_config.creation_grace_period': (c, v) => { c.limits.creationGracePeriodMs = dur('creation_grace_period')(v); },
  'limits_config.allow_structured_metadata': (c, v) => { c.limits.allowStructuredMetadata = bool(v, 'allow_structured_metadata'); },
  'limits_config.max_structured_metadata_size': (c, v) => { c.limits.maxStructuredMetadataSize = bytes('max_structured_metadata_size')(v); },
  'limits_config.max_structured_metadata_entries_count': (c, v) => { c.limits.maxStructuredMetadataEntries = num(v, 'max_structured_metadata_entries_count'); },
  'limits_config.max_global_streams_per_user': (c, v) => { c.limits.maxGlobalStreamsPerUser = num(v, 'max_global_streams_per_user'); },
  'limits_config.max_entries_limit_per_query': (c, v) => { c.limits.maxEntriesLimitPerQuery = num(v, 'max_entries_limit_per_query'); },
  'limits_config.max_query_series': (c, v) => { c.limits.maxQuerySeries = num(v, 'max_query_series'); },
  'limits_config.max_query_length': (c, v) => { c.limits.maxQueryLengthMs = dur('max_query_length')(v); },
  'limits_config.query_timeout': (c, v) => { c.limits.queryTimeoutMs = dur('query_timeout')(v); },
  'limits_config.max_query_parallelism': (c, v) => { c.limits.maxQueryParallelism = num(v, 'max_query_parallelism'); },
  'limits_config.retention_period': (c, v) => { c.limits.retentionPeriodMs = retentionPeriod('limits_config.retention_period', v); },
  'limits_config.retention_stream': (c, v) => { c.limits.retentionStream = streamRetention(v); },
  'frontend.max_outstanding_per_tenant': (c, v) => { c.frontend.maxOutstandingPerTenant = num(v, 'frontend.max_outstanding_per_tenant'); },
  'querier.max_concurrent': (c, v) => { c.querier.maxConcurrent = num(v, 'querier.max_concurrent'); },
  'compactor.retention_enabled': (c, v) => { c.compactor.retentionEnabled = bool(v, 'compactor.retention_enabled'); },
  'compactor.delete_request_cancel_period': (c, v) => { c.compactor.deleteRequestCancelPeriodMs = dur('compactor.delete_request_cancel_period')(v); },
  'compactor.delete_max_interval': (c, v) => { c.compactor.deleteMaxIntervalMs = dur('compactor.delete_max_interval')(v); },
  'compactor.compaction_interval': (c, v) => {
    c.compactor.compactionIntervalMs = dur('compactor.compaction_interval')(v);
    if (c.compactor.compactionIntervalMs <= 0) throw new ConfigError('compactor.compaction_interval: expected a positive duration');
  },
  'limits_config.deletion_mode': (c, v) => {
    const mode = str(v, 'limits_config.deletion_mode');
    if (!['disabled', 'filter-only', 'filter-and-delete'].includes(mode)) throw new ConfigError(`limits_config.deletion_mode: "${mode}" is not one of disabled, filter-only, filter-and-delete`);
    c.limits.deletionMode = mode;
  },
  'logi.compactor.compaction_min_pieces': (c, v) => {
    const n = num(v, 'logi.compactor.compaction_min_pieces');
    if (!Number.isInteger(n) || n < 0) throw new ConfigError(`logi.compactor.compaction_min_pieces: expected a whole number, 0 or more, got ${JSON.stringify(v)}`);
    c.compactor.compactionMinPieces = n;
  },
  'runtime_config.file': (c, v) => { const f = str(v, 'runtime_config.file'); c.runtimeConfig.file = f === '' ? '' : resolve(f); },
  'runtime_config.period': (c, v) => {
    c.runtimeConfig.periodMs = dur('runtime_config.period')(v);
    if (c.runtimeConfig.periodMs <= 0) throw new ConfigError('runtime_config.period: expected a positive duration');
  },
  'ruler.storage.local.directory': (c, v) => { c.ruler.localDirectory = resolve(str(v, 'ruler.storage.local.directory')); },
  'ruler.evaluation_interval': (c, v) => { c.ruler.evaluationIntervalMs = dur('ruler.evaluation_interval')(v); },
  'ruler.poll_interval': (c, v) => { c.ruler.pollIntervalMs = dur('ruler.poll_interval')(v); },
  'ruler.alertmanager_url': (c, v) => { c.ruler.alertmanagerUrls = str(v, 'ruler.alertmanager_url').split(',').map((u) => u.trim()).filter(Boolean); },
  'ruler.alertmanager_client.basic_auth_username': (c, v) => { c.ruler.alertmanagerClient.basicAuthUsername = str(v, 'basic_auth_username'); },
  'ruler.alertmanager_client.basic_auth_password': (c, v) => { c.ruler.alertmanagerClient.basicAuthPassword = str(v, 'basic_auth_password'); },
  'ruler.alertmanager_client.type': (c, v) => { c.ruler.alertmanagerClient.type = str(v, 'alertmanager_client.type'); },
  'ruler.alertmanager_client.credentials': (c, v) => { c.ruler.alertmanagerClient.credentials = str(v, 'alertmanager_client.credentials'); },
  'ruler.alertmanager_client.credentials_file': (c, v) => { c.ruler.alertmanagerClient.credentialsFile = str(v, 'alertmanager_client.credentials_file'); },
  'ruler.notification_queue_capacity': (c, v) => { c.ruler.notificationQueueCapacity = num(v, 'ruler.notification_queue_capacity'); },
  'ruler.notification_timeout': (c, v) => { c.ruler.notificationTimeoutMs = dur('ruler.notification_timeout')(v); },
  'ruler.resend_delay': (c, v) => { c.ruler.resendDelayMs = dur('ruler.resend_delay')(v); },
  'ruler.for_outage_tolerance': (c, v) => { c.ruler.forOutageToleranceMs = dur('ruler.for_outage_tolerance')(v); },
  'ruler.external_url': (c, v) => { c.ruler.externalUrl = str(v, 'ruler.external_url').replace(/\/$/, ''); },
  'ruler.datasource_uid': (c, v) => { c.ruler.datasourceUid = str(v, 'ruler.datasource_uid'); },
  'ruler.enable_api': (c, v) => { c.ruler.enableApi = bool(v, 'ruler.enable_api'); },
  'logi.ruler.notification_config_file': (c, v) => {
    c.ruler.notificationConfigFile = resolve(str(v, 'logi.ruler.notification_config_file'));
    try {
      c.ruler.notifications = loadNotificationConfig(c.ruler.notificationConfigFile);
    } catch (e) {
      throw new ConfigError(`logi.ruler.notification_config_file: ${(e as Error).message}`);
    }
  },
  'ruler.remote_write.enabled': (c, v) => { c.ruler.remoteWrite.enabled = bool(v, 'ruler.remote_write.enabled'); },
  'ruler.remote_write.add_org_id_header': (c, v) => { c.ruler.remoteWrite.addOrgIdHeader = bool(v, 'ruler.remote_write.add_org_id_header'); },
  'ruler.remote_write.client': (c, v) => { c.ruler.remoteWrite.client = remoteWriteKey(() => parseRemoteWriteClient(v, 'ruler.remote_write.client', c.ignoredKeys)); },
  'ruler.remote_write.clients': (c, v) => { c.ruler.remoteWrite.clients = remoteWriteKey(() => parseRemoteWriteClients(v, 'ruler.remote_write.clients', c.ignoredKeys)); },
  'ruler.external_labels': (c, v) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new ConfigError('ruler.external_labels: expected a mapping');
    c.ruler.externalLabels = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, str(x, `ruler.external_labels.${k}`)]));
  },
  'limits_config.discover_log_levels': (c, v) => { c.limits.discoverLogLevels = bool(v, 'discover_log_levels'); },
  'pattern_ingester.enabled': (c, v) => { c.patternIngester.enabled = bool(v, 'pattern_ingester.enabled'); },
  'pattern_ingester.max_clusters': (c, v) => { c.patternIngester.maxClusters = num(v, 'pattern_ingester.max_clusters'); },
  'pattern_ingester.max_allowed_line_length': (c, v) => { c.patternIngester.maxAllowedLineLength = num(v, 'pattern_ingester.max_allowed_line_length'); },
  'pattern_ingester.retain_for': (c, v) => { c.patternIngester.retainForMs = dur('pattern_ingester.retain_for')(v); },
  'pattern_ingester.max_chunk_age': (c, v) => { c.patternIngester.maxChunkAgeMs = dur('pattern_ingester.max_chunk_age')(v); },
  'pattern_ingester.pattern_sample_interval': (c, v) => { c.patternIngester.sampleIntervalMs = dur('pattern_ingester.pattern_sample_interval')(v); },
  'limits_config.discover_service_name': (c, v) => {
    if (!Array.isArray(v)) throw new ConfigError('limits_config.discover_service_name: expected a list');
    c.limits.discoverServiceName = v.map((x) => str(x, 'discover_service_name'));
  },
};

/** Blocks Logi understands as a whole without needing their keys (accepted silently). */
const ACCEPTED_BLOCKS = new Set([
  'querier.query_ingesters_within', 'compactor.delete_request_store', 'ruler.storage.type', 'ruler.rule_path', 'ruler.enable_alertmanager_v2',
]);

function walk(c: Config, node: unknown, path: string): void {
  if (path && SETTERS[path]) {
    SETTERS[path]!(c, node);
    return;
  }
  if (ACCEPTED_BLOCKS.has(path)) return;
  if (node !== null && typeof node === 'object' && !Array.isArray(node)) {
    for (const [k, v] of Object.entries(node)) walk(c, v, path ? `${path}.${k}` : k);
    return;
  }
  c.ignoredKeys.push(path);
}

/**
 * A tenant's limits: `base` with the limits_config keys of `override` (a runtime config's `overrides.<tenant>`)
 * applied, checked as the config file's; `ignored` lists the Loki keys Logi does not use.
 */
export function overrideLimits(base: Limits, override: unknown, where: string): { limits: Limits; ignored: string[] } {
  if (override === null || typeof override !== 'object' || Array.isArray(override)) throw new ConfigError(`${where}: expected a mapping of limits_config keys`);
  const unknown = findUnknownKey({ limits_config: override });
  if (unknown) throw new ConfigError(`${where}: unknown key "${unknown.path.slice('limits_config.'.length)}"${unknown.suggestion ? `; did you mean "${unknown.suggestion.slice('limits_config.'.length)}"?` : ''}`);
  const c = defaultConfig();
  c.limits = { ...base };
  try {
    walk(c, override, 'limits_config');
  } catch (e) {
    if (e instanceof ConfigError) throw new ConfigError(`${where}: ${e.message}`);
    throw e;
  }
  return { limits: c.limits, ignored: c.ignoredKeys };
}

/**
 * -config.expand-env as Loki does it (drone/envsubst): `${VAR}` is its value, '' when unset;
 * `${VAR:-default}` (also `-`, `=`, `:=`) is the default when the value is unset or empty; `$$` is a `$`.
 * A bare `$VAR` stays as written.
 */
export function expandEnv(text: string, env: NodeJS.ProcessEnv = process.env): string {
  return text.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-=]([^}]*))?\}/g, (_match, name: string | undefined, def: string | undefined) =>
    name === undefined ? '$' : env[name] || def || '');
}

export interface Flags {
  configFile?: string;
  expandEnv: boolean;
  /** -print-config-stderr: write the effective config as YAML to stderr at start */
  printConfig: boolean;
  help: boolean;
  version: boolean;
  httpListenPort?: number;
  httpListenAddress?: string;
  pathPrefix?: string;
  dashboardsProvisioning?: string;
  datasourcesProvisioning?: string;
}

/** The flags of `logi serve`, named and described as Loki's (-help prints them). */
export const SERVE_FLAGS: readonly FlagSpec[] = [
  { name: 'config.file', type: 'string', default: '', usage: 'Configuration file to load (Loki YAML). Without it the embedded default runs: no auth, data in ./data, 127.0.0.1:3100.' },
  { name: 'config.expand-env', type: 'bool', default: 'false', usage: 'Expands ${var} in config according to the values of the environment variables.' },
  { name: 'print-config-stderr', type: 'bool', default: 'false', usage: 'Dump the entire Loki config object to stderr' },
  { name: 'server.http-listen-address', type: 'string', default: '127.0.0.1', usage: 'HTTP server listen address.' },
  { name: 'server.http-listen-port', type: 'int', default: '3100', usage: 'HTTP server listen port.' },
  { name: 'common.path-prefix', type: 'string', default: 'data', usage: 'Directory for the WAL, index, chunks and rules (common.path_prefix).' },
  { name: 'dashboards.provisioning', type: 'string', default: '', usage: 'Logi only: a Grafana dashboards provisioning YAML (providers of type file), or a folder of them, whose dashboards Logi serves beside its own.' },
  { name: 'datasources.provisioning', type: 'string', default: '', usage: 'Logi only: a Grafana datasources provisioning YAML, or a folder of them, whose Prometheus data sources dashboards may query.' },
  { name: 'version', type: 'bool', default: 'false', usage: 'Print this builds version information' },
];

/** Parses Loki-style flags: `-name=value`, `--name=value` or `-name value`; -help and -version included. */
export function parseFlags(args: string[]): Flags {
  let given: Map<string, string>;
  try {
    given = parseGoFlags(args, SERVE_FLAGS);
  } catch (e) {
    if (e instanceof FlagError) throw new ConfigError(e.message);
    throw e;
  }
  const port = given.get('server.http-listen-port');
  const pathPrefix = given.get('common.path-prefix');
  return {
    configFile: given.get('config.file'),
    expandEnv: given.get('config.expand-env') === 'true',
    printConfig: given.get('print-config-stderr') === 'true',
    help: given.has('help'),
    version: given.get('version') === 'true',
    httpListenPort: port === undefined ? undefined : Number(port),
    httpListenAddress: given.get('server.http-listen-address'),
    pathPrefix: pathPrefix === undefined ? undefined : resolve(pathPrefix),
    dashboardsProvisioning: given.get('dashboards.provisioning') || undefined,
    datasourcesProvisioning: given.get('datasources.provisioning') || undefined,
  };
}

/** Builds the effective config: embedded defaults, then the YAML file (Loki semantics), then flags. */
export function loadConfig(flags: Flags): Config {
  const c = defaultConfig();
  if (flags.configFile) {
    // Loki's own defaults (auth on, no pattern ingester) for what the file does not say.
    c.authEnabled = true;
    c.patternIngester.enabled = false;
    let text: string;
    try {
      text = readFileSync(flags.configFile, 'utf8');
    } catch (e) {
      throw new ConfigError(`error loading config from ${flags.configFile}: ${(e as Error).message}`);
    }
    if (flags.expandEnv) text = expandEnv(text);
    let doc: unknown;
    try {
      doc = YAML.parse(text, { merge: true }); // Loki's YAML reader applies << merge keys too
    } catch (e) {
      // The parser's message goes on to quote the line with a caret: its first line (with line and column) says it all.
      const firstLine = (e as Error).message.split('\n')[0]!.replace(/:$/, '');
      throw new ConfigError(`error loading config from ${flags.configFile}: ${firstLine}`);
    }
    if (doc !== null && doc !== undefined) {
      if (typeof doc !== 'object' || Array.isArray(doc)) throw new ConfigError(`error loading config from ${flags.configFile}: not a YAML mapping`);
      // Like Loki, a key Loki does not know is an error: a typo must not silently leave a default (auth!) in force.
      const unknown = findUnknownKey(doc as Record<string, unknown>);
      if (unknown) throw new ConfigError(`unknown key "${unknown.path}" in the config file${unknown.suggestion ? `; did you mean "${unknown.suggestion}"?` : ''}`);
      walk(c, doc, '');
    }
  }
  if (flags.httpListenPort !== undefined) c.server.httpListenPort = flags.httpListenPort;
  if (flags.httpListenAddress !== undefined) c.server.httpListenAddress = flags.httpListenAddress;
  if (flags.pathPrefix !== undefined) c.pathPrefix = flags.pathPrefix;
  if (flags.dashboardsProvisioning) c.dashboardsProvisioning.push(resolve(flags.dashboardsProvisioning));
  if (flags.datasourcesProvisioning) c.datasourcesProvisioning.push(resolve(flags.datasourcesProvisioning));
  c.chunksDirectory ||= resolve(c.pathPrefix, 'chunks');
  const store = c.storage.objectStore;
  if ((store === 's3' || store === 'aws') && c.storage.s3.bucketnames === '') throw new ConfigError(`schema_config: object_store ${store} needs common.storage.s3.bucketnames (or storage_config.aws.bucketnames)`);
  c.rulesDirectory ||= resolve(c.pathPrefix, 'rules');
  // Loki: the ruler's own storage wins; otherwise the common rules directory is its local store.
  c.ruler.localDirectory ||= c.rulesDirectory;
  const rw = c.ruler.remoteWrite;
  if (rw.enabled && !rw.client && rw.clients.size === 0) throw new ConfigError('ruler.remote_write.enabled is true but no ruler.remote_write.client or clients has a url');
  return c;
}
